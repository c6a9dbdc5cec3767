"""Kafka ACLs through the brokers: a pulumi-kafka provider signed in as an admin, and one
``kafka.Acl`` per binding.

The provider talks Kafka's protocol to the brokers (TLS always; SASL/AWS_MSK_IAM as the
deploying AWS identity, SASL/SCRAM-SHA-512 with a SCRAM admin, or a client certificate with
mTLS), not AWS's API: ``pulumi up`` needs a network path to them. A SCRAM or mTLS admin's own
ACLs (Alter and Describe on the Cluster) come first and every other ACL waits for them; an IAM
client needs none (IAM policy authorizes it). Credentials go in as secret Outputs, so state
holds them encrypted.
"""

from collections.abc import Sequence

import pulumi
import pulumi_kafka as kafka

from ..spec.acl_rules import AclSpec, model


def bootstrap_list(bootstrap: pulumi.Input[str]) -> pulumi.Output[list[str]]:
    """MSK's bootstrap string (``host:port,host:port``) as the list the provider takes."""
    return pulumi.Output.from_input(bootstrap).apply(
        lambda text: [part.strip() for part in (text or "").split(",") if part.strip()]
    )


def kafka_provider(
    name: str,
    parent: pulumi.Resource,
    bootstrap: pulumi.Input[str],
    *,
    scram_username: pulumi.Input[str] | None = None,
    scram_password: pulumi.Input[str] | None = None,
    client_certificate: pulumi.Input[str] | None = None,
    client_key: pulumi.Input[str] | None = None,
    iam_region: pulumi.Input[str] | None = None,
) -> kafka.Provider:
    """A Kafka provider over TLS, signed in with IAM (the AWS credentials where ``pulumi up``
    runs, signing for ``iam_region``), with SCRAM (username and password) or with a client
    certificate and key; the password and the key are kept secret."""
    scram = scram_username is not None
    iam = iam_region is not None
    if iam:
        mechanism = model()["provider_iam_sasl_mechanism"]
    else:
        mechanism = model()["provider_sasl_mechanism"] if scram else None
    return kafka.Provider(
        f"{name}-kafka",
        bootstrap_servers=bootstrap_list(bootstrap),
        tls_enabled=True,
        skip_tls_verify=False,  # MSK's broker certificates chain to a public CA
        sasl_mechanism=mechanism,
        sasl_aws_region=iam_region,
        sasl_username=scram_username,
        sasl_password=pulumi.Output.secret(scram_password) if scram else None,
        client_cert=client_certificate,
        client_key=pulumi.Output.secret(client_key) if client_key is not None else None,
        opts=pulumi.ResourceOptions(parent=parent),
    )


def kafka_acl(
    name: str,
    acl: AclSpec,
    parent: pulumi.Resource,
    provider: kafka.Provider,
    depends_on: Sequence[pulumi.Resource] = (),
) -> kafka.Acl:
    return kafka.Acl(
        f"{name}-acl-{acl.label}",
        acl_principal=acl.principal,
        acl_host=model()["host"],
        acl_operation=acl.operation,
        acl_permission_type=acl.permission,
        acl_resource_name=acl.resource_name,
        acl_resource_type=acl.provider_resource_type,
        resource_pattern_type_filter=acl.pattern_type,
        opts=pulumi.ResourceOptions(parent=parent, provider=provider, depends_on=list(depends_on)),
    )


def build_acls(
    name: str,
    parent: pulumi.Resource,
    provider: kafka.Provider,
    admin: Sequence[AclSpec],
    acls: Sequence[AclSpec],
) -> tuple[list[kafka.Acl], list[kafka.Acl]]:
    """(the admin's ACLs, the others): the others wait for the admin's."""
    own = [kafka_acl(name, acl, parent, provider) for acl in admin]
    rest = [kafka_acl(name, acl, parent, provider, own) for acl in acls]
    return own, rest
