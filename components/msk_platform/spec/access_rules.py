"""Kafka ACLs: when the brokers deny whatever no ACL allows, and what must come first.

MSK sets ``allow.everyone.if.no.acl.found=true``; with ``false``, a resource no ACL names is
open to super users alone, and MSK makes only the brokers super users and lets no one set
``super.users``. SASL/SCRAM, mutual-TLS and unauthenticated clients are then refused everything
until ACLs allow them, and none of them can create the first ACL; IAM clients are governed by
IAM policies and never by ACLs (catalog: kafka_acls). Whatever manages ACLs must create them
through a principal ACLs can't lock out (an IAM client), or before the configuration revision
that denies: the brokers take that revision with the cluster, before any ACL can be made.

So deny-unless-ACL is on by default only where both hold: the program manages the ACLs
(``msk:acls``) and IAM is on, so the Kafka provider makes them as an IAM client, in one deploy.
Without IAM it is on only when the stack asks (``msk:denyUnlessAcl: true``), with a warning that
the ACLs, the admin's included, must exist by then: a later deploy than the one that makes them.
"""

from collections.abc import Mapping

from .. import catalog
from .draft import Draft
from .keys import KEYS_BY_NAME

OPT_IN = "denyUnlessAcl"
MANAGED_ACLS = "acls"  # the key that will declare Kafka ACLs; absent until ACLs are managed


def acls_managed(draft: Draft) -> bool:
    """True when this stack declares the ACLs the program creates."""
    return MANAGED_ACLS in KEYS_BY_NAME and bool(draft.value(MANAGED_ACLS))


def iam_on(draft: Draft) -> bool:
    """True when IAM clients may connect: the Kafka provider can then sign in as one."""
    return bool((draft.value("auth") or {}).get("iam"))


def denies_unless_acl(draft: Draft) -> bool:
    """Deny-unless-ACL as asked: ``msk:denyUnlessAcl`` where given, else on exactly when the
    program manages the ACLs as an IAM client, which deny-unless-ACL can't lock out."""
    if draft.serverless:
        return False
    if OPT_IN in draft.given:
        return draft.value(OPT_IN) is True
    return acls_managed(draft) and iam_on(draft)


def acl_properties(draft: Draft) -> dict[str, str]:
    """The broker property that denies unless an ACL allows, when that is asked; else none,
    leaving MSK's default (everyone may use what no ACL names)."""
    rules = catalog.kafka_acl_rules()
    return {rules["property"]: rules["deny_value"]} if denies_unless_acl(draft) else {}


def _governed_modes(draft: Draft) -> list[str]:
    """The enabled auth modes whose clients Kafka ACLs govern (not IAM's)."""
    auth = draft.value("auth") or {}
    return [mode for mode in catalog.kafka_acl_rules()["applies_to_auth"] if auth.get(mode)]


_MODE_WORDS = {"scram": "SASL/SCRAM", "tls": "mutual-TLS", "unauthenticated": "unauthenticated"}


def check_acl_strategy(draft: Draft) -> None:
    """Runs once the server properties are resolved: the effective value decides."""
    if draft.serverless or not draft.ok(OPT_IN) or not draft.ok("serverProperties"):
        return
    rules = catalog.kafka_acl_rules()
    prop, deny = rules["property"], rules["deny_value"]
    given = draft.given.get("serverProperties")  # as written (value() is the effective map)
    given = given if isinstance(given, Mapping) else {}
    effective = draft.resolved.get("serverProperties")
    if not isinstance(effective, Mapping):
        return
    value = str(effective.get(prop, rules["msk_default"])).strip().lower()
    written = str(given.get(prop, "")).strip().lower()
    if OPT_IN in draft.given and written in ("true", "false"):
        asked = deny if draft.value(OPT_IN) is True else rules["msk_default"]
        if written != asked:
            draft.fail(
                OPT_IN,
                f"is {str(draft.value(OPT_IN)).lower()}, but msk:serverProperties sets "
                f"{prop}={given[prop]}, which says the opposite; remove one of the two",
            )
            return
    modes = [_MODE_WORDS[mode] for mode in _governed_modes(draft)]
    source = f"msk:serverProperties.{prop}" if written else f"msk:{OPT_IN}"
    if value != deny:
        if modes and acls_managed(draft) and not iam_on(draft):
            draft.warnings.append(
                f"msk:acls: deny-unless-ACL stays off ({prop}={rules['msk_default']}) on a "
                "cluster without IAM: the brokers would take it with the cluster's "
                "configuration, before the Kafka provider makes the admin's ACLs, and then "
                "refuse the admin. Once a deploy has made the ACLs, set "
                f"msk:{OPT_IN}: true and deploy again"
            )
        elif modes:
            draft.warnings.append(
                f"msk:auth: {' and '.join(modes)} clients may use every topic and group no ACL "
                f"names (MSK's default {prop}={rules['msk_default']}): to deny unless an ACL "
                f"allows, create the ACLs, then set msk:{OPT_IN}: true"
            )
        return
    if not modes:
        draft.warnings.append(
            f"{source}: denying unless an ACL allows has no effect here; only IAM clients "
            "can connect, and IAM policies authorize them, never Kafka ACLs"
        )
        return
    if acls_managed(draft):
        return
    iam = iam_on(draft)
    refused = (
        f"{source}: {' and '.join(modes)} clients are refused every topic, group and cluster "
        "action no Kafka ACL allows, and this stack creates no ACLs."
    )
    if iam:
        draft.warnings.append(
            f"{refused} Until ACLs allow them they can do nothing: create each one's ACLs "
            "through an IAM client with an admin grant (msk:grants admin: true), which ACLs "
            f"don't govern, or before turning it on, while {prop} is still true"
        )
        return
    draft.warnings.append(
        f"{refused} Create the ACLs first (an admin principal's on the cluster, topics and "
        f"groups, and each client's) while {prop} is still true: once it is on, none of these "
        "clients can create one and MSK lets no super.users be set, so nobody could use the "
        f"cluster. On a new cluster, deploy with msk:{OPT_IN} false, create the ACLs, then "
        "turn it on"
    )
