"""The SDKs' non-public parts are used in one module only (mskctl/sdk_internals.py), on the
SDK versions it was checked against; a dependency bump fails here until it is checked again."""

import ast
import importlib.metadata
import tomllib
from pathlib import Path

import pulumi.runtime
import pulumi_policy
import pytest
from packaging.requirements import Requirement
from packaging.version import Version

from mskctl import sdk_internals
from tests.conftest import PROJECT_DIR

TOOLING = PROJECT_DIR / "tooling"
PACKAGE = TOOLING / "mskctl"
INTERNALS = PACKAGE / "sdk_internals.py"

# What the SDK packages export: `pulumi.runtime.__all__` also lists its `rpc` submodule, whose
# members are the SDK's serialization internals, not an API.
PUBLIC = {
    "pulumi.runtime": set(pulumi.runtime.__all__) - {"rpc"},
    "pulumi_policy": set(pulumi_policy.__all__),
}
# SDK internals that carry no underscore, as members of the SDK's modules.
PRIVATE_NAMES = {
    "MockMonitor",
    "SETTINGS",
    "deserialize_properties",
    "is_rpc_secret",
    "run_pulumi_func",
    "unknown_checking_proxy",
    "UnknownValueError",
}
# Output methods the SDK marks "Private implementation details - do not document" (output.py):
# no other object in the tooling has methods of these names, so any use is flagged.
OUTPUT_PRIVATE = {"future", "is_known"}


def _is_private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def _sdk_module(name: str) -> bool:
    return name == "pulumi" or name.startswith(("pulumi.", "pulumi_policy"))


def sdk_internal_uses(source: str) -> list[str]:
    """Each use of an SDK internal in a module's source, as a short description."""
    found = []
    sdk_names: set[str] = set()  # local names bound to SDK modules or their members
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if not _sdk_module(alias.name):
                    continue
                sdk_names.add((alias.asname or alias.name).split(".")[0])
                parts = alias.name.split(".")
                if any(_is_private(p) for p in parts) or alias.name.startswith("pulumi.runtime."):
                    found.append(f"line {node.lineno}: import {alias.name}")
                elif alias.name.startswith("pulumi_policy."):
                    found.append(f"line {node.lineno}: import {alias.name}")
        elif isinstance(node, ast.ImportFrom) and node.module and _sdk_module(node.module):
            module = node.module
            for alias in node.names:
                sdk_names.add(alias.asname or alias.name)
                where = f"line {node.lineno}: from {module} import {alias.name}"
                if (
                    any(_is_private(p) for p in module.split("."))
                    or _is_private(alias.name)
                    or alias.name in PRIVATE_NAMES
                    or module.startswith(("pulumi.runtime.", "pulumi_policy."))
                    or (module in PUBLIC and alias.name not in PUBLIC[module])
                ):
                    found.append(where)
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute):
            chain = []
            base: ast.expr = node
            while isinstance(base, ast.Attribute):
                chain.append(base.attr)
                base = base.value
            chain.reverse()
            if node.attr in OUTPUT_PRIVATE:  # on an Output, whatever it is called here
                found.append(f"line {node.lineno}: .{node.attr}")
            if not (isinstance(base, ast.Name) and base.id in sdk_names):
                continue
            dotted = ".".join([base.id, *chain])
            if any(_is_private(a) or a in PRIVATE_NAMES for a in chain):
                found.append(f"line {node.lineno}: {dotted}")
            elif base.id == "pulumi" and chain[:1] == ["runtime"] and len(chain) > 1:
                if chain[1] not in PUBLIC["pulumi.runtime"]:
                    found.append(f"line {node.lineno}: {dotted}")
    return sorted(set(found))


@pytest.mark.parametrize(
    "source",
    [
        "from pulumi.runtime.sync_await import _sync_await",
        "from pulumi.runtime import rpc",
        "from pulumi.runtime import mocks as pulumi_mocks",
        "from pulumi.runtime.rpc import UNKNOWN",
        "from pulumi.runtime.stack import run_pulumi_func",
        "import pulumi.runtime.settings",
        "import pulumi\npulumi.runtime.settings.SETTINGS.engine = None",
        "import pulumi\npulumi.runtime.rpc._special_sig_key",
        "import pulumi\nasync def f(o):\n    return await pulumi.Output.from_input(o).future()",
        "async def f(output):\n    return await output.is_known()",
        "import pulumi\nclass M(pulumi.runtime.mocks.MockMonitor): pass",
        "from pulumi_policy.proxy import UNKNOWN_STRING_VALUE",
        "from pulumi_policy import proxy",
        "from pulumi.automation import _cmd",
        "from pulumi import automation as auto\nauto._cmd",
    ],
)
def test_the_checker_finds_sdk_internals(source):
    assert sdk_internal_uses(source)


@pytest.mark.parametrize(
    "source",
    [
        "import pulumi\npulumi.runtime.set_mocks\npulumi.runtime.Mocks\npulumi.Output.secret(1)",
        "from pulumi.runtime import set_all_config, reset_options, get_root_resource",
        "from pulumi_policy import EnforcementLevel, ResourceValidationArgs",
        "from pulumi.automation import errors as auto_errors\nauto_errors.CommandError",
        "from .sdk_internals import UNKNOWN\nclass A:\n    def _private(self): self._x = 1",
    ],
)
def test_the_checker_lets_public_sdk_use_pass(source):
    assert sdk_internal_uses(source) == []


def test_only_sdk_internals_uses_the_sdks_internals():
    modules = sorted(PACKAGE.rglob("*.py"))
    assert INTERNALS in modules and len(modules) > 10
    found = {
        str(path.relative_to(TOOLING)): uses
        for path in modules
        if path != INTERNALS and (uses := sdk_internal_uses(path.read_text(encoding="utf-8")))
    }
    assert found == {}, "move these into mskctl/sdk_internals.py"
    # ...and sdk_internals.py itself is what the checker catches.
    assert sdk_internal_uses(INTERNALS.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "distribution,checked",
    [
        ("pulumi", sdk_internals.CHECKED_PULUMI),
        ("pulumi-policy", sdk_internals.CHECKED_PULUMI_POLICY),
    ],
)
def test_the_installed_sdks_are_the_checked_ones(distribution, checked):
    installed = importlib.metadata.version(distribution)
    assert installed in checked, (
        f"{distribution} {installed} is installed, but mskctl/sdk_internals.py was checked "
        f"against {', '.join(checked)} only: read each internal it uses in {installed}'s source, "
        "then list the version there and widen tooling/pyproject.toml"
    )
    assert all(f"{distribution} {version}" in sdk_internals.__doc__ for version in checked)


@pytest.mark.parametrize(
    "distribution,checked",
    [
        ("pulumi", sdk_internals.CHECKED_PULUMI),
        ("pulumi-policy", sdk_internals.CHECKED_PULUMI_POLICY),
    ],
)
def test_the_tooling_admits_exactly_the_checked_minor_releases(distribution, checked):
    project = tomllib.loads((TOOLING / "pyproject.toml").read_text(encoding="utf-8"))
    requirements = [Requirement(text) for text in project["project"]["dependencies"]]
    matching = [r for r in requirements if r.name == distribution]
    assert len(matching) == 1, f"tooling/pyproject.toml must depend on {distribution} itself"
    requirement = matching[0]
    versions = sorted(Version(v) for v in checked)
    assert all(requirement.specifier.contains(v) for v in versions)
    lowest, highest = versions[0], versions[-1]
    assert not requirement.specifier.contains(
        Version(f"{highest.major}.{highest.minor + 1}.0"), prereleases=True
    )
    assert str(requirement.specifier) == f"<{highest.major}.{highest.minor + 1},>={lowest}"


def test_the_module_named_here_is_the_one_in_the_package():
    assert Path(sdk_internals.__file__).resolve() == INTERNALS.resolve()
