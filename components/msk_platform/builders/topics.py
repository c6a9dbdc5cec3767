"""Topics through the MSK topic API: created from wherever `pulumi up` runs, no broker access.

A topic holds the data itself: protected and retained like the cluster (see ``safety.py``).
"""

import json

import pulumi
import pulumi_aws as aws

from ..spec import ClusterSpec
from ..spec.cluster_spec import TopicSpec
from .safety import child_options


def build_topic(
    spec: ClusterSpec,
    topic: TopicSpec,
    name: str,
    parent: pulumi.Resource,
    cluster_arn: pulumi.Input[str],
) -> aws.msk.Topic:
    return aws.msk.Topic(
        f"{name}-topic-{topic.name}",
        name=topic.name,
        cluster_arn=cluster_arn,
        partition_count=topic.partitions,
        replication_factor=topic.replication_factor,
        configs=json.dumps(dict(sorted(topic.config.items()))) if topic.config else None,
        opts=child_options(spec, parent, aws.msk.Topic),
    )
