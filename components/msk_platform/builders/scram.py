"""SASL/SCRAM users: a generated password per user, kept in Secrets Manager, associated.

MSK reads SCRAM credentials only from secrets named ``AmazonMSK_…`` and encrypted with a
customer-managed key, so each secret uses the cluster's key. One association per user: the
plural association resource owns the whole list and would drop users added elsewhere.
"""

import pulumi
import pulumi_aws as aws
import pulumi_random as random

from .. import catalog
from ..spec import ClusterSpec
from .tags import tags_for

PASSWORD_LENGTH = 32
# JSON- and shell-safe specials: no quotes, backslashes, slashes, '@' or spaces.
PASSWORD_SPECIALS = "!#%&*()-_=+[]{}<>:?"


def secret_name(spec: ClusterSpec, user: str) -> str:
    return f"{catalog.scram_rules()['name_prefix']}{spec.cluster_name}_{user}"


def build_scram_users(
    spec: ClusterSpec,
    name: str,
    parent: pulumi.Resource,
    cluster_arn: pulumi.Input[str],
    key_arn: pulumi.Input[str],
) -> dict[str, pulumi.Output]:
    """Secret ARN by user name (never the password)."""
    child = pulumi.ResourceOptions(parent=parent)
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
            opts=child,
        )
        secret = aws.secretsmanager.Secret(
            f"{name}-scram-{user}",
            name=secret_name(spec, user),
            description=f"SASL/SCRAM credentials of {user} on MSK cluster {spec.cluster_name}",
            kms_key_id=key_arn,
            tags=tags_for(spec),
            opts=pulumi.ResourceOptions(parent=parent, retain_on_delete=spec.retain_on_delete),
        )
        value = aws.secretsmanager.SecretVersion(
            f"{name}-scram-{user}",
            secret_id=secret.id,
            secret_string=pulumi.Output.json_dumps({"username": user, "password": password.result}),
            opts=child,
        )
        aws.msk.SingleScramSecretAssociation(
            f"{name}-scram-{user}",
            cluster_arn=cluster_arn,
            secret_arn=secret.arn,
            opts=pulumi.ResourceOptions(parent=parent, depends_on=[value]),
        )
        arns[user] = secret.arn
    return arns
