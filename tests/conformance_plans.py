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
    "given-key-mtls": {
        "auth": {"tls": True, "iam": True, "certificateAuthorityArns": [CA]},
        "kmsKeyArn": GIVEN_KEY,
        "clientCidrBlocks": ["10.40.0.0/16"],
        "clientBrokerEncryption": "TLS",
        "logging": {"cloudwatch": True, "encryptWithClusterKey": False, "s3Bucket": "example-logs"},
        "alarms": {"enabled": True, "snsTopicArn": GIVEN_TOPIC},
        "grants": GRANTS[1:2],
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
