"""Stacks as Pulumi names them, and the config Pulumi would hand the program.

``--stack`` takes ``stack``, ``org/stack`` or ``org/project/stack``: the stack file is
``Pulumi.<stack>.yaml`` (the last part) and the name goes to the Automation API as given.
Project config in ``Pulumi.yaml`` fills what a stack doesn't set (stack file, then its ESC
environment, then the project); ESC imports and typos of ``msk:`` are warned about, in the
plan document and on the deploy verbs' stderr.
"""

import json

import pytest

from mskctl.stack_files import StackFileError, parse_stack_ref
from tests import test_deploy_verbs as verbs

ECHO_PROGRAM = (
    "import json, os\nimport pulumi\n"
    "pulumi.export('config', json.loads(os.environ['PULUMI_CONFIG']))\n"
)


mskctl = verbs.mskctl  # main(args) -> (status, stdout, stderr)
project = verbs.project  # the program and its stacks in a scratch folder
fake_pulumi = verbs.fake_pulumi  # the recording stand-in for the Pulumi CLI


@pytest.fixture
def echo(tmp_path):
    """A program that exports the config map it was given; ``echo(stack_file, pulumi_yaml)``
    writes the files and returns (status, program's config or None, warnings, stderr)."""
    (tmp_path / "__main__.py").write_text(ECHO_PROGRAM)

    def run(capsys, stack_file: str, pulumi_yaml: str = "", *args, stack="s"):
        (tmp_path / "Pulumi.yaml").write_text("name: msk\nruntime: python\n" + pulumi_yaml)
        (tmp_path / "Pulumi.s.yaml").write_text(stack_file)
        code, out, err = mskctl(
            capsys, "plan", "--json", "--stack", stack, "--project-dir", str(tmp_path), *args
        )
        assert "Traceback" not in out + err
        if not out:
            return code, None, None, err
        document = json.loads(out)
        return code, document["outputs"].get("config"), document["warnings"], err

    run.folder = tmp_path
    return run


# --- names ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name,stack,org,project",
    [
        ("dev", "dev", None, None),
        ("acme/dev", "dev", "acme", None),
        ("acme/msk/dev", "dev", "acme", "msk"),
        ("organization/msk/dev.eu-1_a", "dev.eu-1_a", "organization", "msk"),
    ],
)
def test_stack_names_parse_as_pulumi_writes_them(name, stack, org, project):
    ref = parse_stack_ref(name, "msk")
    assert (ref.given, ref.stack, ref.org, ref.project) == (name, stack, org, project)


@pytest.mark.parametrize(
    "name,says",
    [
        (
            "acme/orders/dev",
            "names the project 'orders', but this project's Pulumi.yaml names it 'msk'",
        ),
        ("a/b/c/dev", "has 4 parts"),
        ("acme//dev", "an empty part"),
        ("acme/", "an empty part"),
        ("dev!", "'dev!'"),
        (" ", "give a stack name"),
    ],
)
def test_malformed_stack_names_are_refused(name, says):
    with pytest.raises(StackFileError, match=None) as caught:
        parse_stack_ref(name, "msk")
    assert says in str(caught.value)


@pytest.mark.parametrize("name", ["acme/msk/dev", "acme/dev", "organization/msk/dev"])
def test_a_qualified_name_plans_the_stack_file_of_its_last_part(capsys, name):
    code, out, _ = mskctl(capsys, "plan", "--json", "--stack", name)
    _, plain, _ = mskctl(capsys, "plan", "--json", "--stack", "dev")
    assert code == 0
    document, same = json.loads(out), json.loads(plain)
    assert document["stack"] == "dev"  # what pulumi.get_stack() returns
    assert document["resources"] == same["resources"]
    assert document["outputs"]["clusterName"] == "msk-dev"


def test_a_project_part_that_is_not_this_project_is_a_usage_error(capsys):
    code, out, err = mskctl(capsys, "plan", "--stack", "acme/orders/dev")
    assert code == 2 and out == ""
    assert "'orders'" in err and "'msk'" in err and "Traceback" not in err


# --- the deploy verbs: the name as given reaches the Automation API --------------------------


@pytest.fixture
def qualified_cli(fake_pulumi):
    """The recording stand-in for the Pulumi CLI, knowing two qualified stacks; returns its
    recorded calls."""
    summary = {"summaryEvent": {"durationSeconds": 1, "resourceChanges": {"same": 1}}}
    fake_pulumi.scenario(
        stacks=["organization/msk/dev", "acme/msk/dev"],
        events={"preview": [{"sequence": 1, "timestamp": 0, **summary}]},
        history={},
        outputs={},
    )
    return fake_pulumi.calls


def _stack_args(calls) -> list[str]:
    return [c["args"][c["args"].index("--stack") + 1] for c in calls() if "--stack" in c["args"]]


def test_preview_hands_the_whole_name_to_the_cli(capsys, project, qualified_cli):
    code, out, err = mskctl(
        capsys, "preview", "--stack", "organization/msk/dev", "--json",
        "--project-dir", str(project),
    )  # fmt: skip
    assert code == 0, err
    assert set(_stack_args(qualified_cli)) == {"organization/msk/dev"}
    assert json.loads(out)["stack"] == "organization/msk/dev"


def test_outputs_of_a_qualified_name_in_pulumi_cloud(capsys, project, qualified_cli):
    code, out, err = mskctl(
        capsys, "outputs", "--stack", "acme/msk/dev", "--json", "--backend",
        "https://api.pulumi.com", "--project-dir", str(project),
    )  # fmt: skip
    assert code == 0, err
    assert set(_stack_args(qualified_cli)) == {"acme/msk/dev"}


def test_a_self_managed_backend_has_one_organization(capsys, project, qualified_cli):
    code, out, err = mskctl(
        capsys, "preview", "--stack", "acme/msk/dev", "--project-dir", str(project)
    )
    assert code == 2 and qualified_cli() == []
    assert "the self-managed backend file://" in err
    assert "--stack organization/msk/dev or --stack dev" in err


def test_a_deploy_verb_of_another_project_never_reaches_the_cli(capsys, project, qualified_cli):
    code, _, err = mskctl(capsys, "up", "--stack", "acme/orders/dev", "--project-dir", str(project))
    assert code == 2 and qualified_cli() == []
    assert "'orders'" in err and "'msk'" in err


# --- a stack file without config: -------------------------------------------------------------


def test_a_stack_file_without_config_is_a_usage_error(capsys, project):
    (project / "Pulumi.bare.yaml").write_text("encryptionsalt: v1:c2FsdA==:v1:a:b\n")
    for verb in ("plan", "cost", "up", "preview"):
        code, out, err = mskctl(capsys, verb, "--stack", "bare", "--project-dir", str(project))
        assert code == 2 and out == ""
        assert err == (
            "mskctl: Pulumi.bare.yaml has no config: section; give the stack's keys under "
            "config: (config: {} plans with every default)\n"
        )


# --- project config in Pulumi.yaml ------------------------------------------------------------


def test_project_config_fills_what_the_stack_does_not_set(capsys, echo):
    pulumi_yaml = (
        "config:\n"
        "  brokerCount: 4\n"  # the project's own key, short form: a default
        "  msk:kafkaVersion:\n    default: 3.9.x\n"
        "  msk:ebsVolumeGib:\n    type: integer\n    default: 100\n"
        "  aws:region: eu-west-1\n"  # another namespace, short form: a value
        "  pulumi:tags:\n    value: {team: data}\n"
    )
    code, config, warnings, _ = echo(capsys, "config:\n  msk:ebsVolumeGib: 200\n", pulumi_yaml)
    assert code == 0 and warnings == []
    assert config == {
        "msk:brokerCount": "4",
        "msk:kafkaVersion": "3.9.x",
        "msk:ebsVolumeGib": "200",  # the stack file wins
        "aws:region": "eu-west-1",
        "pulumi:tags": '{"team": "data"}',
    }


def test_precedence_is_stack_then_environment_then_project(capsys, echo):
    pulumi_yaml = "config:\n  a: project\n  b: project\n  c: project\n"
    stack_file = (
        "config:\n  a: stack\nenvironment:\n  values:\n    pulumiConfig:\n"
        "      a: environment\n      b: environment\n"
    )
    code, config, _, _ = echo(capsys, stack_file, pulumi_yaml)
    assert code == 0
    assert (config["msk:a"], config["msk:b"], config["msk:c"]) == (
        "stack",
        "environment",
        "project",
    )
    code, config, _, _ = echo(capsys, stack_file, pulumi_yaml, "--set", "a=flag")
    assert config["msk:a"] == "flag"  # --set over everything


def test_project_config_applies_under_the_real_program(capsys, project):
    text = (project / "Pulumi.yaml").read_text()
    (project / "Pulumi.yaml").write_text(text + "config:\n  msk:ebsVolumeGib:\n    default: 60\n")
    dev = (project / "Pulumi.dev.yaml").read_text().replace("  msk:ebsVolumeGib: 20\n", "")
    (project / "Pulumi.dev.yaml").write_text(dev)
    code, out, _ = mskctl(capsys, "plan", "--json", "--stack", "dev", "--project-dir", str(project))
    cluster = next(
        r for r in json.loads(out)["resources"] if r["type"] == "aws:msk/cluster:Cluster"
    )
    storage = cluster["inputs"]["brokerNodeGroupInfo"]["storageInfo"]["ebsStorageInfo"]
    assert code == 0 and storage["volumeSize"] == 60


@pytest.mark.parametrize(
    "pulumi_yaml,stack_file,says",
    [
        (
            "config:\n  team:\n    type: string\n",
            "config: {}\n",
            "Pulumi.s.yaml does not set team, which Pulumi.yaml requires",
        ),
        (
            "config:\n  brokerCount:\n    type: integer\n",
            "config:\n  msk:brokerCount: three\n",
            "msk:brokerCount is text (three), but Pulumi.yaml declares it type integer",
        ),
        (
            "config:\n  protect:\n    type: boolean\n",
            "config:\n  msk:protect: yes\n",
            "declares it type boolean",
        ),
        (
            "config:\n  subnetIds:\n    type: array\n    items: {type: string}\n",
            "config:\n  msk:subnetIds: [a, 3]\n",
            "declares it type array<string>",
        ),
        (
            "config:\n  kmsKeyArn:\n    type: string\n    secret: true\n",
            "config:\n  msk:kmsKeyArn: arn:aws:kms:k\n",
            "msk:kmsKeyArn must be encrypted: Pulumi.yaml declares it secret",
        ),
        (
            "config:\n  a:\n    default: 1\n    value: 2\n",
            "config: {}\n",
            "Pulumi.yaml: config key a gives both 'default' and 'value'",
        ),
        (
            "config:\n  a:\n    defualt: 1\n",
            "config: {}\n",
            "config key a has the attribute 'defualt', which Pulumi does not know",
        ),
        (
            "config:\n  aws:region:\n    default: eu-west-1\n",
            "config: {}\n",
            "config key aws:region is not in the project's namespace ('msk')",
        ),
        ("config:\n  aws:region:\n", "config: {}\n", "aws:region is namespaced and must give"),
        (
            "config:\n  ids:\n    type: array\n",
            "config: {}\n",
            "declares an array without 'items",
        ),
        ("config:\n  n:\n    type: number\n", "config: {}\n", "type 'number' is not one of"),
        (
            "config:\n  n:\n    type: integer\n    default: lots\n",
            "config: {}\n",
            'its default "lots" is not of type integer',
        ),
        ("config: [a, b]\n", "config: {}\n", "Pulumi.yaml: 'config' must be a map of keys"),
    ],
)
def test_project_config_pulumi_would_refuse_is_a_usage_error(
    capsys, echo, pulumi_yaml, stack_file, says
):
    code, config, _, err = echo(capsys, stack_file, pulumi_yaml)
    assert code == 2 and config is None
    assert says in err and err.count("\n") == 1, err


def test_typed_project_config_accepts_what_pulumi_accepts(capsys, echo):
    pulumi_yaml = (
        "config:\n  brokerCount:\n    type: integer\n  protect:\n    type: boolean\n"
        "  subnetIds:\n    type: array\n    items: {type: string}\n"
        "  kmsKeyArn:\n    type: string\n    secret: true\n"
    )
    stack_file = (
        "config:\n  msk:brokerCount: 2.0\n  msk:protect: true\n  msk:subnetIds: [a, b]\n"
        "  msk:kmsKeyArn:\n    secure: v1:abc\n"
    )
    code, config, _, err = echo(capsys, stack_file, pulumi_yaml)
    assert code == 0, err
    assert (config["msk:brokerCount"], config["msk:protect"]) == ("2", "true")


def test_a_required_key_an_environment_may_set_is_a_warning(capsys, echo):
    code, config, warnings, _ = echo(
        capsys, "config: {}\nenvironment: [shared/msk]\n", "config:\n  team:\n    type: string\n"
    )
    assert code == 0 and "msk:team" not in config
    assert any("Pulumi.yaml requires team" in w and "ESC environment" in w for w in warnings)


def test_stack_config_dir_is_where_the_stack_files_are(capsys, echo):
    (echo.folder / "stacks").mkdir()
    (echo.folder / "stacks" / "Pulumi.t.yaml").write_text("config:\n  msk:brokerCount: 3\n")
    code, config, _, err = echo(capsys, "config: {}\n", "stackConfigDir: stacks\n", stack="t")
    assert code == 0 and config == {"msk:brokerCount": "3"}, err


# --- ESC environments -------------------------------------------------------------------------


ESC_STACK = "config:\n  msk:brokerCount: 3\nenvironment:\n  - shared/aws\n  - msk/prod\n"
ESC_WARNING = "imports the Pulumi ESC environments shared/aws, msk/prod"


def test_esc_imports_are_named_in_the_plan_warnings(capsys, echo):
    code, config, warnings, _ = echo(capsys, ESC_STACK)
    assert code == 0 and config == {"msk:brokerCount": "3"}
    assert [w for w in warnings if ESC_WARNING in w] == [
        "Pulumi.s.yaml imports the Pulumi ESC environments shared/aws, msk/prod: the offline "
        "plan can't open them, so the values they set are not in this plan (preview and up, "
        "with the Pulumi CLI, resolve them)"
    ]


def test_esc_imports_are_named_in_the_text_plan(capsys, project):
    text = (project / "Pulumi.dev.yaml").read_text() + "environment: [shared/aws]\n"
    (project / "Pulumi.dev.yaml").write_text(text)
    code, out, _ = mskctl(capsys, "plan", "--stack", "dev", "--project-dir", str(project))
    assert code == 0
    assert "  ! Pulumi.dev.yaml imports the Pulumi ESC environment shared/aws:" in out


def test_the_deploy_verbs_print_the_warnings_first(capsys, project, tmp_path, monkeypatch):
    empty = tmp_path / "no-cli"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    monkeypatch.setenv("PULUMI_CONFIG_PASSPHRASE", "test")
    text = (project / "Pulumi.dev.yaml").read_text() + "  mks:brokerCount: 3\nenvironment: [base]\n"
    (project / "Pulumi.dev.yaml").write_text(text)
    code, out, err = mskctl(capsys, "up", "--stack", "dev", "--json", "--project-dir", str(project))
    assert code == 6 and json.loads(out)["result"] == "missing-prerequisite"
    lines = err.splitlines()
    assert lines[0].startswith(
        "mskctl: warning: Pulumi.dev.yaml imports the Pulumi ESC environment base"
    )
    assert lines[1].startswith("mskctl: warning: mks:brokerCount in Pulumi.dev.yaml")
    assert lines[-1].startswith("mskctl: the Pulumi CLI is not installed")


# --- keys that look meant for msk: ------------------------------------------------------------


@pytest.mark.parametrize(
    "key,says",
    [
        ("mks:brokerCount", "the namespace 'mks' looks like a typo of msk"),
        ("MSK:brokerCount", "the namespace 'MSK' is not msk"),
        ("Msk:tags", "the namespace 'Msk' is not msk"),
        ("msk_brokerCount", "looks like a typo of msk:brokerCount"),
        ("msk.kafkaVersion", "looks like a typo of msk:kafkaVersion"),
        ("ms:brokerCount", "the namespace 'ms' looks like a typo of msk"),
        ("mskk:protect", "the namespace 'mskk' looks like a typo of msk"),
    ],
)
def test_a_namespace_that_looks_like_msk_is_warned_about(capsys, echo, key, says):
    code, _, warnings, _ = echo(capsys, f"config:\n  '{key}': 3\n")
    assert code == 0
    assert any(says in w and key in w for w in warnings), warnings


@pytest.mark.parametrize(
    "key", ["aws:region", "pulumi:tags", "msk:brokerCount", "brokerCount", "random:x", "kms:key",
            "msg:greeting", "team"]
)  # fmt: skip
def test_known_and_unrelated_namespaces_are_not(capsys, echo, key):
    code, _, warnings, _ = echo(capsys, f"config:\n  {key}: x\n")
    assert code == 0 and warnings == []


def test_a_typo_in_set_is_warned_about_too(capsys, echo):
    code, config, warnings, _ = echo(capsys, "config: {}\n", "", "--set", "mks:brokerCount=3")
    assert code == 0 and config == {"mks:brokerCount": "3"}
    assert any(w.startswith("mks:brokerCount in --set") for w in warnings)


def test_typos_in_pulumi_yaml_are_warned_about(capsys, echo):
    code, _, warnings, _ = echo(
        capsys, "config: {}\n", "config:\n  mks:brokerCount:\n    value: 3\n"
    )
    assert code == 0
    assert any("mks:brokerCount in Pulumi.yaml's config" in w for w in warnings)
