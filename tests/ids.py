"""Well-formed example IDs and ARNs shared by the tests."""

ACCOUNT = "123456789012"
VPC = "vpc-0a1b2c3d4e5f60718"
SUBNETS = ["subnet-0a1b2c3d4e5f60711", "subnet-0a1b2c3d4e5f60722", "subnet-0a1b2c3d4e5f60733"]
CLIENT_SG = "sg-0a1b2c3d4e5f60799"
CA = f"arn:aws:acm-pca:us-east-1:{ACCOUNT}:certificate-authority/1111-2222-3333"
KMS_KEY = f"arn:aws:kms:us-east-1:{ACCOUNT}:key/1111-2222-3333"

# The ARN the offline runtime gives a cluster named msk-test (stack "test" of project "msk").
TEST_CLUSTER_ARN = (
    "arn:aws:kafka:us-east-1:123456789012:cluster/msk-test/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d-3"
)
