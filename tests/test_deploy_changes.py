"""`preview` and `up` judge the change against what is deployed, as `plan --against` does
with a file: no path skips the check.

The deployed state is what ``tests/fake_pulumi.py`` answers to ``pulumi stack export``: a
checkpoint built from a real plan of the stack (``tests/test_before_state.py``), as an `up`
of it would leave the state. `up` of a change AWS refuses, or that replaces a protected
resource, stops before the engine runs (exit 7, no `pulumi up` call); `preview` lists the same
findings and runs.
"""

import json

import pytest
import yaml

import tests.test_deploy_verbs as verbs
from tests.test_before_state import PASSWORD, export_of, plan_of
from tests.test_deploy_verbs import UP_EVENTS, mskctl

project = verbs.project
fake_pulumi = verbs.fake_pulumi

CLUSTER = ("aws:msk/cluster:Cluster", "msk-cluster")
DOWNGRADE = ("--set", "kafkaVersion=3.8.x.kraft")  # prod runs 3.9.x.kraft
KEY_ARN = "arn:aws:kms:us-east-1:123456789012:key/0a1b2c3d-1111-2222-3333-444455556666"


def volume(size: int) -> dict:
    return {"brokerNodeGroupInfo": {"storageInfo": {"ebsStorageInfo": {"volumeSize": size}}}}


@pytest.fixture(scope="module")
def deployed_prod() -> dict:
    """`pulumi stack export` of prod after `up` of its own stack file."""
    return export_of(plan_of("prod"))


def run(capsys, fake, project, verb: str, *extra: str, export: dict | None = None):
    fake.scenario(events={verb: UP_EVENTS}, **({"export": export} if export else {}))
    code, out, err = mskctl(
        capsys, verb, "--stack", "prod", "--json", "--project-dir", str(project), *extra
    )
    return code, json.loads(out), err


def ran(fake, command: str) -> bool:
    """Whether the CLI was asked ``command`` ("up", "stack export")."""
    return command in fake.commands()


def test_up_of_a_kafka_downgrade_is_refused_before_the_engine(
    capsys, project, fake_pulumi, deployed_prod
):
    code, document, err = run(capsys, fake_pulumi, project, "up", *DOWNGRADE, export=deployed_prod)
    assert code == 7 and document["result"] == "change-refused"
    assert ran(fake_pulumi, "stack export") and not ran(fake_pulumi, "up")  # judged only
    assert "refusing up of stack prod: 1 blocking change (refused by AWS" in err
    assert "REFUSED  msk-cluster" in err and "3.9.x.kraft" in err and "3.8.x.kraft" in err
    refused = [c for c in document["against"]["changes"] if c["action"] == "refused"]
    assert [c["name"] for c in refused] == ["msk-cluster"] and document["against"]["against"][
        "blocking"
    ]


def test_preview_of_the_same_change_lists_it_and_runs(capsys, project, fake_pulumi, deployed_prod):
    code, document, err = run(
        capsys, fake_pulumi, project, "preview", *DOWNGRADE, export=deployed_prod
    )
    assert code == 0 and ran(fake_pulumi, "preview")
    assert "changes against what is deployed in stack prod:" in err
    assert "REFUSED  msk-cluster" in err
    assert document["against"]["against"]["blocking"] is True


def test_up_replacing_a_protected_cluster_is_refused(capsys, project, fake_pulumi, deployed_prod):
    code, document, err = run(
        capsys, fake_pulumi, project, "up", "--set", f"kmsKeyArn={KEY_ARN}", export=deployed_prod
    )
    assert code == 7 and not ran(fake_pulumi, "up")
    replaced = {c["name"]: c for c in document["against"]["changes"] if c["action"] == "replace"}
    assert replaced["msk-cluster"]["protected"] and replaced["msk-cluster"]["blocking"]
    assert "REPLACE  msk-cluster" in err


def test_up_of_what_is_deployed_changes_nothing_and_runs(
    capsys, project, fake_pulumi, deployed_prod
):
    code, document, err = run(capsys, fake_pulumi, project, "up", export=deployed_prod)
    assert code == 0 and ran(fake_pulumi, "up")
    assert "changes against what is deployed in stack prod: none" in err
    assert document["against"]["changes"] == []


def test_up_of_a_change_aws_takes_runs_and_lists_it(capsys, project, fake_pulumi, deployed_prod):
    code, document, err = run(
        capsys, fake_pulumi, project, "up", "--set", "brokerCount=6", export=deployed_prod
    )
    assert code == 0 and ran(fake_pulumi, "up")
    updated = [c for c in document["against"]["changes"] if c["name"] == "msk-cluster"]
    assert updated[0]["action"] == "update" and not document["against"]["against"]["blocking"]
    assert "update   msk-cluster" in err


def test_a_volume_autoscaling_grew_is_not_shrunk_when_autoscaling_is_turned_off(
    capsys, project, fake_pulumi
):
    # Deployed with autoscaling: asked 1000 GiB, AWS grew it to 1500. The stack file then turns
    # autoscaling off and asks 1200: smaller than what the brokers have.
    grown = export_of(plan_of("prod"), outputs={CLUSTER: volume(1500)})
    stack_file = project / "Pulumi.prod.yaml"
    config = yaml.safe_load(stack_file.read_text())
    del config["config"]["msk:storageAutoscaling"]
    config["config"]["msk:ebsVolumeGib"] = 1200
    stack_file.write_text(yaml.safe_dump(config))
    code, document, err = run(capsys, fake_pulumi, project, "up", export=grown)
    assert code == 7 and not ran(fake_pulumi, "up")
    assert "smaller than the current 1500 GiB" in err
    # The same file against a volume autoscaling never grew: a grow, and `up` runs.
    code, document, err = run(capsys, fake_pulumi, project, "up", export=export_of(plan_of("prod")))
    assert code == 0 and ran(fake_pulumi, "up")


def test_a_stack_with_nothing_deployed_has_nothing_to_compare(capsys, project, fake_pulumi):
    code, document, err = run(capsys, fake_pulumi, project, "up", *DOWNGRADE)
    assert code == 0 and ran(fake_pulumi, "stack export") and ran(fake_pulumi, "up")
    assert document["against"] is None and "changes against" not in err


PUBLIC = ("--set", "publicAccess=true", "--set", 'clientCidrBlocks=["10.1.0.0/16"]')


@pytest.fixture
def public_allowed(tmp_path) -> tuple[str, ...]:
    """Public access past the policy: the pack's public-access rule lowered to advisory."""
    pack = tmp_path / "pack.json"
    pack.write_text(json.dumps({"msk-no-public-access": "advisory"}))
    return (*PUBLIC, "--policy-pack-config", str(pack))


def test_a_first_up_with_public_access_is_refused_before_the_engine(
    capsys, project, fake_pulumi, public_allowed
):
    """AWS turns public access on only for a running cluster: the first deploy must be off."""
    code, document, err = run(capsys, fake_pulumi, project, "up", *public_allowed)
    assert code == 7 and document["result"] == "change-refused" and not ran(fake_pulumi, "up")
    assert "REFUSED  msk-cluster" in err and "deploy with msk:publicAccess false" in err
    assert [c["action"] for c in document["against"]["changes"]] == ["refused"]


def test_public_access_on_a_running_cluster_goes_ahead(
    capsys, project, fake_pulumi, deployed_prod, public_allowed
):
    code, _, err = run(capsys, fake_pulumi, project, "up", *public_allowed, export=deployed_prod)
    assert code == 0 and ran(fake_pulumi, "up") and "UpdateConnectivity" in err


def test_the_deployed_secrets_never_show(capsys, project, fake_pulumi):
    # The SDK exports with --show-secrets: the fake hands back the plaintext, as the CLI does.
    overrides = ("auth={iam: true, scram: true}", "scramUsers=[app]")
    deployed = export_of(plan_of("prod", *overrides), shown=True)
    assert PASSWORD in json.dumps(deployed)
    sets = [arg for value in overrides for arg in ("--set", value)]
    code, document, err = run(capsys, fake_pulumi, project, "preview", *sets, export=deployed)
    assert code == 0
    export_call = next(c for c in fake_pulumi.calls() if c["args"][:2] == ["stack", "export"])
    assert "--show-secrets" in export_call["args"]
    assert PASSWORD not in json.dumps(document) + err


def test_an_export_this_mskctl_cannot_read_stops_up(capsys, project, fake_pulumi, deployed_prod):
    newer = {**deployed_prod, "version": 9}
    code, document, err = run(capsys, fake_pulumi, project, "up", export=newer)
    assert code == 4 and not ran(fake_pulumi, "up")
    assert "checkpoint version 9" in document["message"]


def test_a_failing_export_stops_up(capsys, project, fake_pulumi):
    fake_pulumi.scenario(
        events={"up": UP_EVENTS},
        fail={"stack export": {"stderr": "error: could not read the state", "code": 255}},
    )
    code, out, err = mskctl(capsys, "up", "--stack", "prod", "--project-dir", str(project))
    assert code == 4 and not ran(fake_pulumi, "up")
