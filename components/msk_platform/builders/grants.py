"""Least-privilege IAM for Kafka clients: exactly the ``kafka-cluster:*`` actions each kind of
client needs, on the cluster and on topic, group and transactional-id ARNs built from it.

The policy documents are pure functions of the cluster ARN (tested directly); the builder
attaches one role policy per grant.

Two IAM rules shape the attachment (catalog: iam_inline_policies):
- an inline policy's name is unique per role only, and a second writer of the same name
  replaces the first: so the name carries the project, stack and cluster, and two stacks
  granting the same role keep a policy each;
- PutRolePolicy names the role without an account, so the policy lands on the role of that
  name in the deploying account: a role given by ARN in another account is refused, never
  quietly swapped for a namesake.
"""

import hashlib
import json
import re
from collections.abc import Sequence

import pulumi
import pulumi_aws as aws

from .. import catalog
from ..errors import MskConfigError, Problem
from ..spec.grants import account_of, foreign_role_message

DIGEST_CHARS = 8  # of the name's SHA-256: stable, and unique where truncation cut the rest


def _iam_safe(text: str, pattern: str) -> str:
    """``text`` with every character IAM's name ``pattern`` refuses replaced by '-'."""
    allowed = re.compile(pattern, re.ASCII)
    return "".join(c if allowed.fullmatch(c) else "-" for c in text)


def policy_name(project: str, stack: str, cluster_name: str, kind: str, role_label: str) -> str:
    """The inline policy's IAM name: `<cluster>-<kind>-<role>` under the project and stack,
    then a digest of all five, within IAM's 128 characters. Deterministic: the same stack and
    cluster always give the same name, so nothing is replaced from one run to the next."""
    rule = catalog.iam_inline_policy_rules()["policy_name"]
    own = f"{project}-{stack}"
    scope = cluster_name if cluster_name.startswith(own) else f"{own}-{cluster_name}"
    readable = _iam_safe(f"{scope}-{kind}-{role_label}", rule["pattern"])
    identity = "\n".join((project, stack, cluster_name, kind, role_label))
    digest = hashlib.sha256(identity.encode()).hexdigest()[:DIGEST_CHARS]
    return f"{readable[: rule['max_chars'] - DIGEST_CHARS - 1]}-{digest}"


def _actions(kind: str) -> list[str]:
    return list(catalog.client_access()["iam_actions"][kind])


def resource_arn(cluster_arn: str, kind: str, name: str) -> str:
    """arn:…:cluster/<cluster>/<uuid> -> arn:…:<kind>/<cluster>/<uuid>/<name> (prefix* kept)."""
    head, _, path = cluster_arn.partition(":cluster/")
    if not path:
        raise ValueError(f"{cluster_arn!r} is not an MSK cluster ARN")
    arn_kind = catalog.client_access()["arn_kinds"][kind]
    return f"{head}:{arn_kind}/{path}/{name}"


def _statement(sid: str, actions: list[str], resources: list[str]) -> dict:
    return {"Sid": sid, "Effect": "Allow", "Action": actions, "Resource": resources}


def produce_policy(
    cluster_arn: str,
    topics: Sequence[str],
    idempotent: bool = False,
    transactional_ids: Sequence[str] = (),
) -> dict:
    connect = _actions("connect")
    if idempotent or transactional_ids:
        connect += _actions("idempotent_cluster")
    statements = [
        _statement("Connect", connect, [cluster_arn]),
        _statement(
            "WriteTopics",
            _actions("produce_topic"),
            [resource_arn(cluster_arn, "topic", t) for t in topics],
        ),
    ]
    if transactional_ids:
        statements.append(
            _statement(
                "UseTransactionalIds",
                _actions("transactional_id"),
                [resource_arn(cluster_arn, "transactional_id", t) for t in transactional_ids],
            )
        )
    return {"Version": "2012-10-17", "Statement": statements}


def consume_policy(cluster_arn: str, topics: Sequence[str], groups: Sequence[str]) -> dict:
    return {
        "Version": "2012-10-17",
        "Statement": [
            _statement("Connect", _actions("connect"), [cluster_arn]),
            _statement(
                "ReadTopics",
                _actions("consume_topic"),
                [resource_arn(cluster_arn, "topic", t) for t in topics],
            ),
            _statement(
                "UseGroups",
                _actions("consume_group"),
                [resource_arn(cluster_arn, "group", g) for g in groups],
            ),
        ],
    }


def admin_policy(cluster_arn: str) -> dict:
    return {
        "Version": "2012-10-17",
        "Statement": [
            _statement(
                "Administer",
                _actions("admin"),
                [
                    cluster_arn,
                    resource_arn(cluster_arn, "topic", "*"),
                    resource_arn(cluster_arn, "group", "*"),
                    resource_arn(cluster_arn, "transactional_id", "*"),
                ],
            ),
        ],
    }


def policy_document(
    cluster_arn: pulumi.Input[str],
    document,
    role_arn: pulumi.Input[str] | None = None,
    key: str = "",
) -> pulumi.Output[str]:
    """The policy JSON, built from the cluster ARN once it is known. With ``role_arn``, the
    role must be in the cluster's account: the cluster and the policy are made by the same
    provider, so that is the account the policy lands in, and a role of another account would
    have its name reach a namesake here (or nothing). Refused with MskConfigError naming
    ``key`` before the policy exists; not judged while either ARN is unknown (a preview)."""

    def render(values: list) -> str:
        cluster, arn = values
        role_account, cluster_account = account_of(arn), account_of(cluster)
        if role_account and cluster_account and role_account != cluster_account:
            message = foreign_role_message(arn, role_account, [cluster_account])
            raise MskConfigError([Problem(key, message)])
        return json.dumps(document(cluster))

    return pulumi.Output.all(cluster_arn, role_arn).apply(render)


def attach_policy(
    resource_name: str,
    policy_name: str,
    parent: pulumi.Resource,
    role: pulumi.Input[str],
    policy: pulumi.Input[str],
) -> aws.iam.RolePolicy:
    """One inline role policy, named for IAM by ``policy_name``."""
    return aws.iam.RolePolicy(
        resource_name,
        name=policy_name,
        role=role,
        policy=policy,
        opts=pulumi.ResourceOptions(parent=parent),
    )


# -- Glue Schema Registry access (catalog: schema_registry) --------------------------------


def glue_arn(cluster_arn: str, kind: str, path: str) -> str:
    """The Glue ARN of a registry or schema made beside the cluster (same provider: same
    partition, Region and account): arn:…:kafka:<r>:<a>:cluster/… ->
    arn:…:glue:<r>:<a>:<kind>/<path>."""
    parts = cluster_arn.split(":", 5)
    if len(parts) < 6 or parts[2] != "kafka":
        raise ValueError(f"{cluster_arn!r} is not an MSK cluster ARN")
    partition, _service, region, account = parts[1:5]
    arn_kind = catalog.raw()["schema_registry"]["arn_kinds"][kind]
    return f"arn:{partition}:glue:{region}:{account}:{arn_kind}/{path}"


def schema_statement(
    cluster_arn: str, kind: str, registry: str, schemas: Sequence[str]
) -> dict | None:
    """What a Glue Schema Registry serializer (``produce``) or deserializer (``consume``)
    needs for ``schemas`` of ``registry``, and no more (no auto-registration): serializers look
    a definition up on the registry and those schemas; deserializers fetch a version by the id
    each record carries, which names no schema, so IAM can only match it on ``*``."""
    if not schemas:
        return None
    rules = catalog.raw()["schema_registry"]
    if kind == "produce":
        resources = [glue_arn(cluster_arn, "registry", registry)] + [
            glue_arn(cluster_arn, "schema", f"{registry}/{name}") for name in schemas
        ]
        return _statement("SerializeSchemas", list(rules["iam_actions"]["serializer"]), resources)
    return _statement(
        "DeserializeSchemas",
        list(rules["iam_actions"]["deserializer"]),
        [rules["deserializer_resource"]],
    )


def with_schemas(document: dict, statement: dict | None) -> dict:
    """``document`` with the schema statement added, if there is one."""
    if statement is None:
        return document
    return {**document, "Statement": [*document["Statement"], statement]}
