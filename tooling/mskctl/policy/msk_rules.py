"""The MSK policy rules, and the whole set ``all_policies`` that the pack and ``mskctl`` run.

Each rule is a plain ResourceValidationPolicy, testable without the Pulumi CLI: build a
ResourceValidationArgs by hand and call ``validate`` with a recording ``report_violation``.
Props are camelCase, as the provider receives them. This module must never build a
PolicyPack: that starts a gRPC server and blocks (``__main__.py`` does it).
"""

import json
from collections.abc import Callable

import pulumi
from pulumi_policy import EnforcementLevel, PolicyConfigSchema, ResourceValidationPolicy

from msk_platform import catalog

from .connect_rules import CONNECT_POLICIES
from .network_rules import NETWORK_POLICIES
from .props import UNKNOWN, dig, is_set, plain
from .replicator_rules import REPLICATOR_POLICIES

CLUSTER = "aws:msk/cluster:Cluster"
SERVERLESS = "aws:msk/serverlessCluster:ServerlessCluster"
CONFIGURATION = "aws:msk/configuration:Configuration"
SECRET = "aws:secretsmanager/secret:Secret"
SECRET_VERSION = "aws:secretsmanager/secretVersion:SecretVersion"
KMS_KEY = "aws:kms/key:Key"
TOPIC = "aws:msk/topic:Topic"
LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup"
RANDOM_PASSWORD = "random:index/randomPassword:RandomPassword"
CLUSTER_POLICY = "aws:msk/clusterPolicy:ClusterPolicy"
KAFKA_ACL = "kafka:index/acl:Acl"

SCRAM_SECRET_PREFIX = "AmazonMSK_"
AWS_MANAGED_KEY_ALIAS = "alias/aws/"
LOG_DESTINATIONS = ("cloudwatchLogs", "firehose", "s3")
# What "protect on in prod" covers: what holds data (the cluster, its topics, its broker logs,
# SCRAM credentials and the passwords in them) and the key that can read it. Deleted or
# replaced, each loses something no `pulumi up` brings back.
DATA_HOLDERS = (
    CLUSTER,
    SERVERLESS,
    TOPIC,
    KMS_KEY,
    LOG_GROUP,
    SECRET,
    SECRET_VERSION,
    RANDOM_PASSWORD,
    "aws:glue/registry:Registry",
    "aws:glue/schema:Schema",
)
DEFAULT_PROTECTED_STACKS = ("prod",)


def _cluster_rule(check: Callable[[dict], list[str]]):
    """A validate function that runs ``check`` on provisioned clusters' plain props."""

    def validate(args, report_violation) -> None:
        if args.resource_type == CLUSTER:
            for message in check(plain(args.props)):
                report_violation(message)

    return validate


def _client_traffic_tls(props: dict) -> list[str]:
    client_broker = dig(props, "encryptionInfo.encryptionInTransit.clientBroker")
    if client_broker in ("TLS", UNKNOWN):
        return []
    if client_broker is None:  # absent: the MSK API's default is TLS_PLAINTEXT
        return [
            "encryptionInfo.encryptionInTransit.clientBroker is not set (the API default "
            "is TLS_PLAINTEXT); set it to TLS"
        ]
    return [f"clients may connect with {client_broker}; set clientBroker to TLS"]


def _in_cluster_encryption(props: dict) -> list[str]:
    if dig(props, "encryptionInfo.encryptionInTransit.inCluster") is False:
        return [
            "traffic between brokers is not encrypted (inCluster false), and it can't be "
            "turned on later without replacing the cluster"
        ]
    return []


def _at_rest_customer_key(props: dict) -> list[str]:
    if is_set(dig(props, "encryptionInfo.encryptionAtRestKmsKeyArn")):
        return []
    return [
        "data at rest is encrypted with a key AWS manages; set "
        "encryptionInfo.encryptionAtRestKmsKeyArn to a customer-managed key"
    ]


def _broker_logs(props: dict) -> list[str]:
    logs = dig(props, "loggingInfo.brokerLogs", {})
    if logs is UNKNOWN:
        return []
    for destination in LOG_DESTINATIONS:
        enabled = dig(logs, f"{destination}.enabled")
        if enabled is True or enabled is UNKNOWN:
            return []
    return ["no broker logs are delivered (CloudWatch Logs, Firehose or S3)"]


def _no_public_access(props: dict) -> list[str]:
    if dig(props, "brokerNodeGroupInfo.connectivityInfo.publicAccess.type") == (
        "SERVICE_PROVIDED_EIPS"
    ):
        return ["the brokers have public endpoints (SERVICE_PROVIDED_EIPS)"]
    return []


def _authenticated_clients(args, report_violation) -> None:
    props = plain(args.props)
    if args.resource_type == SERVERLESS:
        if dig(props, "clientAuthentication.sasl.iam.enabled") not in (True, UNKNOWN):
            report_violation("serverless clients must authenticate with IAM")
    elif args.resource_type == CLUSTER:
        for message in _provisioned_auth_problems(props.get("clientAuthentication")):
            report_violation(message)


def _provisioned_auth_problems(auth) -> list[str]:
    if auth is UNKNOWN:
        return []
    if not isinstance(auth, dict):
        return ["no clientAuthentication: MSK lets every client in unauthenticated"]
    if auth.get("unauthenticated") is True:
        return ["unauthenticated access is on: any client that reaches a broker may read and write"]
    modes = (
        dig(auth, "sasl.iam"),
        dig(auth, "sasl.scram"),
        dig(auth, "tls.certificateAuthorityArns"),  # mutual TLS needs a certificate authority
    )
    if any(mode is True or (mode is not False and is_set(mode)) for mode in modes):
        return []
    return ["no client authentication mode is on (IAM, SCRAM or mutual TLS)"]


def _scram_secret_customer_key(args, report_violation) -> None:
    if args.resource_type != SECRET:
        return
    props = plain(args.props)
    name = props.get("name") or props.get("namePrefix")
    if not isinstance(name, str) or not name.startswith(SCRAM_SECRET_PREFIX):
        return
    key = props.get("kmsKeyId")
    if not is_set(key):
        report_violation(
            f"SCRAM secret {name} uses Secrets Manager's default key, which MSK "
            "rejects; set kmsKeyId to a customer-managed key"
        )
    elif isinstance(key, str) and AWS_MANAGED_KEY_ALIAS in key:
        report_violation(
            f"SCRAM secret {name} uses the AWS-managed key {key}, which MSK "
            "rejects; use a customer-managed key"
        )


def _acl_deny_by_default(args, report_violation) -> None:
    if args.resource_type != CONFIGURATION:
        return
    properties = plain(args.props).get("serverProperties")
    if not isinstance(properties, str):
        return
    acl_property = catalog.kafka_acl_rules()["property"]
    for line in properties.splitlines():
        key, _, value = line.partition("=")
        if key.strip() == acl_property and value.strip().lower() == "true":
            report_violation(
                f"{acl_property}=true: with SCRAM or mutual TLS, "
                "every authenticated user may do whatever no ACL forbids"
            )


def _kafka_acl_not_everyone_everything(args, report_violation) -> None:
    """An ACL allowing every principal every operation undoes deny-unless-ACL for its
    resources: each SCRAM or mTLS client, whoever it is, may then do anything there."""
    if args.resource_type != KAFKA_ACL:
        return
    props = plain(args.props)
    rules = catalog.kafka_acl_rules()["acl_model"]
    everyone = f"{rules['principal_type']}:*"
    if (
        props.get("aclPermissionType") == rules["permissions"][0]
        and props.get("aclPrincipal") == everyone
        and props.get("aclOperation") == rules["all_operation"]
    ):
        report_violation(
            f"allows {everyone} {rules['all_operation']} on {props.get('aclResourceType')} "
            f"{props.get('aclResourceName')!r}: every SCRAM or mTLS client may do anything "
            "there; name the principals and the operations they need (msk:acls)"
        )


def _cluster_policy_named_principals(args, report_violation) -> None:
    """A cluster policy lets in the accounts and roles it names, never everyone: with IAM
    clients, a `*` principal would let any AWS account's principals use the cluster."""
    if args.resource_type != CLUSTER_POLICY:
        return
    document = plain(args.props).get("policy")
    if not isinstance(document, str):
        return  # unknown until the cluster exists; judged again at `pulumi up`
    try:
        statements = json.loads(document).get("Statement", [])
    except (ValueError, AttributeError):
        report_violation("the cluster policy is not a JSON policy document")
        return
    for index, statement in enumerate(statements if isinstance(statements, list) else [statements]):
        if not isinstance(statement, dict) or statement.get("Effect") != "Allow":
            continue
        principal = statement.get("Principal")
        who = principal.get("AWS") if isinstance(principal, dict) else principal
        names = who if isinstance(who, list) else [who]
        if "NotPrincipal" in statement or principal is None or "*" in names:
            report_violation(
                f"statement {statement.get('Sid', index)} of the cluster policy allows every "
                "AWS principal; name the accounts or IAM ARNs (msk:clusterPolicy.principals)"
            )


def _serverless_vpc_groups_named(args, report_violation) -> None:
    """Each VPC of a serverless cluster names the security groups on the cluster's endpoints
    there: without any, AWS uses the VPC's default group, whose rules nobody chose for it
    (catalog: serverless_vpc_configs.without_security_groups)."""
    if args.resource_type != SERVERLESS:
        return
    configs = plain(args.props).get("vpcConfigs")
    for index, config in enumerate(configs if isinstance(configs, list) else []):
        groups = config.get("securityGroupIds") if isinstance(config, dict) else UNKNOWN
        if not is_set(groups):
            report_violation(
                f"VPC config {index} names no security group, so AWS puts the cluster's "
                "endpoints in that VPC's default security group; name the groups that admit "
                "its clients (msk:vpcConfigs[].securityGroupIds)"
            )


def _key_rotation(args, report_violation) -> None:
    if args.resource_type != KMS_KEY:
        return
    props = plain(args.props)
    spec = props.get("customerMasterKeySpec") or "SYMMETRIC_DEFAULT"
    if spec == "SYMMETRIC_DEFAULT" and props.get("enableKeyRotation") is not True:
        if props.get("enableKeyRotation") is not UNKNOWN:
            report_violation("the key is never rotated; set enableKeyRotation")


def current_stack() -> str:
    """The stack being previewed or updated (the engine tells the policy pack's runtime)."""
    return pulumi.get_stack()


def protect_in_prod(stack_name: Callable[[], str] = current_stack) -> ResourceValidationPolicy:
    """The rule that needs the stack's name; ``stack_name`` is asked at each validation."""

    def validate(args, report_violation) -> None:
        stacks = args.get_config().get("stacks", list(DEFAULT_PROTECTED_STACKS))
        if args.resource_type in DATA_HOLDERS and stack_name() in stacks:
            if not args.opts.protect:
                report_violation(
                    f"stack {stack_name()}: set protect (msk:protect: true) so "
                    "`pulumi destroy` or a replacement can't delete it"
                )

    return ResourceValidationPolicy(
        name="protect-data-in-prod",
        description=(
            "In production stacks, what holds data is protected: MSK clusters and topics, KMS "
            "keys, log groups, Glue schema registries and schemas, secrets, their versions and "
            "generated passwords."
        ),
        enforcement_level=EnforcementLevel.MANDATORY,
        validate=validate,
        config_schema=PolicyConfigSchema(
            properties={
                "stacks": {
                    "type": "array",
                    "items": {"type": "string"},
                    "default": list(DEFAULT_PROTECTED_STACKS),
                }
            }
        ),
    )


def _policy(name: str, description: str, level: EnforcementLevel, validate):
    return ResourceValidationPolicy(
        name=name, description=description, enforcement_level=level, validate=validate
    )


MANDATORY = EnforcementLevel.MANDATORY
ADVISORY = EnforcementLevel.ADVISORY

MSK_POLICIES = [
    _policy(
        "msk-client-traffic-tls",
        "MSK clusters accept clients over TLS only (clientBroker TLS).",
        MANDATORY,
        _cluster_rule(_client_traffic_tls),
    ),
    _policy(
        "msk-in-cluster-encryption",
        "MSK brokers encrypt the traffic between them (inCluster).",
        MANDATORY,
        _cluster_rule(_in_cluster_encryption),
    ),
    _policy(
        "msk-encryption-at-rest-cmk",
        "MSK clusters encrypt data at rest with a customer-managed KMS key.",
        MANDATORY,
        _cluster_rule(_at_rest_customer_key),
    ),
    _policy(
        "msk-broker-logs",
        "MSK clusters deliver broker logs to CloudWatch Logs, Firehose or S3.",
        MANDATORY,
        _cluster_rule(_broker_logs),
    ),
    _policy(
        "msk-no-public-access",
        "MSK brokers have no public endpoints.",
        MANDATORY,
        _cluster_rule(_no_public_access),
    ),
    _policy(
        "msk-authenticated-clients",
        "MSK clients authenticate (IAM, SCRAM or mutual TLS); unauthenticated access is off.",
        MANDATORY,
        _authenticated_clients,
    ),
    _policy(
        "msk-scram-secret-cmk",
        "SCRAM secrets (AmazonMSK_*) are encrypted with a customer-managed KMS key.",
        MANDATORY,
        _scram_secret_customer_key,
    ),
    _policy(
        "msk-configuration-acl-deny-by-default",
        "MSK configurations don't set allow.everyone.if.no.acl.found=true.",
        ADVISORY,
        _acl_deny_by_default,
    ),
    _policy(
        "kafka-acl-not-everyone-everything",
        "Kafka ACLs don't allow every principal (User:*) every operation (All).",
        ADVISORY,
        _kafka_acl_not_everyone_everything,
    ),
    _policy(
        "msk-cluster-policy-named-principals",
        "MSK cluster policies allow named accounts or IAM principals only, never '*'.",
        MANDATORY,
        _cluster_policy_named_principals,
    ),
    _policy(
        "msk-serverless-vpc-security-groups",
        "Each VPC of an MSK Serverless cluster names its security groups, never leaving the "
        "VPC's default group to AWS.",
        MANDATORY,
        _serverless_vpc_groups_named,
    ),
    _policy(
        "kms-key-rotation",
        "Symmetric KMS keys rotate yearly.",
        ADVISORY,
        _key_rotation,
    ),
]


def all_policies(stack_name: Callable[[], str] = current_stack) -> list[ResourceValidationPolicy]:
    """Every rule of the pack, in the order they are reported."""
    return [
        *MSK_POLICIES,
        *NETWORK_POLICIES,
        *CONNECT_POLICIES,
        *REPLICATOR_POLICIES,
        protect_in_prod(stack_name),
    ]
