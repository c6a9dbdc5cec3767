"""The orders event backbone: an MSK cluster and the Kafka ecosystem around it, one stack.

The stack config (Pulumi.dev.yaml) declares the cluster with what MskCluster builds beside it:
a Debezium source connector (MSK Connect), an Avro schema (Glue Schema Registry), a replicator
from the team's first cluster (MSK Replicator), and SCRAM users governed by Kafka ACLs. This
program adds what belongs to the application rather than the platform:

- the orders-api and billing roles, granted produce and consume on ``orders`` together with
  the Glue permissions their Avro serializer and deserializer need for ``orders-value``;
- the connector's right to read the one database secret its config provider resolves (MSK
  Connect asks for it on the service execution role; the component can't know the secret).

Nothing secret is exported: SCRAM passwords stay in Secrets Manager (their ARNs are outputs),
and the database password never appears in the connector's configuration.
"""

import json

import pulumi
import pulumi_aws as aws

from msk_platform import MskCluster, args_from_config, msk_config

config = pulumi.Config()
# The Secrets Manager secret of the database user (the connector config's ${secretsmanager:…}).
database_secret_arn = config.require("databaseSecretArn")

cluster = MskCluster("orders", args_from_config(msk_config()))


def task_role(name: str, description: str) -> aws.iam.Role:
    """A role ECS tasks of this account assume: the services' identity to IAM and to MSK."""
    trust = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"Service": "ecs-tasks.amazonaws.com"},
                "Action": "sts:AssumeRole",
            }
        ],
    }
    return aws.iam.Role(
        name, name=name, description=description, assume_role_policy=json.dumps(trust)
    )


# orders-api writes Avro orders (idempotently) and looks up the schema's version id to put in
# each record (glue:GetSchemaByDefinition on orders-value, nothing else of Glue).
api = task_role("orders-api", "orders-api: produces orders")
cluster.grant_produce(api, ["orders"], idempotent=True, schemas=["orders-value"])
# billing reads them in its own group and fetches the schema version each record names.
billing = task_role("billing", "billing: consumes orders")
cluster.grant_consume(billing, ["orders"], ["billing"], schemas=["orders-value"])

# The Debezium connector's config provider reads the database password at run time, as the
# connector's service execution role: that role may read this one secret, no other.
source = cluster.connectors["orders-db-source"]
aws.iam.RolePolicy(
    "orders-db-source-secret",
    role=source.role.name,
    policy=json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": "ReadTheDatabaseSecret",
                    "Effect": "Allow",
                    "Action": ["secretsmanager:GetSecretValue"],
                    "Resource": [database_secret_arn],
                }
            ],
        }
    ),
    opts=pulumi.ResourceOptions(parent=cluster),
)

pulumi.export("clusterArn", cluster.cluster_arn)
pulumi.export("bootstrapBrokersIam", cluster.bootstrap_brokers_iam)
pulumi.export("bootstrapBrokersScram", cluster.bootstrap_brokers_scram)
pulumi.export("scramSecretArns", cluster.scram_secret_arns)  # ARNs only, never a password
pulumi.export("connectorArn", source.connector.arn)
pulumi.export("connectorRoleArn", source.role.arn)
pulumi.export(
    "schemaArns",
    cluster.schema_registry.schema_arns if cluster.schema_registry is not None else {},
)
pulumi.export("replicatorArns", {name: r.arn for name, r in cluster.replicators.items()})
