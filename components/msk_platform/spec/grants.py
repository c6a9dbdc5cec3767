"""Rules for client grants: who, and exactly which topics, groups and transactional ids.

Names may end in `*` to grant a prefix; a bare `*` is refused (ask for `admin` instead), so
no grant reaches further than its author wrote.
"""

import json
import re
from collections.abc import Sequence

from .draft import Draft
from .values import show, type_name

# IAM's own patterns, ASCII only (in Python \w and \d would take any script's letters and
# digits) and matched whole.
ROLE_NAME = re.compile(r"[\w+=,.@-]{1,64}", re.ASCII)
ROLE_ARN = re.compile(
    r"arn:aws[a-z-]*:iam::[0-9]{12}:role/(?:[\w+=,.@/-]*/)?([\w+=,.@-]{1,64})", re.ASCII
)
RESOURCE_NAME = re.compile(r"[a-zA-Z0-9._-]{1,249}\*?")


INTERNAL_PREFIX = "__"  # catalog: topics.reserved_prefix


def name_problems(names, label: str, writes: bool = False) -> list[tuple[str, str]]:
    """(key, message) for each topic, group or transactional id that is not a name or prefix;
    ``writes``: the names are topics a client will write, which must not be internal ones."""
    problems = []
    for index, name in enumerate(names or ()):
        if name == "*":
            problems.append(
                (
                    f"{label}[{index}]",
                    "'*' grants everything; name topics or a "
                    "prefix such as 'orders.*', or use admin: true",
                )
            )
        elif not isinstance(name, str):
            problems.append((f"{label}[{index}]", f"{show(name)} is {type_name(name)}; use text"))
        elif not RESOURCE_NAME.fullmatch(name):
            problems.append(
                (
                    f"{label}[{index}]",
                    f"{show(name)} is not a name or a prefix ending in '*'; use 1–249 of "
                    "a-z A-Z 0-9 . _ -",
                )
            )
        elif writes and name.startswith(INTERNAL_PREFIX):
            problems.append(
                (
                    f"{label}[{index}]",
                    f"{show(name)} names an internal topic ('{INTERNAL_PREFIX}'), which no client "
                    "should write; remove it",
                )
            )
    return problems


def role_name_from_arn(arn: str) -> str | None:
    match = ROLE_ARN.fullmatch(arn)
    return match.group(1) if match else None


ACCOUNT_ID = re.compile(r"[0-9]{12}", re.ASCII)
ARN_ACCOUNT = re.compile(r"arn:[^:]*:[^:]*:[^:]*:([0-9]{12}):.*", re.ASCII | re.DOTALL)


def account_of(arn) -> str | None:
    """The 12-digit account an ARN names, or None (not text, or no account in it)."""
    match = ARN_ACCOUNT.fullmatch(arn) if isinstance(arn, str) else None
    return match.group(1) if match else None


ALLOWED_ACCOUNTS_KEY = "aws:allowedAccountIds"  # the AWS provider refuses any other account


def allowed_accounts(config) -> tuple[str, ...]:
    """The accounts a stack's config lets the AWS provider deploy to (``aws:allowedAccountIds``,
    a list, or the JSON text the engine hands over); empty when it names none."""
    value = config.get(ALLOWED_ACCOUNTS_KEY)
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            value = [value]
    if not isinstance(value, (list, tuple)):
        return ()
    return tuple(str(item) for item in value if ACCOUNT_ID.fullmatch(str(item)))


def foreign_role_problems(grants, deploying_accounts) -> list[tuple[str, str]]:
    """(key, message) for each grant (a spec's GrantSpec) whose roleArn is in none of
    ``deploying_accounts`` (those the stack may deploy to, e.g. the AWS provider's
    allowedAccountIds): IAM puts an inline policy only on a role of the caller's account."""
    accounts = sorted(set(deploying_accounts))
    problems = []
    for index, grant in enumerate(grants):
        arn = grant.role_arn
        account = account_of(arn)
        if account is None or not accounts or account in accounts:
            continue
        problems.append(
            (f"msk:grants[{index}].roleArn", foreign_role_message(arn, account, accounts))
        )
    return problems


def foreign_role_message(arn: str, account: str, deploying: Sequence[str]) -> str:
    """Why a role of ``account`` can't be granted from a stack deploying to ``deploying``."""
    return (
        f"{arn} is a role of account {account}, but this stack deploys to account "
        f"{' or '.join(deploying)}; IAM puts an inline policy only on a role of the deploying "
        "account (PutRolePolicy takes a role name, no account), so its name would reach a "
        f"namesake there, or nothing. Grant it from a stack in account {account}"
    )


def _check_one_account(draft: Draft, grants) -> None:
    """Roles given by ARN in two accounts: at most one can be the deploying account, and the
    policy of a role in any other would land on a namesake in the deploying one."""
    first: dict[str, int] = {}  # account -> the first grant naming it
    for index, grant in enumerate(grants):
        arn = grant["role_arn"]
        account = account_of(arn) if isinstance(arn, str) and role_name_from_arn(arn) else None
        if account is not None:
            first.setdefault(account, index)
    if len(first) < 2:
        return
    (home, home_index), *others = first.items()
    for account, index in others:
        draft.reader.fail(
            f"msk:grants[{index}].roleArn",
            f"is a role of account {account}, but msk:grants[{home_index}].roleArn is one of "
            f"account {home}; a stack deploys to one account, and IAM puts an inline policy "
            "only on a role of that account (PutRolePolicy takes a role name, no account). "
            "Grant each account's roles from a stack in that account",
        )


def check_grants(draft: Draft) -> None:
    grants = draft.value("grants")
    if not grants or not draft.ok("grants"):
        return
    roles: dict[str, int] = {}  # role name -> the grant that names it first
    for index, grant in enumerate(grants):
        label = f"msk:grants[{index}]"
        name, arn = grant["role_name"], grant["role_arn"]
        role = None
        if (name is None) == (arn is None):
            draft.reader.fail(label, "give exactly one of roleName or roleArn")
        elif name is not None and not ROLE_NAME.fullmatch(name):
            draft.reader.fail(
                f"{label}.roleName",
                f"{show(name)} is not an IAM role name; use 1–64 of A-Z a-z 0-9 and + = , . @ _ -",
            )
        elif isinstance(arn, str) and role_name_from_arn(arn) is None:
            draft.reader.fail(
                f"{label}.roleArn",
                f"{show(arn)} is not an IAM role ARN; use arn:aws:iam::<account>:role/<name> "
                "(a 12-digit account, ASCII)",
            )
        else:
            role = (
                name
                if name is not None
                else role_name_from_arn(arn)
                if isinstance(arn, str)
                else None
            )
        if role is not None and role in roles:
            field = "roleName" if name is not None else "roleArn"
            draft.reader.fail(
                f"{label}.{field}",
                f"names role {show(role)} again (msk:grants[{roles[role]}] already grants to it); "
                "give each role one entry with all its topics and groups",
            )
        elif role is not None:
            roles[role] = index
        if not (grant["produce"] or grant["consume"] or grant["admin"]):
            draft.reader.fail(label, "grants nothing; list produce or consume topics, or admin")
        if grant["consume"] and not grant["groups"]:
            draft.reader.fail(
                f"{label}.groups",
                "is empty, but consumers need a consumer group; "
                "name it (or a prefix such as 'orders-*')",
            )
        if grant["groups"] and not grant["consume"]:
            draft.reader.fail(f"{label}.groups", "are given but nothing to consume; add consume")
        if grant["transactional_ids"] and not grant["produce"]:
            draft.reader.fail(f"{label}.transactionalIds", "need produce topics")
        for field in ("produce", "consume", "groups", "transactional_ids"):
            camel = "transactionalIds" if field == "transactional_ids" else field
            for key, message in name_problems(
                grant[field], f"{label}.{camel}", writes=field == "produce"
            ):
                draft.reader.fail(key, message)
    _check_one_account(draft, grants)
