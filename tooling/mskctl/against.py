"""``plan --against FILE``: what a change would replace, compared with an earlier plan.

AWS replaces an MSK cluster, and the data on it, when any of the inputs below change
(pulumi-notes.md, from the AWS provider's schema). The plan can see those inputs, so it says
so, by the ``msk:`` key to change back, before anyone runs ``pulumi up``.
"""

import json
from pathlib import Path

from msk_platform.builders.safety import volume_change_problem
from msk_platform.catalog import version_key

from .inputs import MISSING, dig

CLUSTER = "aws:msk/cluster:Cluster"
SERVERLESS = "aws:msk/serverlessCluster:ServerlessCluster"
SECURITY_GROUP = "aws:ec2/securityGroup:SecurityGroup"

# (resource type, input path, the key that drives it, what the change replaces)
REPLACING_INPUTS = (
    (CLUSTER, "brokerNodeGroupInfo.clientSubnets", "msk:subnetIds", "the cluster"),
    (CLUSTER, "brokerNodeGroupInfo.securityGroups", "the brokers' security group", "the cluster"),
    (CLUSTER, "clusterName", "msk:clusterName", "the cluster"),
    (CLUSTER, "encryptionInfo.encryptionAtRestKmsKeyArn", "msk:kmsKeyArn", "the cluster"),
    (
        CLUSTER,
        "encryptionInfo.encryptionInTransit.inCluster",
        "msk:inClusterEncryption",
        "the cluster",
    ),
    (SERVERLESS, "vpcConfigs", "msk:subnetIds", "the serverless cluster"),
    (SERVERLESS, "clusterName", "msk:clusterName", "the serverless cluster"),
    (SECURITY_GROUP, "vpcId", "msk:vpcId", "the security group, and so the cluster"),
    (SECURITY_GROUP, "description", "msk:clusterName", "the security group, and so the cluster"),
)
DATA_HOLDERS = (CLUSTER, SERVERLESS)


class AgainstError(ValueError):
    """The earlier plan can't be read: a usage error."""


def load_plan(path: Path) -> dict:
    try:
        document = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise AgainstError(f"--against {path}: can't read a plan there ({error})") from error
    if not isinstance(document, dict) or not isinstance(document.get("resources"), list):
        raise AgainstError(f"--against {path}: not a plan document (run `mskctl plan --json`)")
    return document


def _known(value) -> bool:
    """False for values only the cloud knows (null in a plan, at any depth)."""
    if value is None:
        return False
    if isinstance(value, list):
        return all(_known(v) for v in value)
    if isinstance(value, dict):
        return all(_known(v) for v in value.values())
    return True


def replacement_warnings(before: dict, after: dict) -> list[str]:
    """Each change that makes AWS replace a data-holding resource, named by its key."""
    old = {(r["type"], r["name"]): r for r in before["resources"]}
    new = {(r["type"], r["name"]): r for r in after["resources"]}
    warnings = []
    for type_, name in old:
        if type_ in DATA_HOLDERS and (type_, name) not in new:
            warnings.append(
                f"{name} ({type_}) is no longer in the plan: `pulumi up` would "
                "delete it and the data on it (msk:clusterType or the component name "
                "changed?)"
            )
    for type_, path, key, what in REPLACING_INPUTS:
        for (kind, name), resource in new.items():
            previous = old.get((kind, name))
            if kind != type_ or previous is None:
                continue
            was, now = dig(previous["inputs"], path), dig(resource["inputs"], path)
            if was is MISSING or now is MISSING or was == now:
                continue
            if not (_known(was) and _known(now)):
                continue
            warnings.append(
                f"{key}: {json.dumps(was)} -> {json.dumps(now)} replaces {what} "
                f"({name}); AWS builds a new one and the data does not move"
            )
    for (kind, name), resource in new.items():
        previous = old.get((kind, name))
        if kind != CLUSTER or previous is None:
            continue
        was, now = previous["inputs"].get("kafkaVersion"), resource["inputs"].get("kafkaVersion")
        if was and now and version_key(now) < version_key(was):
            warnings.append(
                f"msk:kafkaVersion: {was} -> {now} is a downgrade; MSK can't "
                f"downgrade, so the cluster ({name}) would be replaced"
            )
        if not resource["options"].get("ignoreChanges"):
            problem = volume_change_problem(previous["inputs"], resource["inputs"])
            if problem:
                warnings.append(f"{problem} ({name})")
    return warnings
