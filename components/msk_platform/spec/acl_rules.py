"""Kafka ACLs (``msk:acls``, KafkaAcls): what one binding may say, and who manages them.

Kafka's ACL model (catalog ``kafka_acls.acl_model``): a ``User:`` principal (the SCRAM user
name, or an mTLS client's certificate distinguished name), a resource type with the operations
Kafka defines for it (or All), a Literal or Prefixed name (Match and Any only filter), Allow or
Deny. The Kafka provider makes them through the brokers: with IAM on, as an IAM client (the
identity that deploys), which IAM policy authorizes and no ACL can lock out; without IAM, as an
admin principal, a SCRAM user of the stack's own (``msk:aclAdmin``), which gets the Cluster ACLs
it needs to manage ACLs at all: with deny-unless-ACL on and MSK letting no ``super.users`` be
set, nothing else would let it.

Pure Python: read by the spec and by the KafkaAcls component alike.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .. import catalog
from .access_rules import OPT_IN, denies_unless_acl, iam_on
from .draft import Draft
from .values import is_deferred, missing_fields, show

ADMIN_KEY = "aclAdmin"
ACLS_KEY = "acls"


def model() -> dict[str, Any]:
    return catalog.kafka_acl_rules()["acl_model"]


@dataclass(frozen=True)
class AclSpec:
    """One ACL binding, in Kafka's spellings (``TransactionalId``; the provider's differ)."""

    principal: str
    resource_type: str
    resource_name: str
    pattern_type: str
    operation: str
    permission: str

    @property
    def provider_resource_type(self) -> str:
        """The resource type as the Kafka provider spells it (``TransactionalID``)."""
        return model()["provider_resource_type"][self.resource_type]

    @property
    def label(self) -> str:
        """What names its resource: every field, since each one is the ACL's identity."""
        name = self.resource_name.replace("*", "all")
        parts = (self.principal, self.resource_type, name, self.pattern_type)
        return "-".join((*parts, self.operation, self.permission)).replace(":", "-")


def _choice(value: Any, choices: Iterable[str]) -> str | None:
    """The choice ``value`` names (case aside), or None."""
    if not isinstance(value, str):
        return None
    for choice in choices:
        if value.strip().lower() == choice.lower():
            return choice
    return None


def acl_from_item(item: Mapping[str, Any]) -> AclSpec:
    """An item already checked by ``acl_problems``, in canonical spellings."""
    rules = model()
    resource_type = _choice(item["resource_type"], rules["operations"]) or ""
    operations = [*rules["operations"].get(resource_type, ()), rules["all_operation"]]
    return AclSpec(
        principal=item["principal"],
        resource_type=resource_type,
        resource_name=item["resource_name"],
        pattern_type=_choice(item.get("pattern_type"), rules["pattern_types"])
        or rules["default_pattern_type"],
        operation=_choice(item["operation"], operations) or "",
        permission=_choice(item.get("permission"), rules["permissions"]) or "",
    )


def acl_problems(item: Mapping[str, Any], label: str) -> list[tuple[str, str]]:
    """(key, message) problems of one ACL (snake_case fields as read), keyed under ``label``
    (``msk:acls[0]``): each field against Kafka's ACL model."""
    rules = model()
    problems: list[tuple[str, str]] = []
    problems += missing_fields(
        item,
        label,
        (
            ("principal", "who, e.g. 'User:orders'"),
            ("resource_type", f"one of {', '.join(rules['operations'])}"),
            ("resource_name", "the topic, group or id, '*' for all"),
            ("operation", "e.g. Read, Write or Describe"),
        ),
    )
    problems += _principal_problems(item.get("principal"), label)
    pattern = item.get("pattern_type")
    if pattern is not None and _choice(pattern, rules["pattern_types"]) is None:
        if _choice(pattern, rules["filter_pattern_types"]) is not None:
            why = "is a pattern filter, for finding ACLs, not for making one"
        else:
            why = "is not a pattern type"
        problems.append(
            (
                f"{label}.patternType",
                f"{show(pattern)} {why}; use {' or '.join(rules['pattern_types'])}",
            )
        )
    permission = item.get("permission")
    if permission is not None and _choice(permission, rules["permissions"]) is None:
        problems.append(
            (
                f"{label}.permission",
                f"{show(permission)} is not a permission; use {' or '.join(rules['permissions'])}",
            )
        )
    raw_type = item.get("resource_type")
    resource_type = _choice(raw_type, rules["operations"])
    if raw_type is not None and resource_type is None:
        problems.append(
            (
                f"{label}.resourceType",
                f"{show(raw_type)} is not a resource type ACLs name; use "
                f"{', '.join(rules['operations'])}",
            )
        )
    if resource_type is None:
        return problems
    operations = [*rules["operations"][resource_type], rules["all_operation"]]
    operation = item.get("operation")
    if operation is not None and _choice(operation, operations) is None:
        problems.append(
            (
                f"{label}.operation",
                f"{show(operation)} is not an operation on {resource_type}; use "
                f"{', '.join(operations)}",
            )
        )
    if resource_type == "Cluster":
        problems += _cluster_problems(item, label)
    return problems


def _principal_problems(principal: Any, label: str) -> list[tuple[str, str]]:
    if not isinstance(principal, str) or is_deferred(principal):
        return []
    kind = model()["principal_type"]
    prefix, colon, name = principal.partition(":")
    if prefix != kind or not colon or not name.strip() or name != name.strip():
        return [
            (
                f"{label}.principal",
                f"{show(principal)} is not a Kafka principal; use '{kind}:<name>': the SASL/SCRAM "
                "user name, or an mTLS client certificate's distinguished name "
                f"('{kind}:CN=orders,OU=apps'), or '{kind}:*' for every one",
            )
        ]
    return []


def _cluster_problems(item: Mapping[str, Any], label: str) -> list[tuple[str, str]]:
    rules = model()
    name = rules["cluster_resource_name"]
    problems = []
    if item.get("resource_name") not in (None, name):
        problems.append(
            (
                f"{label}.resourceName",
                f"{show(item['resource_name'])} can't name the Cluster resource; Kafka's one "
                f"cluster resource is named {name!r}",
            )
        )
    pattern = _choice(item.get("pattern_type"), rules["pattern_types"])
    if pattern is not None and pattern != rules["default_pattern_type"]:
        problems.append(
            (
                f"{label}.patternType",
                f"{pattern!r} is not for the Cluster resource; use "
                f"{rules['default_pattern_type']!r} (its name, {name!r}, is exact)",
            )
        )
    return problems


def admin_principal(user: str) -> str:
    return f"{model()['principal_type']}:{user}"


def admin_acls(principal: str) -> list[AclSpec]:
    """The ACLs the managing principal needs to make, read and delete ACLs (Alter and Describe
    on the Cluster), so deny-unless-ACL never locks it out of its own work."""
    rules = model()
    return [
        AclSpec(
            principal=principal,
            resource_type="Cluster",
            resource_name=rules["cluster_resource_name"],
            pattern_type=rules["default_pattern_type"],
            operation=operation,
            permission=rules["permissions"][0],
        )
        for operation in rules["admin_operations"]
    ]


def set_problems(acls: Sequence[AclSpec], admin: str | None, label: str) -> list[tuple[str, str]]:
    """Problems of the list as a whole: an ACL given twice (two resources for one binding),
    one the admin's own duplicate, and a Deny that would lock the admin out."""
    rules = model()
    problems = []
    own = set(admin_acls(admin)) if admin else set()
    seen: dict[AclSpec, int] = {}
    for index, acl in enumerate(acls):
        if acl in seen:
            problems.append((f"{label}[{index}]", f"is the same ACL as {label}[{seen[acl]}]"))
        seen.setdefault(acl, index)
        if acl in own:
            problems.append(
                (
                    f"{label}[{index}]",
                    f"is one of the admin {admin}'s own ACLs, which the component adds; remove it",
                )
            )
        locks_out = (
            admin is not None
            and acl.principal in (admin, f"{rules['principal_type']}:*")
            and acl.resource_type == "Cluster"
            and acl.permission == "Deny"
            and acl.operation in (*rules["admin_operations"], rules["all_operation"])
        )
        if locks_out:
            problems.append(
                (
                    f"{label}[{index}]",
                    f"denies {acl.operation} on the Cluster to {acl.principal}, which covers "
                    f"the admin {admin} the ACLs are managed as: a Deny wins over its Allow, "
                    "and it could make no ACL again",
                )
            )
    return problems


def check_acls(draft: Draft) -> None:
    """msk:acls and msk:aclAdmin: each ACL, the auth modes they govern, the admin user."""
    if draft.serverless or not draft.ok(ACLS_KEY):
        return
    acls = draft.value(ACLS_KEY) or ()
    admin = draft.value(ADMIN_KEY)
    if not acls:
        if admin is not None:
            draft.fail(ADMIN_KEY, "has no ACLs to manage; give msk:acls too, or remove it")
        return
    auth = draft.value("auth") or {}
    if not (auth.get("scram") or auth.get("tls")):
        draft.fail(
            ACLS_KEY,
            "govern SASL/SCRAM and mutual-TLS clients, and neither is on (IAM clients follow "
            "IAM policy, never ACLs; use msk:grants for them); set msk:auth.scram or "
            "msk:auth.tls",
        )
    users = draft.value("scramUsers") or ()
    iam = iam_on(draft)
    if iam and admin is not None:
        draft.fail(
            ADMIN_KEY,
            "is not used with msk:auth.iam: the Kafka provider signs in with IAM, as the "
            "identity that runs pulumi up, which ACLs never lock out; remove it",
        )
    elif not iam and admin is None:
        draft.fail(
            ADMIN_KEY,
            "is required with msk:acls on a cluster without IAM: name the msk:scramUsers user "
            "the Kafka provider manages the ACLs as"
            + (f", e.g. {users[0]!r}" if users else "")
            + " (or turn msk:auth.iam on, and the provider signs in with IAM)",
        )
    elif not iam and draft.ok("scramUsers") and admin not in users:
        draft.fail(
            ADMIN_KEY,
            f"{show(admin)} is not one of msk:scramUsers"
            + (f" ({', '.join(users)})" if users else " (there are none)")
            + "; the provider reads the admin's password from the secret the stack makes for "
            "that user",
        )
    found: list[tuple[str, str]] = []
    for index, item in enumerate(acls):
        found += acl_problems(item, f"msk:{ACLS_KEY}[{index}]")
    if not found:
        principal = admin_principal(admin) if isinstance(admin, str) else None
        found += set_problems([acl_from_item(a) for a in acls], principal, f"msk:{ACLS_KEY}")
    for key, message in found:
        draft.reader.fail(key, message)
    if found:
        return
    rules = catalog.kafka_acl_rules()
    prop = rules["property"]
    if iam:
        draft.warnings.append(
            "msk:acls: the Kafka provider signs in with IAM over the brokers' IAM listener "
            f"(port {catalog.port('sasl_iam')}), as the AWS identity that runs pulumi up (the "
            "default credential chain where it runs); that identity needs "
            f"{', '.join(model()['iam_admin_actions'])} on this cluster (Kafka's CreateAcls "
            "and DeleteAcls need ALTER on the cluster, DescribeAcls DESCRIBE), e.g. from an "
            "msk:grants entry with admin: true for its role, deployed first, or a policy of its "
            "own. ACLs never govern it, so deny-unless-ACL can't lock it out"
        )
    elif denies_unless_acl(draft):
        draft.warnings.append(
            f"msk:{OPT_IN}: true with msk:acls on a cluster without IAM: the brokers take "
            f"{prop}={rules['deny_value']} with the cluster's configuration, before the Kafka "
            f"provider makes any ACL, and then refuse the admin {admin} its first ACL (none "
            "allows it yet). Set it true only once the ACLs, the admin's included, exist: in a "
            "deploy after the one that made them (on a new cluster, or when adding msk:acls, "
            "deploy first without it; the change plan refuses the deploy that would do both)"
        )
