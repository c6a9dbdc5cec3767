"""The config contract is declared once (spec/keys.py) and every copy says the same: the typed
args, the component schema other languages get, and the README (test_readme.py). The typed API
tells the truth: every declared output is a pulumi.Output, always."""

import ast
import typing
from dataclasses import replace

import pulumi

from msk_platform import MskCluster
from msk_platform.provider_schema import schema
from msk_platform.spec.keys import BOTH, KEYS, PROVISIONED_ONLY, KeyDef
from msk_platform.spec.reference import annotation, args_module
from mskctl.mock_runtime import run_program
from tests.conftest import PROJECT_DIR

COMPONENT = PROJECT_DIR / "components" / "msk_platform"
TOKEN = "msk:index:MskCluster"


def test_the_typed_args_are_generated_from_the_key_table():
    committed = (COMPONENT / "args.py").read_text(encoding="utf-8")
    assert committed == args_module(), (
        "run: venv/bin/python -m msk_platform.spec.reference --args components/msk_platform/args.py"
    )


def test_each_args_field_states_its_default_and_where_it_applies():
    from msk_platform import args

    tree = ast.parse((COMPONENT / "args.py").read_text(encoding="utf-8"))
    docs = {}
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            body = node.body
            for first, second in zip(body, body[1:], strict=False):
                if isinstance(first, ast.AnnAssign) and isinstance(second, ast.Expr):
                    docs[(node.name, first.target.id)] = second.value.value
    kafka_version = docs[("MskClusterArgs", "kafka_version")]
    assert "Default: newest supported version" in kafka_version
    assert kafka_version.endswith("Provisioned clusters only.")
    assert docs[("LoggingArgs", "encrypt_with_cluster_key")].endswith(
        "Default: `true`. Provisioned clusters only."
    )
    assert "`true` while `auth` is not given" in docs[("AuthArgs", "iam")]
    assert "only" not in docs[("MskClusterArgs", "tags")]
    assert set(args.MskClusterArgs.__annotations__) == {key.snake for key in KEYS}


def test_only_keys_that_may_come_from_other_resources_are_inputs():
    by_name = {key.name: key for key in KEYS}
    assert annotation(by_name["brokerCount"]) == "int"
    assert annotation(by_name["vpcId"]) == "pulumi.Input[str]"
    assert annotation(by_name["subnetIds"]) == "pulumi.Input[Sequence[pulumi.Input[str]]]"
    assert annotation(by_name["clientCidrBlocks"]) == "Sequence[str]"
    assert annotation(by_name["topics"]) == "Sequence[TopicArgs]"


def _schema_description_problems(keys: tuple[KeyDef, ...] = KEYS) -> list[str]:
    generated = schema()
    inputs = generated["resources"][TOKEN]["inputProperties"]
    problems = []

    def check(where: str, prop: dict, key: KeyDef, scope: frozenset) -> None:
        if prop.get("description") != key.description(scope):
            problems.append(f"{where}: {prop.get('description')!r} != {key.description(scope)!r}")

    for key in keys:
        check(key.name, inputs[key.name], key, key.applies_to)
        if not key.fields:
            continue
        declared = generated["types"][f"msk:index:{key.args_type}"]
        if declared.get("description") != key.doc:
            problems.append(f"{key.args_type}: {declared.get('description')!r}")
        if set(declared["properties"]) != {part.name for part in key.fields}:
            problems.append(f"{key.args_type}: fields {sorted(declared['properties'])}")
        for part in key.fields:
            if part.name in declared["properties"]:
                check(
                    f"{key.name}.{part.name}",
                    declared["properties"][part.name],
                    part,
                    key.applies_to,
                )
    return problems


def test_the_schema_states_every_keys_description_default_and_scope():
    assert _schema_description_problems() == []


def test_a_key_whose_default_changes_is_caught_in_the_schema():
    """The check above compares with the key table itself: change a default there without
    regenerating and it fails (here: auth.scram's default flipped in the table only)."""
    changed = tuple(
        replace(
            key,
            fields=tuple(
                replace(part, default=True) if part.name == "scram" else part for part in key.fields
            ),
        )
        if key.name == "auth"
        else key
        for key in KEYS
    )
    assert [p.split(":")[0] for p in _schema_description_problems(changed)] == ["auth.scram"]


def test_scopes_read_as_the_readme_says():
    clusters = [key for key in KEYS if key.applies_to == PROVISIONED_ONLY]
    assert clusters and all(k.applies_text() == "provisioned" for k in clusters)
    assert all(k.applies_text() == "both" for k in KEYS if k.applies_to == BOTH)


# -- outputs --------------------------------------------------------------------------------


def declared_outputs() -> dict[str, typing.Any]:
    return dict(MskCluster.__annotations__)  # its own, not those of pulumi.Resource


def test_every_declared_output_is_typed_as_an_output_and_in_the_schema():
    hints = declared_outputs()
    assert hints and all(typing.get_origin(hint) is pulumi.Output for hint in hints.values())
    properties = schema()["resources"][TOKEN]["properties"]
    camel = {name.split("_")[0] + "".join(p.title() for p in name.split("_")[1:]) for name in hints}
    assert set(properties) == camel
    assert {"bootstrapBrokersPublicIam", "bootstrapBrokersPublicScram"} <= set(properties)
    assert all(prop.get("description") for prop in properties.values())


PROGRAM = """
import pulumi
from msk_platform import MskCluster

cluster = MskCluster("events", {args!r})
names = {names!r}
pulumi.export("kinds", {{n: type(getattr(cluster, n)).__name__ for n in names}})
for name in names:
    pulumi.export(name, getattr(cluster, name))
pulumi.export("exported", sorted(cluster.stack_outputs()))
"""


def run_component(tmp_path, args: dict):
    names = sorted(declared_outputs())
    (tmp_path / "Pulumi.yaml").write_text("name: typed\nruntime: python\n")
    (tmp_path / "__main__.py").write_text(PROGRAM.format(args=args, names=names))
    return run_program(tmp_path, project="typed", stack="t", config={}, preview=False)


def test_outputs_that_do_not_apply_are_outputs_of_none(tmp_path):
    run = run_component(tmp_path, {"client_cidr_blocks": ["10.40.0.0/16"]})
    assert set(run.outputs["kinds"].values()) == {"Output"}
    for name in (
        "bootstrap_brokers_scram",
        "bootstrap_brokers_tls",
        "bootstrap_brokers_plaintext",
        "bootstrap_brokers_public_iam",
        "alarm_topic_arn",
    ):
        assert run.outputs[name] is None, name
    assert run.outputs["scram_secret_arns"] == {}
    assert run.outputs["bootstrap_brokers_iam"] is not None
    assert "scramSecretArns" not in run.outputs["exported"]
    assert "bootstrapBrokersScram" not in run.outputs["exported"]


def test_outputs_that_apply_carry_values_and_are_exported(tmp_path):
    run = run_component(
        tmp_path,
        {
            "client_cidr_blocks": ["10.40.0.0/16"],
            "auth": {"iam": True, "scram": True},
            "scram_users": ["app"],
            "alarms": {"enabled": True},
        },
    )
    assert set(run.outputs["kinds"].values()) == {"Output"}
    assert set(run.outputs["scram_secret_arns"]) == {"app"}
    assert run.outputs["alarm_topic_arn"] is not None
    assert {"scramSecretArns", "alarmTopicArn", "bootstrapBrokersScram"} <= set(
        run.outputs["exported"]
    )


# -- public SDK only ------------------------------------------------------------------------


def test_the_program_reads_declared_keys_and_names_undeclared_ones(monkeypatch):
    """msk_config lists keys from the engine's config map and reads each through
    pulumi.Config; secret ones stay secret."""
    import asyncio
    import json

    from msk_platform import msk_config

    asyncio.set_event_loop(asyncio.new_event_loop())
    engine = {"msk:brokerCount": "6", "msk:brokrCount": "3", "aws:region": "eu-west-1"}
    engine["msk:tags"] = '{"team": "orders"}'
    monkeypatch.setenv("PULUMI_CONFIG", json.dumps(engine))
    monkeypatch.setenv("PULUMI_CONFIG_SECRET_KEYS", json.dumps(["msk:tags"]))
    values = msk_config()
    assert set(values) == {"brokerCount", "brokrCount", "tags"}
    assert values["brokerCount"] == "6"
    assert isinstance(values["tags"], pulumi.Output)
    assert asyncio.get_event_loop().run_until_complete(values["tags"].is_secret())


def _private_sdk_uses(path) -> list[str]:
    """Attribute reads like ``role._name`` (on anything but self or cls) and imports of
    ``pulumi`` names not in the SDK's exported API."""
    import pulumi.runtime

    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Attribute) and node.attr.startswith("_"):
            owner = node.value.id if isinstance(node.value, ast.Name) else ""
            if not node.attr.startswith("__") and owner not in ("self", "cls"):
                found.append(f"{path.name}:{node.lineno} .{node.attr}")
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("pulumi.runtime"):
            found.append(f"{path.name}:{node.lineno} from {node.module}")
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Attribute)
            and isinstance(node.value.value, ast.Name)
            and (node.value.value.id, node.value.attr) == ("pulumi", "runtime")
            and node.attr not in pulumi.runtime.__all__
        ):
            found.append(f"{path.name}:{node.lineno} pulumi.runtime.{node.attr}")
    return found


def test_the_component_and_the_program_use_the_public_sdk_only():
    sources = [*COMPONENT.rglob("*.py"), PROJECT_DIR / "__main__.py"]
    assert [use for path in sources for use in _private_sdk_uses(path)] == []


def test_the_private_use_check_sees_a_private_attribute(tmp_path):
    probe = tmp_path / "probe.py"
    probe.write_text("label = role._name\nfrom pulumi.runtime.config import CONFIG\n")
    assert len(_private_sdk_uses(probe)) == 2


def test_the_component_declares_its_three_sdks_with_the_tested_versions_as_floor():
    """The suite runs on requirements.txt's pins; each range the component declares starts at
    that pin, so the oldest version an embedder may get is the one tested (CI's component-only
    install covers the newest the index serves)."""
    import re
    import tomllib

    project = tomllib.loads((PROJECT_DIR / "components" / "pyproject.toml").read_text())
    declared = dict(
        re.fullmatch(r"([\w-]+)>=([\d.]+),<[\d.]+", requirement).groups()
        for requirement in project["project"]["dependencies"]
    )
    pins = dict(
        line.split("#")[0].strip().split("==")
        for line in (PROJECT_DIR / "requirements.txt").read_text().splitlines()
        if "==" in line.split("#")[0]
    )
    assert set(declared) == {"pulumi", "pulumi-aws", "pulumi-random", "pulumi-kafka"}
    assert {name: pins[name] for name in declared} == declared
