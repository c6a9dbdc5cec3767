"""The MSK cluster itself: provisioned (standard or express brokers) or serverless."""

import pulumi
import pulumi_aws as aws

from ..spec import ClusterSpec
from .tags import tags_for


def broker_node_group(spec: ClusterSpec, subnet_ids, security_group_id) -> dict:
    """Instance type, subnets, security group, storage (standard brokers only), public access."""
    group = {
        "instance_type": spec.instance_type,
        "client_subnets": subnet_ids,
        "security_groups": [security_group_id],
        "connectivity_info": {
            "public_access": {"type": "SERVICE_PROVIDED_EIPS" if spec.public_access else "DISABLED"}
        },
    }
    if not spec.is_express:
        ebs = {"volume_size": spec.ebs_volume_gib}
        if spec.provisioned_throughput_mibps is not None:
            ebs["provisioned_throughput"] = {
                "enabled": True,
                "volume_throughput": spec.provisioned_throughput_mibps,
            }
        group["storage_info"] = {"ebs_storage_info": ebs}
    return group


def client_authentication(spec: ClusterSpec) -> dict:
    auth = spec.auth
    out: dict = {"unauthenticated": auth.unauthenticated}
    if auth.iam or auth.scram:
        out["sasl"] = {"iam": auth.iam, "scram": auth.scram}
    if auth.tls:
        out["tls"] = {"certificate_authority_arns": list(auth.certificate_authority_arns)}
    return out


def build_cluster(
    spec: ClusterSpec,
    name: str,
    parent: pulumi.Resource,
    subnet_ids: pulumi.Input,
    security_group_id: pulumi.Input[str],
    kms_key_arn: pulumi.Input,
) -> aws.msk.Cluster | aws.msk.ServerlessCluster:
    opts = pulumi.ResourceOptions(parent=parent, protect=spec.protect)
    if spec.is_serverless:
        return aws.msk.ServerlessCluster(
            f"{name}-cluster",
            cluster_name=spec.cluster_name,
            client_authentication={"sasl": {"iam": {"enabled": True}}},
            vpc_configs=[{"subnet_ids": subnet_ids, "security_group_ids": [security_group_id]}],
            tags=tags_for(spec),
            opts=opts,
        )
    return aws.msk.Cluster(
        f"{name}-cluster",
        cluster_name=spec.cluster_name,
        kafka_version=spec.kafka_version,
        number_of_broker_nodes=spec.broker_count,
        broker_node_group_info=broker_node_group(spec, subnet_ids, security_group_id),
        encryption_info={
            "encryption_at_rest_kms_key_arn": kms_key_arn,
            "encryption_in_transit": {
                "client_broker": spec.client_broker_encryption,
                "in_cluster": spec.in_cluster_encryption,
            },
        },
        client_authentication=client_authentication(spec),
        tags=tags_for(spec),
        opts=opts,
    )
