"""How the AWS resources of a Pulumi stack are named in Terraform, for the scanner export.

Pulumi's AWS provider is bridged from Terraform's, so a resource's inputs are Terraform's
attributes in camelCase. Terraform's names come back by snake_casing them, except for the few
list attributes the bridge pluralised (``RENAMED``). Nested objects are Terraform blocks.
"""

import re

PROVIDER_NAME = "registry.terraform.io/hashicorp/aws"

# Pulumi type token -> Terraform resource type, for every AWS resource the project creates
# (and the stand-alone security-group rules a program embedding MskCluster may add).
TERRAFORM_TYPES = {
    "aws:msk/cluster:Cluster": "aws_msk_cluster",
    "aws:msk/serverlessCluster:ServerlessCluster": "aws_msk_serverless_cluster",
    "aws:msk/configuration:Configuration": "aws_msk_configuration",
    "aws:msk/singleScramSecretAssociation:SingleScramSecretAssociation": (
        "aws_msk_single_scram_secret_association"
    ),
    "aws:msk/scramSecretAssociation:ScramSecretAssociation": "aws_msk_scram_secret_association",
    "aws:msk/topic:Topic": "aws_msk_topic",
    "aws:msk/vpcConnection:VpcConnection": "aws_msk_vpc_connection",
    "aws:msk/clusterPolicy:ClusterPolicy": "aws_msk_cluster_policy",
    "aws:msk/replicator:Replicator": "aws_msk_replicator",
    "aws:ec2/vpc:Vpc": "aws_vpc",
    "aws:ec2/subnet:Subnet": "aws_subnet",
    "aws:ec2/securityGroup:SecurityGroup": "aws_security_group",
    "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": "aws_default_security_group",
    "aws:ec2/securityGroupRule:SecurityGroupRule": "aws_security_group_rule",
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": (
        "aws_vpc_security_group_ingress_rule"
    ),
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": (
        "aws_vpc_security_group_egress_rule"
    ),
    "aws:kms/key:Key": "aws_kms_key",
    "aws:kms/alias:Alias": "aws_kms_alias",
    "aws:cloudwatch/logGroup:LogGroup": "aws_cloudwatch_log_group",
    "aws:cloudwatch/metricAlarm:MetricAlarm": "aws_cloudwatch_metric_alarm",
    "aws:sns/topic:Topic": "aws_sns_topic",
    "aws:sns/topicSubscription:TopicSubscription": "aws_sns_topic_subscription",
    "aws:appautoscaling/target:Target": "aws_appautoscaling_target",
    "aws:appautoscaling/policy:Policy": "aws_appautoscaling_policy",
    "aws:secretsmanager/secret:Secret": "aws_secretsmanager_secret",
    "aws:secretsmanager/secretVersion:SecretVersion": "aws_secretsmanager_secret_version",
    "aws:iam/rolePolicy:RolePolicy": "aws_iam_role_policy",
    "aws:iam/role:Role": "aws_iam_role",
    "aws:mskconnect/connector:Connector": "aws_mskconnect_connector",
    "aws:mskconnect/customPlugin:CustomPlugin": "aws_mskconnect_custom_plugin",
    "aws:mskconnect/workerConfiguration:WorkerConfiguration": (
        "aws_mskconnect_worker_configuration"
    ),
    "aws:glue/registry:Registry": "aws_glue_registry",
    "aws:glue/schema:Schema": "aws_glue_schema",
}

# (Terraform type, Pulumi attribute) -> Terraform attribute, where the bridge renamed a block.
RENAMED = {
    ("aws_msk_serverless_cluster", "vpcConfigs"): "vpc_config",
    ("aws_cloudwatch_metric_alarm", "metricQueries"): "metric_query",
    ("aws_appautoscaling_policy", "stepAdjustments"): "step_adjustment",
    ("aws_mskconnect_connector", "plugins"): "plugin",
    # aws_msk_replicator (Terraform replicator.go): blocks and sets the bridge pluralised
    ("aws_msk_replicator", "kafkaClusters"): "kafka_cluster",
    ("aws_msk_replicator", "topicReplications"): "topic_replication",
    ("aws_msk_replicator", "consumerGroupReplications"): "consumer_group_replication",
    ("aws_msk_replicator", "topicsToReplicates"): "topics_to_replicate",
    ("aws_msk_replicator", "topicsToExcludes"): "topics_to_exclude",
    ("aws_msk_replicator", "consumerGroupsToReplicates"): "consumer_groups_to_replicate",
    ("aws_msk_replicator", "consumerGroupsToExcludes"): "consumer_groups_to_exclude",
}

# Maps whose keys are data (tag names, metric dimensions), not attribute names.
FREE_FORM_MAPS = frozenset({"tags", "dimensions"})

# Terraform attribute -> {Terraform type it refers to: the attribute it takes}, to write the
# reference an unknown value came from (``configuration`` of the plan, which scanners read to
# connect resources, e.g. checkov's "security group attached" check).
REFERENCED_ATTRIBUTES = {
    "security_groups": {"aws_security_group": "id"},
    "security_group_ids": {"aws_security_group": "id"},
    "security_groups_ids": {"aws_security_group": "id"},  # aws_msk_replicator's vpc_config
    "client_subnets": {"aws_subnet": "id"},
    "subnet_ids": {"aws_subnet": "id"},
    "vpc_id": {"aws_vpc": "id"},
    "encryption_at_rest_kms_key_arn": {"aws_kms_key": "arn"},
    "kms_key_id": {"aws_kms_key": "arn"},
    "kms_master_key_id": {"aws_kms_key": "arn"},
    "target_key_id": {"aws_kms_key": "key_id"},
    "arn": {"aws_msk_configuration": "arn"},
    "revision": {"aws_msk_configuration": "latest_revision"},
    "alarm_actions": {"aws_sns_topic": "arn"},
    "ok_actions": {"aws_sns_topic": "arn"},
    "topic_arn": {"aws_sns_topic": "arn"},
    "cluster_arn": {"aws_msk_cluster": "arn"},
    "target_cluster_arn": {"aws_msk_cluster": "arn"},
    "secret_arn": {"aws_secretsmanager_secret": "arn"},
    "secret_id": {"aws_secretsmanager_secret": "id"},
    "resource_id": {"aws_msk_cluster": "arn", "aws_appautoscaling_target": "resource_id"},
    "scalable_dimension": {"aws_appautoscaling_target": "scalable_dimension"},
    "service_namespace": {"aws_appautoscaling_target": "service_namespace"},
}

_CAPITAL = re.compile(r"(?<=[a-z0-9])([A-Z])")


def terraform_attribute(terraform_type: str, pulumi_name: str) -> str:
    """brokerNodeGroupInfo -> broker_node_group_info (or the renamed block's name)."""
    renamed = RENAMED.get((terraform_type, pulumi_name))
    return renamed or _CAPITAL.sub(r"_\1", pulumi_name).lower()
