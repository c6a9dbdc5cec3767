"""The change plan (``mskctl plan --against BEFORE``): each rule of the lifecycle model, both
ways, on real plans of the program: the same stack planned twice, the second time with the
change a user would make (as ``--set`` overrides), then compared."""

import json
from functools import cache

import pytest

from mskctl import lifecycle
from mskctl.against import (
    CLUSTER,
    CREATE,
    DELETE,
    REFUSED,
    REPLACE,
    TOPIC,
    UPDATE,
    blocking,
    change_report,
    compare,
    cost_comparison,
)
from mskctl.cli import main
from mskctl.exit_status import CHANGE_REFUSED, OK
from mskctl.plan import build_plan, stack_config
from tests.conformance_plans import ALL_PLANS, run_plan
from tests.conftest import PROJECT_DIR

GIVEN_KEY = "arn:aws:kms:us-east-1:123456789012:key/1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d"
SUBNETS = ["subnet-0a1b2c3d4e5f60711", "subnet-0a1b2c3d4e5f60722", "subnet-0a1b2c3d4e5f60733"]
# prod without protection or storage autoscaling: replacements are allowed, the volume is set.
OPEN_PROD = ("protect=false", "retainOnDelete=false", "storageAutoscaling=")
TOPICS = "[{name: orders, partitions: 12}, {name: audit, partitions: 3, replicationFactor: 3}]"


@cache
def _plan_text(stack: str, overrides: tuple[str, ...]) -> str:
    document = build_plan(PROJECT_DIR, stack_config(PROJECT_DIR, stack, list(overrides)))
    assert not document["errors"], document["errors"]
    return json.dumps(document)


def plan(stack: str, *overrides: str) -> dict:
    """The plan JSON document of a stack file with ``--set`` overrides (a fresh copy)."""
    return json.loads(_plan_text(stack, overrides))


def changes(stack: str, before: tuple = (), after: tuple = ()):
    return compare(plan(stack, *before), plan(stack, *after))


def only(found, kind: str = CLUSTER, name: str | None = None):
    """The one change of a resource type (and name), or None when it is not changed."""
    hits = [c for c in found if c.type == kind and (name is None or c.name == name)]
    assert len(hits) <= 1, hits
    return hits[0] if hits else None


def text_of(change) -> str:
    return " ".join((*change.reasons, change.instead or "", *change.preconditions))


# --- the model covers the program ------------------------------------------------------------


def test_every_resource_type_the_program_creates_has_lifecycle_rules():
    types = {r.type for name in ALL_PLANS for r in run_plan(name, preview=True).resources}
    modelled = set(lifecycle.resource_types()) | set(lifecycle.not_cloud_resources())
    assert types - modelled == set()


def test_every_rule_names_a_source_the_model_records():
    sources = lifecycle.raw()["sources"]
    rules = [
        rule for kind in lifecycle.resource_types().values() for rule in kind.replace + kind.update
    ]
    assert rules and all(rule.source in sources for rule in rules)
    named = [
        name
        for section in ("refusals", "preconditions")
        for entry in lifecycle.raw()[section].values()
        for name in entry["source"]
    ]
    named += [op.source for op in lifecycle.cluster_operations().values()]
    assert all(name in sources for name in named)


def test_the_model_ships_as_package_data_of_mskctl():
    pyproject = (PROJECT_DIR / "tooling" / "pyproject.toml").read_text(encoding="utf-8")
    assert 'mskctl = ["data/*.json"]' in pyproject
    assert lifecycle.LIFECYCLE_PATH.parent.name == "data"


# --- no change -------------------------------------------------------------------------------


@pytest.mark.parametrize("stack", ["dev", "prod"])
def test_the_same_plan_twice_reports_nothing_and_exits_0(stack, tmp_path, capsys):
    assert changes(stack) == []
    before = tmp_path / "before.json"
    before.write_text(_plan_text(stack, ()), encoding="utf-8")
    assert main(["plan", "--stack", stack, "--against", str(before)]) == OK
    assert "): none." in capsys.readouterr().out


# --- Kafka version ---------------------------------------------------------------------------


def test_a_kafka_downgrade_is_refused_not_a_replacement():
    change = only(changes("prod", (), ("kafkaVersion=3.8.x",)))
    assert change.action == REFUSED
    assert "downgrade" in text_of(change) and "keep 3.9.x.kraft" in change.instead
    assert change.data_loss is None


def test_a_kafka_upgrade_is_an_update_by_upgrade_operation():
    change = only(changes("prod", (), ("kafkaVersion=4.1.x.kraft",)))
    assert change.action == UPDATE
    assert change.operations == ("UpdateClusterKafkaVersion",)


def test_kraft_back_to_zookeeper_is_refused():
    change = only(changes("prod", (), ("kafkaVersion=3.9.x",)))
    assert change.action == REFUSED and "ZooKeeper" in text_of(change)


def test_zookeeper_to_kraft_from_3_9_in_three_zones_is_the_migration_with_its_preconditions():
    found = changes("prod", ("kafkaVersion=3.9.x",), ("kafkaVersion=3.9.x.kraft",))
    change = only(found)
    assert change.action == UPDATE
    assert change.operations == ("UpdateClusterKafkaVersion",)
    assert "ZookeeperAccess.Enabled=false" in text_of(change)


def test_zookeeper_to_kraft_across_versions_is_refused():
    change = only(changes("prod", ("kafkaVersion=3.8.x",), ("kafkaVersion=3.9.x.kraft",)))
    assert change.action == REFUSED and "3.9.x first" in change.instead


def test_zookeeper_to_kraft_in_two_zones_is_refused():
    after = ("instanceType=kafka.m7g.large", "kafkaVersion=3.9.x.kraft")
    change = only(changes("dev", ("instanceType=kafka.m7g.large",), after))
    assert change.action == REFUSED and "3 Availability Zones" in text_of(change)


# --- broker type -----------------------------------------------------------------------------

EXPRESS = ("instanceType=express.m7g.large", "ebsVolumeGib=", "storageAutoscaling=")


@pytest.mark.parametrize(
    "before, after",
    [((), EXPRESS), (EXPRESS, ())],
    ids=["standard-to-express", "express-to-standard"],
)
def test_standard_and_express_brokers_need_a_new_cluster(before, after):
    change = only(changes("prod", (*OPEN_PROD, *before), (*OPEN_PROD, *after)))
    assert change.action == REFUSED and "new cluster" in change.instead


def test_a_larger_broker_of_the_same_kind_is_a_rolling_broker_type_update():
    change = only(changes("prod", (), ("instanceType=kafka.m7g.xlarge",)))
    assert change.action == UPDATE and change.operations == ("UpdateBrokerType",)
    assert lifecycle.cluster_operations()["UpdateBrokerType"].restarts_brokers is True


def test_moving_down_to_t3_is_refused_and_t3_up_to_m7g_is_allowed():
    zookeeper = ("kafkaVersion=3.9.x",)
    down = only(changes("prod", zookeeper, (*zookeeper, "instanceType=kafka.t3.small")))
    assert down.action == REFUSED and "T3" in text_of(down)
    up = only(changes("dev", (), ("instanceType=kafka.m7g.large",)))
    assert up.action == UPDATE and up.operations == ("UpdateBrokerType",)


# --- at-rest key, network --------------------------------------------------------------------


@pytest.mark.parametrize(
    "before, after",
    [((), (f"kmsKeyArn={GIVEN_KEY}",)), ((f"kmsKeyArn={GIVEN_KEY}",), ())],
    ids=["created-to-given", "given-to-created"],
)
def test_switching_the_at_rest_key_replaces_the_cluster(before, after):
    change = only(changes("dev", before, after))
    assert change.action == REPLACE and "msk:kmsKeyArn" in text_of(change)
    assert "messages" in change.data_loss


def test_keeping_the_at_rest_key_does_not_replace_the_cluster():
    found = changes("dev", (), ("tags={environment: dev, team: payments}",))
    assert only(found).action == UPDATE
    assert not [c for c in found if c.action == REPLACE]


@pytest.mark.parametrize(
    "after", [("vpcCidr=10.50.0.0/16",), ("azCount=3", "brokerCount=3")], ids=["cidr", "zones"]
)
def test_reshaping_the_built_network_replaces_the_cluster(after):
    found = changes("dev", (), after)
    assert only(found).action == REPLACE
    network = [c for c in found if c.type in ("aws:ec2/vpc:Vpc", "aws:ec2/subnet:Subnet")]
    assert network and all(c.action in (REPLACE, CREATE) for c in network)
    if after == ("vpcCidr=10.50.0.0/16",):
        assert only(found, "aws:ec2/vpc:Vpc").action == REPLACE


@pytest.mark.parametrize("direction", ["built-to-existing", "existing-to-built"])
def test_moving_between_a_built_and_an_existing_vpc_replaces_the_cluster(direction):
    existing = ("vpcId=vpc-0a1b2c3d4e5f60718", f"subnetIds={json.dumps(SUBNETS[:2])}", "azCount=")
    before, after = ((), existing) if direction == "built-to-existing" else (existing, ())
    found = changes("dev", before, after)
    assert only(found).action == REPLACE


def test_subnet_order_is_no_change():
    reordered = f"subnetIds={json.dumps(list(reversed(SUBNETS)))}"
    assert changes("prod", (), (reordered,)) == []


def test_another_subnet_set_replaces_the_cluster():
    other = f"subnetIds={json.dumps([*SUBNETS[:2], 'subnet-0a1b2c3d4e5f60744'])}"
    change = only(changes("prod", OPEN_PROD, (*OPEN_PROD, other)))
    assert change.action == REPLACE and "msk:subnetIds" in text_of(change)


# --- broker count ----------------------------------------------------------------------------


def test_removing_one_broker_per_zone_is_allowed_after_moving_partitions_off():
    change = only(changes("prod", ("brokerCount=6",), ()))
    assert change.action == UPDATE and change.operations == ("UpdateBrokerCount",)
    assert "move every partition" in text_of(change)


def test_adding_brokers_needs_no_partition_move_first():
    change = only(changes("prod", (), ("brokerCount=6",)))
    assert change.action == UPDATE and change.preconditions == ()


def test_removing_more_than_one_broker_per_zone_at_once_is_refused():
    change = only(changes("prod", ("brokerCount=9",), ()))
    assert change.action == REFUSED and "9 -> 6 -> 3" in change.instead


def test_removing_t3_brokers_is_refused():
    change = only(changes("dev", ("brokerCount=4",), ()))
    assert change.action == REFUSED and "M5 and M7g" in text_of(change)


def test_removing_express_brokers_relies_on_intelligent_rebalancing():
    change = only(changes("prod", (*OPEN_PROD, *EXPRESS, "brokerCount=6"), (*OPEN_PROD, *EXPRESS)))
    assert change.action == UPDATE and "intelligent rebalancing" in text_of(change)


# --- volume ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "after, words", [("ebsVolumeGib=900", "only grow"), ("ebsVolumeGib=1005", "at least 10")]
)
def test_shrinking_or_barely_growing_the_volume_is_refused(after, words):
    change = only(changes("prod", OPEN_PROD, (*OPEN_PROD, after)))
    assert change.action == REFUSED and words in text_of(change)


def test_growing_the_volume_is_an_online_storage_update():
    change = only(changes("prod", OPEN_PROD, (*OPEN_PROD, "ebsVolumeGib=1200")))
    assert change.action == UPDATE and change.operations == ("UpdateBrokerStorage",)
    assert lifecycle.cluster_operations()["UpdateBrokerStorage"].restarts_brokers is False


def test_a_volume_autoscaling_manages_is_left_alone():
    assert only(changes("prod", (), ("ebsVolumeGib=900",)), CLUSTER) is None


def test_the_deployed_volume_counts_when_before_is_what_runs():
    before = plan("prod", *OPEN_PROD)
    cluster = next(r for r in before["resources"] if r["type"] == CLUSTER)
    cluster["outputs"] = {
        "brokerNodeGroupInfo": {"storageInfo": {"ebsStorageInfo": {"volumeSize": 1500}}}
    }
    change = only(compare(before, plan("prod", *OPEN_PROD, "ebsVolumeGib=1200")))
    assert change.action == REFUSED and "1500" in text_of(change)


# --- topics, SCRAM users ---------------------------------------------------------------------


def topic(found, name):
    return only(found, TOPIC, f"msk-topic-{name}")


def test_fewer_partitions_is_refused_more_is_an_update():
    fewer = TOPICS.replace("partitions: 12", "partitions: 6")
    more = TOPICS.replace("partitions: 12", "partitions: 24")
    down = topic(
        changes("prod", (*OPEN_PROD, f"topics={TOPICS}"), (*OPEN_PROD, f"topics={fewer}")), "orders"
    )
    assert down.action == REFUSED and "keep 12 partitions" in down.instead
    up = topic(
        changes("prod", (*OPEN_PROD, f"topics={TOPICS}"), (*OPEN_PROD, f"topics={more}")), "orders"
    )
    assert up.action == UPDATE


def test_a_replication_factor_change_replaces_the_topic_and_loses_its_data():
    other = TOPICS.replace("replicationFactor: 3", "replicationFactor: 2")
    found = changes("prod", (*OPEN_PROD, f"topics={TOPICS}"), (*OPEN_PROD, f"topics={other}"))
    change = topic(found, "audit")
    assert change.action == REPLACE and "messages" in change.data_loss
    assert topic(found, "orders") is None


def test_a_removed_topic_is_deleted_with_its_data():
    kept = "[{name: orders, partitions: 12}]"
    found = changes("prod", (*OPEN_PROD, f"topics={TOPICS}"), (*OPEN_PROD, f"topics={kept}"))
    change = topic(found, "audit")
    assert change.action == DELETE and "messages" in change.data_loss
    assert topic(found, "orders") is None


SCRAM = ("auth={iam: true, scram: true}",)
SCRAM_ASSOCIATION = "aws:msk/singleScramSecretAssociation:SingleScramSecretAssociation"


def test_a_removed_scram_user_loses_its_credentials():
    found = changes("prod", (*SCRAM, "scramUsers=[app, ops]"), (*SCRAM, "scramUsers=[app]"))
    association = [c for c in found if c.type == SCRAM_ASSOCIATION]
    assert [(c.action, c.name) for c in association] == [(DELETE, "msk-scram-ops")]
    assert "credentials stop working" in association[0].data_loss


def test_a_new_scram_user_only_creates():
    found = changes("prod", (*SCRAM, "scramUsers=[app]"), (*SCRAM, "scramUsers=[app, ops]"))
    assert {c.action for c in found} == {CREATE}


# --- renames ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kind",
    [
        "aws:cloudwatch/logGroup:LogGroup",
        "aws:kms/alias:Alias",
        "aws:msk/configuration:Configuration",
        "aws:sns/topic:Topic",
    ],
)
def test_a_rename_replaces_the_named_resource(kind):
    found = changes("prod", OPEN_PROD, (*OPEN_PROD, "clusterName=orders"))
    change = only(found, kind)
    assert change.action == REPLACE and "orders" in text_of(change)


def test_a_log_retention_change_updates_the_log_group_in_place():
    found = changes(
        "prod", (), ("logging={cloudwatch: true, retentionDays: 90, encryptWithClusterKey: true}",)
    )
    assert only(found, "aws:cloudwatch/logGroup:LogGroup").action == UPDATE


# --- several MSK operations ------------------------------------------------------------------


def test_several_operations_run_one_at_a_time_in_the_providers_order():
    after = (
        "instanceType=kafka.m7g.xlarge",
        "kafkaVersion=4.1.x.kraft",
        "brokerCount=6",
        "enhancedMonitoring=PER_TOPIC_PER_BROKER",
    )
    change = only(changes("prod", (), after))
    assert change.operations == (
        "UpdateBrokerType",
        "UpdateBrokerCount",
        "UpdateMonitoring",
        "UpdateClusterKafkaVersion",
    )


def test_a_configuration_change_alone_is_a_rolling_configuration_update():
    change = only(changes("prod", (), ("serverProperties={log.retention.hours: '72'}",)))
    assert change.operations == ("UpdateClusterConfiguration",)
    assert lifecycle.cluster_operations()["UpdateClusterConfiguration"].restarts_brokers


def test_the_configuration_goes_with_the_version_when_both_change():
    after = ("serverProperties={log.retention.hours: '72'}", "kafkaVersion=4.1.x.kraft")
    assert only(changes("prod", (), after)).operations == ("UpdateClusterKafkaVersion",)


# --- blocking, exit status, text and JSON ----------------------------------------------------


def test_replacing_a_protected_cluster_blocks_and_an_unprotected_one_does_not():
    protected = changes("prod", (), ("clusterName=orders",))
    assert only(protected).protected and blocking(protected)
    open_ = changes("prod", OPEN_PROD, (*OPEN_PROD, "clusterName=orders"))
    assert only(open_).action == REPLACE and not blocking(open_)


def run_cli(tmp_path, capsys, *args):
    before = tmp_path / "before.json"
    before.write_text(_plan_text("prod", ()), encoding="utf-8")
    status = main(["plan", "--stack", "prod", "--against", str(before), *args])
    return status, capsys.readouterr().out


def test_a_refused_change_exits_7_with_the_same_findings_in_text_and_json(tmp_path, capsys):
    status, text = run_cli(tmp_path, capsys, "--set", "kafkaVersion=3.8.x")
    json_status, output = run_cli(tmp_path, capsys, "--set", "kafkaVersion=3.8.x", "--json")
    document = json.loads(output)
    assert status == json_status == CHANGE_REFUSED
    assert document["against"]["blocking"] is True
    for change in document["changes"]:
        assert f"{change['name']} ({change['label']})" in text
        assert all(reason in text for reason in change["reasons"])
    assert [c["action"] for c in document["changes"]] == [REFUSED]


def test_an_allowed_change_exits_0_and_shows_the_cost_before_and_after(tmp_path, capsys):
    status, text = run_cli(tmp_path, capsys, "--set", "brokerCount=6")
    assert status == OK
    assert "monthly cost: 746.76 -> 1,493.52 USD (+746.76)" in text


def test_the_cost_of_a_before_without_a_bill_is_priced_from_its_resources():
    before, after = plan("prod"), plan("prod", "brokerCount=6")
    before["cost"] = None  # as a stack export has none
    cost = cost_comparison(before, after)
    assert cost["basis"] != "plan"
    assert cost["before"] == pytest.approx(746.76) and cost["after"] == pytest.approx(1493.52)


def test_the_report_counts_each_action():
    before, after = plan("prod", f"topics={TOPICS}"), plan("prod", "brokerCount=6")
    report = change_report(before, after, compare(before, after))
    counts = report["against"]["counts"]
    assert counts[DELETE] == 2 and counts[UPDATE] == 1 and counts[CREATE] == 9


# --- BEFORE from the deployed state ----------------------------------------------------------

# What the engine records beyond the program's inputs: the provider's defaults.
PROVIDER_DEFAULTS = {
    "aws:kms/key:Key": {
        "keyUsage": "ENCRYPT_DECRYPT",
        "customerMasterKeySpec": "SYMMETRIC_DEFAULT",
        "isEnabled": True,
        "__defaults": [],
    },
    CLUSTER: {"brokerNodeGroupInfo": {"azDistribution": "DEFAULT"}},
}


def known(value, name: str):
    """The value as deployed: what the plan could not know (null) is an ID now."""
    if value is None:
        return f"deployed-{name}"
    if isinstance(value, dict):
        return {key: known(item, f"{name}.{key}") for key, item in value.items()}
    if isinstance(value, list):
        return [known(item, f"{name}.{index}") for index, item in enumerate(value)]
    return value


def stack_export(document: dict) -> dict:
    """A ``pulumi stack export`` (checkpoint version 3) of a deployed plan: resources under the
    stack, inputs with the provider's defaults filled in, IDs and ARNs where the plan had
    none."""
    stack = "urn:pulumi:prod::msk::pulumi:pulumi:Stack::msk-prod"
    listed = [{"urn": stack, "type": "pulumi:pulumi:Stack"}]
    for resource in document["resources"]:
        inputs = known(json.loads(json.dumps(resource["inputs"])), resource["name"])
        for key, value in PROVIDER_DEFAULTS.get(resource["type"], {}).items():
            if isinstance(value, dict):
                inputs.setdefault(key, {}).update(value)
            else:
                inputs[key] = value
        parent = resource.get("parent")
        qualified = (
            resource["type"] if not parent else f"{parent.split('::')[0]}${resource['type']}"
        )
        listed.append(
            {
                "urn": f"urn:pulumi:prod::msk::{qualified}::{resource['name']}",
                "type": resource["type"],
                "custom": not resource["type"].startswith("msk:"),
                "id": f"id-{resource['name']}",
                "parent": (
                    f"urn:pulumi:prod::msk::{parent.split('::')[0]}::{parent.split('::')[1]}"
                    if parent
                    else stack
                ),
                "inputs": inputs,
                "outputs": inputs,
                **{key: value for key, value in resource["options"].items() if value},
            }
        )
    return {"version": 3, "deployment": {"manifest": {}, "resources": listed}}


def deployed(*overrides: str) -> dict:
    from mskctl.before_state import before_document

    return before_document(stack_export(plan("prod", *overrides)), "test export")


def test_the_deployed_state_with_provider_defaults_is_no_change():
    assert compare(deployed(), plan("prod")) == []


def test_provider_defaults_would_be_changes_against_a_plan():
    before = deployed()
    before["source"] = "plan"  # the same inputs read as a plan's
    found = compare(before, plan("prod"))
    assert only(found, "aws:kms/key:Key").action == REPLACE


def test_a_refused_change_is_found_against_the_deployed_state():
    change = only(compare(deployed(), plan("prod", "kafkaVersion=3.8.x")))
    assert change.action == REFUSED


def test_the_deployed_state_is_priced_from_its_resources():
    cost = cost_comparison(deployed(), plan("prod", "brokerCount=6"))
    assert cost["basis"] == "fixed charges of the resources"
    assert cost["before"] == pytest.approx(746.76) and cost["after"] == pytest.approx(1493.52)


def test_a_refusal_after_other_operations_leaves_a_half_done_update():
    late = only(changes("prod", (), ("instanceType=kafka.m7g.xlarge", "kafkaVersion=3.8.x")))
    assert late.action == REFUSED
    assert "after UpdateBrokerType ran and stayed applied" in text_of(late)
    first = only(changes("prod", (), ("kafkaVersion=3.8.x",)))
    assert "before anything is changed" in text_of(first)


def test_the_text_lists_the_operations_in_order_with_their_broker_impact(tmp_path, capsys):
    after = ("--set", "instanceType=kafka.m7g.xlarge", "--set", "kafkaVersion=4.1.x.kraft")
    status, text = run_cli(tmp_path, capsys, *after)
    assert status == OK
    assert "1. UpdateBrokerType: restarts brokers one at a time; rolling, about 10-15" in text
    assert "2. UpdateClusterKafkaVersion: restarts brokers one at a time" in text


# --- public access on a new cluster ----------------------------------------------------------

PUBLIC = ("publicAccess=true", 'clientCidrBlocks=["10.1.0.0/16"]')


def test_a_new_cluster_with_public_access_is_refused_for_the_two_deploys_aws_needs():
    nothing_deployed = {"resources": []}
    change = only(compare(nothing_deployed, plan("prod", *PUBLIC)))
    assert change.action == REFUSED and change.blocking
    assert "creates a cluster" in text_of(change)
    assert "msk:publicAccess false, then set it true" in change.instead


def test_a_new_private_cluster_is_simply_created():
    assert only(compare({"resources": []}, plan("prod"))).action == CREATE


def test_public_access_turned_on_for_a_running_cluster_is_an_update():
    change = only(changes("prod", after=PUBLIC))
    assert change.action == UPDATE and "UpdateConnectivity" in change.operations


# --- a generated password's options ----------------------------------------------------------

PASSWORD = "random:index/randomPassword:RandomPassword"
SECRET_VALUE = "aws:secretsmanager/secretVersion:SecretVersion"
ONE_USER = (*SCRAM, "scramUsers=[app]")


def with_password_inputs(document: dict, **inputs) -> dict:
    """The plan with options set on the generated password (as random would take them)."""
    for resource in document["resources"]:
        if resource["type"] == PASSWORD:
            resource["inputs"].update(inputs)
    return document


@pytest.mark.parametrize(
    "option", [{"upper": False}, {"lower": False}, {"numeric": False}, {"keepers": {"n": "2"}}]
)
def test_any_password_option_generates_a_new_password_and_secret_value(option):
    after = with_password_inputs(plan("prod", *ONE_USER), **option)
    found = compare(plan("prod", *ONE_USER), after)
    assert only(found, PASSWORD).action == REPLACE
    value = only(found, SECRET_VALUE)
    assert value.action == REPLACE and "switch to the new one" in value.data_loss


def test_the_same_password_options_keep_the_password():
    before = with_password_inputs(plan("prod", *ONE_USER), upper=False, keepers={"n": "1"})
    after = with_password_inputs(plan("prod", *ONE_USER), upper=False, keepers={"n": "1"})
    assert compare(before, after) == []


def test_the_replacement_names_the_at_rest_key_that_goes_not_the_alarm_topic_s():
    """prod also makes a key for its alarm topic once the at-rest key is given: the cluster's
    replacement is still caused by its own key leaving."""
    change = only(changes("prod", OPEN_PROD, (f"kmsKeyArn={GIVEN_KEY}", *OPEN_PROD)))
    assert change.action == REPLACE
    assert "as KMS key msk-key is deleted" in text_of(change)
    assert "msk-alarms-key" not in text_of(change)
