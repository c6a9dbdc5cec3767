"""BEFORE as a plan or as what is deployed: ``pulumi stack export`` files read the way a
comparison needs them, secrets never kept, anything else refused with a clear message.

The export documents are built to Pulumi's checkpoint format (apitype ``UntypedDeployment``
around ``DeploymentV3``: pulumi/pulumi sdk/go/common/apitype/core.go) from a real plan of the
program: its resources get URNs, IDs, providers and made-up outputs, as an `up` would leave.
"""

import json

import pytest

from mskctl.before_state import (
    SECRET_SIGNATURE,
    SIGNATURE_KEY,
    BeforeStateError,
    before_document,
    load_before,
)
from mskctl.plan import SECRET_SHOWN, build_plan, stack_config
from mskctl.stack_files import StackConfig
from tests.conftest import PROJECT_DIR

PASSWORD = "correct-horse-battery"  # the plaintext `--show-secrets` would print
CIPHERTEXT = "v1:Zm9vYmFy:c2VjcmV0LWJ5dGVz"
STACK_TYPE = "pulumi:pulumi:Stack"
AWS_PROVIDER = "pulumi:providers:aws"


def plan_of(stack: str, *overrides: str) -> dict:
    return build_plan(PROJECT_DIR, stack_config(PROJECT_DIR, stack, list(overrides)))


def urn(plan: dict, qualified_type: str, name: str) -> str:
    return f"urn:pulumi:{plan['stack']}::{plan['project']}::{qualified_type}::{name}"


def secret(value, shown: bool) -> dict:
    """A secret as the checkpoint stores it: encrypted, or decrypted by --show-secrets."""
    if shown:
        return {SIGNATURE_KEY: SECRET_SIGNATURE, "plaintext": json.dumps(value)}
    return {SIGNATURE_KEY: SECRET_SIGNATURE, "ciphertext": CIPHERTEXT}


def deployed(value, shown: bool):
    """A plan's input as state holds it after `up`: unknowns resolved, secrets enveloped."""
    if value == SECRET_SHOWN:
        return secret(PASSWORD, shown)
    if value is None:
        return "resolved-by-aws"
    if isinstance(value, dict):
        return {key: deployed(item, shown) for key, item in value.items()}
    if isinstance(value, list):
        return [deployed(item, shown) for item in value]
    return value


def export_of(plan: dict, outputs: dict | None = None, shown: bool = False) -> dict:
    """``pulumi stack export`` of the stack after `up` of ``plan``: the stack resource, the
    default AWS provider, then each resource (custom ones with an ID, the provider and
    outputs: their inputs plus an ARN, overlaid with ``outputs[(type, name)]``)."""
    stack_urn = urn(plan, STACK_TYPE, f"{plan['project']}-{plan['stack']}")
    provider_urn = urn(plan, AWS_PROVIDER, "default_7_0_0")
    by_key = {f"{r['type']}::{r['name']}": r for r in plan["resources"]}

    def qualified(resource: dict) -> str:
        chain = [resource["type"]]
        parent = resource["parent"]
        while parent is not None:
            chain.insert(0, by_key[parent]["type"])
            parent = by_key[parent]["parent"]
        return "$".join(chain)

    resources = [
        {"urn": stack_urn, "custom": False, "type": STACK_TYPE, "outputs": {}},
        {
            "urn": provider_urn,
            "custom": True,
            "id": "5b9a6d1c-0000-4000-8000-000000000001",
            "type": AWS_PROVIDER,
            "inputs": {"region": "us-east-1", "version": "7.0.0"},
            "outputs": {"region": "us-east-1", "version": "7.0.0"},
            "parent": stack_urn,
        },
    ]
    for resource in plan["resources"]:
        custom = not resource["type"].startswith("msk:index:")
        parent = resource["parent"]
        inputs = deployed(resource["inputs"], shown)
        entry = {
            "urn": urn(plan, qualified(resource), resource["name"]),
            "custom": custom,
            "type": resource["type"],
            "inputs": inputs,
            "outputs": {},
            "parent": (
                urn(plan, qualified(by_key[parent]), by_key[parent]["name"])
                if parent
                else stack_urn
            ),
        }
        if custom:
            made_up = {"arn": f"arn:aws:made-up:::{resource['name']}", "id": resource["name"]}
            entry["id"] = f"{resource['name']}-id"
            entry["provider"] = f"{provider_urn}::{entry['id']}"
            entry["outputs"] = {**inputs, **made_up}
        entry["outputs"].update((outputs or {}).get((resource["type"], resource["name"]), {}))
        # Pulumi omits the options left at their defaults (omitempty).
        options = resource["options"]
        for option in ("protect", "retainOnDelete", "ignoreChanges", "customTimeouts"):
            if options.get(option):
                entry[option] = options[option]
        resources.append(entry)
    return {
        "version": 3,
        "deployment": {
            "manifest": {
                "time": "2026-01-01T00:25:01.000Z",
                "magic": "0fe0c1c5d4c1c8a5c1e6a4d3b2c1a0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3",
                "version": "v3.200.0",
            },
            "secrets_providers": {"type": "passphrase", "state": {"salt": "v1:c2FsdA==:x"}},
            "resources": resources,
        },
    }


def written(tmp_path, document, name="before.json"):
    path = tmp_path / name
    path.write_text(document if isinstance(document, str) else json.dumps(document))
    return path


@pytest.fixture(scope="module")
def prod_plan():
    return plan_of("prod")


@pytest.fixture(scope="module")
def scram_plan():
    return plan_of("dev", "auth={iam: true, scram: true}", "scramUsers=[app]")


# --- an export reads as the plan it was deployed from --------------------------------------


def test_an_export_lists_the_plan_s_resources_with_their_options(tmp_path, prod_plan):
    before = load_before(written(tmp_path, export_of(prod_plan)))
    assert before["source"] == "stack-export" and before["cost"] is None
    assert (before["project"], before["stack"]) == ("msk", "prod")
    shape = {(r["type"], r["name"]): (r["parent"], r["options"]) for r in before["resources"]}
    planned = {(r["type"], r["name"]): (r["parent"], r["options"]) for r in prod_plan["resources"]}
    # The same resources under the same names and parents; protection, retention and the
    # ignored volume read back, though the export leaves the defaults out.
    assert shape == planned
    cluster = next(r for r in before["resources"] if r["type"] == "aws:msk/cluster:Cluster")
    assert cluster["options"]["protect"] and cluster["options"]["ignoreChanges"] == [
        "brokerNodeGroupInfo.storageInfo.ebsStorageInfo.volumeSize"
    ]
    assert cluster["id"] == "msk-cluster-id"


def test_the_deployed_outputs_are_kept_beside_the_inputs(tmp_path, prod_plan):
    grown = {"brokerNodeGroupInfo": {"storageInfo": {"ebsStorageInfo": {"volumeSize": 1500}}}}
    export = export_of(prod_plan, outputs={("aws:msk/cluster:Cluster", "msk-cluster"): grown})
    before = load_before(written(tmp_path, export))
    cluster = next(r for r in before["resources"] if r["type"] == "aws:msk/cluster:Cluster")
    assert cluster["outputs"]["brokerNodeGroupInfo"] == grown["brokerNodeGroupInfo"]
    asked = cluster["inputs"]["brokerNodeGroupInfo"]["storageInfo"]["ebsStorageInfo"]
    assert asked["volumeSize"] == 1000
    assert cluster["outputs"]["arn"] == "arn:aws:made-up:::msk-cluster"


def test_the_stack_providers_and_copies_on_their_way_out_are_left_out(tmp_path, prod_plan):
    export = export_of(prod_plan)
    listed = export["deployment"]["resources"]
    old_key = dict(next(r for r in listed if r["type"] == "aws:kms/key:Key"), delete=True)
    old_key["id"] = "the-replaced-key"
    gone = dict(next(r for r in listed if r["type"] == "aws:sns/topic:Topic"))
    gone.update(pendingReplacement=True, id="deleted-before-replace")
    listed += [old_key, gone]
    before = load_before(written(tmp_path, export))
    kinds = [r["type"] for r in before["resources"]]
    assert STACK_TYPE not in kinds and AWS_PROVIDER not in kinds
    ids = {r["id"] for r in before["resources"]}
    assert "the-replaced-key" not in ids and "deleted-before-replace" not in ids
    assert kinds.count("aws:kms/key:Key") == 1 and "aws:sns/topic:Topic" in kinds


def test_a_name_holding_double_colons_is_kept_whole(tmp_path, prod_plan):
    export = export_of(prod_plan)
    topic = next(r for r in export["deployment"]["resources"] if r["type"].startswith("aws:sns"))
    topic["urn"] = topic["urn"].replace("::msk-alarms", "::msk::alarms")
    before = load_before(written(tmp_path, export))
    assert "msk::alarms" in {r["name"] for r in before["resources"]}


@pytest.mark.parametrize("shown", [False, True], ids=["encrypted", "show-secrets"])
def test_secrets_are_masked_and_their_plaintext_never_kept(tmp_path, scram_plan, shown):
    export = export_of(scram_plan, shown=shown)
    # --show-secrets also decrypts outputs: the password the provider returns.
    password = {"result": secret(PASSWORD, shown), "nested": [{"inner": secret(PASSWORD, shown)}]}
    for resource in export["deployment"]["resources"]:
        if resource["type"] == "random:index/randomPassword:RandomPassword":
            resource["outputs"].update(password)
    path = written(tmp_path, export)
    if shown:
        assert PASSWORD in path.read_text()  # the file does hold it...
    before = load_before(path)
    assert PASSWORD not in json.dumps(before) and CIPHERTEXT not in json.dumps(
        before
    )  # ...we don't
    version = next(
        r
        for r in before["resources"]
        if r["type"] == "aws:secretsmanager/secretVersion:SecretVersion"
    )
    assert version["inputs"]["secretString"] == SECRET_SHOWN  # what the plan shows there too
    generated = next(
        r for r in before["resources"] if r["type"] == "random:index/randomPassword:RandomPassword"
    )
    assert generated["outputs"]["result"] == SECRET_SHOWN
    assert generated["outputs"]["nested"] == [{"inner": SECRET_SHOWN}]


def test_a_stack_never_deployed_has_nothing_to_compare(tmp_path):
    fresh = {"version": 3, "deployment": {"manifest": {"time": "2026-01-01T00:00:00Z",
                                                       "magic": "", "version": ""}}}  # fmt: skip
    before = load_before(written(tmp_path, fresh))
    assert before["resources"] == [] and before["source"] == "stack-export"


def test_a_version_4_export_reads_as_version_3(tmp_path, prod_plan):
    export = {**export_of(prod_plan), "version": 4, "features": ["refreshBeforeUpdate"]}
    before = load_before(written(tmp_path, export))
    assert len(before["resources"]) == len(prod_plan["resources"])


# --- a plan reads as itself --------------------------------------------------------------------


def test_a_plan_json_keeps_its_resources_and_cost(tmp_path, prod_plan):
    before = load_before(written(tmp_path, prod_plan))
    assert before["source"] == "plan" and before["cost"] == prod_plan["cost"]
    assert before["cost"]["monthly"] > 0
    assert [(r["type"], r["name"], r["inputs"], r["options"]) for r in before["resources"]] == [
        (r["type"], r["name"], r["inputs"], r["options"]) for r in prod_plan["resources"]
    ]
    assert all(r["outputs"] == {} for r in before["resources"])


def test_a_plan_and_the_export_of_its_deployment_read_the_same(tmp_path, scram_plan):
    from_plan = load_before(written(tmp_path, scram_plan, "plan.json"))
    from_export = load_before(written(tmp_path, export_of(scram_plan), "export.json"))

    def known(document):  # what both sources know: names, options, every input the plan knew
        return {
            (r["type"], r["name"]): (r["parent"], r["options"], r["inputs"].get("clusterName"))
            for r in document["resources"]
        }

    assert known(from_plan) == known(from_export)
    secrets = [
        r["inputs"]["secretString"]
        for d in (from_plan, from_export)
        for r in d["resources"]
        if "secretString" in r["inputs"]
    ]
    assert secrets == [SECRET_SHOWN, SECRET_SHOWN]


# --- anything else is refused, naming the file and what is accepted ----------------------------

ACCEPTED = "accepted: the JSON of `mskctl plan --json`, or of `pulumi stack export`"


@pytest.mark.parametrize(
    "content,fragment",
    [
        ("not json {", "not JSON"),
        ("[1, 2]", 'neither a plan (no "resources" list) nor a stack export'),
        ('{"stack": "prod"}', "neither a plan"),
        ('{"resources": {"a": 1}}', "neither a plan"),
        ('{"version": 2, "deployment": {}}', "checkpoint version 2, which this mskctl"),
        ('{"version": 5, "deployment": {}}', "checkpoint version 5"),
        ('{"deployment": {"resources": []}}', "checkpoint version null"),
        ('{"version": 3, "deployment": []}', '"deployment" is not an object'),
        ('{"version": 3, "deployment": {"resources": 7}}', '"deployment.resources" is not a list'),
        (
            '{"version": 3, "deployment": {"resources": [{"type": "aws:kms/key:Key"}]}}',
            'deployment.resources[0] has no valid "urn" and "type"',
        ),
        (
            '{"version": 3, "deployment": '
            '{"resources": [{"urn": "urn:pulumi:a::b", "type": "x"}]}}',
            "deployment.resources[0]",
        ),
        ('{"resources": [{"name": "x"}]}', 'not a plan document: resources[0] has no "type"'),
    ],
)
def test_what_is_neither_is_a_clear_error(tmp_path, content, fragment):
    path = written(tmp_path, content)
    with pytest.raises(BeforeStateError) as caught:
        load_before(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: ") and fragment in message
    assert ACCEPTED in message


def test_an_unreadable_file_names_itself(tmp_path):
    with pytest.raises(BeforeStateError, match="missing.json: can't be read"):
        load_before(tmp_path / "missing.json")


def test_many_broken_resources_are_summed_up(tmp_path):
    document = {"version": 3, "deployment": {"resources": [{}] * 8}}
    with pytest.raises(BeforeStateError) as caught:
        before_document(document, "the deployed state")
    assert "resources[4]" in str(caught.value) and "(and 3 more)" in str(caught.value)


def test_a_plan_that_stopped_at_config_errors_is_no_before(tmp_path):
    # It lists no resources: compared with it, everything deployed would look new.
    bad = build_plan(
        PROJECT_DIR,
        StackConfig(project="msk", stack="dev", values={"msk:brokerCount": "5"}, warnings=[]),
    )
    with pytest.raises(BeforeStateError) as caught:
        load_before(written(tmp_path, bad))
    assert "configuration errors (msk:brokerCount)" in str(caught.value)
    assert "run `mskctl plan --json` again" in str(caught.value)


# --- `plan --against` takes the export -------------------------------------------------------


def test_plan_against_an_export_of_what_it_deployed_reports_nothing(tmp_path, capsys, prod_plan):
    from mskctl.cli import main

    path = written(tmp_path, export_of(prod_plan, shown=True))
    code = main(
        ["plan", "--stack", "prod", "--against", str(path), "--project-dir", str(PROJECT_DIR)]
    )
    out = capsys.readouterr().out
    assert code == 0 and "(what is deployed (a stack export)): none." in out
    assert PASSWORD not in out
    code = main(
        ["plan", "--stack", "prod", "--against", str(path), "--project-dir", str(PROJECT_DIR),
         "--set", "kafkaVersion=3.8.x.kraft", "--json"]
    )  # fmt: skip
    document = json.loads(capsys.readouterr().out)
    assert code == 7 and document["against"]["source"] == "stack-export"
    assert [c["action"] for c in document["changes"]] == ["refused"]


def test_plan_against_a_bad_file_is_a_usage_error(tmp_path, capsys):
    from mskctl.cli import main

    path = written(tmp_path, '{"version": 2, "deployment": {}}')
    code = main(
        ["plan", "--stack", "prod", "--against", str(path), "--project-dir", str(PROJECT_DIR)]
    )
    err = capsys.readouterr().err
    assert code == 2 and f"mskctl: {path}: a stack export of checkpoint version 2" in err
    assert "Traceback" not in err
