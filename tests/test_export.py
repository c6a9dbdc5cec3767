"""`mskctl plan --format terraform-plan`: the stack's AWS resources in `terraform show -json`
layout, so checkov and trivy can scan a Pulumi stack. Unknowns are never invented and
secrets never written."""

import importlib.util
import json
import re
import shutil
import subprocess

import pytest

from mskctl.cli import main
from mskctl.plan import build_plan, stack_config
from mskctl.terraform_plan import left_out, terraform_plan
from mskctl.terraform_schema import TERRAFORM_TYPES, terraform_attribute
from tests.conftest import PROJECT_DIR

SCRAM = ["auth={iam: true, scram: true}", "scramUsers=[alice]"]
CAMEL = re.compile(r"[a-z][A-Z]")


def export(stack: str, overrides=()) -> tuple[dict, dict]:
    config = stack_config(PROJECT_DIR, stack, list(overrides))
    document = build_plan(PROJECT_DIR, config, with_dependencies=True)
    return document, terraform_plan(document)


@pytest.fixture(scope="module")
def dev():
    return export("dev")


@pytest.fixture(scope="module")
def prod():
    return export("prod")


@pytest.fixture(scope="module")
def scram():
    return export("dev", SCRAM)


def planned(plan: dict) -> dict:
    return {r["address"]: r for r in plan["planned_values"]["root_module"]["resources"]}


def changes(plan: dict) -> dict:
    return {r["address"]: r["change"] for r in plan["resource_changes"]}


def expressions(plan: dict) -> dict:
    return {
        r["address"]: r["expressions"] for r in plan["configuration"]["root_module"]["resources"]
    }


def attribute_names(value, inside_map=False) -> list[str]:
    """Every attribute name, outside free-form maps (tag names are the user's)."""
    names = []
    if isinstance(value, dict):
        for key, item in value.items():
            if not inside_map:
                names.append(key)
            names += attribute_names(item, inside_map=key in ("tags", "dimensions"))
    elif isinstance(value, list):
        for item in value:
            names += attribute_names(item)
    return names


def test_dev_exports_every_aws_resource_with_its_terraform_address(dev):
    document, plan = dev
    assert plan["format_version"] and plan["terraform_version"]
    assert set(planned(plan)) == {
        "aws_vpc.msk_vpc",
        "aws_subnet.msk_private_0",
        "aws_subnet.msk_private_1",
        "aws_security_group.msk_brokers",
        "aws_default_security_group.msk_vpc_default_sg",
        "aws_kms_key.msk_key",
        "aws_kms_alias.msk_key_alias",
        "aws_cloudwatch_log_group.msk_broker_logs",
        "aws_msk_configuration.msk_config",
        "aws_msk_cluster.msk_cluster",
    }
    for address, resource in planned(plan).items():
        assert address == f"{resource['type']}.{resource['name']}"
        assert resource["mode"] == "managed"
        assert resource["provider_name"] == "registry.terraform.io/hashicorp/aws"
    assert set(changes(plan)) == set(planned(plan)) == set(expressions(plan))
    assert all(c["actions"] == ["create"] and c["before"] is None for c in changes(plan).values())
    assert left_out(document) == []


@pytest.mark.parametrize("stack", ["dev", "prod", "scram"])
def test_every_aws_type_the_stacks_create_has_a_terraform_type(stack, request):
    document, plan = request.getfixturevalue(stack)
    aws = {r["type"] for r in document["resources"] if r["type"].startswith("aws:")}
    assert aws <= set(TERRAFORM_TYPES)
    assert len(plan["planned_values"]["root_module"]["resources"]) == len(
        [r for r in document["resources"] if r["type"].startswith("aws:")]
    )


def test_nested_objects_are_one_element_block_lists_with_terraform_names(dev):
    cluster = planned(dev[1])["aws_msk_cluster.msk_cluster"]["values"]
    transit = cluster["encryption_info"][0]["encryption_in_transit"]
    assert transit == [{"client_broker": "TLS", "in_cluster": True}]
    logs = cluster["logging_info"][0]["broker_logs"][0]["cloudwatch_logs"]
    assert logs == [{"enabled": True, "log_group": "/aws/msk/msk-dev"}]
    public = cluster["broker_node_group_info"][0]["connectivity_info"][0]["public_access"]
    assert public == [{"type": "DISABLED"}]
    group = planned(dev[1])["aws_security_group.msk_brokers"]["values"]
    assert group["ingress"] == [
        {
            "cidr_blocks": ["10.40.0.0/16"],
            "description": "Kafka SASL/IAM (9098) from client CIDR blocks",
            "from_port": 9098,
            "protocol": "tcp",
            "to_port": 9098,
        }
    ]
    assert cluster["tags"]["managed-by"] == "pulumi-msk"  # map keys are data: untouched
    assert not [name for name in attribute_names(dev[1]["planned_values"]) if CAMEL.search(name)]


def test_renamed_blocks_take_terraform_names(prod):
    alarm = planned(prod[1])["aws_cloudwatch_metric_alarm.msk_broker_1_cpu"]["values"]
    assert [q["id"] for q in alarm["metric_query"]] == ["user", "system", "result"]
    assert alarm["metric_query"][0]["metric"][0]["dimensions"] == {
        "Broker ID": "1",
        "Cluster Name": "msk-prod",
    }
    assert terraform_attribute("aws_msk_serverless_cluster", "vpcConfigs") == "vpc_config"
    assert terraform_attribute("aws_msk_cluster", "ipv6CidrBlocks") == "ipv6_cidr_blocks"


def test_unknowns_are_left_out_marked_and_traced_to_their_resource(dev):
    _, plan = dev
    address = "aws_msk_cluster.msk_cluster"
    values = planned(plan)[address]["values"]
    unknown = changes(plan)[address]["after_unknown"]
    assert "encryption_at_rest_kms_key_arn" not in values["encryption_info"][0]
    assert unknown["encryption_info"] == [{"encryption_at_rest_kms_key_arn": True}]
    # A list with an unknown element is unknown as a whole (scanners can't read a null in it).
    assert not {"client_subnets", "security_groups"} & set(values["broker_node_group_info"][0])
    assert unknown["broker_node_group_info"] == [{"client_subnets": True, "security_groups": True}]
    wiring = expressions(plan)[address]
    assert wiring["broker_node_group_info"][0]["security_groups"]["references"] == [
        "aws_security_group.msk_brokers.id",
        "aws_security_group.msk_brokers",
    ]
    assert wiring["encryption_info"][0]["encryption_at_rest_kms_key_arn"]["references"][0] == (
        "aws_kms_key.msk_key.arn"
    )
    group = "aws_security_group.msk_brokers"
    assert "vpc_id" not in planned(plan)[group]["values"]
    assert changes(plan)[group]["after_unknown"] == {"vpc_id": True}
    assert expressions(plan)[group]["vpc_id"]["references"][-1] == "aws_vpc.msk_vpc"
    # Nothing known is invented: no ARNs, IDs or bootstrap strings the plan does not know.
    assert "arn:aws" not in json.dumps(planned(plan)[address])


def test_known_ids_stay_and_need_no_reference(prod):
    _, plan = prod
    group = planned(plan)["aws_security_group.msk_brokers"]["values"]
    assert group["vpc_id"] == "vpc-0a1b2c3d4e5f60718"
    assert group["ingress"][0]["security_groups"] == ["sg-0a1b2c3d4e5f60799"]
    # Known values are constants in the configuration, as Terraform writes them.
    wiring = expressions(plan)["aws_security_group.msk_brokers"]
    assert wiring["vpc_id"] == {"constant_value": "vpc-0a1b2c3d4e5f60718"}
    assert wiring["ingress"][0]["from_port"] == {"constant_value": 9098}
    cluster = expressions(plan)["aws_msk_cluster.msk_cluster"]
    assert cluster["logging_info"][0]["broker_logs"][0]["cloudwatch_logs"][0]["enabled"] == {
        "constant_value": True
    }


def test_secrets_are_never_written(scram):
    document, plan = scram
    text = json.dumps(plan)
    assert "[secret]" not in text and "fake-password" not in text
    version = "aws_secretsmanager_secret_version.msk_scram_alice"
    assert "secret_string" not in planned(plan)[version]["values"]
    assert planned(plan)[version]["sensitive_values"] == {"secret_string": True}
    assert changes(plan)[version]["after_sensitive"] == {"secret_string": True}
    secret = planned(plan)["aws_secretsmanager_secret.msk_scram_alice"]["values"]
    assert secret["name"].startswith("AmazonMSK_")
    assert (
        expressions(plan)["aws_secretsmanager_secret.msk_scram_alice"]["kms_key_id"]["references"][
            0
        ]
        == "aws_kms_key.msk_key.arn"
    )
    assert "aws_msk_single_scram_secret_association.msk_scram_alice" in planned(plan)
    assert not any(r["type"].startswith("random") for r in plan["resource_changes"])


def test_names_become_valid_unique_terraform_names():
    document = {
        "resources": [
            {"type": "aws:sns/topic:Topic", "name": name, "inputs": {}, "options": {}}
            for name in ("a-b", "a_b", "1st")
        ]
    }
    assert set(planned(terraform_plan(document))) == {
        "aws_sns_topic.a_b",
        "aws_sns_topic.a_b_2",
        "aws_sns_topic.r_1st",
    }


def test_the_cli_writes_the_file_and_keeps_the_plan_exit_status(capsys, tmp_path):
    out = tmp_path / "scan" / "dev.json"
    code = main(["plan", "--stack", "dev", "--format", "terraform-plan", "--output", str(out)])
    assert code == 0 and "wrote 10 resources of msk/dev" in capsys.readouterr().out
    assert "aws_msk_cluster.msk_cluster" in out.read_text()
    bad = tmp_path / "bad.json"
    code = main(
        [
            "plan",
            "--stack",
            "dev",
            "--set",
            "brokerCount=3",
            "--format",
            "terraform-plan",
            "--output",
            str(bad),
        ]
    )
    assert code == 1 and not bad.exists()
    code = main(
        [
            "plan",
            "--stack",
            "prod",
            "--set",
            "protect=false",
            "--format",
            "terraform-plan",
            "--output",
            str(bad),
        ]
    )
    assert code == 1 and bad.exists()  # exported for scanning; the violation still fails
    assert "policy protect-data-in-prod (mandatory)" in capsys.readouterr().err
    assert main(["plan", "--stack", "dev", "--json", "--format", "terraform-plan"]) == 2


def _checkov() -> str | None:
    local = PROJECT_DIR / ".ci-tools" / "bin" / "checkov"
    return str(local) if local.exists() else shutil.which("checkov")


@pytest.mark.skipif(
    _checkov() is None,
    reason="checkov is not installed (CI installs it into .ci-tools and scans dev and prod "
    "with .ci/scan_checkov.py after the tests)",
)
def test_checkov_scans_the_export_and_passes_msk_and_security_group_checks(dev, tmp_path):
    path = tmp_path / "dev.json"
    path.write_text(json.dumps(dev[1]))
    result = subprocess.run(
        [
            _checkov(),
            "-f",
            str(path),
            "--framework",
            "terraform_plan",
            "-o",
            "json",
            "--skip-download",
            "--check",
            "CKV_AWS_80,CKV_AWS_81,CKV_AWS_291,CKV2_AWS_5",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    report = json.loads(result.stdout)
    passed = {(c["check_id"], c["resource"]) for c in report["results"]["passed_checks"]}
    assert report["results"]["failed_checks"] == []
    assert passed == {
        ("CKV_AWS_80", "aws_msk_cluster.msk_cluster"),
        ("CKV_AWS_81", "aws_msk_cluster.msk_cluster"),
        ("CKV_AWS_291", "aws_msk_cluster.msk_cluster"),
        ("CKV2_AWS_5", "aws_security_group.msk_brokers"),
    }


def test_the_terraform_type_table_is_data_for_every_type_of_the_component():
    """A type the component starts creating must be added to the table (or be non-AWS)."""
    created = set()
    for path in (PROJECT_DIR / "components" / "msk_platform").rglob("*.py"):
        created |= set(re.findall(r"aws\.(\w+)\.([A-Z]\w+)\(", path.read_text()))
    tokens = {
        token.split(":")[1].split("/")[0] + "." + token.split(":")[2] for token in TERRAFORM_TYPES
    }
    assert {f"{module}.{name}" for module, name in created} <= tokens


def _scan_script():
    spec = importlib.util.spec_from_file_location(
        "scan_checkov", PROJECT_DIR / ".ci" / "scan_checkov.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _check(check_id: str, resource: str) -> dict:
    return {"check_id": check_id, "resource": resource, "check_name": "a check"}


def test_the_ci_scan_fails_on_an_empty_scan_missing_resources_or_msk_failures():
    judge = _scan_script().problems
    cluster, group = "aws_msk_cluster.c", "aws_security_group.g"
    good = {
        "summary": {"resource_count": 3},
        "results": {
            "passed_checks": [_check("CKV_AWS_81", cluster), _check("CKV2_AWS_5", group)],
            "failed_checks": [_check("CKV2_AWS_11", "aws_vpc.v")],  # listed, not blocking
        },
    }
    assert judge("dev", good) == []
    assert judge("dev", {"summary": {"resource_count": 0}, "results": {}}) == [
        "dev: checkov scanned no resource",
        "dev: no check ran on any aws_msk_cluster",
        "dev: no check ran on any aws_security_group",
    ]
    failing = json.loads(json.dumps(good))
    failing["results"]["failed_checks"].append(_check("CKV_AWS_24", group))
    assert judge("dev", failing) == ["dev: CKV_AWS_24 on aws_security_group.g: a check"]


def test_an_unknown_source_group_of_a_rule_is_traced_within_its_block():
    """Without the reference, scanners would read the rule as having no source at all."""
    group = "aws:ec2/securityGroup:SecurityGroup"
    document = {
        "resources": [
            {"type": group, "name": "clients", "inputs": {"description": "apps"}},
            {
                "type": group,
                "name": "brokers",
                "inputs": {
                    "ingress": [
                        {
                            "fromPort": 9098,
                            "toPort": 9098,
                            "protocol": "tcp",
                            "cidrBlocks": ["10.0.0.0/8"],
                        },
                        {
                            "fromPort": 9098,
                            "toPort": 9098,
                            "protocol": "tcp",
                            "securityGroups": [None],
                        },
                    ]
                },
                "dependencies": {"ingress": [f"{group}::clients"]},
            },
        ]
    }
    plan = terraform_plan(document)
    rules = planned(plan)["aws_security_group.brokers"]["values"]["ingress"]
    assert rules[0]["cidr_blocks"] == ["10.0.0.0/8"] and "security_groups" not in rules[1]
    assert changes(plan)["aws_security_group.brokers"]["after_unknown"] == {
        "ingress": [{}, {"security_groups": True}]
    }
    wiring = expressions(plan)["aws_security_group.brokers"]["ingress"]
    assert wiring[1]["security_groups"]["references"][0] == "aws_security_group.clients.id"
    assert wiring[0]["cidr_blocks"] == {"constant_value": ["10.0.0.0/8"]}
