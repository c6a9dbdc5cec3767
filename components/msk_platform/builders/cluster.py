"""The MSK cluster itself: provisioned (standard or express brokers) or serverless."""

import pulumi
import pulumi_aws as aws

from ..spec import ClusterSpec
from ..spec.rebalancing_rules import rebalancing_status
from .monitoring import open_monitoring
from .safety import VOLUME_PATH, child_options, volume_guard
from .tags import tags_for
from .vpc_connectivity import vpc_connectivity_info


def broker_node_group(
    spec: ClusterSpec, subnet_ids, security_group_ids
) -> aws.msk.ClusterBrokerNodeGroupInfoArgsDict:
    """Instance type, subnets, security groups, storage (standard brokers only), public
    access and multi-VPC connectivity."""
    assert spec.instance_type is not None  # a provisioned spec always has its instance type
    connectivity: aws.msk.ClusterBrokerNodeGroupInfoConnectivityInfoArgsDict = {
        "public_access": {"type": "SERVICE_PROVIDED_EIPS" if spec.public_access else "DISABLED"}
    }
    vpc_connectivity = vpc_connectivity_info(spec)
    if vpc_connectivity is not None:
        connectivity["vpc_connectivity"] = vpc_connectivity
    group: aws.msk.ClusterBrokerNodeGroupInfoArgsDict = {
        "instance_type": spec.instance_type,
        "client_subnets": subnet_ids,
        "security_groups": security_group_ids,
        "connectivity_info": connectivity,
    }
    if not spec.is_express:
        ebs: aws.msk.ClusterBrokerNodeGroupInfoStorageInfoEbsStorageInfoArgsDict = {
            "volume_size": spec.ebs_volume_gib
        }
        if spec.provisioned_throughput_mibps is not None:
            ebs["provisioned_throughput"] = {
                "enabled": True,
                "volume_throughput": spec.provisioned_throughput_mibps,
            }
        group["storage_info"] = {"ebs_storage_info": ebs}
    return group


def client_authentication(spec: ClusterSpec) -> aws.msk.ClusterClientAuthenticationArgsDict:
    auth = spec.auth
    out: aws.msk.ClusterClientAuthenticationArgsDict = {"unauthenticated": auth.unauthenticated}
    if auth.iam or auth.scram:
        out["sasl"] = {"iam": auth.iam, "scram": auth.scram}
    if auth.tls:
        out["tls"] = {"certificate_authority_arns": list(auth.certificate_authority_arns)}
    return out


def cluster_timeouts(spec: ClusterSpec) -> pulumi.CustomTimeouts:
    """msk:timeouts (its defaults outlast MSK's long operations; see spec/keys.py), for the
    cluster alone: children inherit no custom timeouts, and need none this long."""
    assert spec.timeouts is not None  # from_args always fills it (the key's defaults)
    return pulumi.CustomTimeouts(
        create=spec.timeouts.create, update=spec.timeouts.update, delete=spec.timeouts.delete
    )


def serverless_vpc_configs(
    spec: ClusterSpec, subnet_ids: pulumi.Input, security_group_ids: list[pulumi.Input[str]]
) -> list[aws.msk.ServerlessClusterVpcConfigArgsDict]:
    """msk:vpcConfigs as given (one per client VPC, each with its own groups), else the one
    VPC of the given or built network with the brokers' groups."""
    if spec.vpc_configs:
        return [
            {"subnet_ids": list(c.subnet_ids), "security_group_ids": list(c.security_group_ids)}
            for c in spec.vpc_configs
        ]
    return [{"subnet_ids": subnet_ids, "security_group_ids": security_group_ids}]


def rebalancing(spec: ClusterSpec) -> aws.msk.ClusterRebalancingArgsDict | None:
    """Express intelligent rebalancing's status (ACTIVE unless msk:rebalancing is false);
    None, not sent, on standard brokers."""
    if spec.rebalancing is None:
        return None
    return {"status": rebalancing_status(spec.rebalancing)}


def cluster_options(
    spec: ClusterSpec, name: str, parent: pulumi.Resource
) -> pulumi.ResourceOptions:
    """Protection, retention, timeouts, and how volume changes are handled: ignored while
    autoscaling owns the size, otherwise checked (it may only grow) before AWS sees them."""
    autoscaled = spec.storage_autoscaling is not None
    standard = not spec.is_serverless and not spec.is_express
    return child_options(
        spec,
        parent,
        aws.msk.ServerlessCluster if spec.is_serverless else aws.msk.Cluster,
        custom_timeouts=cluster_timeouts(spec),
        ignore_changes=[".".join(VOLUME_PATH)] if autoscaled else None,
        hooks=volume_guard(name) if standard and not autoscaled else None,
    )


def build_cluster(
    spec: ClusterSpec,
    name: str,
    parent: pulumi.Resource,
    subnet_ids: pulumi.Input,
    security_group_ids: list[pulumi.Input[str]],
    kms_key_arn: pulumi.Input,
    logging_info: aws.msk.ClusterLoggingInfoArgsDict | None = None,
    configuration: aws.msk.ClusterConfigurationInfoArgsDict | None = None,
) -> aws.msk.Cluster | aws.msk.ServerlessCluster:
    opts = cluster_options(spec, name, parent)
    if spec.is_serverless:
        return aws.msk.ServerlessCluster(
            f"{name}-cluster",
            cluster_name=spec.cluster_name,
            client_authentication={"sasl": {"iam": {"enabled": True}}},
            vpc_configs=serverless_vpc_configs(spec, subnet_ids, security_group_ids),
            tags=tags_for(spec),
            opts=opts,
        )
    return aws.msk.Cluster(
        f"{name}-cluster",
        cluster_name=spec.cluster_name,
        kafka_version=spec.kafka_version,
        number_of_broker_nodes=spec.broker_count,
        broker_node_group_info=broker_node_group(spec, subnet_ids, security_group_ids),
        encryption_info={
            "encryption_at_rest_kms_key_arn": kms_key_arn,
            "encryption_in_transit": {
                "client_broker": spec.client_broker_encryption,
                "in_cluster": spec.in_cluster_encryption,
            },
        },
        client_authentication=client_authentication(spec),
        logging_info=logging_info,
        configuration_info=configuration,
        enhanced_monitoring=spec.enhanced_monitoring,
        storage_mode=spec.storage_mode,  # None on express brokers: not sent
        rebalancing=rebalancing(spec),
        open_monitoring=open_monitoring(spec),
        tags=tags_for(spec),
        opts=opts,
    )
