"""SASL/SCRAM users: a generated password per user, kept in Secrets Manager, associated.

MSK reads SCRAM credentials only from secrets named ``AmazonMSK_…`` and encrypted with a
customer-managed key, so each secret uses the cluster's key. One association per user: the
plural association resource owns the whole list and would drop users added elsewhere.

A deleted secret keeps its name for its recovery window. A protected stack keeps the longest
window, the most time to restore a credential deleted by mistake; an unprotected one (dev)
deletes at once, so the stack can be destroyed and created again the same day.

Secrets a stack brings (``msk:scramSecretArns``) get the same one-per-secret association and
nothing else: the secret is the stack's own, never made, protected or deleted here. Removing
an ARN deletes only its association.
"""

from collections.abc import Callable
from dataclasses import dataclass

import pulumi
import pulumi_aws as aws
import pulumi_random as random

from .. import catalog
from ..errors import MskConfigError, Problem
from ..spec import ClusterSpec
from ..spec.bring_your_own_rules import parse_secret_arn, scram_secret_name
from .safety import child_options
from .tags import tags_for

PASSWORD_LENGTH = 32
# JSON- and shell-safe specials: no quotes, backslashes, slashes, '@' or spaces.
PASSWORD_SPECIALS = "!#%&*()-_=+[]{}<>:?"


@dataclass(frozen=True)
class ScramCredential:
    """A generated SCRAM user as the Kafka provider signs in with it: the password stays a
    secret Output, and the association must exist before the brokers accept it."""

    username: str
    password: pulumi.Output
    association: aws.msk.SingleScramSecretAssociation


def secret_name(spec: ClusterSpec, user: str) -> str:
    return scram_secret_name(spec.cluster_name, user)


def recovery_window_days(spec: ClusterSpec) -> int:
    """How long a deleted SCRAM secret can be restored (and keeps its name): the longest
    window when the stack is protected, none (deleted at once) when it is not."""
    deletion = catalog.scram_rules()["deletion"]
    if spec.protect:
        return max(deletion["recovery_window_days"])
    return deletion["force_delete_recovery_window_days"]


def build_scram_users(
    spec: ClusterSpec,
    name: str,
    parent: pulumi.Resource,
    cluster_arn: pulumi.Input[str],
    key_arn: pulumi.Input[str],
    credentials: dict[str, ScramCredential] | None = None,
) -> dict[str, pulumi.Output]:
    """Secret ARN by user name (never the password). ``credentials``, when given, gets each
    user's password (a secret Output) and association, for the Kafka ACLs' provider."""
    arns = {}
    for user in spec.scram_users:
        password = random.RandomPassword(
            f"{name}-scram-{user}",
            length=PASSWORD_LENGTH,
            special=True,
            override_special=PASSWORD_SPECIALS,
            min_lower=1,
            min_upper=1,
            min_numeric=1,
            min_special=1,
            opts=child_options(spec, parent, random.RandomPassword),
        )
        secret = aws.secretsmanager.Secret(
            f"{name}-scram-{user}",
            name=secret_name(spec, user),
            description=f"SASL/SCRAM credentials of {user} on MSK cluster {spec.cluster_name}",
            kms_key_id=key_arn,
            recovery_window_in_days=recovery_window_days(spec),
            tags=tags_for(spec),
            opts=child_options(spec, parent, aws.secretsmanager.Secret),
        )
        value = aws.secretsmanager.SecretVersion(
            f"{name}-scram-{user}",
            secret_id=secret.id,
            secret_string=pulumi.Output.json_dumps({"username": user, "password": password.result}),
            opts=child_options(spec, parent, aws.secretsmanager.SecretVersion),
        )
        association = aws.msk.SingleScramSecretAssociation(
            f"{name}-scram-{user}",
            cluster_arn=cluster_arn,
            secret_arn=secret.arn,
            opts=child_options(
                spec, parent, aws.msk.SingleScramSecretAssociation, depends_on=[value]
            ),
        )
        arns[user] = secret.arn
        if credentials is not None:
            credentials[user] = ScramCredential(
                user, pulumi.Output.secret(password.result), association
            )
    return arns


def existing_secret_label(index: int, arn: pulumi.Input[str]) -> str:
    """What names the association of a stack's own secret: the secret's name where the ARN is
    known, so reordering msk:scramSecretArns replaces nothing; its place in the list if not."""
    parts = parse_secret_arn(arn) if isinstance(arn, str) else None
    return parts["name"] if parts is not None else str(index)


def customer_key_checked(arns: list) -> pulumi.Output[list]:
    """The secrets' ARNs once Secrets Manager says each is under a customer-managed key: MSK
    can't read a secret under the AWS managed key (DescribeSecret gives no KmsKeyId for it).
    The lookups run at preview, so the stack fails there, naming every such entry of
    ``msk:scramSecretArns``, instead of after the cluster's half-hour create."""
    rules = catalog.bring_your_own_rules()["scram_secrets"]
    described = [
        pulumi.Output.all(arn, aws.secretsmanager.get_secret_output(arn=arn).kms_key_id)
        for arn in arns
    ]

    def check(pairs: list) -> list:
        problems = []
        for index, (secret_arn, key_id) in enumerate(pairs):
            if key_id and key_id not in rules["aws_managed_key_ids"]:
                continue
            shown = f"key {key_id!r}" if key_id else "the AWS managed key aws/secretsmanager"
            problems.append(
                Problem(
                    f"msk:scramSecretArns[{index}]",
                    f"{secret_arn} is encrypted with {shown}, whose secrets MSK can't read; "
                    "re-encrypt it with a customer-managed KMS key (aws secretsmanager "
                    "update-secret --kms-key-id <key ARN>) and deploy again",
                )
            )
        if problems:
            raise MskConfigError(problems)
        return [secret_arn for secret_arn, _ in pairs]

    return pulumi.Output.all(*described).apply(check)


def _item(index: int) -> Callable[[list], str]:
    """The ``index``-th of a list, as an apply's function (bound now, not at the loop's end)."""

    def pick(items: list) -> str:
        return items[index]

    return pick


def associate_existing_secrets(
    spec: ClusterSpec, name: str, parent: pulumi.Resource, cluster_arn: pulumi.Input[str]
) -> list[aws.msk.SingleScramSecretAssociation]:
    """One association per secret of ``msk:scramSecretArns``. Named ``<name>-existing-scram-``
    so that none can meet a created user's (``<name>-scram-<user>``)."""
    checked = customer_key_checked(list(spec.scram_secret_arns))
    return [
        aws.msk.SingleScramSecretAssociation(
            f"{name}-existing-scram-{existing_secret_label(index, arn)}",
            cluster_arn=cluster_arn,
            secret_arn=checked.apply(_item(index)),
            opts=child_options(spec, parent, aws.msk.SingleScramSecretAssociation),
        )
        for index, arn in enumerate(spec.scram_secret_arns)
    ]
