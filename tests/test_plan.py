"""`mskctl plan` and `mskctl cost`: the JSON contract, exit statuses, config layering."""

import json
import re
import shutil

import pytest

from mskctl.cli import main
from tests.conftest import PROJECT_DIR

TOP_KEYS = {"project", "stack", "resources", "outputs", "cost", "policy", "warnings", "errors"}


def plan(capsys, *args) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def plan_json(capsys, *args) -> tuple[int, dict]:
    code, out, _ = plan(capsys, "plan", "--json", *args)
    return code, json.loads(out)


def snake_keys(value, path="") -> list:
    """Keys with underscores, outside tag maps (tag names are the user's)."""
    found = []
    if isinstance(value, dict):
        for key, item in value.items():
            if "_" in key:
                found.append(f"{path}.{key}")
            if key != "tags":
                found += snake_keys(item, f"{path}.{key}")
    elif isinstance(value, list):
        for item in value:
            found += snake_keys(item, path)
    return found


@pytest.fixture
def project(tmp_path):
    """A copy of the program in a scratch folder, for stack files of the test's own."""
    for name in ("__main__.py", "Pulumi.yaml"):
        shutil.copy(PROJECT_DIR / name, tmp_path / name)
    return tmp_path


def test_plan_json_follows_the_contract(capsys):
    code, document = plan_json(capsys, "--stack", "dev")
    assert code == 0
    assert set(document) == TOP_KEYS
    assert (document["project"], document["stack"], document["errors"]) == ("msk", "dev", [])
    for resource in document["resources"]:
        assert set(resource) == {"type", "name", "parent", "inputs", "options"}
        assert set(resource["options"]) == {
            "protect",
            "ignoreChanges",
            "retainOnDelete",
            "customTimeouts",
        }
    assert not snake_keys([r["inputs"] for r in document["resources"]])
    types = [r["type"] for r in document["resources"]]
    assert types.count("aws:ec2/subnet:Subnet") == 2 and "aws:msk/cluster:Cluster" in types
    cluster = next(r for r in document["resources"] if r["type"] == "aws:msk/cluster:Cluster")
    assert cluster["parent"] == "msk:index:MskCluster::msk"
    assert cluster["inputs"]["numberOfBrokerNodes"] == 2
    # Values only the cloud knows are null, never invented.
    assert cluster["inputs"]["brokerNodeGroupInfo"]["securityGroups"] == [None]
    assert (
        document["outputs"]["clusterArn"] is None
        and document["outputs"]["clusterName"] == "msk-dev"
    )
    assert set(document["cost"]) >= {"currency", "region", "monthly", "lines", "pricesAsOf"}
    for line in document["cost"]["lines"]:
        assert set(line) >= {"item", "quantity", "unit", "unitPrice", "monthly"}


def test_prod_plan_shows_protection_and_known_ids(capsys):
    code, document = plan_json(capsys, "--stack", "prod")
    assert code == 0
    protected = {r["type"] for r in document["resources"] if r["options"]["protect"]}
    assert protected == {
        "aws:msk/cluster:Cluster",
        "aws:kms/key:Key",
        "aws:cloudwatch/logGroup:LogGroup",
    }
    assert document["outputs"]["vpcId"] == "vpc-0a1b2c3d4e5f60718"


def test_human_plan_shows_tree_outputs_and_bill(capsys):
    code, out, _ = plan(capsys, "plan", "--stack", "prod")
    assert code == 0
    assert "├─ aws:msk/cluster:Cluster  msk-cluster [protected; retained; ignores" in out
    # the outputs' column is as wide as the longest name (configurationRevision, say)
    assert re.search(r"\n  bootstrapBrokersIam +\(known after deploy\)\n", out)
    assert "MSK total: $746.76 a month" in out


def test_configuration_errors_exit_1_and_name_every_key(capsys):
    code, document = plan_json(
        capsys,
        "--stack",
        "prod",
        "--set",
        "brokerCount=4",
        "--set",
        "clientCidrBlocks=[0.0.0.0/0]",
        "--set",
        "brokrCount=3",
    )
    assert code == 1
    assert {e["key"] for e in document["errors"]} == {
        "msk:brokerCount",
        "msk:clientCidrBlocks[0]",
        "msk:brokrCount",
    }
    assert document["resources"] == [] and document["cost"] is None
    code, out, _ = plan(capsys, "plan", "--stack", "prod", "--set", "brokerCount=4")
    assert code == 1 and "✗ msk:brokerCount: 4 is not a multiple of the 3 subnets" in out


@pytest.mark.parametrize(
    "args,message",
    [
        (["plan", "--stack", "staging"], "no stack 'staging'"),
        (["plan", "--stack", "dev", "--set", "brokerCount"], "use key=value"),
        (["plan", "--stack", "dev", "--set", "tags={a: [}"], "not valid YAML"),
        (["plan"], "--stack"),
        (["deploy", "--stack", "dev"], "invalid choice"),
        ([], "VERB"),
    ],
)
def test_usage_errors_exit_2(capsys, args, message):
    code, out, err = plan(capsys, *args)
    assert code == 2
    assert message in out + err


def test_an_unreadable_stack_file_is_a_usage_error(capsys, project):
    (project / "Pulumi.broken.yaml").write_text("config: [unclosed\n")
    code, _, err = plan(capsys, "plan", "--stack", "broken", "--project-dir", str(project))
    assert code == 2 and "can't read" in err


def test_set_overrides_the_stack_file_and_can_unset(capsys):
    _, document = plan_json(capsys, "--stack", "dev", "--set", "ebsVolumeGib=50")
    cluster = next(r for r in document["resources"] if r["type"] == "aws:msk/cluster:Cluster")
    assert (
        cluster["inputs"]["brokerNodeGroupInfo"]["storageInfo"]["ebsStorageInfo"]["volumeSize"]
        == 50
    )
    _, document = plan_json(capsys, "--stack", "dev", "--set", "ebsVolumeGib=")
    cluster = next(r for r in document["resources"] if r["type"] == "aws:msk/cluster:Cluster")
    assert (
        cluster["inputs"]["brokerNodeGroupInfo"]["storageInfo"]["ebsStorageInfo"]["volumeSize"]
        == 1000
    )
    _, document = plan_json(capsys, "--stack", "dev", "--set", "aws:region=eu-west-1")
    assert document["cost"]["monthly"] is None and document["cost"]["region"] == "eu-west-1"
    assert any("eu-west-1" in w for w in document["warnings"])


def test_encrypted_values_are_unknown_secrets_and_said_so(capsys, project):
    (project / "Pulumi.sec.yaml").write_text(
        "config:\n  aws:region: us-east-1\n  msk:clientCidrBlocks: [10.0.0.0/16]\n"
        "  msk:kmsKeyArn:\n    secure: AAABAKhZbXNrZW5jcnlwdGVk\n"
    )
    code, document = plan_json(capsys, "--stack", "sec", "--project-dir", str(project))
    assert code == 0
    assert document["outputs"]["kmsKeyArn"] == "[secret]"
    assert any("msk:kmsKeyArn is encrypted" in w for w in document["warnings"])
    assert "AAABAKhZ" not in json.dumps(document)


def test_a_program_crash_exits_3(capsys, project):
    (project / "__main__.py").write_text("raise RuntimeError('boom')\n")
    (project / "Pulumi.x.yaml").write_text("config: {}\n")
    code, _, err = plan(capsys, "plan", "--stack", "x", "--project-dir", str(project))
    assert code == 3 and "RuntimeError: boom" in err


def test_a_program_with_two_clusters_gets_one_labelled_bill(capsys, project):
    (project / "__main__.py").write_text(
        "from msk_platform import MskCluster\n"
        "MskCluster('orders', {'cluster_name': 'orders', 'client_cidr_blocks': ['10.0.0.0/8']})\n"
        "MskCluster('events', {'cluster_name': 'events', 'cluster_type': 'serverless',"
        " 'client_cidr_blocks': ['10.0.0.0/8']})\n"
    )
    (project / "Pulumi.two.yaml").write_text("config:\n  aws:region: us-east-1\n")
    code, document = plan_json(capsys, "--stack", "two", "--project-dir", str(project))
    assert code == 0
    items = [line["item"] for line in document["cost"]["lines"]]
    assert items[0] == "orders: Broker instances (kafka.m7g.large)" and "events: Cluster" in items
    assert document["cost"]["monthly"] == 746.76 + 547.50


def test_cost_verb_prints_the_bill_and_its_assumptions(capsys):
    code, out, _ = plan(capsys, "cost", "--stack", "dev")
    assert code == 0 and "MSK total: $70.58 a month" in out and "Assumptions:" in out
    code, out, _ = plan(capsys, "cost", "--stack", "dev", "--json")
    document = json.loads(out)
    assert code == 0 and set(document) == {"project", "stack", "cost", "warnings"}
    assert document["cost"]["monthly"] == 70.58
    code, _, _ = plan(capsys, "cost", "--stack", "dev", "--set", "brokerCount=3")
    assert code == 1


def test_project_dir_defaults_to_the_nearest_pulumi_project(tmp_path, monkeypatch, project):
    from mskctl.commands.common import default_project_dir

    nested = project / "deep" / "er"
    nested.mkdir(parents=True)
    monkeypatch.chdir(nested)
    assert default_project_dir() == project.resolve()


@pytest.fixture
def renamed_project(tmp_path):
    """The program in a project named ``orders`` (not ``msk``), its dev stack in ``msk:`` keys
    as the program reads them."""
    shutil.copy(PROJECT_DIR / "__main__.py", tmp_path / "__main__.py")
    pulumi_yaml = (PROJECT_DIR / "Pulumi.yaml").read_text(encoding="utf-8")
    assert pulumi_yaml.startswith("name: msk\n")
    (tmp_path / "Pulumi.yaml").write_text(pulumi_yaml.replace("name: msk\n", "name: orders\n", 1))
    shutil.copy(PROJECT_DIR / "Pulumi.dev.yaml", tmp_path / "Pulumi.dev.yaml")
    return tmp_path


def test_set_writes_msk_keys_whatever_the_project_is_called(capsys, renamed_project):
    where = ("--stack", "dev", "--project-dir", str(renamed_project))
    code, document = plan_json(capsys, *where)
    assert code == 0 and document["project"] == "orders"
    cluster = next(r for r in document["resources"] if r["type"] == "aws:msk/cluster:Cluster")
    assert cluster["inputs"]["numberOfBrokerNodes"] == 2  # the stack file's msk:brokerCount
    code, document = plan_json(capsys, *where, "--set", "brokerCount=4", "--set", "ebsVolumeGib=")
    assert code == 0
    cluster = next(r for r in document["resources"] if r["type"] == "aws:msk/cluster:Cluster")
    assert cluster["inputs"]["numberOfBrokerNodes"] == 4
    storage = cluster["inputs"]["brokerNodeGroupInfo"]["storageInfo"]["ebsStorageInfo"]
    assert storage["volumeSize"] == 1000  # msk:ebsVolumeGib unset: the default
    # A bad value is reported under the msk: key the program read.
    code, document = plan_json(capsys, *where, "--set", "brokerCount=3")
    assert code == 1 and [e["key"] for e in document["errors"]] == ["msk:brokerCount"]
    # An explicitly namespaced key stays as given.
    _, document = plan_json(capsys, *where, "--set", "aws:region=eu-west-1")
    assert document["cost"]["region"] == "eu-west-1"


def test_parse_override_namespaces():
    from mskctl.overrides import parse_override

    assert parse_override("brokerCount=6") == ("msk:brokerCount", "6")
    assert parse_override("aws:region=eu-west-1") == ("aws:region", "eu-west-1")
    assert parse_override("orders:brokerCount=6") == ("orders:brokerCount", "6")
    assert parse_override("tags={team: data}") == ("msk:tags", '{"team": "data"}')
    assert parse_override("ebsVolumeGib=") == ("msk:ebsVolumeGib", None)
