"""Topics through the MSK topic API: created from wherever `pulumi up` runs, no broker access."""

import json

import pulumi
import pulumi_aws as aws

from ..spec.cluster_spec import TopicSpec


def build_topic(
    topic: TopicSpec, name: str, parent: pulumi.Resource, cluster_arn: pulumi.Input[str]
) -> aws.msk.Topic:
    return aws.msk.Topic(
        f"{name}-topic-{topic.name}",
        name=topic.name,
        cluster_arn=cluster_arn,
        partition_count=topic.partitions,
        replication_factor=topic.replication_factor,
        configs=json.dumps(dict(sorted(topic.config.items()))) if topic.config else None,
        opts=pulumi.ResourceOptions(parent=parent),
    )
