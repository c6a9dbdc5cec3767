"""Storage autoscaling: Application Auto Scaling grows broker volumes toward a target use.

The cluster ignores its own volume size while this is on (see ``cluster.py``), so the next
``pulumi up`` never tries to shrink what autoscaling grew.
"""

import pulumi
import pulumi_aws as aws

from .. import catalog
from ..spec import ClusterSpec
from .safety import child_options
from .tags import tags_for


def build_storage_autoscaling(
    spec: ClusterSpec, name: str, parent: pulumi.Resource, cluster_arn: pulumi.Input[str]
) -> aws.appautoscaling.Policy | None:
    scaling = spec.storage_autoscaling
    if scaling is None:
        return None
    rules = catalog.autoscaling_rules()
    target = aws.appautoscaling.Target(
        f"{name}-storage-target",
        service_namespace=rules["service_namespace"],
        scalable_dimension=rules["scalable_dimension"],
        resource_id=cluster_arn,
        min_capacity=spec.ebs_volume_gib,
        max_capacity=scaling.max_gib,
        tags=tags_for(spec),
        opts=child_options(spec, parent, aws.appautoscaling.Target),
    )
    return aws.appautoscaling.Policy(
        f"{name}-storage-policy",
        name=f"{spec.cluster_name}-broker-storage",
        policy_type="TargetTrackingScaling",
        resource_id=target.resource_id,
        scalable_dimension=target.scalable_dimension,
        service_namespace=target.service_namespace,
        target_tracking_scaling_policy_configuration={
            "predefined_metric_specification": {
                "predefined_metric_type": rules["predefined_metric_type"]
            },
            "target_value": scaling.target_utilization,
            # Volumes can't shrink: AWS never scales in; saying so keeps plans honest.
            "disable_scale_in": True,
        },
        opts=child_options(spec, parent, aws.appautoscaling.Policy),
    )
