"""The stack that uses all four companions of MskCluster (examples/event-backbone, dev): planned
offline as `mskctl plan` plans it, it has each companion's resources and no mandatory policy
violation, its Terraform-plan export holds their AWS types, and CI scans it with checkov."""

import importlib.util
import json
import shutil
import subprocess
from collections import Counter

import pytest

from mskctl.plan import build_plan, stack_config
from mskctl.policy_check import MANDATORY
from mskctl.terraform_plan import left_out, terraform_plan
from tests.conftest import PROJECT_DIR

EXAMPLE = PROJECT_DIR / "examples" / "event-backbone"


@pytest.fixture(scope="module")
def plan() -> dict:
    return build_plan(EXAMPLE, stack_config(EXAMPLE, "dev"), with_dependencies=True)


def test_the_stack_plans_without_errors_or_mandatory_policy_violations(plan):
    assert plan["project"] == "event-backbone" and plan["errors"] == []
    assert [v for v in plan["policy"] if v["level"] == MANDATORY] == []


def test_each_companion_makes_its_resources(plan):
    types = Counter(r["type"] for r in plan["resources"])
    # MSK Connect: the plugin, the worker configuration, the connector, its role and logs.
    assert types["aws:mskconnect/connector:Connector"] == 1
    assert types["aws:mskconnect/customPlugin:CustomPlugin"] == 1
    assert types["aws:mskconnect/workerConfiguration:WorkerConfiguration"] == 1
    # Glue Schema Registry: the registry and its one schema.
    assert types["aws:glue/registry:Registry"] == 1 and types["aws:glue/schema:Schema"] == 1
    # MSK Replicator: the component, the replicator and its role.
    assert types["msk:index:MskReplicator"] == 1 and types["aws:msk/replicator:Replicator"] == 1
    # Kafka ACLs: the component, its provider and the reporting tool's two.
    assert types["msk:index:KafkaAcls"] == 1 and types["pulumi:providers:kafka"] == 1
    principals = Counter(
        r["inputs"]["aclPrincipal"] for r in plan["resources"] if r["type"] == "kafka:index/acl:Acl"
    )
    assert principals["User:reporting"] == 2


def test_every_companion_resource_is_priced_or_said_to_be_free(plan):
    lines = " ".join(line["item"] for line in plan["cost"]["lines"])
    assert "MSK Connect: connector orders-db-source" in lines
    assert "MSK Replicator payments-from-legacy" in lines
    assert "Glue Schema Registry orders" in lines and "free" in lines


def test_the_export_holds_every_aws_resource_and_the_companions_types(plan):
    exported = terraform_plan(plan)
    assert left_out(plan) == []
    types = {r["type"] for r in exported["planned_values"]["root_module"]["resources"]}
    scan = _scan_script()
    assert set(scan.MUST_BE_EXPORTED[scan.ECOSYSTEM]) <= types
    assert not any(t.startswith("kafka") for t in types)  # ACLs are not AWS resources
    assert scan.exported_problems("x", scan.ECOSYSTEM, exported) == []
    assert scan.exported_problems("x", scan.ECOSYSTEM, _without(exported, "aws_glue_schema")) == [
        "x: the export holds no aws_glue_schema"
    ]


def test_ci_scans_this_stack_with_checkov():
    scan = _scan_script()
    assert (scan.ECOSYSTEM, "dev") in scan.STACKS
    assert (EXAMPLE / "Pulumi.dev.yaml").exists() and scan.ROOT / scan.ECOSYSTEM == EXAMPLE
    assert scan.GUARDED_TYPES and "aws_mskconnect_" in scan.GUARDED_TYPES
    ci = (PROJECT_DIR / ".ci" / "run").read_text(encoding="utf-8")
    assert "(cd examples/event-backbone && " in ci and ".ci/scan_checkov.py" in ci


def test_a_security_group_only_a_replicator_holds_is_not_failed_as_unattached(plan):
    """checkov's CKV2_AWS_5 does not know aws_msk_replicator; any other unattached group still
    fails the scan."""
    scan = _scan_script()
    groups = scan.replicator_groups(terraform_plan(plan))
    assert groups == {"aws_security_group.orders_replicator_payments_from_legacy"}
    (replicator_group,) = groups
    report = {
        "summary": {"resource_count": 3},
        "results": {
            "passed_checks": [_check("CKV_AWS_81", "aws_msk_cluster.c")],
            "failed_checks": [_check("CKV2_AWS_5", replicator_group)],
        },
    }
    assert scan.problems("s", report, groups) == []
    assert scan.problems("s", report) == [f"s: CKV2_AWS_5 on {replicator_group}: a check"]
    other = json.loads(json.dumps(report))
    other["results"]["failed_checks"] = [_check("CKV2_AWS_5", "aws_security_group.g")]
    assert scan.problems("s", other, groups) == ["s: CKV2_AWS_5 on aws_security_group.g: a check"]


# The names the README's snippet takes from your own stack: another cluster's outputs.
UUID = "0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d-2"
SNIPPET_INPUTS = f"""
cluster_arn = "arn:aws:kafka:us-east-1:123456789012:cluster/orders/{UUID}"
source_arn = "arn:aws:kafka:us-west-2:123456789012:cluster/old/{UUID}"
bootstrap_iam = "b-1.orders.kafka.us-east-1.amazonaws.com:9098"
vpc_id = "vpc-0123456789abcdef0"
subnet_ids = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"]
broker_group, replicator_group = "sg-0123456789abcdef0", "sg-0123456789abcdef1"
source_subnets, source_groups = ["subnet-0123456789abcdef2"], ["sg-0123456789abcdef2"]
ORDER_AVSC = '{{"type": "record", "name": "Order", "fields": [{{"name": "id", "type": "string"}}]}}'
"""


def test_the_readmes_ecosystem_snippet_plans_each_component(tmp_path):
    readme = (PROJECT_DIR / "README.md").read_text(encoding="utf-8")
    section = readme.split("## The Kafka ecosystem", 1)[1].split("\n## ", 1)[0]
    snippet = section.split("```python\n", 1)[1].split("```", 1)[0]
    (tmp_path / "Pulumi.yaml").write_text("name: snippet\nruntime: python\n", encoding="utf-8")
    (tmp_path / "Pulumi.dev.yaml").write_text("config:\n  aws:region: us-east-1\n")
    (tmp_path / "__main__.py").write_text(SNIPPET_INPUTS + snippet, encoding="utf-8")
    planned = build_plan(tmp_path, stack_config(tmp_path, "dev"))
    assert planned["errors"] == []
    types = {r["type"] for r in planned["resources"]}
    assert {
        "msk:index:SchemaRegistry",
        "msk:index:MskConnector",
        "msk:index:MskReplicator",
        "msk:index:KafkaAcls",
        "aws:mskconnect/connector:Connector",
        "aws:glue/schema:Schema",
        "aws:msk/replicator:Replicator",
        "kafka:index/acl:Acl",
    } <= types


def _checkov() -> str | None:
    local = PROJECT_DIR / ".ci-tools" / "bin" / "checkov"
    return str(local) if local.exists() else shutil.which("checkov")


@pytest.mark.skipif(
    _checkov() is None,
    reason="checkov is not installed (CI installs it into .ci-tools and scans this stack with "
    ".ci/scan_checkov.py after the tests)",
)
def test_checkov_passes_every_guarded_check_on_the_stack(plan, tmp_path):
    scan = _scan_script()
    exported = terraform_plan(plan)
    path = tmp_path / "ecosystem.json"
    path.write_text(json.dumps(exported), encoding="utf-8")
    result = subprocess.run(
        [_checkov(), "-f", str(path), "--framework", "terraform_plan", "-o", "json"]
        + ["--skip-download"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    report = json.loads(result.stdout)
    assert scan.problems("ecosystem", report, scan.replicator_groups(exported)) == []
    checked = {c["resource"].split(".")[0] for c in report["results"]["passed_checks"]}
    # The connector's and the replicator's roles and policies are among what checkov judged.
    assert {"aws_iam_role", "aws_iam_role_policy", "aws_msk_cluster"} <= checked


def _without(exported: dict, tf_type: str) -> dict:
    copy = json.loads(json.dumps(exported))
    resources = copy["planned_values"]["root_module"]["resources"]
    copy["planned_values"]["root_module"]["resources"] = [
        r for r in resources if r["type"] != tf_type
    ]
    return copy


def _check(check_id: str, resource: str) -> dict:
    return {"check_id": check_id, "resource": resource, "check_name": "a check"}


def _scan_script():
    spec = importlib.util.spec_from_file_location(
        "scan_checkov", PROJECT_DIR / ".ci" / "scan_checkov.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
