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


# --- the type modules: class by class, the same classes -------------------------------------------

TYPE_MODULE_PROBE = """
import sys
from mskctl import fast_imports
assert fast_imports.install()
import pulumi_aws as aws
aws.ec2.SecurityGroup
inputs = sys.modules["pulumi_aws.ec2._inputs"]
assert type(inputs).__name__ == "_LazyTypeModule"
every = fast_imports._STATES["pulumi_aws.ec2._inputs"].names
made = [n for n in every if n in vars(inputs)]
resource = vars(sys.modules["pulumi_aws.ec2.security_group"])
# The resource module's `from ._inputs import *` bound the types its code names, not all 706.
bound = [n for n in every if n in resource]
assert "SecurityGroupIngressArgs" in bound and len(bound) < 20, bound
assert aws.ec2.InstanceType.T3_MICRO  # from _enums, as `from ._enums import *` binds it
assert inputs.InstanceType is aws.ec2.InstanceType
try:
    inputs.NoSuchArgs
except AttributeError:
    pass
else:
    raise AssertionError("an unknown name resolved")
# Anywhere else, `import *` binds every name, as the ordinary module does.
from pulumi_aws.ec2._inputs import *
assert all(n in globals() for n in every)
print(len(every), len(made))
"""


def test_a_type_module_makes_only_the_classes_a_program_uses():
    result = _run(TYPE_MODULE_PROBE, MSKCTL_CACHE_DIR="")
    assert result.returncode == 0, result.stderr
    every, made = map(int, result.stdout.split())
    assert every > 500 and made < 40


# Each class of a module, as a program or the SDK sees it: its bases, members, the lines and
# names of its methods, its annotations, and the Pulumi property names the SDK derives.
DESCRIBE = """
import importlib, json, sys
fast = sys.argv[1] == "fast"
if fast:
    from mskctl import fast_imports
    assert fast_imports.install()
import types
import pulumi_aws
from mskctl.cli import main
assert main(["plan", "--stack", "prod", "--json"]) == 0
modules = sys.argv[2:] or sorted(
    n for n, m in sys.modules.items() if type(m).__name__ == "_LazyTypeModule"
)

def described(cls):
    members = {}
    for name, value in sorted(vars(cls).items()):
        code = getattr(getattr(value, "fget", value), "__code__", None)
        if code is not None:
            members[name] = [code.co_qualname, code.co_firstlineno, list(code.co_lines())]
    return {
        "mro": [f"{c.__module__}.{c.__qualname__}" for c in cls.__mro__],
        "members": sorted(vars(cls)),
        "code": members,
        "annotations": {k: repr(v) for k, v in getattr(cls, "__annotations__", {}).items()},
    }

described_modules = {}
for name in modules:
    module = importlib.import_module(name)
    described_modules[name] = {
        n: described(getattr(module, n)) for n in sorted(dir(module))
        if isinstance(getattr(module, n), type) and getattr(module, n).__module__ == name
    }
# ...and each class's code, compiled on its own, is the code compiling the whole file gives.
unequal = []
for name in modules if fast else []:
    state = fast_imports._STATES[name]
    whole = compile(open(state.source.path, encoding="utf-8").read(), state.source.path, "exec")
    bodies = {c.co_name: c for c in whole.co_consts if isinstance(c, types.CodeType)}
    for cls in state.names:
        own = [c for c in state.source.code_of(cls)[0].co_consts if isinstance(c, types.CodeType)]
        if [bodies[cls]] != own:
            unequal.append(f"{name}.{cls}")
print(json.dumps({"modules": modules, "classes": described_modules, "unequal": unequal}))
"""


def test_the_classes_made_one_by_one_are_those_of_the_whole_module():
    """Every class of every type module prod's plan loads, made lazily in one process and by
    the ordinary import in another, has the same bases, members, method code lines and
    annotations; and no module the plan uses fell back to the ordinary import (the SDK's
    generated layout changed: see TypeModule)."""
    fast = _run(DESCRIBE.replace("sys.argv[1]", "'fast'"), MSKCTL_CACHE_DIR="")
    assert fast.returncode == 0, fast.stderr
    lazy = json.loads(fast.stdout.splitlines()[-1])
    modules = lazy["modules"]
    assert {"pulumi_aws.ec2._inputs", "pulumi_aws.msk._inputs", "pulumi_aws.msk.outputs"} <= set(
        modules
    ), "a type module the plan uses was loaded the ordinary way: its layout changed"
    ordinary = _run(
        DESCRIBE.replace("sys.argv[1]", "'full'").replace("sys.argv[2:]", repr(modules))
    )
    assert ordinary.returncode == 0, ordinary.stderr
    whole = json.loads(ordinary.stdout.splitlines()[-1])
    assert sum(len(classes) for classes in whole["classes"].values()) > 1000
    assert lazy["unequal"] == []
    for module in modules:
        assert lazy["classes"][module] == whole["classes"][module], module


# --- the compiled classes kept between runs -------------------------------------------------------

CACHE_PROBE = """
import atexit, sys
from mskctl import fast_imports
from mskctl.cli import command

def report():  # before the cache is saved (exit handlers run last registered first)
    states = fast_imports._STATES.values()
    read = sorted(s.source.path.split("pulumi_aws/")[1] for s in states if s.source._chunks)
    print("sources read:", *read, file=sys.stderr)

atexit.register(report)
sys.argv = ["mskctl", "plan", "--stack", "dev", "--json"]
command()
"""


def _plan_with_cache(folder, **env):
    return _run(CACHE_PROBE, MSKCTL_CACHE_DIR=str(folder), PYTHONDONTWRITEBYTECODE="", **env)


def test_classes_compiled_once_are_read_back_on_the_next_run(tmp_path):
    first = _plan_with_cache(tmp_path)
    assert first.returncode == 0, first.stderr
    assert "ec2/_inputs.py" in first.stderr.split()  # compiled from the source, then kept
    kept = sorted(p.name for p in tmp_path.iterdir())
    assert any(name.startswith("_inputs-") for name in kept), kept
    second = _plan_with_cache(tmp_path)
    assert second.returncode == 0, second.stderr
    assert second.stderr.split() == ["sources", "read:"]  # nothing read or compiled again
    assert second.stdout == first.stdout


def test_a_damaged_or_stale_cache_file_is_compiled_again(tmp_path):
    assert _plan_with_cache(tmp_path).returncode == 0
    for cache in tmp_path.iterdir():
        cache.write_bytes(b"not marshal data")
    again = _plan_with_cache(tmp_path)
    assert again.returncode == 0, again.stderr
    assert "ec2/_inputs.py" in again.stderr.split()
    from mskctl import fast_imports

    path = next(
        p for p in (PROJECT_DIR / "venv").glob("lib/*/site-packages/pulumi_aws/ec2/_inputs.py")
    )
    key = fast_imports._source_key(str(path))
    with_cache = {"MSKCTL_CACHE_DIR": str(tmp_path)}
    with pytest.MonkeyPatch.context() as patch:
        for name, value in with_cache.items():
            patch.setenv(name, value)
        assert fast_imports._read_cache(str(path), key) is not None  # rewritten by the run
        stale = (*key[:-1], key[-1] + 1)  # the source modified since
        assert fast_imports._read_cache(str(path), stale) is None


def test_nothing_is_written_when_python_is_told_not_to_write_bytecode(tmp_path):
    done = _run(CACHE_PROBE, MSKCTL_CACHE_DIR=str(tmp_path), PYTHONDONTWRITEBYTECODE="1")
    assert done.returncode == 0, done.stderr
    assert list(tmp_path.iterdir()) == []


# --- gRPC, loaded when an exception reaches an `except grpc.RpcError` -----------------------------

GRPC_PROBE = """
import importlib.metadata, sys
from mskctl import fast_imports
fast_imports.install()
import pulumi
import grpc
from grpc import aio
assert type(grpc).__name__ == "_DeferredModule" and "grpc._cython.cygrpc" not in sys.modules
try:
    raise ValueError("not gRPC's")
except grpc.RpcError:
    raise AssertionError("a ValueError is not an RpcError")
except ValueError:
    pass
assert type(grpc).__name__ == "module" and "grpc._cython.cygrpc" in sys.modules
assert grpc.__version__ == importlib.metadata.version("grpcio")
assert sys.modules["grpc.aio"] is aio is grpc.aio and callable(aio.server)
print("ok")
"""


def test_grpc_loads_in_full_on_first_use():
    result = _run(GRPC_PROBE)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["ok"]


# --- the plan, byte for byte ----------------------------------------------------------------------

# mskctl in a process that imported the SDKs the ordinary way first: nothing deferred or partial.
ORDINARY = """
import sys
import grpc, pulumi, pulumi_aws
from mskctl.cli import main
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.parametrize(
    "args",
    [
        ("plan", "--stack", "prod", "--json"),
        ("plan", "--stack", "dev"),
        ("plan", "--stack", "prod", "--format", "terraform-plan"),
        ("cost", "--stack", "prod", "--json"),
        (
            "plan",
            "--stack",
            "bench",
            "--json",
            "--project-dir",
            "bench/programs/many",
            "--set",
            "many:clusters=2",
        ),
    ],
)
def test_the_output_is_the_same_bytes_with_and_without_the_fast_imports(args):
    fast = subprocess.run(
        [sys.executable, "-m", "mskctl", *args], cwd=PROJECT_DIR, capture_output=True, check=False
    )
    ordinary = subprocess.run(
        [sys.executable, "-c", ORDINARY, *args], cwd=PROJECT_DIR, capture_output=True, check=False
    )
    assert fast.returncode == ordinary.returncode == 0, fast.stderr + ordinary.stderr
    assert fast.stdout == ordinary.stdout and fast.stderr == ordinary.stderr
