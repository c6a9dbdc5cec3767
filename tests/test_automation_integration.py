"""preview, up and destroy of a real dev stack in a real AWS account, through ``mskctl``.

Skipped unless the Pulumi CLI is installed, AWS credentials are in the environment, and
MSKCTL_INTEGRATION=1 asks for it (it creates an MSK cluster: 30 to 60 minutes and a few
dollars). A skip is not coverage: the rest of the suite proves mskctl's side only.
"""

import json
import os
import shutil
import sys
import uuid

import pytest

from mskctl.cli import main
from tests.conftest import PROJECT_DIR

CREDENTIAL_VARIABLES = (
    "AWS_ACCESS_KEY_ID",
    "AWS_PROFILE",
    "AWS_WEB_IDENTITY_TOKEN_FILE",
    "AWS_CONTAINER_CREDENTIALS_FULL_URI",
    "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
)


def missing_prerequisites() -> list[str]:
    missing = []
    if shutil.which("pulumi") is None:
        missing.append("the Pulumi CLI is not installed (no `pulumi` on PATH)")
    if not any(name in os.environ for name in CREDENTIAL_VARIABLES):
        missing.append(f"no AWS credentials in the environment ({', '.join(CREDENTIAL_VARIABLES)})")
    if os.environ.get("MSKCTL_INTEGRATION") != "1":
        missing.append("MSKCTL_INTEGRATION=1 is not set (this test creates a billed MSK cluster)")
    return missing


pytestmark = pytest.mark.skipif(
    bool(missing_prerequisites()),
    reason="integration test against a real AWS account skipped: "
    + "; ".join(missing_prerequisites()),
)


@pytest.fixture
def deployable_project(tmp_path, monkeypatch):
    """The program and the dev stack in a scratch folder, with this interpreter's virtualenv
    (where requirements.txt installed the component), so the real CLI runs the same code and
    the repository's files stay untouched."""
    folder = tmp_path / "project"
    folder.mkdir()
    for name in ("__main__.py", "Pulumi.yaml", "Pulumi.dev.yaml"):
        shutil.copy(PROJECT_DIR / name, folder / name)
    (folder / "venv").symlink_to(sys.prefix)
    monkeypatch.setenv("PULUMI_CONFIG_PASSPHRASE", os.environ.get("PULUMI_CONFIG_PASSPHRASE", "it"))
    monkeypatch.delenv("PULUMI_BACKEND_URL", raising=False)
    return folder


def run_json(capsys, *args) -> tuple[int, dict]:
    code = main(list(args))
    out, err = capsys.readouterr()
    print(err, file=sys.stderr)  # the progress lines, for the log of a failing run
    return code, json.loads(out)


def test_preview_up_and_destroy_a_dev_stack(capsys, deployable_project):
    name = f"msk-it-{uuid.uuid4().hex[:8]}"
    common = ["--stack", "dev", "--json", "--project-dir", str(deployable_project)]
    common += ["--set", f"clusterName={name}"]

    code, preview = run_json(capsys, "preview", *common)
    assert code == 0, preview["message"]
    assert preview["changes"].get("create", 0) > 5

    try:
        code, up = run_json(capsys, "up", *common)
        assert code == 0, up["message"]
        assert up["outputs"]["clusterName"] == name
        assert up["outputs"]["clusterArn"].startswith("arn:aws:kafka:")
        assert up["outputs"]["bootstrapBrokersIam"].endswith(":9098")
    finally:
        code, destroyed = run_json(capsys, "destroy", *common)
    assert code == 0, destroyed["message"]
    assert destroyed["changes"].get("delete", 0) > 5
