"""The Automation API verbs end to end through ``mskctl``, without the Pulumi CLI.

The pre-flight, the missing-CLI path and the destroy guard run for real (PATH holds no
``pulumi``). The rest runs the real ``pulumi.automation`` code against ``tests/fake_pulumi.py``
on PATH: that proves what mskctl sends and how it reads the answers, not how the real CLI
behaves (the integration test covers that, where a CLI and an AWS account exist).
"""

import json
import shutil
import sys

import pytest
import yaml

from mskctl.cli import main
from tests.conftest import PROJECT_DIR

HERE = PROJECT_DIR / "tests"
T0 = 1_767_225_600  # 2026-01-01 00:00:00 UTC
CLUSTER = {
    "op": "create",
    "urn": "urn:pulumi:dev::msk::msk:index:MskCluster$aws:msk/cluster:Cluster::msk-cluster",
    "type": "aws:msk/cluster:Cluster",
    "provider": "",
}
UP_EVENTS = [
    {"sequence": 1, "timestamp": T0, "preludeEvent": {"config": {}}},
    {"sequence": 2, "timestamp": T0, "resourcePreEvent": {"metadata": CLUSTER}},
    {"sequence": 3, "timestamp": T0 + 1500, "resOutputsEvent": {"metadata": CLUSTER}},
    {
        "sequence": 4,
        "timestamp": T0 + 1501,
        "summaryEvent": {"durationSeconds": 1501, "resourceChanges": {"create": 1, "same": 4}},
    },
    {"sequence": 5, "timestamp": T0 + 1501, "cancelEvent": {}},
]
HISTORY = {
    "kind": "update",
    "startTime": "2026-01-01T00:00:00.000Z",
    "endTime": "2026-01-01T00:25:01.000Z",
    "message": "",
    "environment": {},
    "config": {},
    "result": "succeeded",
    "version": 1,
    "resourceChanges": {"create": 1, "same": 4},
}
OUTPUTS = {
    "clusterName": {"value": "msk-dev", "secret": False},
    "bootstrapBrokersIam": {
        "value": "b-1.msk-dev.kafka.us-east-1.amazonaws.com:9098",
        "secret": False,
    },
    "adminPassword": {"value": "hunter2", "secret": True},
}
LOCKED = (
    "error: the stack is currently locked by 1 lock(s). Either wait for the other process(es) "
    "to end or delete the lock file with `pulumi cancel`."
)


@pytest.fixture
def project(tmp_path):
    """A copy of the program and its stacks, so state folders and stack files stay in tmp."""
    folder = tmp_path / "project"
    folder.mkdir()
    for name in ("__main__.py", "Pulumi.yaml", "Pulumi.dev.yaml", "Pulumi.prod.yaml"):
        shutil.copy(PROJECT_DIR / name, folder / name)
    return folder


@pytest.fixture
def no_cli(tmp_path, monkeypatch):
    """PATH with no `pulumi` on it: the real missing-CLI path."""
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    monkeypatch.setenv("PULUMI_CONFIG_PASSPHRASE", "test")
    monkeypatch.delenv("PULUMI_BACKEND_URL", raising=False)


class FakePulumi:
    def __init__(self, home):
        self.home = home

    def scenario(self, **scenario) -> None:
        scenario.setdefault("stacks", ["dev", "prod"])
        scenario.setdefault("history", HISTORY)
        scenario.setdefault("outputs", OUTPUTS)
        (self.home / "scenario.json").write_text(json.dumps(scenario))

    def calls(self) -> list[dict]:
        log = self.home / "calls.jsonl"
        if not log.exists():
            return []
        return [json.loads(line) for line in log.read_text().splitlines()]

    def backends(self) -> set:
        """The backend each command ran against (`pulumi version` runs before it is set)."""
        return {c["backend"] for c in self.calls() if c["args"][0] != "version"}

    def commands(self) -> list[str]:
        return [" ".join(a for a in c["args"][:2] if not a.startswith("-")) for c in self.calls()]


@pytest.fixture
def fake_pulumi(tmp_path, monkeypatch):
    home = tmp_path / "fake-pulumi"
    (home / "bin").mkdir(parents=True)
    script = home / "bin" / "pulumi"
    script.write_text(f"#!{sys.executable}\n" + (HERE / "fake_pulumi.py").read_text())
    script.chmod(0o755)
    monkeypatch.setenv("PATH", f"{home / 'bin'}:/usr/bin:/bin")
    monkeypatch.setenv("FAKE_PULUMI_DIR", str(home))
    monkeypatch.setenv("PULUMI_CONFIG_PASSPHRASE", "test")
    monkeypatch.delenv("PULUMI_CONFIG_PASSPHRASE_FILE", raising=False)
    monkeypatch.delenv("PULUMI_BACKEND_URL", raising=False)
    fake = FakePulumi(home)
    fake.scenario()
    return fake


def mskctl(capsys, *args) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


# --- without any CLI --------------------------------------------------------------------------


def test_up_without_the_cli_prints_one_line_and_exits_6(capsys, project, no_cli):
    code, out, err = mskctl(capsys, "up", "--stack", "dev", "--project-dir", str(project))
    assert code == 6
    assert out == ""
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith("mskctl: the Pulumi CLI is not installed")
    assert "https://www.pulumi.com/docs/install/" in err
    assert not (project / ".pulumi-state").exists()


def test_missing_cli_in_json_mode_is_one_document(capsys, project, no_cli):
    code, out, _ = mskctl(
        capsys, "preview", "--stack", "dev", "--json", "--project-dir", str(project)
    )
    document = json.loads(out)
    assert code == 6 and document["result"] == "missing-prerequisite"
    assert document["backend"] == f"file://{project.resolve()}/.pulumi-state"


def test_a_bad_config_names_every_key_then_the_missing_cli(capsys, project, no_cli):
    code, _, err = mskctl(
        capsys,
        "up",
        "--stack",
        "prod",
        "--project-dir",
        str(project),
        "--set",
        "brokerCount=4",
        "--set",
        "clientCidrBlocks=[0.0.0.0/0]",
        "--set",
        "brokrCount=3",
    )
    assert code == 1
    for key in ("msk:brokerCount", "msk:clientCidrBlocks[0]", "msk:brokrCount"):
        assert f"✗ {key}: " in err
    lines = err.splitlines()
    assert lines[0] == "mskctl: 3 configuration errors in stack prod; nothing was sent to Pulumi"
    # Configuration first (the exit status is its), then what else is missing: one run names
    # everything to fix. Only PATH was searched, so nothing else touched the project.
    assert lines[-1].startswith("mskctl: also missing: the Pulumi CLI (no `pulumi` on PATH)")
    assert "get.pulumi.com" in lines[-1] and len(lines) == 5
    assert not (project / ".pulumi-state").exists()


def test_config_errors_in_json_mode_list_every_key(capsys, project, no_cli):
    code, out, _ = mskctl(
        capsys, "destroy", "--stack", "dev", "--json", "--project-dir", str(project),
        "--set", "brokerCount=3", "--set", "kafkaVersion=9.9.x",
    )  # fmt: skip
    document = json.loads(out)
    assert code == 1 and document["result"] == "config-errors"
    assert {e["key"] for e in document["errors"]} == {"msk:brokerCount", "msk:kafkaVersion"}


def test_destroy_of_prod_without_yes_is_refused(capsys, project, no_cli):
    code, _, err = mskctl(capsys, "destroy", "--stack", "prod", "--project-dir", str(project))
    assert code == 2
    assert "refusing to destroy stack prod" in err and "aws:msk/cluster:Cluster msk-cluster" in err
    # With --yes it goes on to the next step: looking for the CLI.
    code, _, err = mskctl(
        capsys, "destroy", "--stack", "prod", "--yes", "--project-dir", str(project)
    )
    assert code == 6 and "Pulumi CLI is not installed" in err
    # --set can't unprotect it for this run (tests/test_deploy_gate.py has the rest).
    code, _, err = mskctl(
        capsys,
        "destroy",
        "--stack",
        "prod",
        "--set",
        "protect=false",
        "--project-dir",
        str(project),
    )
    assert code == 2 and "refusing --set protect on destroy of stack prod" in err


def test_unknown_stacks_are_usage_errors(capsys, project, no_cli):
    code, _, err = mskctl(capsys, "up", "--stack", "staging", "--project-dir", str(project))
    assert code == 2 and "no stack 'staging'" in err


# --- the real Automation API against a fake CLI -------------------------------------------------


def test_up_streams_progress_and_prints_a_json_summary(capsys, project, fake_pulumi):
    fake_pulumi.scenario(events={"up": UP_EVENTS})
    code, out, err = mskctl(capsys, "up", "--stack", "dev", "--json", "--project-dir", str(project))
    assert code == 0, err
    document = json.loads(out)
    assert document["result"] == "succeeded" and document["changes"] == {"create": 1, "same": 4}
    assert document["outputs"]["adminPassword"] == "[secret]"
    assert document["outputs"]["clusterName"] == "msk-dev"
    assert "hunter2" not in out + err
    assert "00:00:00  + creating  aws:msk/cluster:Cluster  msk-cluster" in err
    assert "00:25:00  + created  aws:msk/cluster:Cluster  msk-cluster  (25m 0s)" in err
    # Local file backend by default, in the project, created on first use.
    backend = f"file://{project.resolve()}/.pulumi-state"
    assert fake_pulumi.backends() == {backend}
    assert (project / ".pulumi-state").is_dir()
    up = next(c for c in fake_pulumi.calls() if c["args"][0] == "up")
    assert up["cwd"] == str(project.resolve())
    assert "--stack" in up["args"] and up["args"][up["args"].index("--stack") + 1] == "dev"
    assert "--config-file" not in up["args"]  # no --set: the stack's own file


def test_up_without_json_prints_lines_then_a_summary(capsys, project, fake_pulumi):
    fake_pulumi.scenario(events={"up": UP_EVENTS})
    code, out, _ = mskctl(capsys, "up", "--stack", "dev", "--project-dir", str(project))
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "00:00:00  + creating  aws:msk/cluster:Cluster  msk-cluster"
    assert any(line.startswith("up of msk/dev: succeeded in ") for line in lines)
    assert "  adminPassword        [secret]" in out


def test_a_new_stack_is_created_with_the_passphrase_provider(capsys, project, fake_pulumi):
    fake_pulumi.scenario(stacks=[], events={"preview": UP_EVENTS})
    code, out, err = mskctl(
        capsys, "preview", "--stack", "dev", "--json", "--project-dir", str(project)
    )
    assert code == 0, err
    assert fake_pulumi.commands()[:3] == ["version", "stack select", "stack init"]
    init = fake_pulumi.calls()[2]["args"]
    assert init[init.index("--secrets-provider") + 1] == "passphrase"
    document = json.loads(out)
    assert document["changes"] == {"create": 1, "same": 4} and document["outputs"] is None
    assert "+ create  aws:msk/cluster:Cluster  msk-cluster" in err


def test_set_reaches_the_cli_in_a_composed_file_and_leaves_the_stack_file(
    capsys, project, fake_pulumi
):
    fake_pulumi.scenario(events={"up": UP_EVENTS})
    (project / "Pulumi.dev.yaml").write_text(
        "encryptionsalt: v1:salt\n" + (PROJECT_DIR / "Pulumi.dev.yaml").read_text()
    )
    before = (project / "Pulumi.dev.yaml").read_text()
    code, _, err = mskctl(
        capsys, "up", "--stack", "dev", "--project-dir", str(project),
        "--set", "brokerCount=4", "--set", "tags={environment: ci}",
    )  # fmt: skip
    assert code == 0, err
    up = next(c for c in fake_pulumi.calls() if c["args"][0] == "up")
    composed = yaml.safe_load(up["configFile"])
    assert composed["encryptionsalt"] == "v1:salt"
    assert composed["config"]["msk:brokerCount"] == 4
    assert composed["config"]["msk:tags"] == {"environment": "ci"}
    assert composed["config"]["msk:instanceType"] == "kafka.t3.small"
    assert (project / "Pulumi.dev.yaml").read_text() == before


def test_backend_flag_and_environment_reach_the_cli(capsys, project, fake_pulumi, monkeypatch):
    monkeypatch.setenv("PULUMI_BACKEND_URL", "s3://from-env")
    mskctl(capsys, "outputs", "--stack", "dev", "--project-dir", str(project))
    assert fake_pulumi.backends() == {"s3://from-env"}
    (fake_pulumi.home / "calls.jsonl").unlink()
    mskctl(
        capsys, "outputs", "--stack", "dev", "--backend", "s3://flag", "--project-dir", str(project)
    )
    assert fake_pulumi.backends() == {"s3://flag"}
    assert not (project / ".pulumi-state").exists()


def test_a_held_lock_exits_5_and_suggests_cancel(capsys, project, fake_pulumi):
    fake_pulumi.scenario(fail={"up": {"stderr": LOCKED}})
    code, out, err = mskctl(capsys, "up", "--stack", "dev", "--project-dir", str(project))
    assert code == 5 and out == ""
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "another update holds the lock on stack dev" in err
    assert "`mskctl cancel --stack dev`" in err


def test_a_failed_deployment_exits_4_with_the_engine_reason(capsys, project, fake_pulumi):
    error = {
        "sequence": 3,
        "timestamp": T0 + 60,
        "diagnosticEvent": {
            "urn": CLUSTER["urn"],
            "severity": "error",
            "message": "AccessDenied\n",
        },
    }
    failed = {"sequence": 4, "timestamp": T0 + 60, "resOpFailedEvent": {"metadata": CLUSTER}}
    summary = {"timestamp": T0 + 61, "summaryEvent": {"resourceChanges": {"same": 4}}}
    fake_pulumi.scenario(
        events={"up": UP_EVENTS[:2] + [error, failed, summary]},
        fail={"up": {"stdout": "error: update failed", "stderr": ""}},
    )
    code, out, err = mskctl(capsys, "up", "--stack", "dev", "--json", "--project-dir", str(project))
    assert code == 4
    document = json.loads(out)
    assert document["result"] == "failed" and document["changes"] == {"same": 4}
    assert document["message"] == "up of stack dev failed: update failed"
    assert "✗ error: msk-cluster: AccessDenied" in err
    assert "✗ create failed  aws:msk/cluster:Cluster  msk-cluster" in err


def test_a_program_crash_under_the_engine_exits_3(capsys, project, fake_pulumi):
    fake_pulumi.scenario(
        fail={"preview": {"stdout": "error: Program failed with an unhandled exception:"}}
    )
    code, _, err = mskctl(capsys, "preview", "--stack", "dev", "--project-dir", str(project))
    assert code == 3 and "the program failed" in err


def test_missing_passphrase_names_the_variable_after_the_cli_is_found(
    capsys, project, fake_pulumi, monkeypatch
):
    monkeypatch.delenv("PULUMI_CONFIG_PASSPHRASE")
    code, _, err = mskctl(capsys, "up", "--stack", "dev", "--project-dir", str(project))
    assert code == 6 and err.count("\n") == 1
    assert "PULUMI_CONFIG_PASSPHRASE is not set" in err
    assert fake_pulumi.commands() == ["version"]  # nothing touched the stack
    code, _, err = mskctl(
        capsys, "up", "--stack", "dev", "--secrets-provider", "awskms://alias/msk",
        "--project-dir", str(project),
    )  # fmt: skip
    assert code == 0, err


def test_outputs_and_refresh_and_destroy_of_a_stack_never_deployed(capsys, project, fake_pulumi):
    fake_pulumi.scenario(stacks=[])
    for verb in ("outputs", "refresh", "destroy", "cancel"):
        code, _, err = mskctl(capsys, verb, "--stack", "dev", "--project-dir", str(project))
        assert code == 2, verb
        assert "run `mskctl up --stack dev` first" in err
    assert "stack init" not in fake_pulumi.commands()


def test_outputs_masks_secrets_unless_asked(capsys, project, fake_pulumi):
    code, out, _ = mskctl(
        capsys, "outputs", "--stack", "dev", "--json", "--project-dir", str(project)
    )
    assert code == 0 and json.loads(out)["outputs"]["adminPassword"] == "[secret]"
    code, out, _ = mskctl(
        capsys,
        "outputs",
        "--stack",
        "dev",
        "--json",
        "--show-secrets",
        "--project-dir",
        str(project),
    )
    assert json.loads(out)["outputs"]["adminPassword"] == "hunter2"


def test_destroy_with_yes_and_refresh_and_cancel_run(capsys, project, fake_pulumi):
    fake_pulumi.scenario(
        events={"destroy": [{"timestamp": T0, "summaryEvent": {"resourceChanges": {"delete": 5}}}]},
        history={**HISTORY, "kind": "destroy", "resourceChanges": {"delete": 5}},
    )
    code, out, _ = mskctl(
        capsys, "destroy", "--stack", "prod", "--yes", "--json", "--project-dir", str(project)
    )
    document = json.loads(out)
    assert code == 0 and document["changes"] == {"delete": 5} and document["outputs"] == {}
    code, out, _ = mskctl(
        capsys, "refresh", "--stack", "dev", "--json", "--project-dir", str(project)
    )
    assert code == 0 and json.loads(out)["outputs"]["clusterName"] == "msk-dev"
    code, _, _ = mskctl(capsys, "cancel", "--stack", "dev", "--project-dir", str(project))
    assert code == 0
    assert [c for c in fake_pulumi.commands() if c in ("destroy", "refresh", "cancel")] == [
        "destroy",
        "refresh",
        "cancel",
    ]
