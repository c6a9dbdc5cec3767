"""MSK Replicator: the replicator, the service execution role it runs as (least privilege on
both clusters), and, for msk:replicators, its security group in this cluster's VPC.

The policy document is a pure function of the two cluster ARNs (tested directly). The source
side is read-only and names only the configured topics and groups; the target side names the
target cluster's topics and groups (catalog ``msk_replicator.execution_role_note`` says why it
can't name them one by one).

The replicator's group has no inline rules, only an egress rule resource to the brokers' group
on the IAM port: the brokers' group keeps its inline ingress (it admits the replicator's group
among its client sources), so no group mixes inline rules with rule resources, which
pulumi-aws warns would make them overwrite each other.
"""

import json
from collections.abc import Mapping, Sequence
from typing import Any

import pulumi
import pulumi_aws as aws

from ..spec import ClusterSpec
from ..spec.replicator_rules import CLUSTER_ARN, iam_name, rules
from .grants import resource_arn
from .safety import child_options
from .security_group import iam_egress_to_brokers
from .tags import tags_for


def _statement(sid: str, actions: Sequence[str], resources: Sequence[str]) -> dict:
    return {"Sid": sid, "Effect": "Allow", "Action": list(actions), "Resource": list(resources)}


def trust_policy(account: str) -> dict:
    """Only MSK, acting for this account, may assume the role (AWS's SER trust policy)."""
    facts = rules()
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "MskReplicatorAssumesRole",
                "Effect": "Allow",
                "Principal": {"Service": facts["service_principal"]},
                "Action": "sts:AssumeRole",
                "Condition": {"StringEquals": {facts["trust_condition"]: account}},
            }
        ],
    }


def execution_policy(
    source_arn: str,
    target_arn: str,
    topics: Sequence[str],
    groups: Sequence[str],
    copy_acls: bool = True,
) -> dict:
    """What the replicator needs: read the configured topics and describe the configured
    groups on the source; create and write topics and groups on the target."""
    actions = rules()["execution_role_actions"]
    target_cluster = list(actions["target_cluster"])
    if copy_acls:
        target_cluster += actions["target_cluster_acls"]
    return {
        "Version": "2012-10-17",
        "Statement": [
            _statement("SourceCluster", actions["source_cluster"], [source_arn]),
            _statement(
                "SourceTopics",
                actions["source_topics"],
                [resource_arn(source_arn, "topic", iam_name(t)) for t in topics],
            ),
            _statement(
                "SourceGroups",
                actions["source_groups"],
                [resource_arn(source_arn, "group", iam_name(g)) for g in groups],
            ),
            _statement("TargetCluster", target_cluster, [target_arn]),
            _statement(
                "TargetTopics", actions["target_topics"], [resource_arn(target_arn, "topic", "*")]
            ),
            _statement(
                "TargetGroups", actions["target_groups"], [resource_arn(target_arn, "group", "*")]
            ),
        ],
    }


def _account(cluster_arn: str) -> str:
    found = CLUSTER_ARN.fullmatch(cluster_arn)
    if found is None:
        raise ValueError(f"{cluster_arn!r} is not an MSK cluster ARN")
    return found["account"]


def build_replicator(
    name: str,
    parent: pulumi.Resource,
    replicator_name: str,
    source: Mapping[str, Any],
    target: Mapping[str, Any],
    topics: Sequence[str],
    groups: Sequence[str],
    starting_position: str | None,
    copy_acls: bool,
    tags: Mapping[str, Any],
) -> tuple[aws.iam.Role, aws.iam.RolePolicy, aws.msk.Replicator]:
    """The role, its policy and the replicator. ``source``/``target``: ``cluster_arn``,
    ``subnet_ids``, ``security_group_ids``."""
    opts = pulumi.ResourceOptions(parent=parent)
    target_arn = pulumi.Output.from_input(target["cluster_arn"])
    role = aws.iam.Role(
        f"{name}-role",
        description=f"MSK Replicator {replicator_name}: reads its source, writes this cluster",
        assume_role_policy=target_arn.apply(lambda arn: json.dumps(trust_policy(_account(arn)))),
        tags=dict(tags),
        opts=opts,
    )
    names, group_names = list(topics), list(groups)
    policy = aws.iam.RolePolicy(
        f"{name}-policy",
        role=role.name,
        policy=pulumi.Output.all(source["cluster_arn"], target_arn).apply(
            lambda arns: json.dumps(
                execution_policy(arns[0], arns[1], names, group_names, copy_acls)
            )
        ),
        opts=opts,
    )
    topic_replication: aws.msk.ReplicatorReplicationInfoListTopicReplicationArgsDict = {
        "topics_to_replicates": names,
        "copy_access_control_lists_for_topics": copy_acls,
        "copy_topic_configurations": True,
        "detect_and_copy_new_topics": True,
    }
    if starting_position is not None:
        topic_replication["starting_position"] = {"type": starting_position}
    replicator = aws.msk.Replicator(
        name,
        replicator_name=replicator_name,
        description=f"Replicates {', '.join(names)} into this cluster"[
            : rules()["description_max_chars"]
        ],
        service_execution_role_arn=role.arn,
        kafka_clusters=[_cluster(source), _cluster(target)],
        replication_info_list={
            "source_kafka_cluster_arn": source["cluster_arn"],
            "target_kafka_cluster_arn": target["cluster_arn"],
            "target_compression_type": rules()["default_target_compression_type"],
            "topic_replications": [topic_replication],
            "consumer_group_replications": [
                {
                    "consumer_groups_to_replicates": group_names,
                    "detect_and_copy_new_consumer_groups": True,
                    "synchronise_consumer_group_offsets": True,
                }
            ],
        },
        tags=dict(tags),
        # The role's policy must be in place before MSK first reads the source as the role.
        opts=pulumi.ResourceOptions(parent=parent, depends_on=[policy]),
    )
    return role, policy, replicator


def _cluster(side: Mapping[str, Any]) -> aws.msk.ReplicatorKafkaClusterArgsDict:
    """One of the two kafka_clusters; its subnets may be one Output (the cluster's own)."""
    subnets = side["subnet_ids"]
    return {
        "amazon_msk_cluster": {"msk_cluster_arn": side["cluster_arn"]},
        "vpc_config": {
            "subnet_ids": subnets if isinstance(subnets, pulumi.Output) else list(subnets),
            "security_groups_ids": list(side["security_group_ids"]),
        },
    }


def build_replicator_groups(
    spec: ClusterSpec, name: str, parent: pulumi.Resource, vpc_id: pulumi.Input[str]
) -> dict[str, aws.ec2.SecurityGroup]:
    """One security group per msk:replicators entry, in this cluster's VPC, by replicator
    name: made before the brokers' group, which admits them on the IAM port."""
    return {
        replicator.name: aws.ec2.SecurityGroup(
            f"{name}-replicator-{replicator.name}",
            description=f"MSK Replicator {replicator.name} into {spec.cluster_name}",
            vpc_id=vpc_id,
            tags=tags_for(spec, f"{spec.cluster_name}-replicator-{replicator.name}"),
            opts=child_options(spec, parent, aws.ec2.SecurityGroup),
        )
        for replicator in spec.replicators
    }


def build_replicator_egress(
    name: str,
    parent: pulumi.Resource,
    groups: Mapping[str, aws.ec2.SecurityGroup],
    broker_group: aws.ec2.SecurityGroup,
) -> list[aws.vpc.SecurityGroupEgressRule]:
    """Each replicator's group may reach the brokers' group on the IAM port, nothing else."""
    return [
        iam_egress_to_brokers(
            f"{name}-replicator-{replicator}-to-brokers",
            group.id,
            broker_group.id,
            "the brokers of this cluster",
            pulumi.ResourceOptions(parent=parent),
        )
        for replicator, group in groups.items()
    ]
