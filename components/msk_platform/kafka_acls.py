"""KafkaAcls: Kafka ACLs on an MSK cluster, made through its brokers with pulumi-kafka.

``MskCluster`` makes one from ``msk:acls`` and ``msk:aclAdmin``; on its own, from Python::

    KafkaAcls(
        "orders-acls",
        {
            "bootstrap_servers": cluster.bootstrap_brokers_scram,
            "scram_username": "ops",
            "scram_password": ops_password,  # a secret Output
            "acls": [
                {"principal": "User:orders", "resource_type": "Topic",
                 "resource_name": "orders", "operation": "Write"},
            ],
        },
    )

or with mutual TLS: ``client_certificate``, ``client_key`` (secret) and ``admin_principal``
(``User:`` and the certificate's distinguished name, which this component can't read from the
certificate); or with IAM: ``iam: True`` and the cluster's IAM bootstrap string, signed in as
the AWS identity that runs ``pulumi up`` (for ``iam_region``, default the stack's Region),
which needs kafka-cluster:Connect, DescribeCluster and AlterCluster on the cluster. A SCRAM or
mTLS admin gets Alter and Describe on the Cluster first, the ACLs it needs to manage ACLs; an
IAM client needs none, and deny-unless-ACL can't lock it out. ``pulumi up`` needs a network
path to the brokers (IAM 9098, SCRAM 9096, TLS 9094). Args are checked as ``msk:acls`` entries
are, before anything is registered; problems are named ``KafkaAcls.<field>``.
"""

# No `from __future__ import annotations` here: Pulumi's component analyzer reads these
# annotations at run time to publish the component to other languages.
from collections.abc import Mapping, Sequence
from typing import Any, NotRequired, TypedDict, cast

import pulumi
import pulumi_aws as aws

from .args import AclArgs
from .builders.kafka_acls import build_acls, kafka_provider
from .builders.scram import ScramCredential
from .component_args import envelope_problems
from .errors import MskConfigError, Problem
from .spec import ClusterSpec
from .spec.acl_rules import (
    AclSpec,
    acl_from_item,
    acl_problems,
    admin_acls,
    admin_principal,
    set_problems,
)
from .spec.cluster_spec import read_item
from .spec.values import INVALID, is_deferred, show, type_name

TYPE_TOKEN = "msk:index:KafkaAcls"
LABEL = "KafkaAcls"
IAM, SCRAM, MTLS = "iam", "scram", "mtls"  # how the Kafka provider signs in


class KafkaAclsArgs(TypedDict):
    """Kafka ACLs on a cluster, and the admin identity the Kafka provider signs in with."""

    bootstrap_servers: pulumi.Input[str]
    """The brokers' SASL/IAM, SASL/SCRAM or TLS bootstrap string, `host:port,host:port`."""
    acls: Sequence[AclArgs]
    """The ACLs, each checked against Kafka's ACL model as msk:acls entries are."""
    scram_username: NotRequired[pulumi.Input[str]]
    """SCRAM admin user (SASL/SCRAM-SHA-512), with scram_password."""
    scram_password: NotRequired[pulumi.Input[str]]
    """Its password: kept secret whether or not it comes as one."""
    client_certificate: NotRequired[pulumi.Input[str]]
    """PEM client certificate of an mTLS admin, with client_key and admin_principal."""
    client_key: NotRequired[pulumi.Input[str]]
    """Its PEM private key: kept secret whether or not it comes as one."""
    admin_principal: NotRequired[str]
    """The admin's principal. Default: `User:<scram_username>`; mTLS: `User:<cert DN>`."""
    iam: NotRequired[bool]
    """Sign in with IAM (aws-iam) as the AWS identity that deploys, which ACLs never govern."""
    iam_region: NotRequired[pulumi.Input[str]]
    """With iam: the cluster's Region, to sign for. Default: the AWS provider's Region."""


_ARG_NAMES = tuple(KafkaAclsArgs.__annotations__)


class KafkaAcls(pulumi.ComponentResource):
    """Kafka ACLs made through the brokers, with the admin's own ACLs first."""

    admin_principal: pulumi.Output[str]
    """The principal the ACLs are managed as (it holds Alter and Describe on the Cluster);
    None with IAM, whose identity IAM policy authorizes."""
    acl_ids: pulumi.Output[Sequence[str]]
    """Ids of every ACL made, the admin's first."""

    def __init__(
        self,
        name: str,
        args: KafkaAclsArgs,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        # Validate before registering anything, so a bad argument leaves nothing half made.
        acls, admin, mode = _checked(name, args, opts)
        super().__init__(TYPE_TOKEN, name, None, opts)
        region = args.get("iam_region")
        if mode == IAM and region is None:
            invoke = pulumi.InvokeOutputOptions(parent=self)
            region = aws.get_region_output(opts=invoke).region
        self.provider = kafka_provider(
            name,
            self,
            args["bootstrap_servers"],
            scram_username=args.get("scram_username") if mode == SCRAM else None,
            scram_password=args.get("scram_password") if mode == SCRAM else None,
            client_certificate=args.get("client_certificate") if mode == MTLS else None,
            client_key=args.get("client_key") if mode == MTLS else None,
            iam_region=region if mode == IAM else None,
        )
        own = admin_acls(admin) if admin is not None else []
        self.admin_acls, self.acls = build_acls(name, self, self.provider, own, acls)
        self.admin_principal = (
            pulumi.Output.from_input(admin) if admin is not None else _no_principal()
        )
        self.acl_ids = pulumi.Output.all(*(acl.id for acl in [*self.admin_acls, *self.acls]))
        self.register_outputs({"adminPrincipal": self.admin_principal, "aclIds": self.acl_ids})


def _no_principal() -> pulumi.Output[str]:
    """IAM's: known, and None (IAM policy, not an ACL principal, authorizes it)."""
    return cast(pulumi.Output[str], pulumi.Output.from_input(None))


def cluster_acls(
    spec: ClusterSpec,
    name: str,
    parent: pulumi.Resource,
    cluster: pulumi.Resource,
    credentials: Mapping[str, ScramCredential],
) -> "KafkaAcls | None":
    """MskCluster's ``msk:acls``; None without them. With IAM on, managed as the AWS identity
    that deploys, over the IAM listener: no ACL can lock it out, so deny-unless-ACL may come
    in the same deploy. Without, as ``msk:aclAdmin`` over the SCRAM listener, its password
    reaching the provider only once the admin's secret is associated with the cluster (the
    brokers refuse it before)."""
    if not spec.acls or (not spec.auth.iam and spec.acl_admin is None):
        return None
    assert isinstance(cluster, aws.msk.Cluster)  # msk:acls is refused on serverless
    entries: list[AclArgs] = [
        {
            "principal": acl.principal,
            "resource_type": acl.resource_type,
            "resource_name": acl.resource_name,
            "pattern_type": acl.pattern_type,
            "operation": acl.operation,
            "permission": acl.permission,
        }
        for acl in spec.acls
    ]
    args: KafkaAclsArgs
    if spec.auth.iam:
        args = {
            "bootstrap_servers": cluster.bootstrap_brokers_sasl_iam,
            "iam": True,
            "acls": entries,
        }
    else:
        assert spec.acl_admin is not None
        admin = credentials[spec.acl_admin]
        password = pulumi.Output.all(admin.password, admin.association.id).apply(lambda v: v[0])
        args = {
            "bootstrap_servers": cluster.bootstrap_brokers_sasl_scram,
            "scram_username": admin.username,
            "scram_password": pulumi.Output.secret(password),
            "acls": entries,
        }
    return KafkaAcls(f"{name}-acls", args, pulumi.ResourceOptions(parent=parent))


def _checked(name: Any, args: Any, opts: Any) -> tuple[list[AclSpec], str | None, str]:
    """(the ACLs, the admin principal (None with IAM), how the provider signs in: IAM, SCRAM
    or MTLS), or MskConfigError naming every problem."""
    problems = envelope_problems(
        name,
        args,
        opts,
        label=LABEL,
        args_type="KafkaAclsArgs",
        arg_names=_ARG_NAMES,
        example_name="acls",
    )
    if args.get("bootstrap_servers") is None:
        problems.append(
            Problem(
                f"{LABEL}.bootstrapServers",
                "is required: the cluster's SASL/IAM, SASL/SCRAM or TLS bootstrap string",
            )
        )
    mode, admin = _identity(args, problems)
    acls = _acls(args.get("acls"), problems)
    if acls and mode is not None:
        problems += [Problem(k, m) for k, m in set_problems(acls, admin, f"{LABEL}.acls")]
    if problems:
        raise MskConfigError(problems)
    assert mode is not None  # no problems: _identity found it
    return acls, admin, mode


def _identity(args: Mapping, problems: list[Problem]) -> tuple[str | None, str | None]:
    """(IAM, SCRAM or MTLS, the admin principal (None with IAM)): exactly one way to sign
    in, given whole; (None, None) when there is none to go on."""
    iam = args.get("iam")
    if iam is not None and not isinstance(iam, bool):
        problems.append(Problem(f"{LABEL}.iam", f"{show(iam)} is {type_name(iam)}; use true"))
        return None, None
    scram = [args.get(k) is not None for k in ("scram_username", "scram_password")]
    mtls = [args.get(k) is not None for k in ("client_certificate", "client_key")]
    given = [way for way, on in ((IAM, iam), (SCRAM, any(scram)), (MTLS, any(mtls))) if on]
    if args.get("iam_region") is not None and not iam:
        problems.append(Problem(f"{LABEL}.iam_region", "is only for iam: true; remove it"))
    if len(given) > 1:
        problems.append(
            Problem(
                LABEL,
                f"gives more than one way to sign in ({', '.join(given)}); give iam: true, "
                "scram_username and scram_password, or client_certificate and client_key",
            )
        )
        return None, None
    if not given:
        problems.append(
            Problem(
                LABEL,
                "has no admin credentials; give iam: true (the deploying AWS identity, over the "
                "IAM listener), scram_username and scram_password (SASL/SCRAM), or "
                "client_certificate, client_key and admin_principal (mTLS)",
            )
        )
        return None, None
    if iam:
        if args.get("admin_principal") is not None:
            problems.append(
                Problem(
                    f"{LABEL}.adminPrincipal",
                    "is not used with iam: IAM policy, never a Kafka ACL, authorizes the IAM "
                    "identity; remove it",
                )
            )
        return IAM, None
    if any(scram) and not all(scram):
        missing = "scram_password" if scram[0] else "scram_username"
        problems.append(Problem(f"{LABEL}.{missing}", "is required with the other SCRAM field"))
    if any(mtls) and not all(mtls):
        missing = "client_key" if mtls[0] else "client_certificate"
        problems.append(Problem(f"{LABEL}.{missing}", "is required with the other mTLS field"))
    mode = SCRAM if any(scram) else MTLS
    principal = args.get("admin_principal")
    key = f"{LABEL}.adminPrincipal"
    if principal is None:
        username = args.get("scram_username")
        if mode == MTLS:
            problems.append(
                Problem(
                    key,
                    "is required with mTLS: 'User:' and the client certificate's distinguished "
                    "name, e.g. 'User:CN=ops,OU=platform'",
                )
            )
            return None, None
        if is_deferred(username):
            problems.append(
                Problem(
                    key,
                    "is required when scram_username is a computed value: the admin's own "
                    "ACLs are made from it, e.g. 'User:ops'",
                )
            )
            return None, None
        if not isinstance(username, str):
            return None, None
        principal = admin_principal(username)
    found = acl_problems(
        {
            "principal": principal,
            "resource_type": "Cluster",
            "resource_name": "kafka-cluster",
            "operation": "Describe",
        },
        LABEL,
    )
    if found:
        problems.append(Problem(key, found[0][1]))
        return None, None
    return mode, principal


def _acls(raw: Any, problems: list[Problem]) -> list[AclSpec]:
    key = f"{LABEL}.acls"
    if raw is None or (isinstance(raw, (list, tuple)) and not raw):
        problems.append(Problem(key, "is required: at least one ACL"))
        return []
    if not isinstance(raw, (list, tuple)):
        problems.append(Problem(key, f"{show(raw)} is {type_name(raw)}; use a list of ACLs"))
        return []
    acls, ok = [], True
    for index, item in enumerate(raw):
        label = f"{key}[{index}]"
        read, read_problems = read_item("acls", item, label)
        problems += read_problems
        if read is INVALID:
            ok = False
            continue
        found = acl_problems(read, label)
        problems += [Problem(k, m) for k, m in found]
        if found:
            ok = False
        else:
            acls.append(acl_from_item(read))
    return acls if ok else []
