"""Run the real Pulumi program with Pulumi's mock runtime: no CLI, no cloud, no network.

Records every resource (type, name, parent, inputs, options) and the stack outputs. In
preview mode, values only the cloud can know stay unknown, as in ``pulumi preview``; outside
preview the mocks answer with stable fake values so tests can assert on wiring.
"""

import asyncio
import json
import os
import runpy
import sys
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pulumi
from pulumi.runtime import mocks as pulumi_mocks
from pulumi.runtime import rpc, settings
from pulumi.runtime.stack import run_pulumi_func
from pulumi.runtime.sync_await import _sync_await

FAKE_ACCOUNT = "123456789012"
FAKE_CLUSTER_UUID = "0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d-3"
FAKE_ZONES = {
    "names": ["us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d"],
    "zoneIds": ["use1-az1", "use1-az2", "use1-az4", "use1-az6"],
}
UNKNOWN = "<unknown>"
SECRET = "<secret>"

# Bootstrap attributes the provider fills, each with the port its listener serves.
_BOOTSTRAP_PORTS = {
    "bootstrapBrokers": 9092,
    "bootstrapBrokersTls": 9094,
    "bootstrapBrokersSaslScram": 9096,
    "bootstrapBrokersSaslIam": 9098,
    "bootstrapBrokersPublicTls": 9194,
    "bootstrapBrokersPublicSaslScram": 9196,
    "bootstrapBrokersPublicSaslIam": 9198,
}


@dataclass
class RecordedResource:
    type: str
    name: str
    parent: str | None  # "<type>::<name>" of the parent, None for the stack's children
    urn: str
    inputs: dict
    options: dict
    # input name -> "<type>::<name>" of each resource whose outputs that input was built from
    dependencies: dict = field(default_factory=dict)


@dataclass
class ProgramRun:
    resources: list[RecordedResource] = field(default_factory=list)
    outputs: dict = field(default_factory=dict)  # name -> value (UNKNOWN when not known)
    secret_outputs: set = field(default_factory=set)
    warnings: list[str] = field(default_factory=list)
    error: BaseException | None = None  # what the program raised, when not re-raised
    specs: list = field(default_factory=list)  # (component name, ClusterSpec) per MskCluster

    def of_type(self, type_: str) -> list[RecordedResource]:
        return sorted((r for r in self.resources if r.type == type_), key=lambda r: r.name)

    def one(self, type_: str) -> RecordedResource:
        found = self.of_type(type_)
        if len(found) != 1:
            raise AssertionError(f"expected one {type_}, found {len(found)}")
        return found[0]


class FakeCloud(pulumi_mocks.Mocks):
    """Answers resource registrations and invokes the way AWS would, minus the cloud."""

    def __init__(self, preview: bool, region: str = "us-east-1"):
        self.preview = preview
        self.region = region

    def new_resource(self, args: pulumi_mocks.MockResourceArgs):
        if self.preview:
            return None, dict(args.inputs)
        state = dict(args.inputs)
        service = args.typ.split(":")[1].split("/")[0]
        state.setdefault("arn", f"arn:aws:{service}:{self.region}:{FAKE_ACCOUNT}:{args.name}")
        state.setdefault("name", args.name)  # what auto-naming would give, minus the suffix
        resource_id = f"{args.name}-id"
        if args.typ == "aws:kms/key:Key":
            state["keyId"] = f"{args.name}-key-id"
        if args.typ == "aws:msk/configuration:Configuration":
            state["latestRevision"] = 1
        if args.typ == "random:index/randomPassword:RandomPassword":
            state["result"] = f"fake-password-of-{args.name}"
        if args.typ in ("aws:msk/cluster:Cluster", "aws:msk/serverlessCluster:ServerlessCluster"):
            # MSK ARNs are kafka:…:cluster/<name>/<uuid>; grants build topic ARNs from them.
            cluster_name = args.inputs.get("clusterName", args.name)
            state["arn"] = (
                f"arn:aws:kafka:{self.region}:{FAKE_ACCOUNT}:cluster/"
                f"{cluster_name}/{FAKE_CLUSTER_UUID}"
            )
            state["clusterUuid"] = FAKE_CLUSTER_UUID
            host = (
                f"b-1.{args.inputs.get('clusterName', args.name)}.kafka.{self.region}.amazonaws.com"
            )
            for attribute, port in _BOOTSTRAP_PORTS.items():
                state[attribute] = f"{host}:{port}"
        return resource_id, state

    def call(self, args: pulumi_mocks.MockCallArgs):
        if args.token == "aws:index/getAvailabilityZones:getAvailabilityZones":
            excluded = set(args.args.get("excludeZoneIds") or [])
            pairs = [
                (n, z)
                for n, z in zip(FAKE_ZONES["names"], FAKE_ZONES["zoneIds"], strict=True)
                if z not in excluded
            ]
            return {
                "names": [n for n, _ in pairs],
                "zoneIds": [z for _, z in pairs],
                "id": self.region,
            }, []
        if args.token == "aws:index/getCallerIdentity:getCallerIdentity":
            return {
                "accountId": FAKE_ACCOUNT,
                "arn": f"arn:aws:iam::{FAKE_ACCOUNT}:root",
                "userId": FAKE_ACCOUNT,
                "id": FAKE_ACCOUNT,
            }, []
        if args.token == "aws:index/getRegion:getRegion":
            return {"region": self.region, "name": self.region, "id": self.region}, []
        if args.token == "aws:index/getPartition:getPartition":
            return {"partition": "aws", "dnsSuffix": "amazonaws.com", "id": "aws"}, []
        raise NotImplementedError(f"the offline runtime has no answer for invoke {args.token}")


class RecordingMonitor(pulumi_mocks.MockMonitor):
    """The mock monitor, also keeping each registration's parent and options.

    The SDK calls the monitor from its executor's worker threads, and the mock's answers need
    an event loop current on the calling thread. Left to itself, the mock makes one per worker
    thread and never closes it; such a loop is freed only by the garbage collector, often at
    interpreter exit, after its self-pipe socket is already closed, and then prints
    "Exception ignored in BaseEventLoop.__del__ ... Invalid file descriptor". So each call on
    a worker thread gets a loop of its own here, closed when the call returns.
    """

    def __init__(self, mocks: pulumi_mocks.Mocks):
        super().__init__(mocks)
        self.requests: list = []
        self._run_thread = threading.get_ident()  # has the run's own loop current

    @contextmanager
    def _call_loop(self) -> Iterator[None]:
        if threading.get_ident() == self._run_thread:
            yield
            return
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        try:
            yield
        finally:
            asyncio.set_event_loop(None)
            loop.close()

    def RegisterResource(self, request):  # noqa: N802 - the monitor's RPC name
        with self._call_loop():
            response = super().RegisterResource(request)
        if request.type != "pulumi:pulumi:Stack":
            self.requests.append((request, response.urn))
        return response

    def Invoke(self, request):  # noqa: N802 - the monitor's RPC name
        with self._call_loop():
            return super().Invoke(request)

    def ReadResource(self, request):  # noqa: N802 - the monitor's RPC name
        with self._call_loop():
            return super().ReadResource(request)


class _WarningCollector:
    """Stands in for the engine's log so warnings reach the caller instead of stderr."""

    def __init__(self) -> None:
        self.warnings: list[str] = []

    def Log(self, request):  # noqa: N802 - the engine's RPC name
        if request.severity >= 2:  # WARNING and ERROR
            self.warnings.append(request.message)


def _short(urn: str) -> str | None:
    if not urn:
        return None
    parts = urn.split("::")
    type_ = parts[2].split("$")[-1]
    if type_ == "pulumi:pulumi:Stack":
        return None
    return f"{type_}::{parts[3]}"


@contextmanager
def _run_loop() -> Iterator[asyncio.AbstractEventLoop]:
    """A new event loop, current for one run; then closed the way ``asyncio.run`` closes its
    own: tasks still pending cancelled, async generators finished, the default executor's
    worker threads joined (so no monitor call is still using a loop of its own), the loop
    unset as current (left current once closed, it would break the next user), and closed."""
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    try:
        yield loop
    finally:
        try:
            pending = asyncio.all_tasks(loop)
            for task in pending:
                task.cancel()
            if pending:
                loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
            loop.run_until_complete(loop.shutdown_asyncgens())
            loop.run_until_complete(loop.shutdown_default_executor())
        finally:
            asyncio.set_event_loop(None)
            loop.close()


def run_program(
    program_dir: Path,
    *,
    project: str,
    stack: str,
    config: Mapping[str, str],
    preview: bool,
    secret_keys: tuple = (),
    raise_errors: bool = True,
) -> ProgramRun:
    """Evaluate ``<program_dir>/__main__.py`` with ``config`` (full keys, e.g. 'msk:azCount').

    Exceptions the program raises (a config error, say) propagate unchanged, or, with
    ``raise_errors=False``, come back in ``run.error`` beside what was registered before.
    The run has an event loop of its own, closed before this returns; no loop is left current.
    """
    with _run_loop():
        run = _evaluate(
            Path(program_dir).resolve(),
            project=project,
            stack=stack,
            config=config,
            preview=preview,
            secret_keys=secret_keys,
        )
    if run.error is not None and raise_errors:
        raise run.error
    return run


def _evaluate(
    program_dir: Path,
    *,
    project: str,
    stack: str,
    config: Mapping[str, str],
    preview: bool,
    secret_keys: tuple,
) -> ProgramRun:
    """One run on the current loop; what the program raised is in ``run.error``."""
    settings.reset_options()
    mocks = FakeCloud(preview=preview, region=config.get("aws:region", "us-east-1"))
    monitor = RecordingMonitor(mocks)
    collector = _WarningCollector()
    pulumi_mocks.set_mocks(mocks, project=project, stack=stack, preview=preview, monitor=monitor)
    settings.SETTINGS.engine = collector
    pulumi.runtime.set_all_config(dict(config), list(secret_keys))
    run = ProgramRun()

    async def resolve_outputs() -> None:
        root = settings.get_root_resource()
        for name, value in dict(root.outputs).items():
            output = pulumi.Output.from_input(value)
            known = await output.is_known()
            if await output.is_secret():
                run.secret_outputs.add(name)
            run.outputs[name] = (await output.future()) if known else UNKNOWN

    def program():
        saved_path = list(sys.path)
        sys.path.insert(0, str(program_dir))
        cwd = os.getcwd()
        os.chdir(program_dir)
        try:
            runpy.run_path(str(program_dir / "__main__.py"), run_name="__main__")
        finally:
            os.chdir(cwd)
            sys.path[:] = saved_path
        return resolve_outputs()

    from msk_platform.msk_cluster import observe_specs

    try:
        with observe_specs(lambda name, spec: run.specs.append((name, spec))):
            _sync_await(run_pulumi_func(program))
    except Exception as error:  # noqa: BLE001 - handed back to the caller below
        run.error = error
    finally:
        run.warnings = list(collector.warnings)
        settings.reset_options()
        pulumi.runtime.set_all_config({}, [])
    # Registration order depends on when inputs resolve; sort so every run reads the same.
    for request, urn in sorted(monitor.requests, key=lambda pair: pair[1]):
        run.resources.append(
            RecordedResource(
                type=request.type,
                name=request.name,
                parent=_short(request.parent),
                urn=urn,
                inputs=_plain(rpc.deserialize_properties(request.object, keep_unknowns=True)),
                options={
                    "protect": bool(request.protect),
                    "ignoreChanges": list(request.ignoreChanges),
                    "retainOnDelete": bool(request.retainOnDelete),
                },
                dependencies={
                    name: sorted(_short(urn) for urn in deps.urns)
                    for name, deps in sorted(request.propertyDependencies.items())
                    if deps.urns
                },
            )
        )
    return run


def _plain(value: Any) -> Any:
    """Inputs as JSON-ready data: unknowns become UNKNOWN, secrets SECRET (never their
    value), and whole-number floats (how numbers cross the wire) ints again."""
    if isinstance(value, dict):
        if value.get(rpc._special_sig_key) == rpc._special_secret_sig:
            return SECRET
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if value == rpc.UNKNOWN:
        return UNKNOWN
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    try:
        json.dumps(value)
        return value
    except TypeError:
        return UNKNOWN
