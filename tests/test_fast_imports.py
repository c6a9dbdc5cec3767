"""The offline tools' partial imports: faster, and indistinguishable to a program."""

import json
import os
import re
import subprocess
import sys

import pytest

from mskctl.plan import build_plan, stack_config
from tests.conftest import PROJECT_DIR

PROBE = """
import sys
from mskctl import fast_imports
assert fast_imports.install()
import pulumi_aws as aws
from pulumi_aws.ec2.security_group import SecurityGroup
assert aws.ec2.SecurityGroup is SecurityGroup
aws.ec2.Vpc, aws.ec2.Subnet, aws.ec2.DefaultSecurityGroup
assert type(sys.modules["pulumi_aws.ec2"]).__name__ == "_PartialPackage", "loaded in full"
assert aws.ec2.SecurityGroupIngressArgs.__module__ == "pulumi_aws.ec2._inputs"
assert "pulumi_aws.ec2.instance" not in sys.modules
aws.ec2.get_ami_ids  # a function in a module of another name pattern still resolves
assert aws.ec2.InstanceType.T3_MICRO  # an enum
count = len([m for m in sys.modules if m.startswith("pulumi_aws.ec2.")])
assert not hasattr(aws.ec2, "NoSuchResource")  # unknown names load the real package, then fail
assert type(sys.modules["pulumi_aws.ec2"]).__name__ == "module"
assert "pulumi_aws.ec2.instance" in sys.modules and aws.ec2.Instance
print(count)
"""


def _run(probe: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", probe],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, **env},
    )


def test_only_the_modules_used_are_loaded_and_every_name_resolves():
    result = _run(PROBE)
    assert result.returncode == 0, result.stderr
    assert int(result.stdout) < 50


EVERY_SERVICE = """
import sys
from mskctl import fast_imports
assert fast_imports.install()
import pulumi_aws as aws
services = fast_imports.service_packages(aws.__path__[0])
assert {"ec2", "kms", "msk", "sns", "s3", "config"} <= set(services) and len(services) > 100
assert all(type(sys.modules[f"pulumi_aws.{s}"]).__name__ == "_PartialPackage" for s in services)
from pulumi_aws.kms.key import Key
assert aws.kms.Key is Key and aws.kms.Alias.__module__ == "pulumi_aws.kms.alias"
assert "pulumi_aws.kms.grant" not in sys.modules  # kms's other modules stay unloaded
assert aws.s3.Bucket.__module__ == "pulumi_aws.s3.bucket"
# A package whose __init__ does more than import its modules: run for real when first used.
assert aws.config.region is None
assert type(sys.modules["pulumi_aws.config"]).__name__ == "_ExportableConfig"
print("ok")
"""


def test_every_service_package_is_partial_and_resolves_its_names():
    result = _run(EVERY_SERVICE)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["ok"]


DEFERRED = """
import sys
from mskctl import fast_imports
fast_imports.install()
import pulumi
loaded = [m for m in ("pulumi.automation._cmd", "dill", "opentelemetry.sdk.trace")
          if m in sys.modules]
print(type(pulumi.automation).__name__, type(pulumi.dynamic).__name__, *loaded)
from pulumi.automation import LocalWorkspace, errors
assert LocalWorkspace.__module__ == "pulumi.automation._local_workspace" and errors.CommandError
assert type(pulumi.automation).__name__ == "module"  # loaded in full on first use
assert pulumi.dynamic.ResourceProvider and "dill" in sys.modules
"""


def test_the_sdk_parts_an_offline_run_never_uses_load_on_first_use():
    result = _run(DEFERRED)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["_DeferredModule", "_DeferredModule"]


@pytest.mark.parametrize(
    "traceparent,loaded", [("", False), ("00-" + "1" * 32 + "-" + "2" * 16 + "-01", True)]
)
def test_tracing_is_set_up_at_import_when_the_engine_asks_for_it(traceparent, loaded):
    probe = (
        "import sys\nfrom mskctl import fast_imports\nfast_imports.install()\nimport pulumi\n"
        "print('opentelemetry.sdk.trace' in sys.modules)"
    )
    result = _run(probe, TRACEPARENT=traceparent)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [str(loaded)]


def test_plan_in_a_fresh_process_matches_the_in_process_plan():
    result = subprocess.run(
        [sys.executable, "-m", "mskctl", "plan", "--stack", "prod", "--json"],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    expected = build_plan(PROJECT_DIR, stack_config(PROJECT_DIR, "prod"))
    assert json.loads(result.stdout) == json.loads(json.dumps(expected))


CLI_PROBE = """
import sys
import mskctl.cli
assert "pulumi_aws" not in sys.modules and "msk_platform" not in sys.modules, "loaded early"
code = mskctl.cli.main(["plan", "--stack", "dev", "--json"])
unused = ("mskctl.automation", "mskctl.commands.deploy", "pulumi.automation._cmd", "dill")
print(*[m for m in unused if m in sys.modules], code, type(sys.modules["pulumi_aws.ec2"]).__name__)
"""


def test_the_cli_puts_the_partial_packages_in_place_before_the_component_loads():
    """`import msk_platform` loads pulumi_aws; mskctl must install its partial packages
    before any verb (and so the component) is imported, or the plan pays the full import."""
    result = subprocess.run(
        [sys.executable, "-c", CLI_PROBE], cwd=PROJECT_DIR, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    # ...and an offline verb imports neither the deploy verbs nor the Automation API.
    assert result.stdout.splitlines()[-1].split() == ["0", "_PartialPackage"]


def test_the_parser_of_one_offline_verb_has_that_verbs_options(capsys):
    from mskctl.cli import parser

    def verbs_listed(root):
        return set(re.findall(r"^ {4}(\w+) ", root.format_help(), re.MULTILINE))

    alone, whole = parser(["plan", "--stack", "dev"]), parser()
    assert verbs_listed(alone) == {"plan"}
    assert {"plan", "cost", "size", "preview", "up", "outputs", "cancel"} <= verbs_listed(whole)
    helps = []
    for root in (alone, whole):
        with pytest.raises(SystemExit):
            root.parse_args(["plan", "--help"])
        helps.append(capsys.readouterr().out)
    assert helps[0] == helps[1] and "--against" in helps[0]
