"""Feature-rich stacks the conformance tests plan: between them they use every key that adds
or shapes resources, on each cluster type and broker kind, in a built and an existing VPC."""

from mskctl.mock_runtime import ProgramRun, run_program
from mskctl.stack_files import engine_text, load_stack_config
from tests.conftest import PROJECT_DIR

VPC = "vpc-0a1b2c3d4e5f60718"
SUBNETS = ["subnet-0a1b2c3d4e5f60711", "subnet-0a1b2c3d4e5f60722", "subnet-0a1b2c3d4e5f60733"]
CLIENT_SG = "sg-0a1b2c3d4e5f60799"
SCRAPER_SG = "sg-0a1b2c3d4e5f60788"
CA = (
    "arn:aws:acm-pca:us-east-1:123456789012:certificate-authority/"
    "0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d"
)
GIVEN_KEY = "arn:aws:kms:us-east-1:123456789012:key/1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d"
GIVEN_TOPIC = "arn:aws:sns:us-east-1:123456789012:oncall"
SAME_ACCOUNT_ROLE = "arn:aws:iam::123456789012:role/team/billing"

TOPICS = [
    {"name": "orders", "partitions": 12, "config": {"retention.ms": "604800000"}},
    {"name": "audit", "partitions": 3, "replicationFactor": 3},
]
GRANTS = [
    {"roleName": "orders-api", "produce": ["orders"], "idempotent": True},
    {
        "roleArn": SAME_ACCOUNT_ROLE,
        "consume": ["orders", "audit*"],
        "groups": ["billing"],
    },
    {"roleName": "payments", "produce": ["payments"], "transactionalIds": ["payments-*"]},
    {"roleName": "platform-admin", "admin": True},
]

# name -> msk: keys (camelCase, Python values), on top of aws:region us-east-1.
PLANS: dict[str, dict] = {
    # MSK Connect: a sink (autoscaling, worker configuration) and a source (provisioned).
    "connectors": {
        "vpcId": VPC,
        "subnetIds": SUBNETS,
        "clientSecurityGroupIds": [CLIENT_SG],
        "connectors": [
            {
                "name": "orders-s3-sink",
                "plugin": {
                    "bucketArn": "arn:aws:s3:::example-plugins",
                    "key": "s3-sink.zip",
                    "contentType": "ZIP",
                    "objectVersion": "3HL4kqtJlcpXroDTDmJ",
                },
                "config": {
                    "connector.class": "io.confluent.connect.s3.S3SinkConnector",
                    "topics": "orders,audit",
                    "tasks.max": "2",
                },
                "capacity": {"autoscaling": {"mcuCount": 2, "minWorkers": 1, "maxWorkers": 4}},
                "workerConfiguration": {"offset.storage.topic": "orders-s3-sink-offsets"},
            },
            {
                "name": "payments-cdc",
                "plugin": {
                    "bucketArn": "arn:aws:s3:::example-plugins",
                    "key": "debezium.jar",
                    "contentType": "JAR",
                },
                "config": {
                    "connector.class": "io.debezium.connector.postgresql.PostgresConnector",
                    "database.password": "${secretsmanager:payments-db:password}",
                    "topic.prefix": "payments",
                },
                "capacity": {"provisioned": {"mcuCount": 1, "workers": 1}},
                "connectVersion": "2.7.1",
                "writeTopics": ["payments.*"],
            },
        ],
    },
    "serverless-existing-vpc": {
        "clusterType": "serverless",
        "vpcId": VPC,
        "subnetIds": SUBNETS[:2],
        "clientSecurityGroupIds": [CLIENT_SG],
        "alarms": {"enabled": True, "emails": ["oncall@example.com"], "periodSeconds": 60},
        "grants": GRANTS,
        "tags": {"team": "payments"},
    },
    "serverless-built-vpc": {
        "clusterType": "serverless",
        "azCount": 3,
        "clientCidrBlocks": ["10.40.0.0/16"],
        "alarms": {"enabled": True, "snsTopicArn": GIVEN_TOPIC},
    },
    "express": {
        "instanceType": "express.m7g.large",
        "brokerCount": 3,
        "clientCidrBlocks": ["10.40.0.0/16"],
        "alarms": {"enabled": True, "emails": ["oncall@example.com"]},
        "topics": TOPICS,
        "grants": GRANTS,
        "logging": {"cloudwatch": True, "retentionDays": 90},
    },
    "scram-tls-public": {
        "vpcId": VPC,
        "subnetIds": SUBNETS,
        "publicAccess": True,
        "clientCidrBlocks": ["203.0.113.0/24"],
        "clientSecurityGroupIds": [CLIENT_SG],
        "auth": {"iam": True, "scram": True, "tls": True, "certificateAuthorityArns": [CA]},
        "scramUsers": ["app", "ops"],
        # AWS: public access with SCRAM or mutual TLS needs deny-unless-ACL (ACLs made first).
        "denyUnlessAcl": True,
        "topics": TOPICS,
        "grants": GRANTS[:1],
    },
    "everything-provisioned": {
        "vpcId": VPC,
        "subnetIds": SUBNETS,
        "clientSecurityGroupIds": [CLIENT_SG],
        "instanceType": "kafka.m7g.4xlarge",
        "brokerCount": 6,
        "kafkaVersion": "3.9.x.kraft",
        "ebsVolumeGib": 2000,
        "provisionedThroughputMibps": 500,
        "auth": {"iam": True, "scram": True},
        "scramUsers": ["app"],
        "serverProperties": {"num.partitions": "6", "log.retention.hours": "72"},
        "logging": {
            "cloudwatch": True,
            "retentionDays": 365,
            "encryptWithClusterKey": True,
            "s3Bucket": "example-msk-logs",
            "s3Prefix": "brokers/",
            "firehoseDeliveryStream": "example-msk-logs",
        },
        "enhancedMonitoring": "PER_TOPIC_PER_PARTITION",
        "openMonitoring": {
            "jmxExporter": True,
            "nodeExporter": True,
            "sourceSecurityGroupIds": [SCRAPER_SG],
            "sourceCidrBlocks": ["10.50.0.0/24"],
        },
        "alarms": {"enabled": True, "emails": ["oncall@example.com", "team@example.com"]},
        "storageAutoscaling": {"maxGib": 8000, "targetUtilization": 55},
        "topics": TOPICS,
        "grants": GRANTS,
        "workload": {"ingressMibps": 20, "egressMibps": 40, "retentionHours": 72},
        "vpcConnectivity": {"iam": True},
        "vpcConnections": [
            {
                "vpcId": "vpc-0c1c2c3d4e5f60718",
                "subnetIds": ["subnet-0c1c2c3d4e5f60711", "subnet-0c1c2c3d4e5f60722"],
                "securityGroupIds": [CLIENT_SG],
                "authentication": "iam",
            }
        ],
        "protect": True,
        "retainOnDelete": True,
        "tags": {"team": "payments", "cost-centre": "1234"},
    },
    "multi-vpc-cross-account": {
        "vpcId": VPC,
        "subnetIds": SUBNETS,
        "clientCidrBlocks": ["10.60.0.0/16"],
        "auth": {"iam": True, "scram": True, "tls": True, "certificateAuthorityArns": [CA]},
        "denyUnlessAcl": True,  # AWS: multi-VPC SCRAM or mTLS needs deny-unless-ACL
        "vpcConnectivity": {"iam": True, "scram": True, "tls": True},
        "clusterPolicy": {
            "principals": ["210987654321", "arn:aws:iam::210987654321:role/producer"],
            "actions": [
                "kafka:CreateVpcConnection",
                "kafka:GetBootstrapBrokers",
                "kafka:DescribeCluster",
                "kafka:DescribeClusterV2",
                "kafka-cluster:Connect",
                "kafka-cluster:DescribeTopic",
                "kafka-cluster:ReadData",
                "kafka-cluster:DescribeGroup",
                "kafka-cluster:AlterGroup",
            ],
        },
    },
    # Glue Schema Registry: one schema per format, serializer and deserializer grants.
    "schema-registry": {
        "clientCidrBlocks": ["10.40.0.0/16"],
        "topics": TOPICS,
        "schemaRegistry": {
            "name": "orders",
            "schemas": [
                {
                    "name": "orders-value",
                    "dataFormat": "AVRO",
                    "definition": '{"type": "record", "name": "Order", "namespace": '
                    '"com.example", "fields": [{"name": "id", "type": "string"}]}',
                },
                {
                    "name": "audit-value",
                    "dataFormat": "JSON",
                    "compatibility": "FULL",
                    "definition": '{"$schema": "http://json-schema.org/draft-07/schema#", '
                    '"type": "object", "properties": {"who": {"type": "string"}}}',
                },
                {
                    "name": "payments-value",
                    "dataFormat": "PROTOBUF",
                    "compatibility": "FORWARD",
                    "definition": 'syntax = "proto3";\nmessage Payment { string id = 1; }\n',
                },
            ],
        },
        "grants": [
            {"roleName": "orders-api", "produce": ["orders"], "schemas": ["orders-value"]},
            {
                "roleName": "billing",
                "consume": ["orders", "audit"],
                "groups": ["billing"],
                "schemas": ["orders-value", "audit-value"],
            },
        ],
    },
    "kafka-acls": {
        # Kafka ACLs for SCRAM and mTLS clients, managed as the SCRAM user ops.
        "clientSecurityGroupIds": [CLIENT_SG],
        "auth": {"scram": True, "tls": True, "certificateAuthorityArns": [CA]},
        "scramUsers": ["ops", "orders"],
        "aclAdmin": "ops",
        "acls": [
            {
                "principal": "User:orders",
                "resourceType": "Topic",
                "resourceName": "orders",
                "operation": "Write",
            },
            {
                "principal": "User:CN=audit,OU=apps",
                "resourceType": "Group",
                "resourceName": "audit-",
                "patternType": "Prefixed",
                "operation": "Read",
            },
        ],
    },
    "given-key-mtls": {
        "auth": {"tls": True, "iam": True, "certificateAuthorityArns": [CA]},
        "kmsKeyArn": GIVEN_KEY,
        "clientCidrBlocks": ["10.40.0.0/16"],
        "clientBrokerEncryption": "TLS",
        "logging": {"cloudwatch": True, "encryptWithClusterKey": False, "s3Bucket": "example-logs"},
        "alarms": {"enabled": True, "snsTopicArn": GIVEN_TOPIC},
        "grants": GRANTS[1:2],
    },
    # MSK Replicator into this cluster, from a cluster of another Region (same account).
    "replicator": {
        "vpcId": VPC,
        "subnetIds": SUBNETS,
        "clientSecurityGroupIds": [CLIENT_SG],
        "replicators": [
            {
                "name": "orders-dr",
                "sourceClusterArn": (
                    "arn:aws:kafka:us-west-2:123456789012:cluster/primary/"
                    "0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d-2"
                ),
                "sourceSubnetIds": ["subnet-0d1b2c3d4e5f60711", "subnet-0d1b2c3d4e5f60722"],
                "sourceSecurityGroupIds": ["sg-0d1b2c3d4e5f60799"],
                "topics": ["orders", "payments.*"],
                "consumerGroups": ["billing", "audit.*"],
                "startingPosition": "EARLIEST",
            }
        ],
        "workload": {"ingressMibps": 2},
    },
}

STACK_FILES = ("dev", "prod")
ALL_PLANS = tuple(f"stack:{name}" for name in STACK_FILES) + tuple(PLANS)


def run_plan(name: str, preview: bool) -> ProgramRun:
    """Run ``__main__.py`` for one of ``ALL_PLANS`` (a stack file's or one of ``PLANS``)."""
    if name.startswith("stack:"):
        stack = name.removeprefix("stack:")
        config = load_stack_config(PROJECT_DIR, stack)
        return run_program(
            PROJECT_DIR, project=config.project, stack=stack, config=config.values, preview=preview
        )
    values = {"aws:region": "us-east-1"}
    values.update({f"msk:{key}": engine_text(value) for key, value in PLANS[name].items()})
    return run_program(PROJECT_DIR, project="msk", stack=name, config=values, preview=preview)
