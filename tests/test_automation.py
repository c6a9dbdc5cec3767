"""The Automation API verbs' plain functions: arguments, settings, config layering, progress
lines, summaries, exit statuses and secret masking. No CLI, no network."""

import subprocess

import pytest
import yaml
from pulumi.automation import EngineEvent, OutputValue
from pulumi.automation import errors as auto_errors
from pulumi.automation._cmd import CommandResult

from mskctl.automation import CliAnswerError, PulumiCliMissingError
from mskctl.cli import parser
from mskctl.commands.outcome import (
    cli_error_reason,
    error_line,
    exit_status,
    mask_outputs,
    render_summary,
    summary_document,
)
from mskctl.deploy_settings import (
    MissingPassphraseError,
    MissingPolicyPackError,
    check_passphrase,
    compose_stack_file,
    destroy_refusal,
    protected_resources,
    resolve_backend,
    resolve_secrets_provider,
)
from mskctl.exit_status import (
    CONCURRENT_UPDATE,
    CONFIG_ERRORS,
    DEPLOY_FAILED,
    MISSING_PREREQUISITE,
    OK,
    PROGRAM_FAILED,
    USAGE_ERROR,
)
from mskctl.overrides import OverrideError
from mskctl.progress import ProgressLines, clean_message, describe_changes, format_duration
from tests.conftest import PROJECT_DIR

CLUSTER_URN = "urn:pulumi:dev::msk::msk:index:MskCluster$aws:msk/cluster:Cluster::msk-cluster"
KEY_URN = "urn:pulumi:dev::msk::msk:index:MskCluster$aws:kms/key:Key::msk-key"


def command_error(kind, stdout="", stderr="", code=255):
    return kind(CommandResult(stdout=stdout, stderr=stderr, code=code))


# --- arguments ------------------------------------------------------------------------------


def test_every_verb_takes_stack_set_json_and_backend():
    for verb in ("preview", "up", "refresh", "destroy"):
        args = parser().parse_args(
            [verb, "--stack", "dev", "--set", "brokerCount=4", "--set", "azCount=2"]
            + ["--json", "--backend", "s3://state-bucket", "--secrets-provider", "awskms://k"]
        )
        assert (args.operation, args.stack, args.json) == (verb, "dev", True)
        assert args.overrides == ["brokerCount=4", "azCount=2"]
        assert (args.backend, args.secrets_provider) == ("s3://state-bucket", "awskms://k")
    for verb in ("outputs", "cancel"):
        args = parser().parse_args([verb, "--stack", "prod", "--backend", "file:///tmp/s"])
        assert (args.stack, args.backend, args.json) == ("prod", "file:///tmp/s", False)


def test_only_destroy_takes_yes_and_only_outputs_show_secrets():
    assert parser().parse_args(["destroy", "--stack", "prod", "--yes"]).yes is True
    assert parser().parse_args(["destroy", "--stack", "prod"]).yes is False
    assert parser().parse_args(["outputs", "--stack", "dev", "--show-secrets"]).show_secrets
    for argv in (
        ["up", "--stack", "dev", "--yes"],
        ["outputs", "--stack", "dev", "--set", "a=1"],  # outputs and cancel read no config
        ["cancel", "--stack", "dev", "--show-secrets"],
        ["up"],
    ):
        with pytest.raises(SystemExit):
            parser().parse_args(argv)


# --- backend, secrets provider, passphrase ---------------------------------------------------


def test_backend_flag_wins_then_environment_then_the_project_folder(tmp_path):
    environ = {"PULUMI_BACKEND_URL": "https://api.pulumi.com"}
    assert resolve_backend("s3://bucket/msk", environ, tmp_path) == "s3://bucket/msk"
    assert resolve_backend(None, environ, tmp_path) == "https://api.pulumi.com"
    assert resolve_backend(None, {}, tmp_path) == f"file://{tmp_path.resolve()}/.pulumi-state"


def test_the_default_state_folder_is_ignored_by_git():
    ignored = (PROJECT_DIR / ".gitignore").read_text().split()
    assert ".pulumi-state/" in ignored


def test_secrets_provider_flag_wins_then_the_stack_file_then_passphrase():
    assert (
        resolve_secrets_provider("awskms://alias/x", {"secretsprovider": "b"}) == "awskms://alias/x"
    )
    assert resolve_secrets_provider(None, {"secretsprovider": "awskms://alias/y"}) == (
        "awskms://alias/y"
    )
    assert resolve_secrets_provider(None, {"config": {}}) == "passphrase"


def test_missing_passphrase_names_the_variable(tmp_path):
    with pytest.raises(MissingPassphraseError, match="PULUMI_CONFIG_PASSPHRASE is not set"):
        check_passphrase("passphrase", {})
    with pytest.raises(MissingPassphraseError, match="PULUMI_CONFIG_PASSPHRASE_FILE names"):
        check_passphrase("passphrase", {"PULUMI_CONFIG_PASSPHRASE_FILE": str(tmp_path / "no")})
    secret_file = tmp_path / "passphrase"
    secret_file.write_text("correct horse")
    check_passphrase("passphrase", {"PULUMI_CONFIG_PASSPHRASE_FILE": str(secret_file)})
    check_passphrase(
        "passphrase", {"PULUMI_CONFIG_PASSPHRASE": ""}
    )  # empty is allowed, as in the CLI
    check_passphrase("awskms://alias/x", {})  # other providers need no passphrase


# --- config layering --------------------------------------------------------------------------

STACK_FILE = {
    "encryptionsalt": "v1:abc:def",
    "config": {
        "aws:region": "us-east-1",
        "msk:brokerCount": 3,
        "ebsVolumeGib": 100,  # a bare key means the project's namespace
        "msk:tags": {"team": "data"},
        "msk:kmsKeyArn": {"secure": "v1:ciphertext"},
    },
}


def test_set_overlays_the_stack_file_and_keeps_salt_and_secrets():
    composed = compose_stack_file(
        STACK_FILE,
        [
            "brokerCount=6",
            "clientCidrBlocks=[10.0.0.0/8, 10.1.0.0/16]",
            "ebsVolumeGib=",
            "aws:region=eu-west-1",
            "tags={team: data, cost: 12}",
        ],
        "msk",
    )
    assert composed["encryptionsalt"] == "v1:abc:def"
    assert composed["config"] == {
        "aws:region": "eu-west-1",
        "msk:brokerCount": 6,
        "msk:tags": {"team": "data", "cost": 12},
        "msk:kmsKeyArn": {"secure": "v1:ciphertext"},
        "msk:clientCidrBlocks": ["10.0.0.0/8", "10.1.0.0/16"],
    }
    assert STACK_FILE["config"]["msk:brokerCount"] == 3  # the original is left alone
    # What the CLI will read back is the same YAML.
    assert yaml.safe_load(yaml.safe_dump(composed)) == composed


def test_set_on_a_secret_key_replaces_it_and_a_later_set_wins():
    composed = compose_stack_file(
        STACK_FILE,
        ["kmsKeyArn=arn:aws:kms:us-east-1:1:key/a", "brokerCount=9", "brokerCount=3"],
        "msk",
    )
    assert composed["config"]["msk:kmsKeyArn"] == "arn:aws:kms:us-east-1:1:key/a"
    assert composed["config"]["msk:brokerCount"] == 3


def test_set_writes_msk_keys_in_a_project_of_another_name():
    stack_file = {
        "config": {
            "aws:region": "us-east-1",
            "msk:brokerCount": 3,
            "brokerCount": 9,  # bare, so orders:brokerCount: a key the program never reads
            "msk:ebsVolumeGib": 100,
        }
    }
    composed = compose_stack_file(
        stack_file, ["brokerCount=6", "ebsVolumeGib=", "aws:region=eu-west-1"], "orders"
    )
    assert composed["config"] == {
        "aws:region": "eu-west-1",
        "msk:brokerCount": 6,
        "brokerCount": 9,
    }


def test_a_malformed_set_is_an_override_error():
    with pytest.raises(OverrideError, match="use key=value"):
        compose_stack_file(STACK_FILE, ["brokerCount"], "msk")


# --- destroy guard ----------------------------------------------------------------------------


def plan_with(*protects):
    return {
        "resources": [
            {"type": t, "name": n, "options": {"protect": p}}
            for (t, n, p) in [
                ("aws:msk/cluster:Cluster", "msk-cluster", protects[0]),
                ("aws:kms/key:Key", "msk-key", protects[1]),
            ]
        ]
    }


def test_destroy_of_a_protected_stack_needs_yes():
    protected = protected_resources(plan_with(True, True))
    assert protected == ["aws:kms/key:Key msk-key", "aws:msk/cluster:Cluster msk-cluster"]
    refusal = destroy_refusal("prod", protected, confirmed=False)
    assert "refusing to destroy stack prod" in refusal and "--yes" in refusal
    assert "aws:msk/cluster:Cluster msk-cluster" in refusal
    assert destroy_refusal("prod", protected, confirmed=True) is None
    assert destroy_refusal("dev", protected_resources(plan_with(False, False)), False) is None


# --- progress lines ---------------------------------------------------------------------------


def step_event(kind, op, urn, timestamp, type_="aws:msk/cluster:Cluster"):
    metadata = {"op": op, "urn": urn, "type": type_, "provider": ""}
    return EngineEvent.from_json(
        {"sequence": 1, "timestamp": timestamp, kind: {"metadata": metadata}}
    )


def test_each_resource_step_is_one_line_with_its_duration():
    progress = ProgressLines(planned=False)
    start = step_event("resourcePreEvent", "create", CLUSTER_URN, 3600)
    done = step_event("resOutputsEvent", "create", CLUSTER_URN, 3600 + 1264)
    assert progress.line(start) == "01:00:00  + creating  aws:msk/cluster:Cluster  msk-cluster"
    assert progress.line(done) == (
        "01:21:04  + created  aws:msk/cluster:Cluster  msk-cluster  (21m 4s)"
    )
    replace = step_event("resourcePreEvent", "replace", KEY_URN, 0, "aws:kms/key:Key")
    assert progress.line(replace) == "00:00:00  +- replacing  aws:kms/key:Key  msk-key"


def test_a_preview_says_what_would_happen_and_skips_unchanged():
    progress = ProgressLines(planned=True)
    assert progress.line(step_event("resourcePreEvent", "update", CLUSTER_URN, 0)) == (
        "00:00:00  ~ update  aws:msk/cluster:Cluster  msk-cluster"
    )
    assert progress.line(step_event("resOutputsEvent", "update", CLUSTER_URN, 0)) is None
    assert progress.line(step_event("resourcePreEvent", "same", KEY_URN, 0)) is None
    stack_urn = "urn:pulumi:dev::msk::pulumi:pulumi:Stack::msk-dev"
    assert (
        progress.line(step_event("resourcePreEvent", "create", stack_urn, 0, "pulumi:pulumi:Stack"))
        is None
    )


def test_failures_errors_and_warnings_are_one_line_each():
    progress = ProgressLines(planned=False)
    failed = EngineEvent.from_json(
        {
            "timestamp": 0,
            "resOpFailedEvent": {
                "metadata": {"op": "create", "urn": CLUSTER_URN, "type": "aws:msk/cluster:Cluster"},
                "status": 1,
                "steps": 0,
            },
        }
    )
    assert (
        progress.line(failed) == "00:00:00  ✗ create failed  aws:msk/cluster:Cluster  msk-cluster"
    )
    error = EngineEvent.from_json(
        {
            "timestamp": 0,
            "diagnosticEvent": {
                "urn": CLUSTER_URN,
                "severity": "error",
                "color": "raw",
                "message": "<{%fg 1%}>creating MSK Cluster: operation error Kafka\n"
                "  BadRequestException: subnets in 2 AZs<{%reset%}>\n",
            },
        }
    )
    assert progress.line(error) == (
        "00:00:00  ✗ error: msk-cluster: creating MSK Cluster: operation error Kafka | "
        "BadRequestException: subnets in 2 AZs"
    )
    warning = EngineEvent.from_json(
        {
            "timestamp": 0,
            "diagnosticEvent": {"severity": "warning", "message": "\x1b[33mslow\x1b[0m"},
        }
    )
    assert progress.line(warning) == "00:00:00  ! warning: slow"
    info = EngineEvent.from_json(
        {"timestamp": 0, "diagnosticEvent": {"severity": "info", "message": "noise"}}
    )
    assert progress.line(info) is None


def test_the_engine_summary_is_kept_not_printed():
    progress = ProgressLines(planned=False)
    summary = EngineEvent.from_json(
        {
            "timestamp": 0,
            "summaryEvent": {
                "durationSeconds": 9,
                "resourceChanges": {"create": 2, "same": 7, "update": 0},
            },
        }
    )
    assert progress.line(summary) is None
    assert progress.changes == {"create": 2, "same": 7}
    for quiet in (
        {"preludeEvent": {"config": {}}},
        {"cancelEvent": {}},
        {"stdoutEvent": {"message": "x", "color": "raw"}},
    ):
        assert progress.line(EngineEvent.from_json({"timestamp": 0, **quiet})) is None


def test_messages_durations_and_change_counts_read_plainly():
    assert clean_message("<{%bold%}>a<{%reset%}>\n\n  b  \n") == "a | b"
    assert [format_duration(s) for s in (0, 45, 60, 1264, 3720)] == [
        "0s",
        "45s",
        "1m 0s",
        "21m 4s",
        "1h 2m",
    ]
    assert describe_changes({"create": 2, "same": 9}, planned=False) == "2 created, 9 unchanged"
    assert describe_changes({"create": 2, "delete": 1}, planned=True) == "2 to create, 1 to delete"
    assert describe_changes({}, planned=False) == "no changes"


# --- summaries and secrets --------------------------------------------------------------------


def test_secret_outputs_are_masked_unless_asked_for():
    outputs = {
        "clusterName": OutputValue("msk-dev", secret=False),
        "bootstrapBrokersScram": OutputValue("b-1.example:9096", secret=True),
        "subnetIds": OutputValue(["subnet-1", "subnet-2"], secret=False),
    }
    assert mask_outputs(outputs) == {
        "bootstrapBrokersScram": "[secret]",
        "clusterName": "msk-dev",
        "subnetIds": ["subnet-1", "subnet-2"],
    }
    assert mask_outputs(outputs, show_secrets=True)["bootstrapBrokersScram"] == "b-1.example:9096"


def test_the_summary_document_has_the_same_keys_for_every_outcome():
    document = summary_document(
        "up",
        "msk",
        "dev",
        "file:///p/.pulumi-state",
        OK,
        changes={"create": 12, "same": 0},
        duration_seconds=1264.04,
        outputs={"clusterName": "msk-dev", "secretThing": "[secret]"},
    )
    assert document == {
        "operation": "up",
        "project": "msk",
        "stack": "dev",
        "backend": "file:///p/.pulumi-state",
        "result": "succeeded",
        "exitStatus": 0,
        "changes": {"create": 12},
        "durationSeconds": 1264.0,
        "outputs": {"clusterName": "msk-dev", "secretThing": "[secret]"},
        "errors": [],
        "policy": [],
        "message": None,
        "against": None,
    }
    refused = summary_document("destroy", "msk", "prod", "b", USAGE_ERROR, refused=True)
    assert (refused["result"], refused["exitStatus"]) == ("refused", 2)
    failed = summary_document("up", "msk", "dev", "b", CONCURRENT_UPDATE, message="locked")
    assert set(failed) == set(document) and failed["result"] == "concurrent-update"
    text = render_summary(document)
    assert text.splitlines()[0] == "up of msk/dev: succeeded in 21m 4s (12 created)"
    assert "  secretThing  [secret]" in text


# --- exit statuses and the lines that go with them ---------------------------------------------

LOCKED = (
    "error: the stack is currently locked by 1 lock(s). Either wait for the other process(es) "
    "to end or delete the lock file with `pulumi cancel`."
)


@pytest.mark.parametrize(
    "error,status,words",
    [
        (
            PulumiCliMissingError("the Pulumi CLI is not installed"),
            MISSING_PREREQUISITE,
            "get.pulumi.com",
        ),
        (
            MissingPassphraseError("PULUMI_CONFIG_PASSPHRASE is not set"),
            MISSING_PREREQUISITE,
            "PULUMI_CONFIG_PASSPHRASE",
        ),
        (
            command_error(auto_errors.ConcurrentUpdateError, stderr=LOCKED),
            CONCURRENT_UPDATE,
            "mskctl cancel --stack dev",
        ),
        (
            command_error(
                auto_errors.StackNotFoundError, stderr="error: no stack named 'dev' found"
            ),
            USAGE_ERROR,
            "run `mskctl up --stack dev` first",
        ),
        (
            command_error(
                auto_errors.RuntimeError, stdout="error: Program failed with an unhandled exception"
            ),
            PROGRAM_FAILED,
            "the program failed: Program failed with an unhandled exception",
        ),
        (
            command_error(auto_errors.CommandError, stderr="error: update failed"),
            DEPLOY_FAILED,
            "up of stack dev failed: update failed",
        ),
        (
            MissingPolicyPackError("no policy pack to run: neither /p/policy nor /m/policy"),
            MISSING_PREREQUISITE,
            "no policy pack to run",
        ),
        (
            CliAnswerError("the Pulumi CLI's answer to `up` is not the JSON this SDK reads"),
            DEPLOY_FAILED,
            "up of stack dev failed: the Pulumi CLI's answer to `up` is not the JSON",
        ),
    ],
)
def test_each_error_has_its_status_and_one_line(error, status, words):
    assert exit_status(error) == status
    line = error_line(error, "up", "dev", "file:///p/.pulumi-state")
    assert words in line and "\n" not in line


def test_the_sdk_sorts_cli_failures_the_way_the_statuses_expect():
    """The SDK's own classifier (what the workspace raises) lands on the documented statuses."""
    classify = auto_errors.create_command_error
    assert exit_status(classify(CommandResult("", LOCKED, 255))) == CONCURRENT_UPDATE
    service_lock = "[409] Conflict: Another update is currently in progress."
    assert exit_status(classify(CommandResult("", service_lock, 255))) == CONCURRENT_UPDATE
    assert exit_status(classify(CommandResult("", "error: no stack named 'x' found", 255))) == (
        USAGE_ERROR
    )
    crashed = "error: Program failed with an unhandled exception:\nTraceback"
    assert exit_status(classify(CommandResult(crashed, "", 1))) == PROGRAM_FAILED
    assert exit_status(classify(CommandResult("", "error: 1 resource failed", 255))) == (
        DEPLOY_FAILED
    )
    assert {OK, CONFIG_ERRORS, USAGE_ERROR, PROGRAM_FAILED} == {0, 1, 2, 3}  # unchanged
    assert (DEPLOY_FAILED, CONCURRENT_UPDATE, MISSING_PREREQUISITE) == (4, 5, 6)


def test_the_cli_reason_is_its_error_line_or_its_exit_code():
    text = str(
        CommandResult(
            stdout="Updating (dev)\n", stderr="warning: x\nerror: update failed\n", code=255
        )
    )
    assert cli_error_reason(text) == "update failed"
    text = str(CommandResult(stdout="  error: 1 resource failed\n", stderr="", code=255))
    assert cli_error_reason(text) == "1 resource failed"
    assert "status 9" in cli_error_reason(str(CommandResult(stdout="", stderr="", code=9)))


def test_a_failing_cli_version_check_is_a_missing_prerequisite(monkeypatch, tmp_path):
    """`pulumi version` exiting non-zero reads as a CLI that can't run, not a traceback."""
    from mskctl import automation

    def broken(*_args, **_kwargs):
        raise subprocess.CalledProcessError(127, ["pulumi", "version"])

    monkeypatch.setattr(automation.auto, "LocalWorkspace", broken)
    with pytest.raises(PulumiCliMissingError, match="`pulumi version` failed with status 127"):
        automation.local_workspace(tmp_path, "file:///x", "passphrase")


def test_the_composed_stack_file_keeps_values_pulumi_reads_as_text(tmp_path):
    """`yes` and dates are text to the Pulumi CLI; the file composed for --set must not turn
    them into a flag or a date (PyYAML's own reading would)."""
    from mskctl.deploy_settings import read_stack_file

    (tmp_path / "Pulumi.yaml").write_text("name: msk\nruntime: python\n")
    (tmp_path / "Pulumi.dev.yaml").write_text(
        "config:\n  msk:tags:\n    reviewed: yes\n    since: 2026-01-01\n"
    )
    composed = compose_stack_file(read_stack_file(tmp_path, "dev"), ["brokerCount=2"], "msk")
    written = yaml.safe_load(yaml.safe_dump(composed, sort_keys=False))
    assert written["config"]["msk:tags"] == {"reviewed": "yes", "since": "2026-01-01"}
