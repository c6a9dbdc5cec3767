"""The public interface other programs and languages see: schema, construct, examples."""

import json
from pathlib import Path

import yaml

from msk_platform.provider_schema import schema
from msk_platform.spec.keys import KEYS
from tests.conftest import PROJECT_DIR

TOKEN = "msk:index:MskCluster"
SNAPSHOT = PROJECT_DIR / "provider" / "schema.json"


def test_schema_matches_the_committed_snapshot():
    """A change to the public interface must show in review: refresh the snapshot with
    `venv/bin/python -m msk_platform.provider_schema --write provider/schema.json`."""
    assert json.loads(SNAPSHOT.read_text(encoding="utf-8")) == schema()


def test_every_config_key_is_a_documented_typed_input():
    resource = schema()["resources"][TOKEN]
    inputs = resource["inputProperties"]
    assert set(inputs) == {key.name for key in KEYS}
    for name, prop in inputs.items():
        assert prop.get("description"), name
        assert prop.get("type") or prop.get("$ref"), name
    assert resource["isComponent"] is True
    assert inputs["brokerCount"]["type"] == "integer"
    assert inputs["auth"]["$ref"] == "#/types/msk:index:AuthArgs"
    assert inputs["topics"]["items"]["$ref"] == "#/types/msk:index:TopicArgs"


def test_nested_types_carry_their_fields():
    types = schema()["types"]
    auth = types["msk:index:AuthArgs"]["properties"]
    assert set(auth) == {"iam", "scram", "tls", "unauthenticated", "certificateAuthorityArns"}
    assert auth["iam"]["type"] == "boolean"
    grant = types["msk:index:GrantArgs"]["properties"]
    assert {"roleName", "roleArn", "produce", "consume", "groups"} <= set(grant)


def test_construct_from_another_language_under_mocks(tmp_path):
    """The provider's construct path, fed camelCase inputs with integers as floats, as a
    TypeScript or YAML program would send them."""
    from mskctl.mock_runtime import run_program

    (tmp_path / "Pulumi.yaml").write_text("name: polyglot\nruntime: python\n")
    (tmp_path / "__main__.py").write_text(
        "import pulumi\n"
        "from pulumi.provider.experimental.component import ComponentProvider\n"
        "from msk_platform import MskCluster, __version__\n"
        "provider = ComponentProvider([MskCluster], 'msk', None, __version__)\n"
        "result = provider.construct('events', 'msk:index:MskCluster', {\n"
        "    'brokerCount': 6.0, 'azCount': 3.0, 'kafkaVersion': '3.9.x.kraft',\n"
        "    'clientCidrBlocks': ['10.40.0.0/16'], 'auth': {'iam': True, 'scram': True},\n"
        "    'scramUsers': ['app'], 'ebsVolumeGib': 100.0,\n"
        "    'topics': [{'name': 'clicks', 'partitions': 6.0}],\n"
        "    'alarms': {'enabled': True, 'periodSeconds': 60.0},\n"
        "}, None)\n"
        "pulumi.export('state', result.state)\n"
    )
    run = run_program(tmp_path, project="polyglot", stack="t", config={}, preview=False)
    cluster = run.one("aws:msk/cluster:Cluster").inputs
    assert cluster["numberOfBrokerNodes"] == 6
    assert cluster["brokerNodeGroupInfo"]["storageInfo"]["ebsStorageInfo"]["volumeSize"] == 100
    assert cluster["clientAuthentication"]["sasl"] == {"iam": True, "scram": True}
    assert run.one("aws:msk/topic:Topic").inputs["partitionCount"] == 6
    assert (
        run.one("aws:secretsmanager/secret:Secret").inputs["name"]
        == "AmazonMSK_polyglot-t-events_app"
    )
    alarm = next(
        a
        for a in run.of_type("aws:cloudwatch/metricAlarm:MetricAlarm")
        if a.name == "events-offline-partitions"
    )
    assert alarm.inputs["period"] == 60
    state = run.outputs["state"]
    assert state["bootstrapBrokersIam"].endswith(":9098")
    assert state["bootstrapBrokersScram"].endswith(":9096")


def _check_against(properties: dict, values: dict, types: dict, where: str) -> list[str]:
    """Names the YAML program uses that the schema does not declare (recursively)."""
    problems = []
    for name, value in values.items():
        prop = properties.get(name)
        if prop is None:
            problems.append(f"{where}.{name}")
            continue
        ref = prop.get("$ref") or prop.get("items", {}).get("$ref")
        if ref and isinstance(value, (dict, list)):
            nested = types[ref.split("/")[-1]]["properties"]
            for item in value if isinstance(value, list) else [value]:
                problems += _check_against(nested, item, types, f"{where}.{name}")
    return problems


def test_the_yaml_example_uses_only_what_the_schema_declares():
    program = yaml.safe_load((PROJECT_DIR / "examples" / "yaml" / "Pulumi.yaml").read_text())
    generated = schema()
    resource = generated["resources"][TOKEN]
    assert program["packages"]["msk"] == "../../provider"
    assert (
        PROJECT_DIR / "examples" / "yaml" / Path(program["packages"]["msk"]) / "PulumiPlugin.yaml"
    ).exists()
    events = program["resources"]["events"]
    assert events["type"] == TOKEN
    assert (
        _check_against(
            resource["inputProperties"], events["properties"], generated["types"], "events"
        )
        == []
    )
    for expression in program["outputs"].values():
        output = expression.removeprefix("${events.").removesuffix("}")
        assert output in resource["properties"], output


def test_the_python_example_installs_the_component_by_path_not_a_copy():
    requirements = (PROJECT_DIR / "examples" / "python-app" / "requirements.txt").read_text()
    assert any(
        line.split("#")[0].strip() == "../../components" for line in requirements.splitlines()
    )
    assert not (PROJECT_DIR / "examples" / "python-app" / "msk_platform").exists()
