"""Parts of the cluster a stack brings instead of having them made: its own security groups
(``msk:securityGroupIds``, ``msk:createSecurityGroup``), an MSK configuration
(``msk:configurationArn`` + ``msk:configurationRevision``), SASL/SCRAM secrets
(``msk:scramSecretArns``) and a broker log group (``msk:logging.logGroupName``).

Pure Python. What AWS takes of each is in the catalog's ``bring_your_own`` section with its
sources. The spec sees only the ids and ARNs, never the parts: what must hold of them (a
secret's KMS key, a group's rules, a configuration's properties) is said in a warning.

Decisions, and why:
- With ``createSecurityGroup: false`` the keys that only shape the created group's rules are
  refused, not warned about: as for a key of the other cluster type, nobody should believe
  clients were admitted (or kept out) by a rule that is never made.
- ``logging.retentionDays`` and ``encryptWithClusterKey`` beside ``logGroupName`` are refused
  for the same reason: the group is not ours to change, and a retention someone relies on
  (an audit's year, say) must not silently be the group's own.
- ``configurationArn`` is exclusive with ``serverProperties`` and ``denyUnlessAcl``: both
  write into a configuration of the component's own, which then is not made.
"""

import re
from collections.abc import Mapping
from typing import Any

from .. import catalog
from .draft import Draft
from .keys import KEYS_BY_NAME
from .serverless_network_rules import KEY as SERVERLESS_VPC_CONFIGS
from .serverless_network_rules import uses_vpc_configs
from .values import INVALID, is_deferred, show


def _rules(part: str) -> dict[str, Any]:
    return catalog.bring_your_own_rules()[part]


# -- security groups ----------------------------------------------------------------------

# Keys that shape only the created group's rules, as (key, field of an object key or None).
CREATED_GROUP_SOURCES = (
    ("clientSecurityGroupIds", None),
    ("clientCidrBlocks", None),
    ("openMonitoring", "source_security_group_ids"),
    ("openMonitoring", "source_cidr_blocks"),
)


def creates_security_group(draft: Draft) -> bool:
    return draft.value("createSecurityGroup") is not False


def check_security_groups(draft: Draft) -> None:
    from .connectivity_rules import check_sources  # one reading of security group ids

    groups = draft.value("securityGroupIds") or ()
    if draft.ok("securityGroupIds"):
        check_sources(draft, groups, None, "msk:securityGroupIds", "")
    if not isinstance(groups, tuple):
        return
    creates = creates_security_group(draft)
    if groups and uses_vpc_configs(draft):
        draft.fail(
            "securityGroupIds",
            f"is given with msk:{SERVERLESS_VPC_CONFIGS}, where each VPC names its own groups "
            f"(a group belongs to one VPC); list them in each msk:{SERVERLESS_VPC_CONFIGS} "
            "entry's securityGroupIds instead",
        )
        return
    if groups and draft.builds_network:
        draft.fail(
            "securityGroupIds",
            "names security groups, but the program builds the VPC: a security group belongs "
            "to one VPC, and this one doesn't exist yet; give msk:vpcId and msk:subnetIds of "
            "the VPC your groups are in",
        )
    if not creates and not uses_vpc_configs(draft):
        _check_without_created_group(draft, groups)
    rules = _rules("security_groups")
    most = rules["per_network_interface_default_quota"]
    total = len(groups) + int(creates)
    if total > most:
        created = " and the one the component creates" if creates else ""
        draft.fail(
            "securityGroupIds",
            f"names {len(groups)} security groups{created}: {total} on each broker's network "
            f"interface, past the {most} Amazon VPC allows per interface (a quota that can be "
            f"raised to {rules['per_network_interface_max']}: raise it first, or attach fewer)",
        )
    named = [g for g in groups if isinstance(g, str)]
    if groups:
        shown = ", ".join(named) if named else "computed ids"
        draft.warnings.append(
            f"msk:securityGroupIds: the brokers also take the rules of {shown}, which this "
            "stack doesn't make: whoever they admit reaches the brokers on every port they "
            "open, and neither the plan nor the policy pack can see those rules, so check them "
            "(no 0.0.0.0/0, no ZooKeeper 2181/2182). Changing the set replaces the cluster"
        )


def _check_without_created_group(draft: Draft, groups: tuple) -> None:
    """``createSecurityGroup: false``: the brokers take the named groups alone."""
    if not groups:
        draft.fail(
            "createSecurityGroup",
            "is false, but msk:securityGroupIds is empty: the brokers would have no group of "
            "this stack's at all (MSK would put them in the VPC's default group); name your "
            "groups in msk:securityGroupIds, or leave createSecurityGroup true",
        )
    for key, field in CREATED_GROUP_SOURCES:
        value = draft.given.get(key)
        if value is INVALID or value is None:
            continue
        if field is not None:
            value = value.get(field) if isinstance(value, Mapping) else None
        if not value:
            continue
        name = key if field is None else f"{key}.{_camel(key, field)}"
        draft.reader.fail(
            f"msk:{name}",
            "would have no effect: it shapes the rules of the security group the component "
            "creates, and msk:createSecurityGroup is false; admit these sources in your own "
            "groups (msk:securityGroupIds) and remove it, or set createSecurityGroup true",
        )


def _camel(key: str, field: str) -> str:
    return next(f.name for f in KEYS_BY_NAME[key].fields if f.snake == field)


# -- an existing MSK configuration ------------------------------------------------------

CONFIGURATION_KEYS = ("configurationArn", "configurationRevision")
# Keys that write into a configuration of the component's own.
CONFIGURATION_WRITERS = ("serverProperties", "denyUnlessAcl")


def uses_existing_configuration(draft: Draft) -> bool:
    return any(name in draft.given for name in CONFIGURATION_KEYS)


def check_existing_configuration(draft: Draft) -> None:
    """Runs before the server properties are resolved: with a configuration of the stack's
    own, there are none of ours (``serverProperties`` resolves to None)."""
    if draft.serverless or not uses_existing_configuration(draft):
        return
    draft.resolved["serverProperties"] = None
    arn_key, revision_key = CONFIGURATION_KEYS
    for present, missing in (CONFIGURATION_KEYS, CONFIGURATION_KEYS[::-1]):
        if present in draft.given and missing not in draft.given:
            draft.fail(
                present,
                f"is given without msk:{missing}; MSK takes a configuration as its ARN and "
                "a revision together: give both, or neither to have the component make one",
            )
    rules = _rules("configuration")
    arn = draft.value(arn_key)
    if isinstance(arn, str) and not re.fullmatch(rules["arn_pattern"], arn):
        draft.fail(
            arn_key,
            f"{show(arn)} is not an MSK configuration ARN; use the form {rules['arn_form']}",
        )
    for name in CONFIGURATION_WRITERS:
        if name in draft.given:
            draft.fail(
                name,
                f"can't be given with msk:{arn_key}: it is written into the configuration the "
                "component makes, and with an existing configuration none is made; set it in "
                f"that configuration (a new revision), or remove msk:{arn_key}",
            )
    acl_property = catalog.kafka_acl_rules()["property"]
    auth = draft.value("auth") or {}
    public = ""
    if draft.value("publicAccess") and (auth.get("scram") or auth.get("tls")):
        public = (
            f"; with msk:publicAccess and SASL/SCRAM or mutual TLS, AWS also requires "
            f"{acl_property}=false in it"
        )
    draft.warnings.append(
        f"msk:{arn_key}: the brokers run that configuration's properties, not the component's "
        "safe defaults (auto.create.topics.enable=false, unclean.leader.election.enable=false, "
        "a replication factor and min.insync.replicas that survive an AZ): setting them is "
        "yours. If the configuration lists Kafka versions, the cluster's must be among them"
        f"{public}"
    )


# -- existing SASL/SCRAM secrets --------------------------------------------------------


def scram_secret_name(cluster_name: str, user: str) -> str:
    """The name of the secret the component makes for one of ``msk:scramUsers``."""
    return f"{catalog.scram_rules()['name_prefix']}{cluster_name}_{user}"


def parse_secret_arn(arn: str) -> re.Match | None:
    """A full Secrets Manager ARN's parts (region, account, name, suffix), or None. The name
    is what precedes the last '-' and the 6 characters Secrets Manager adds."""
    return re.fullmatch(_rules("scram_secrets")["arn_pattern"], arn)


def check_scram_secrets(draft: Draft) -> None:
    arns = draft.value("scramSecretArns")
    if not arns or not draft.ok("scramSecretArns") or not isinstance(arns, tuple):
        return
    if not (draft.value("auth") or {}).get("scram"):
        draft.fail("scramSecretArns", "needs SASL/SCRAM on; set msk:auth.scram: true")
    rules = _rules("scram_secrets")
    prefix = catalog.scram_rules()["name_prefix"]
    users = draft.value("scramUsers") if draft.ok("scramUsers") else ()
    users = users if isinstance(users, tuple) else ()
    cluster = draft.value("clusterName")
    made = {scram_secret_name(cluster, user): user for user in users} if cluster else {}
    seen: dict[str, int] = {}
    places: dict[tuple[str, str], int] = {}
    for index, arn in enumerate(arns):
        label = f"msk:scramSecretArns[{index}]"
        if is_deferred(arn):
            continue
        parts = parse_secret_arn(arn)
        if parts is None:
            draft.reader.fail(label, _secret_arn_problem(arn, rules))
            continue
        name = parts["name"]
        if not name.startswith(prefix):
            hint = (
                f" (the prefix is '{prefix}', in this case)"
                if name.lower().startswith(prefix.lower())
                else ""
            )
            draft.reader.fail(
                label,
                f"names the secret {show(name)}; MSK takes only secrets whose name starts with "
                f"'{prefix}'{hint}: create one so named and give its ARN",
            )
        elif arn in seen:
            draft.reader.fail(label, f"is listed twice (also at [{seen[arn]}]); name each once")
        elif name in made:
            draft.reader.fail(
                label,
                f"names {show(name)}, the secret the component makes for msk:scramUsers "
                f"{show(made[name])}; list the user in one of the two keys",
            )
        seen.setdefault(arn, index)
        places.setdefault((parts["region"], parts["account"]), index)
    if len(places) > 1:
        where = "; ".join(f"[{i}] {region} {account}" for (region, account), i in places.items())
        draft.fail(
            "scramSecretArns",
            f"names secrets of more than one account or Region ({where}); MSK associates only "
            "secrets in the cluster's own account and Region",
        )
    limit = catalog.scram_rules()["max_users_per_cluster"]
    if len(arns) + len(users) > limit:
        draft.fail(
            "scramSecretArns",
            f"has {len(arns)} secrets and msk:scramUsers {len(users)} users: "
            f"{len(arns) + len(users)} SCRAM users, past the {limit} MSK allows per cluster",
        )
    draft.warnings.append(
        "msk:scramSecretArns: MSK reads a secret only if it is encrypted with a "
        "customer-managed KMS key (not aws/secretsmanager), holds "
        '{"username": …, "password": …} JSON and is in the cluster\'s account and Region; '
        "the offline plan can't see the secrets' keys; `pulumi preview` and `up` read each "
        "secret's key first and refuse one under aws/secretsmanager, before the cluster is "
        "made. Removing an ARN only disassociates the secret"
    )


def _secret_arn_problem(arn: str, rules: Mapping[str, Any]) -> str:
    form = rules["arn_form"]
    if re.fullmatch(r"arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:[^-]+", arn):
        return (
            f"{show(arn)} has no '-' and 6 characters after the secret's name; give the full "
            f"ARN Secrets Manager shows ({form})"
        )
    return f"{show(arn)} is not a Secrets Manager secret ARN; use the full ARN, {form}"


# -- an existing broker log group -------------------------------------------------------

# Fields of msk:logging that set up a log group of the component's own (snake, camel).
CREATED_LOG_GROUP_FIELDS = (
    ("retention_days", "retentionDays"),
    ("encrypt_with_cluster_key", "encryptWithClusterKey"),
)


def check_log_group(draft: Draft) -> None:
    """Runs before check_logging fills the created group's defaults: a field it finds set
    was given."""
    logging = draft.value("logging")
    if not logging or not draft.ok("logging"):
        return
    name = logging.get("log_group_name")
    if name is None:
        return
    rules = _rules("log_group")
    if isinstance(name, str):
        if not re.fullmatch(rules["name_pattern"], name):
            draft.reader.fail(
                "msk:logging.logGroupName",
                f"{show(name)} is not a CloudWatch log group name; use 1–{rules['name_max']} "
                "of A-Z a-z 0-9 . - _ / #",
            )
        elif name.startswith(rules["reserved_prefix"]):
            draft.reader.fail(
                "msk:logging.logGroupName",
                f"{show(name)} starts with '{rules['reserved_prefix']}', which CloudWatch "
                "keeps for AWS's own log groups; name your group",
            )
    if not logging["cloudwatch"]:
        draft.reader.fail(
            "msk:logging.logGroupName",
            "is given, but cloudwatch is false, so no logs would go there; set cloudwatch "
            "true or remove logGroupName",
        )
    for field, camel in CREATED_LOG_GROUP_FIELDS:
        if logging.get(field) is not None:
            draft.reader.fail(
                f"msk:logging.{camel}",
                "would have no effect: it sets up the log group the component creates, and "
                "with logGroupName none is created; set it on your group, and remove it here",
            )


def foreign_part_problems(
    spec: Any, region: str | None, accounts: tuple[str, ...]
) -> list[tuple[str, str]]:
    """(key, message) for each part given by ARN that is in another Region than the stack's
    (``aws:region``), or, for SCRAM secrets, in none of the accounts the stack may deploy to
    (``aws:allowedAccountIds``): MSK uses neither. Checked where the stack's config is known."""
    problems = []
    arn = spec.configuration_arn
    if region and isinstance(arn, str) and arn.split(":")[3:4] != [region]:
        problems.append(
            (
                "msk:configurationArn",
                f"{show(arn)} is a configuration of Region {arn.split(':')[3]}, but the stack "
                f"deploys to {region} (aws:region); a cluster uses configurations of its own "
                "Region",
            )
        )
    for index, secret in enumerate(spec.scram_secret_arns):
        parts = parse_secret_arn(secret) if isinstance(secret, str) else None
        if parts is None:
            continue
        label = f"msk:scramSecretArns[{index}]"
        if region and parts["region"] != region:
            problems.append(
                (
                    label,
                    f"is a secret of Region {parts['region']}, but the stack deploys to {region} "
                    "(aws:region); MSK associates only secrets of the cluster's Region",
                )
            )
        elif accounts and parts["account"] not in accounts:
            problems.append(
                (
                    label,
                    f"is a secret of account {parts['account']}, not one the stack may deploy to "
                    f"({', '.join(accounts)}, aws:allowedAccountIds); MSK associates only "
                    "secrets of the cluster's account",
                )
            )
    return problems
