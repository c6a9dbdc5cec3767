"""What the backbone's owners would check before `pulumi up`: the connector may touch only its
own topic, the schema is there in Avro and the services' grants may use it, the SCRAM users
have their ACLs, the replicator copies what it says, and no secret shows in plain text."""

import json

import pytest
from conftest import PROJECT, generated_password, stack_config
from pulumi.runtime import rpc

ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy"
CONNECTOR_POLICY = "orders-connector-orders-db-source-role-policy"
CONNECTOR_TOPIC = "orders-db.public.orders"
# MSK Connect's own topics and groups (offsets, configs, status), which every connector uses.
CONNECT_INTERNAL = "__amazon_msk_connect_*"


def by_type(resources, type_):
    return [r for r in resources if r.typ == type_]


def named(resources, type_, name):
    (found,) = [r for r in by_type(resources, type_) if r.name == name]
    return found


def statements(resource) -> list[dict]:
    return json.loads(resource.inputs["policy"])["Statement"]


def is_secret(value) -> bool:
    """A value the engine holds as a secret (encrypted in state), as the mock monitor sees it."""
    return isinstance(value, dict) and value.get(rpc._special_sig_key) == rpc._special_secret_sig


def plain_texts(value):
    """Every text in ``value`` that is not inside a secret."""
    if is_secret(value):
        return
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from plain_texts(item)
    elif isinstance(value, list):
        for item in value:
            yield from plain_texts(item)


@pytest.fixture
def stack(deploy):
    return deploy()


def test_the_connector_role_writes_its_one_topic_and_reads_only_its_plugin(stack):
    resources, _ = stack
    found = statements(named(resources, ROLE_POLICY, CONNECTOR_POLICY))
    topics = [
        arn.rsplit("/", 1)[1]
        for s in found
        for arn in s["Resource"]
        if ":topic/" in arn and "kafka-cluster:WriteData" in s["Action"]
    ]
    assert sorted(topics) == sorted([CONNECTOR_TOPIC, CONNECT_INTERNAL])
    # A source connector reads no topic of the cluster but MSK Connect's own.
    read = [a for s in found if "kafka-cluster:ReadData" in s["Action"] for a in s["Resource"]]
    assert all(arn.endswith(f"/{CONNECT_INTERNAL}") for arn in read)
    # Its groups are MSK Connect's own; the plugin is one S3 object; no action on "*".
    groups = [a for s in found for a in s["Resource"] if ":group/" in a]
    assert groups and all(arn.endswith(f"/{CONNECT_INTERNAL}") for arn in groups)
    s3 = [(s["Action"], s["Resource"]) for s in found if s["Sid"] == "ReadPluginObject"]
    assert s3 == [
        (["s3:GetObject"], ["arn:aws:s3:::orders-connect-plugins/debezium-postgres-2.7.zip"])
    ]
    assert all("*" not in s["Action"] and s["Resource"] != ["*"] for s in found)


def test_the_connector_reads_its_database_password_from_one_secret_never_in_its_config(stack):
    resources, _ = stack
    (connector,) = by_type(resources, "aws:mskconnect/connector:Connector")
    config = connector.inputs["connectorConfiguration"]
    assert config["database.password"] == "${secretsmanager:orders-db:password}"
    assert connector.inputs["kafkaClusterClientAuthentication"] == {"authenticationType": "IAM"}
    assert connector.inputs["kafkaClusterEncryptionInTransit"] == {"encryptionType": "TLS"}
    (worker,) = by_type(resources, "aws:mskconnect/workerConfiguration:WorkerConfiguration")
    assert "config.providers=secretsmanager\n" in worker.inputs["propertiesFileContent"]
    (secret,) = statements(named(resources, ROLE_POLICY, "orders-db-source-secret"))
    assert secret["Action"] == ["secretsmanager:GetSecretValue"]
    assert secret["Resource"] == [stack_config()[f"{PROJECT}:databaseSecretArn"]]
    role = named(resources, ROLE_POLICY, CONNECTOR_POLICY).inputs["role"]
    assert named(resources, ROLE_POLICY, "orders-db-source-secret").inputs["role"] == role


def test_the_avro_schema_is_registered_and_the_services_may_use_it(stack):
    resources, outputs = stack
    (registry,) = by_type(resources, "aws:glue/registry:Registry")
    (schema,) = by_type(resources, "aws:glue/schema:Schema")
    assert registry.inputs["registryName"] == "orders"
    assert schema.inputs["schemaName"] == "orders-value"
    assert schema.inputs["dataFormat"] == "AVRO"
    assert schema.inputs["compatibility"] == "BACKWARD"
    assert json.loads(schema.inputs["schemaDefinition"])["name"] == "Order"
    assert schema.inputs["registryArn"].endswith(":registry/orders")
    assert set(outputs["schemaArns"]) == {"orders-value"}
    produce = statements(named(resources, ROLE_POLICY, "orders-produce-orders-api"))
    serialize = [s for s in produce if s["Action"] == ["glue:GetSchemaByDefinition"]]
    assert [r.split(":", 5)[5] for r in serialize[0]["Resource"]] == [
        "registry/orders",
        "schema/orders/orders-value",
    ]
    consume = statements(named(resources, ROLE_POLICY, "orders-consume-billing"))
    assert any(s["Action"] == ["glue:GetSchemaVersion"] for s in consume)
    # Read-only on Glue: neither role may register or change a schema.
    glue = {a for s in produce + consume for a in s["Action"] if a.startswith("glue:")}
    assert glue == {"glue:GetSchemaByDefinition", "glue:GetSchemaVersion"}


def test_the_scram_users_have_their_secrets_and_the_reporting_tool_its_acls(stack):
    resources, _ = stack
    associated = {
        r.name.removeprefix("orders-scram-")
        for r in by_type(
            resources, "aws:msk/singleScramSecretAssociation:SingleScramSecretAssociation"
        )
    }
    assert associated == {"reporting"}
    acls = {
        (a.inputs["aclResourceType"], a.inputs["aclResourceName"], a.inputs["aclOperation"])
        for a in by_type(resources, "kafka:index/acl:Acl")
        if a.inputs["aclPrincipal"] == "User:reporting"
    }
    assert acls == {("Topic", "orders", "Read"), ("Group", "reporting", "Read")}
    assert all(
        a.inputs["aclPermissionType"] == "Allow" for a in by_type(resources, "kafka:index/acl:Acl")
    )
    # With ACLs managed, a SCRAM user no ACL names gets nothing.
    (configuration,) = by_type(resources, "aws:msk/configuration:Configuration")
    assert "allow.everyone.if.no.acl.found=false\n" in configuration.inputs["serverProperties"]


def test_the_replicator_copies_payments_and_billings_offsets_from_the_first_cluster(stack):
    resources, outputs = stack
    (replicator,) = by_type(resources, "aws:msk/replicator:Replicator")
    source, target = replicator.inputs["kafkaClusters"]
    assert ":cluster/orders-legacy/" in source["amazonMskCluster"]["mskClusterArn"]
    assert target["amazonMskCluster"]["mskClusterArn"] == outputs["clusterArn"]
    info = replicator.inputs["replicationInfoList"]
    assert info["topicReplications"][0]["topicsToReplicates"] == ["payments"]
    assert info["consumerGroupReplications"][0]["consumerGroupsToReplicates"] == ["billing"]
    policy = statements(
        named(resources, ROLE_POLICY, "orders-replicator-payments-from-legacy-policy")
    )
    on_source = [a for s in policy for a in s["Resource"] if "/orders-legacy/" in a]
    assert {a.rsplit("/", 1)[1] for a in on_source if ":cluster/" not in a} == {
        "payments",
        "billing",
    }


def test_no_secret_is_in_plain_text_in_outputs_or_state(stack):
    resources, outputs = stack
    exported = json.dumps(outputs)
    assert generated_password("orders-scram-reporting") not in exported
    assert set(outputs["scramSecretArns"]) == {"reporting"}  # its ARN, not its password
    versions = by_type(resources, "aws:secretsmanager/secretVersion:SecretVersion")
    assert len(versions) == 1 and all(is_secret(v.inputs["secretString"]) for v in versions)
    # Wherever else a password goes (the Kafka provider, were it to sign in with SCRAM), it goes
    # as a secret: no input holds one in plain text.
    password = generated_password("orders-scram-reporting")
    assert not [t for r in resources for t in plain_texts(r.inputs) if password in t]
