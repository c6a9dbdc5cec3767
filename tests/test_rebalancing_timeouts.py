"""Express intelligent rebalancing (``msk:rebalancing``) and the cluster's custom timeouts
(``msk:timeouts``).

AWS (catalog: intelligent_rebalancing): Express brokers only, ACTIVE by default for every new
Express cluster. Pulumi (catalog: custom_timeouts): the engine reads each timeout with Go's
time.ParseDuration and keeps seconds; the plan's options show them the same way.
"""

import json

import pytest

from msk_platform.spec.keys import KEYS_BY_NAME
from msk_platform.spec.timeout_rules import duration_seconds
from mskctl.against import UPDATE, compare
from mskctl.before_state import before_document
from mskctl.plan import build_plan, stack_config
from mskctl.policy_check import _validation_args
from tests.conftest import PROJECT_DIR, build_spec
from tests.conftest import problems_by_key as problems

CLUSTER = "aws:msk/cluster:Cluster"
SERVERLESS = "aws:msk/serverlessCluster:ServerlessCluster"
EXPRESS = "express.m7g.large"
DEFAULT_SECONDS = {"create": 3 * 3600, "update": 4 * 3600, "delete": 2 * 3600}


# -- rebalancing: on by default on express, as AWS does ---------------------------------------


def test_express_clusters_send_aws_default_of_active_when_the_key_is_absent(run_config):
    cluster = run_config(instanceType=EXPRESS).one(CLUSTER)
    assert cluster.inputs["rebalancing"] == {"status": "ACTIVE"}


@pytest.mark.parametrize("on, status", [(True, "ACTIVE"), (False, "PAUSED")])
def test_express_rebalancing_follows_the_key(run_config, on, status):
    cluster = run_config(instanceType=EXPRESS, rebalancing=on).one(CLUSTER)
    assert cluster.inputs["rebalancing"] == {"status": status}


def test_standard_brokers_send_no_rebalancing(run_config):
    assert "rebalancing" not in run_config().one(CLUSTER).inputs
    assert build_spec().rebalancing is None


@pytest.mark.parametrize("on", [True, False])
def test_rebalancing_on_standard_brokers_is_refused_naming_the_key(on):
    message = problems(rebalancing=on)["msk:rebalancing"]
    assert "standard brokers (kafka.m7g.large)" in message and "Express" in message


def test_rebalancing_on_serverless_is_refused_naming_the_key():
    message = problems(cluster_type="serverless", rebalancing=True)["msk:rebalancing"]
    assert "does not apply to serverless clusters" in message


def _plan(*overrides: str) -> dict:
    document = build_plan(PROJECT_DIR, stack_config(PROJECT_DIR, "prod", list(overrides)))
    assert not document["errors"], document["errors"]
    return document


OPEN_EXPRESS = (
    "protect=false",
    "retainOnDelete=false",
    "storageAutoscaling=",
    f"instanceType={EXPRESS}",
    "ebsVolumeGib=",
)


def test_resuming_rebalancing_is_an_update_rebalancing_in_place():
    found = [
        c
        for c in compare(_plan(*OPEN_EXPRESS, "rebalancing=false"), _plan(*OPEN_EXPRESS))
        if c.type == CLUSTER
    ]
    assert len(found) == 1 and found[0].action == UPDATE
    assert found[0].operations == ("UpdateRebalancing",)


def test_removing_express_brokers_with_rebalancing_paused_needs_the_partitions_moved():
    def removal(*keys: str) -> str:
        (change,) = [
            c
            for c in compare(
                _plan(*OPEN_EXPRESS, "brokerCount=6", *keys), _plan(*OPEN_EXPRESS, *keys)
            )
            if c.type == CLUSTER
        ]
        return " ".join(change.preconditions)

    assert "intelligent rebalancing on moves the partitions off itself" in removal()
    paused = removal("rebalancing=false")
    assert "move every partition" in paused and "rebalancing on moves" not in paused


# -- timeouts: declared once, on the cluster alone --------------------------------------------


def test_the_cluster_waits_the_documented_defaults(run_config):
    defaults = {f.name: f.default for f in KEYS_BY_NAME["timeouts"].fields}
    assert defaults == {"create": "180m", "update": "240m", "delete": "120m"}
    seconds = {name: duration_seconds(text) for name, text in defaults.items()}
    assert seconds == DEFAULT_SECONDS
    assert run_config().one(CLUSTER).options["customTimeouts"] == DEFAULT_SECONDS
    serverless = run_config(clusterType="serverless", clientCidrBlocks=["10.40.0.0/16"])
    assert serverless.one(SERVERLESS).options["customTimeouts"] == DEFAULT_SECONDS


def test_given_timeouts_reach_the_cluster_and_the_rest_keep_their_defaults(run_config):
    run = run_config(timeouts={"create": "3h30m", "update": "1.5h"})
    assert run.one(CLUSTER).options["customTimeouts"] == {
        "create": 3.5 * 3600,
        "update": 1.5 * 3600,
        "delete": DEFAULT_SECONDS["delete"],
    }


def test_no_other_resource_gets_the_clusters_timeouts(run_config):
    run = run_config(
        topics=[{"name": "orders", "partitions": 3}], scramUsers=["app"], auth={"scram": True}
    )
    others = [r for r in run.resources if r.type != CLUSTER]
    assert others and all(r.options["customTimeouts"] == {} for r in others)


@pytest.mark.parametrize(
    "text, fragment",
    [
        ("1d", "not a duration"),  # Go has no day unit
        ("90", "not a duration"),  # a number without its unit
        ("3 h", "not a duration"),
        ("h", "not a duration"),
        ("3000000h", "at most 2562047h"),  # past a Go duration's 64-bit nanoseconds
        ("0", "not longer than 0"),
        ("-5m", "not longer than 0"),
    ],
)
def test_a_timeout_pulumi_cannot_read_or_never_waits_is_refused(text, fragment):
    found = problems(timeouts={"update": text})
    assert list(found) == ["msk:timeouts.update"] and fragment in found["msk:timeouts.update"]


def test_a_timeout_field_that_is_not_one_is_refused_by_name():
    assert "not a field of timeouts" in problems(timeouts={"read": "5m"})["msk:timeouts.read"]


@pytest.mark.parametrize(
    "text, seconds",
    [
        ("90m", 5400),
        ("3h", 10800),
        ("1h30m", 5400),
        ("1.5h", 5400),
        ("45m30s", 2730),
        (".5h", 1800),
    ],
)
def test_durations_read_as_go_reads_them(text, seconds):
    assert duration_seconds(text) == seconds
    assert build_spec(timeouts={"delete": text}).timeouts.delete == text


def test_a_create_timeout_under_the_hour_msk_takes_is_warned_about():
    warned = build_spec(timeouts={"create": "30m"}).warnings
    assert any("msk:timeouts.create '30m' is under 60 minutes" in w for w in warned)
    assert not any("msk:timeouts" in w for w in build_spec(timeouts={"create": "1h"}).warnings)
    serverless = build_spec(cluster_type="serverless", timeouts={"create": "30m"})
    assert not any("msk:timeouts" in w for w in serverless.warnings)


# -- the plan, the policy pack and a stack export see the same seconds ------------------------


def test_the_plan_json_records_the_clusters_timeouts_in_seconds():
    document = _plan("timeouts={create: 5h}")
    (cluster,) = [r for r in document["resources"] if r["type"] == CLUSTER]
    assert cluster["options"]["customTimeouts"]["create"] == 5 * 3600


def test_the_policy_pack_is_handed_the_clusters_timeouts():
    document = _plan()
    (cluster,) = [r for r in document["resources"] if r["type"] == CLUSTER]
    timeouts = _validation_args(cluster, "msk", "prod").opts.custom_timeouts
    assert (timeouts.create_seconds, timeouts.update_seconds, timeouts.delete_seconds) == (
        DEFAULT_SECONDS["create"],
        DEFAULT_SECONDS["update"],
        DEFAULT_SECONDS["delete"],
    )


def test_a_stack_export_keeps_its_timeouts_for_the_comparison():
    urn = "urn:pulumi:prod::msk::msk:index:MskCluster$aws:msk/cluster:Cluster::msk-cluster"
    export = {
        "version": 3,
        "deployment": {
            "resources": [
                {
                    "urn": urn,
                    "custom": True,
                    "type": CLUSTER,
                    "inputs": {},
                    "outputs": {},
                    "customTimeouts": {"create": 10800, "update": 14400, "delete": 7200},
                }
            ]
        },
    }
    (cluster,) = before_document(json.loads(json.dumps(export)), "export.json")["resources"]
    assert cluster["options"]["customTimeouts"] == DEFAULT_SECONDS
