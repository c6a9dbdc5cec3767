"""SASL/SCRAM users: a generated password per user, kept in Secrets Manager, associated.

MSK reads SCRAM credentials only from secrets named ``AmazonMSK_…`` and encrypted with a
customer-managed key, so each secret uses the cluster's key. One association per user: the
plural association resource owns the whole list and would drop users added elsewhere.

A deleted secret keeps its name for its recovery window. A protected stack keeps the longest
window, the most time to restore a credential deleted by mistake; an unprotected one (dev)
deletes at once, so the stack can be destroyed and created again the same day.
"""

import pulumi
import pulumi_aws as aws
import pulumi_random as random

from .. import catalog
from ..spec import ClusterSpec
from .safety import child_options
from .tags import tags_for

PASSWORD_LENGTH = 32
# JSON- and shell-safe specials: no quotes, backslashes, slashes, '@' or spaces.
PASSWORD_SPECIALS = "!#%&*()-_=+[]{}<>:?"


def secret_name(spec: ClusterSpec, user: str) -> str:
    return f"{catalog.scram_rules()['name_prefix']}{spec.cluster_name}_{user}"


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
) -> dict[str, pulumi.Output]:
    """Secret ARN by user name (never the password)."""
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
        aws.msk.SingleScramSecretAssociation(
            f"{name}-scram-{user}",
            cluster_arn=cluster_arn,
            secret_arn=secret.arn,
            opts=child_options(
                spec, parent, aws.msk.SingleScramSecretAssociation, depends_on=[value]
            ),
        )
        arns[user] = secret.arn
    return arns
