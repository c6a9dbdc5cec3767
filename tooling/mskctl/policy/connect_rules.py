"""Policy rules for MSK Connect connectors (aws.mskconnect.Connector), however they are made:
msk:connectors, MskConnector or a program's own resource.

The connector reaches the brokers with IAM over TLS (catalog ``msk_connect``), and its
configuration holds no plain-text secret: the same check ``msk:connectors`` makes, so a
connector declared by hand meets it too.
"""

from pulumi_policy import EnforcementLevel, ResourceValidationPolicy

from msk_platform.spec.connector_rules import facts, secret_problems

from .props import UNKNOWN, dig, plain

CONNECTOR = "aws:mskconnect/connector:Connector"


def _iam_over_tls(args, report_violation) -> None:
    if args.resource_type != CONNECTOR:
        return
    props = plain(args.props)
    rules = facts()
    auth = dig(props, "kafkaClusterClientAuthentication.authenticationType")
    if auth is not UNKNOWN and auth != rules["client_authentication"]:
        report_violation(
            f"the connector authenticates to the cluster with {auth or 'NONE'}; use "
            f"{rules['client_authentication']} (kafkaClusterClientAuthentication)"
        )
    encryption = dig(props, "kafkaClusterEncryptionInTransit.encryptionType")
    if encryption is not UNKNOWN and encryption != rules["encryption_in_transit"]:
        report_violation(
            f"the connector reaches the brokers over {encryption or 'PLAINTEXT'}; use "
            f"{rules['encryption_in_transit']} (kafkaClusterEncryptionInTransit)"
        )


def _no_plaintext_secrets(args, report_violation) -> None:
    if args.resource_type != CONNECTOR:
        return
    config = plain(args.props).get("connectorConfiguration")
    if not isinstance(config, dict):
        return
    known = {key: value for key, value in config.items() if isinstance(value, str)}
    for key, message in secret_problems(known, "connectorConfiguration"):
        report_violation(f"{key}: {message}")


CONNECT_POLICIES = [
    ResourceValidationPolicy(
        name="msk-connect-iam-tls",
        description="MSK Connect connectors reach the cluster with IAM authentication over TLS.",
        enforcement_level=EnforcementLevel.MANDATORY,
        validate=_iam_over_tls,
    ),
    ResourceValidationPolicy(
        name="msk-connect-no-plaintext-secrets",
        description="MSK Connect connector configurations hold secrets only as config provider "
        "references (e.g. ${secretsmanager:MySecret:password}).",
        enforcement_level=EnforcementLevel.MANDATORY,
        validate=_no_plaintext_secrets,
    ),
]
