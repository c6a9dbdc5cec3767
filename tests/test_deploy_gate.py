"""One gate on every path: the deploy verbs enforce what `mskctl plan` checks.

The pre-flight (the offline plan, with its policy verdict) stops preview and up before the
Pulumi CLI is touched; then the engine gets the same pack (``--policy-pack``, and
``--policy-pack-config`` when given); destroy of a protected stack needs --yes whatever --set
says; what the engine's pack reports maps to the policy exit status. The CLI is
``tests/fake_pulumi.py``, which records every call: "never reaches the CLI" means no call was
recorded at all, not even ``pulumi version``.
"""

import json
import shutil

import pytest

import tests.test_deploy_verbs as verbs
from mskctl.cli import parser
from mskctl.commands import deploy
from mskctl.deploy_settings import (
    PolicyPackConfigError,
    policy_pack_settings,
    protection_overrides,
)
from tests.conftest import PROJECT_DIR
from tests.test_deploy_verbs import CLUSTER, T0, UP_EVENTS, mskctl

# The fixtures of the verbs' tests: a copy of the project, no CLI on PATH, the fake CLI.
project = verbs.project
no_cli = verbs.no_cli
fake_pulumi = verbs.fake_pulumi

SHIPPED_PACK = str((PROJECT_DIR / "policy").resolve())
PROTECT_OFF = ("--stack", "prod", "--set", "protect=false")
THREE_STOP = "3 mandatory policy violations in stack prod; nothing was sent to Pulumi"
CLUSTER_ADDRESS = "aws:msk/cluster:Cluster::msk-cluster"


def args_of(fake, command: str) -> list[str]:
    return next(c["args"] for c in fake.calls() if c["args"][0] == command)


def value_after(args: list[str], flag: str) -> str | None:
    return args[args.index(flag) + 1] if flag in args else None


def policy_event(level: str, urn: str = CLUSTER["urn"]) -> dict:
    return {
        "sequence": 3,
        "timestamp": T0 + 5,
        "policyEvent": {
            "resourceUrn": urn,
            "message": "In production stacks, MSK clusters and their KMS keys are protected.\n"
            "stack prod: set protect (msk:protect: true)",
            "color": "never",
            "policyName": "protect-data-in-prod",
            "policyPackName": "msk-security",
            "policyPackVersion": "0.2.0",
            "policyPackVersionTag": "0.2.0",
            "enforcementLevel": level,
        },
    }


# --- the offline gate ---------------------------------------------------------------------


@pytest.mark.parametrize("verb", ["up", "preview"])
def test_prod_with_protect_false_never_reaches_the_cli(capsys, project, fake_pulumi, verb):
    code, out, err = mskctl(capsys, verb, *PROTECT_OFF, "--json", "--project-dir", str(project))
    assert code == 1  # what `mskctl plan` exits with for the same violation
    assert fake_pulumi.calls() == []
    document = json.loads(out)
    assert (document["result"], document["exitStatus"]) == ("policy-violations", 1)
    assert {(v["policy"], v["level"], v["resource"]) for v in document["policy"]} == {
        ("protect-data-in-prod", "mandatory", "aws:msk/cluster:Cluster::msk-cluster"),
        ("protect-data-in-prod", "mandatory", "aws:kms/key:Key::msk-key"),
        ("protect-data-in-prod", "mandatory", "aws:cloudwatch/logGroup:LogGroup::msk-broker-logs"),
    }
    assert THREE_STOP in err
    assert f"✗ mandatory protect-data-in-prod  {CLUSTER_ADDRESS}: " in err
    assert "Traceback" not in err


def test_plan_exits_with_the_same_status_for_it(capsys, project):
    code, _, _ = mskctl(capsys, "plan", *PROTECT_OFF, "--project-dir", str(project))
    assert code == 1


def test_policy_violations_are_printed_without_the_cli_then_the_missing_cli(
    capsys, project, no_cli
):
    code, out, err = mskctl(capsys, "up", *PROTECT_OFF, "--project-dir", str(project))
    assert code == 1 and out == ""
    lines = err.splitlines()
    assert lines[0] == f"mskctl: {THREE_STOP}"
    assert [line.split("  ")[1] for line in lines[1:4]] == [
        "✗ mandatory protect-data-in-prod",
        "✗ mandatory protect-data-in-prod",
        "✗ mandatory protect-data-in-prod",
    ]
    assert lines[4].startswith("mskctl: also missing: the Pulumi CLI (no `pulumi` on PATH)")
    assert len(lines) == 5 and "Traceback" not in err


def test_up_without_violations_still_says_only_the_missing_cli(capsys, project, no_cli):
    code, _, err = mskctl(capsys, "up", "--stack", "prod", "--project-dir", str(project))
    assert code == 6 and err.count("\n") == 1  # no policy lines, no "also"
    assert err.startswith("mskctl: the Pulumi CLI is not installed")


# --- the engine gets the same pack -----------------------------------------------------------


@pytest.mark.parametrize("verb", ["up", "preview"])
def test_preview_and_up_pass_the_policy_pack(capsys, project, fake_pulumi, verb):
    fake_pulumi.scenario(events={verb: UP_EVENTS})
    code, _, err = mskctl(capsys, verb, "--stack", "dev", "--project-dir", str(project))
    assert code == 0, err
    args = args_of(fake_pulumi, verb)
    # The project has no policy/ folder of its own: the pack shipped with mskctl.
    assert value_after(args, "--policy-pack") == SHIPPED_PACK
    assert "--policy-pack-config" not in args
    # A project's own pack comes first.
    shutil.copytree(PROJECT_DIR / "policy", project / "policy")
    (fake_pulumi.home / "calls.jsonl").unlink()
    code, _, _ = mskctl(capsys, verb, "--stack", "dev", "--project-dir", str(project))
    assert code == 0
    assert value_after(args_of(fake_pulumi, verb), "--policy-pack") == str(project / "policy")


def test_policy_pack_config_reaches_the_engine_and_the_preflight(
    capsys, project, fake_pulumi, tmp_path, monkeypatch
):
    """The same file lowers the rule offline (advisory: printed, not stopping) and is handed
    to the engine, by absolute path (the CLI runs in the project folder)."""
    fake_pulumi.scenario(events={"up": UP_EVENTS})
    (tmp_path / "lower.json").write_text('{"protect-data-in-prod": "advisory"}')
    monkeypatch.chdir(tmp_path)
    code, out, err = mskctl(
        capsys, "up", *PROTECT_OFF, "--policy-pack-config", "lower.json", "--json",
        "--project-dir", str(project),
    )  # fmt: skip
    assert code == 0, err
    assert "! advisory protect-data-in-prod  aws:msk/cluster:Cluster::msk-cluster: " in err
    assert {v["level"] for v in json.loads(out)["policy"]} == {"advisory"}
    args = args_of(fake_pulumi, "up")
    assert value_after(args, "--policy-pack") == SHIPPED_PACK
    assert value_after(args, "--policy-pack-config") == str(tmp_path / "lower.json")


def test_a_pack_config_can_also_raise_a_rule_offline(capsys, project, fake_pulumi, tmp_path):
    config = tmp_path / "stacks.json"
    config.write_text('{"protect-data-in-prod": {"stacks": ["prod", "dev"]}}')
    code, _, err = mskctl(
        capsys, "preview", "--stack", "dev", "--policy-pack-config", str(config),
        "--project-dir", str(project),
    )  # fmt: skip
    assert code == 1 and fake_pulumi.calls() == []
    assert f"✗ mandatory protect-data-in-prod  {CLUSTER_ADDRESS}: stack dev" in err
    code, out, _ = mskctl(
        capsys, "plan", "--stack", "dev", "--json", "--policy-pack-config", str(config),
        "--project-dir", str(project),
    )  # fmt: skip
    assert code == 1 and {v["policy"] for v in json.loads(out)["policy"]} == {
        "protect-data-in-prod"
    }


def test_a_bad_pack_config_is_a_usage_error_before_anything(capsys, project, fake_pulumi, tmp_path):
    config = tmp_path / "typo.json"
    config.write_text('{"protect-data-in-prd": "disabled"}')
    for verb in ("up", "plan"):
        code, _, err = mskctl(
            capsys, verb, "--stack", "prod", "--policy-pack-config", str(config),
            "--project-dir", str(project),
        )  # fmt: skip
        assert code == 2, verb
        assert "'protect-data-in-prd' is not a rule of the pack" in err
        assert "did you mean protect-data-in-prod?" in err
    assert fake_pulumi.calls() == []


def test_refresh_and_destroy_run_no_pack(capsys, project, fake_pulumi):
    for verb in ("refresh", "destroy"):
        code, _, err = mskctl(capsys, verb, "--stack", "dev", "--project-dir", str(project))
        assert code == 0, err
        assert "--policy-pack" not in args_of(fake_pulumi, verb)
        with pytest.raises(SystemExit):
            parser().parse_args([verb, "--stack", "dev", "--policy-pack-config", "x.json"])


def test_no_pack_to_run_is_a_missing_prerequisite(capsys, project, fake_pulumi, monkeypatch):
    monkeypatch.setattr(deploy, "SHIPPED_PACK", project / "nowhere")
    code, _, err = mskctl(capsys, "up", "--stack", "dev", "--project-dir", str(project))
    assert code == 6 and err.count("\n") == 1
    assert "no policy pack to run" in err and "PulumiPolicy.yaml" in err
    assert fake_pulumi.calls() == []


# --- what the engine's pack reports --------------------------------------------------------


def test_a_mandatory_violation_the_engine_reports_exits_with_the_policy_status(
    capsys, project, fake_pulumi
):
    fake_pulumi.scenario(
        events={"preview": UP_EVENTS[:2] + [policy_event("mandatory")]},
        fail={"preview": {"stdout": "error: preview failed", "code": 255}},
    )
    code, out, err = mskctl(
        capsys, "preview", "--stack", "dev", "--json", "--project-dir", str(project)
    )
    assert code == 1, err
    document = json.loads(out)
    assert document["result"] == "policy-violations"
    assert document["message"] == (
        "preview of stack dev was stopped by the policy pack: 1 mandatory policy violation"
    )
    assert document["policy"] == [
        {
            "policy": "protect-data-in-prod",
            "level": "mandatory",
            "resource": "aws:msk/cluster:Cluster::msk-cluster",
            "message": "In production stacks, MSK clusters and their KMS keys are protected. | "
            "stack prod: set protect (msk:protect: true)",
        }
    ]
    assert "! policy msk-security/protect-data-in-prod (mandatory): " in err
    assert "Traceback" not in err


def test_an_advisory_violation_does_not_turn_a_failure_into_a_policy_stop(
    capsys, project, fake_pulumi
):
    fake_pulumi.scenario(
        events={"up": UP_EVENTS[:2] + [policy_event("advisory")]},
        fail={"up": {"stdout": "error: update failed"}},
    )
    code, out, _ = mskctl(capsys, "up", "--stack", "dev", "--json", "--project-dir", str(project))
    document = json.loads(out)
    assert code == 4 and document["result"] == "failed"
    assert document["message"] == "up of stack dev failed: update failed"
    assert [v["level"] for v in document["policy"]] == ["advisory"]


def test_an_answer_the_sdk_cannot_read_is_a_clear_failure(capsys, project, fake_pulumi):
    """A CLI that prints something else on stdout after `stack output` (say, a notice)."""
    fake_pulumi.scenario(
        events={"up": UP_EVENTS}, fail={"stack output": {"stdout": "A new version", "code": 0}}
    )
    code, out, err = mskctl(capsys, "up", "--stack", "dev", "--json", "--project-dir", str(project))
    assert code == 4 and "Traceback" not in err
    assert json.loads(out)["message"].startswith(
        "up of stack dev failed: the Pulumi CLI's answer to `up` is not the JSON this SDK reads"
    )


# --- destroy -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "extra", [(), ("--set", "protect=false"), ("--set", "retainOnDelete=false")]
)
def test_destroy_of_prod_without_yes_never_reaches_the_cli(capsys, project, fake_pulumi, extra):
    code, out, err = mskctl(
        capsys, "destroy", "--stack", "prod", *extra, "--json", "--project-dir", str(project)
    )
    assert code == 2 and json.loads(out)["result"] == "refused"
    assert fake_pulumi.calls() == []
    assert "refusing" in err and "Traceback" not in err


def test_destroy_refuses_set_protect_even_with_yes(capsys, project, fake_pulumi):
    code, _, err = mskctl(
        capsys, "destroy", "--stack", "prod", "--yes", "--set", "protect=false",
        "--set", "msk:retainOnDelete=false", "--project-dir", str(project),
    )  # fmt: skip
    assert code == 2 and fake_pulumi.calls() == []
    assert "refusing --set protect and --set retainOnDelete on destroy of stack prod" in err
    assert "mskctl up --stack prod" in err


def test_destroy_judges_protection_on_the_stack_file_not_on_set(
    capsys, project, fake_pulumi, monkeypatch
):
    """The second line of defence: even were --set protect let through, what prod protects is
    read from Pulumi.prod.yaml's own config."""
    monkeypatch.setattr(deploy, "protection_overrides", lambda overrides: [])
    code, _, err = mskctl(
        capsys, "destroy", "--stack", "prod", "--set", "protect=false",
        "--project-dir", str(project),
    )  # fmt: skip
    assert code == 2 and fake_pulumi.calls() == []
    assert "refusing to destroy stack prod: it protects " in err
    assert "aws:msk/cluster:Cluster msk-cluster (msk:protect in Pulumi.prod.yaml)" in err


def test_destroy_of_a_stack_whose_own_config_is_broken_needs_yes(capsys, project, fake_pulumi):
    (project / "Pulumi.dev.yaml").write_text(
        (project / "Pulumi.dev.yaml").read_text() + "  msk:brokrCount: 2\n"  # a typo
    )
    code, _, err = mskctl(
        capsys, "destroy", "--stack", "dev", "--set", "brokrCount=",  # unset for this run
        "--project-dir", str(project),
    )  # fmt: skip
    assert code == 2 and fake_pulumi.calls() == []
    assert "can't tell which resources it protects" in err


def test_destroy_with_yes_never_lifts_protection(capsys, project, fake_pulumi):
    urn = "urn:pulumi:prod::msk::msk:index:MskCluster$aws:msk/cluster:Cluster::msk-cluster"
    fake_pulumi.scenario(
        fail={
            "destroy": {
                "stderr": f'error: unable to delete resource "{urn}"\nas it is currently marked '
                "for protection. To unprotect the resource, either remove the `protect` flag "
                f"from the resource in your Pulumi program or use the command:\n"
                f"`pulumi state unprotect {urn}`"
            }
        }
    )
    code, out, err = mskctl(
        capsys, "destroy", "--stack", "prod", "--yes", "--json", "--project-dir", str(project)
    )
    assert code == 4 and json.loads(out)["result"] == "failed"
    assert "Pulumi kept a protected resource (msk:protect)" in err
    assert "deploy `msk:protect: false` with `mskctl up` first" in err
    destroy_args = args_of(fake_pulumi, "destroy")
    assert not {"--remove", "--exclude-protected", "--target"} & set(destroy_args)
    assert [c for c in fake_pulumi.commands() if c.startswith("state")] == []


def test_protection_overrides_names_the_keys_however_spelled():
    assert protection_overrides(["brokerCount=4"]) == []
    assert protection_overrides(["protect=false", "msk:protect=", "retainOnDelete=true"]) == [
        "msk:protect",
        "msk:retainOnDelete",
    ]


# --- the pack config, read as the engine reads it ------------------------------------------


def test_pack_config_levels_and_properties_reconcile_as_the_engine_does():
    settings = policy_pack_settings(
        {
            "all": "advisory",
            "msk-no-public-access": {"enforcementLevel": "mandatory"},
            "protect-data-in-prod": {"stacks": ["prod", "staging"]},
            "kms-key-rotation": "disabled",
        }
    )
    assert settings["msk-broker-logs"] == {"enforcementLevel": "advisory", "properties": {}}
    assert settings["msk-no-public-access"]["enforcementLevel"] == "mandatory"
    assert settings["protect-data-in-prod"] == {
        "enforcementLevel": "advisory",
        "properties": {"stacks": ["prod", "staging"]},
    }
    assert settings["kms-key-rotation"]["enforcementLevel"] == "disabled"
    # No config: each rule's own level and its schema's defaults.
    default = policy_pack_settings({})
    assert default["protect-data-in-prod"] == {
        "enforcementLevel": "mandatory",
        "properties": {"stacks": ["prod"]},
    }
    assert default["kms-key-rotation"]["enforcementLevel"] == "advisory"


@pytest.mark.parametrize(
    "document,words",
    [
        ([], "a JSON object"),
        ({"msk-no-public-access": "off"}, '"off" is not a level'),
        ({"msk-no-public-access": "remediate"}, "use advisory, mandatory, disabled"),
        ({"msk-no-public-access": 1}, "give a level or an object, not 1"),
        ({"protect-data-in-prod": {"stacks": "prod"}}, '"prod" is not an array'),
        ({"protect-data-in-prod": {"stacks": [1]}}, "[0] 1 is not a string"),
        ({"protect-data-in-prod": {"stack": ["prod"]}}, "did you mean stacks?"),
        ({"msk-broker-logs": {"days": 3}}, "it takes only a level"),
        ({"all": {"stacks": []}}, "'all' takes only an enforcement level"),
    ],
)
def test_pack_config_problems_are_named(document, words):
    with pytest.raises(PolicyPackConfigError) as caught:
        policy_pack_settings(document)
    assert words in str(caught.value)


def test_disabled_and_lowered_rules_change_the_offline_verdict(capsys, project, tmp_path):
    config = tmp_path / "off.json"
    config.write_text('{"protect-data-in-prod": "disabled"}')
    code, out, _ = mskctl(
        capsys, "plan", *PROTECT_OFF, "--json", "--policy-pack-config", str(config),
        "--project-dir", str(project),
    )  # fmt: skip
    assert code == 0 and json.loads(out)["policy"] == []
    config.write_text("")  # an empty file is no config, as the engine reads it
    code, _, _ = mskctl(
        capsys, "plan", *PROTECT_OFF, "--policy-pack-config", str(config),
        "--project-dir", str(project),
    )  # fmt: skip
    assert code == 1
