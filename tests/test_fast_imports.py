"""The offline tools' partial EC2 import: faster, and indistinguishable to a program."""

import json
import subprocess
import sys

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


def test_only_the_modules_used_are_loaded_and_every_name_resolves():
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=PROJECT_DIR, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert int(result.stdout) < 50


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
print(code, type(sys.modules["pulumi_aws.ec2"]).__name__)
"""


def test_the_cli_puts_the_partial_packages_in_place_before_the_component_loads():
    """`import msk_platform` loads pulumi_aws; mskctl must install its partial packages
    before any verb (and so the component) is imported, or the plan pays the full import."""
    result = subprocess.run(
        [sys.executable, "-c", CLI_PROBE], cwd=PROJECT_DIR, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-2:] == ["0", "_PartialPackage"]
