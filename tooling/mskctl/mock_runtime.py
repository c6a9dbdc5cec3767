"""Run the real Pulumi program with Pulumi's mock runtime: no CLI, no cloud, no network.

Records every resource (type, name, parent, inputs, options) and the stack outputs. In
preview mode, values only the cloud can know stay unknown, as in ``pulumi preview``; outside
preview the mocks answer with stable fake values so tests can assert on wiring.
"""

import asyncio
import json
import logging
import os
import runpy
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pulumi

from .sdk_internals import UNKNOWN as ENGINE_UNKNOWN
from .sdk_internals import (
    RecordingMonitor,
    Registration,
    is_secret_input,
    output_state,
    run_to_completion,
    stack_outputs,
    without_stack_traces,
)

FAKE_ACCOUNT = "123456789012"
FAKE_CLUSTER_UUID = "0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d-3"
FAKE_CURRENT_VERSION = "K3AEGXETSR30VB"  # the shape of a cluster's CurrentVersion
# A Region's zones as DescribeAvailabilityZones lists them (sorted by name): a Local Zone the
# account opted in to comes first, a Wavelength Zone not opted in to is listed only when all
# zones are asked for, and us-east-1's one zone MSK refuses (use1-az3) is among the rest.
FAKE_ZONES = (
    {
        "name": "us-east-1-bos-1a",
        "zoneId": "use1-bos1-az1",
        "zoneType": "local-zone",
        "optInStatus": "opted-in",
        "state": "available",
    },
    {
        "name": "us-east-1-wl1-bos-wlz-1",
        "zoneId": "use1-wl1-bos-wlz1",
        "zoneType": "wavelength-zone",
        "optInStatus": "not-opted-in",
        "state": "available",
    },
    {"name": "us-east-1a", "zoneId": "use1-az1"},
    {"name": "us-east-1b", "zoneId": "use1-az2"},
    {"name": "us-east-1c", "zoneId": "use1-az3"},
    {"name": "us-east-1d", "zoneId": "use1-az4"},
    {"name": "us-east-1e", "zoneId": "use1-az6"},
)
_ZONE_DEFAULTS = {
    "zoneType": "availability-zone",
    "optInStatus": "opt-in-not-required",
    "state": "available",
}
# DescribeAvailabilityZones filter names, and the zone field each one reads.
_ZONE_FILTER_FIELDS = {
    "opt-in-status": "optInStatus",
    "zone-type": "zoneType",
    "state": "state",
    "zone-name": "name",
    "zone-id": "zoneId",
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
    # Multi-VPC connectivity serves each broker on its own port of 14001-14100: the first's.
    "bootstrapBrokersVpcConnectivityTls": 14001,
    "bootstrapBrokersVpcConnectivitySaslScram": 14001,
    "bootstrapBrokersVpcConnectivitySaslIam": 14001,
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


class FakeCloud(pulumi.runtime.Mocks):
    """Answers resource registrations and invokes the way AWS would, minus the cloud."""

    def __init__(self, preview: bool, region: str = "us-east-1"):
        self.preview = preview
        self.region = region

    def new_resource(self, args: pulumi.runtime.MockResourceArgs):
        if self.preview:
            return None, dict(args.inputs)
        state = dict(args.inputs)
        service = args.typ.split(":")[1].split("/")[0]
        state.setdefault("arn", f"arn:aws:{service}:{self.region}:{FAKE_ACCOUNT}:{args.name}")
        state.setdefault("name", args.name)  # what auto-naming would give, minus the suffix
        resource_id = f"{args.name}-id"
        if args.typ == "aws:kms/key:Key":
            state["keyId"] = f"{args.name}-key-id"
        if args.typ in (
            "aws:msk/configuration:Configuration",
            "aws:mskconnect/customPlugin:CustomPlugin",
            "aws:mskconnect/workerConfiguration:WorkerConfiguration",
        ):
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
        if args.typ == "aws:msk/cluster:Cluster":
            # Filled for every provisioned cluster, like the bootstrap strings above: the
            # component decides which it exports. (ServerlessCluster has none of these.)
            state["currentVersion"] = FAKE_CURRENT_VERSION
            zookeeper = host.replace("b-1.", "z-1.", 1)
            state["zookeeperConnectString"] = f"{zookeeper}:2181"
            state["zookeeperConnectStringTls"] = f"{zookeeper}:2182"
        return resource_id, state

    def call(self, args: pulumi.runtime.MockCallArgs):
        if args.token == "aws:index/getAvailabilityZones:getAvailabilityZones":
            zones = _zones_answered(args.args)
            return {
                "names": [zone["name"] for zone in zones],
                "zoneIds": [zone["zoneId"] for zone in zones],
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
        if args.token == "aws:cloudwatch/getLogGroup:getLogGroup":
            # An existing log group of the stack's own (msk:logging.logGroupName): as if it
            # exists in the fake account, its ARN as the provider gives it (without CloudWatch's
            # ':*' suffix). Known in a preview too: `pulumi preview` reads it, as here.
            name = args.args["name"]
            arn = f"arn:aws:logs:{self.region}:{FAKE_ACCOUNT}:log-group:{name}"
            return {"arn": arn, "name": name, "id": name}, []
        if args.token == "aws:secretsmanager/getSecret:getSecret":
            # A secret of the stack's own (msk:scramSecretArns), under a customer-managed key
            # as MSK needs; known in a preview too, as `pulumi preview` reads it.
            arn = args.args["arn"]
            key = f"arn:aws:kms:{self.region}:{FAKE_ACCOUNT}:key/fake-key-of-secret"
            return {"arn": arn, "id": arn, "kmsKeyId": key}, []
        raise NotImplementedError(f"the offline runtime has no answer for invoke {args.token}")


def _zones_answered(request: Mapping[str, Any]) -> list[dict]:
    """The fake Region's zones the way EC2 and the provider select them: zones not opted in
    to only with ``allAvailabilityZones``; then ``state``, each filter (a zone passes a filter
    when its field is one of the values; every filter must pass), and the exclusions."""
    zones = [{**_ZONE_DEFAULTS, **zone} for zone in FAKE_ZONES]
    if not request.get("allAvailabilityZones"):
        zones = [z for z in zones if z["optInStatus"] != "not-opted-in"]
    if request.get("state"):
        zones = [z for z in zones if z["state"] == request["state"]]
    for given in request.get("filters") or []:
        field = _ZONE_FILTER_FIELDS.get(given["name"])
        if field is None:
            raise NotImplementedError(f"the offline runtime has no zone filter {given['name']}")
        zones = [z for z in zones if z[field] in given["values"]]
    excluded_ids = set(request.get("excludeZoneIds") or [])
    excluded_names = set(request.get("excludeNames") or [])
    return [z for z in zones if z["zoneId"] not in excluded_ids and z["name"] not in excluded_names]


class _WarningCollector(logging.Handler):
    """Where the mock engine logs (``set_mocks(logger=...)``): warnings and errors reach the
    caller instead of stderr."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.warnings: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.warnings.append(record.getMessage())


@contextmanager
def _engine_log() -> Iterator[tuple[logging.Logger, _WarningCollector]]:
    """A logger for one run's engine messages, kept from the root logger (and stderr)."""
    logger = logging.getLogger("mskctl.offline_engine")
    logger.propagate = False
    logger.setLevel(logging.WARNING)
    collector = _WarningCollector()
    logger.addHandler(collector)
    try:
        yield logger, collector
    finally:
        logger.removeHandler(collector)


def _short(urn: str) -> str | None:
    if not urn:
        return None
    parts = urn.split("::")
    type_ = parts[2].split("$")[-1]
    if type_ == "pulumi:pulumi:Stack":
        return None
    return f"{type_}::{parts[3]}"


@contextmanager
def engine_config_env(config: Mapping[str, str], secret_keys) -> Iterator[None]:
    """The config as the engine hands it to a Python program: the ``PULUMI_CONFIG`` map and
    ``PULUMI_CONFIG_SECRET_KEYS`` list in the environment, which the SDK's exported
    ``pulumi.runtime.get_config_env`` reads (the program lists its keys from it)."""
    names = ("PULUMI_CONFIG", "PULUMI_CONFIG_SECRET_KEYS")
    saved = {name: os.environ.get(name) for name in names}
    os.environ["PULUMI_CONFIG"] = json.dumps(dict(config))
    os.environ["PULUMI_CONFIG_SECRET_KEYS"] = json.dumps(list(secret_keys))
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


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
    with _run_loop(), _engine_log() as (logger, collector), without_stack_traces():
        run = _evaluate(
            Path(program_dir).resolve(),
            project=project,
            stack=stack,
            config=config,
            preview=preview,
            secret_keys=secret_keys,
            logger=logger,
        )
        run.warnings = list(collector.warnings)
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
    logger: logging.Logger,
) -> ProgramRun:
    """One run on the current loop, the engine's messages to ``logger``; what the program
    raised is in ``run.error``."""
    pulumi.runtime.reset_options()
    mocks = FakeCloud(preview=preview, region=config.get("aws:region", "us-east-1"))
    monitor = RecordingMonitor(mocks)
    pulumi.runtime.set_mocks(
        mocks, project=project, stack=stack, preview=preview, logger=logger, monitor=monitor
    )
    pulumi.runtime.set_all_config(dict(config), list(secret_keys))
    run = ProgramRun()

    async def resolve_outputs() -> None:
        for name, value in stack_outputs().items():
            known, secret, resolved = await output_state(value)
            if secret:
                run.secret_outputs.add(name)
            run.outputs[name] = resolved if known else UNKNOWN

    def program():
        saved_path = list(sys.path)
        sys.path.insert(0, str(program_dir))
        cwd = os.getcwd()
        os.chdir(program_dir)
        try:
            with engine_config_env(config, secret_keys):
                runpy.run_path(str(program_dir / "__main__.py"), run_name="__main__")
        finally:
            os.chdir(cwd)
            sys.path[:] = saved_path
        return resolve_outputs()

    from msk_platform.msk_cluster import observe_specs

    try:
        with observe_specs(lambda name, spec: run.specs.append((name, spec))):
            run_to_completion(program)
    except Exception as error:  # noqa: BLE001 - handed back to the caller below
        run.error = error
    finally:
        pulumi.runtime.reset_options()
        pulumi.runtime.set_all_config({}, [])
    # Registration order depends on when inputs resolve; sort so every run reads the same.
    for registration in sorted(monitor.registrations(), key=lambda r: r.urn):
        run.resources.append(_recorded(registration))
    return run


def _recorded(registration: Registration) -> RecordedResource:
    return RecordedResource(
        type=registration.type,
        name=registration.name,
        parent=_short(registration.parent_urn),
        urn=registration.urn,
        inputs=_plain(registration.inputs),
        options={
            "protect": registration.protect,
            "ignoreChanges": registration.ignore_changes,
            "retainOnDelete": registration.retain_on_delete,
            "customTimeouts": custom_timeout_seconds(registration.custom_timeouts),
        },
        dependencies={
            name: sorted(_short(urn) for urn in urns)
            for name, urns in sorted(registration.dependencies.items())
        },
    )


def custom_timeout_seconds(timeouts: Mapping[str, str]) -> dict[str, Any]:
    """Custom timeouts as the engine keeps them (and a stack export shows them): seconds per
    operation that has one, {} for none. A text the engine could not read stays as written
    (the engine would fail the deployment on it)."""
    from msk_platform.spec.timeout_rules import duration_seconds  # Go's reading of durations

    seconds = {operation: duration_seconds(text) for operation, text in timeouts.items()}
    return {
        operation: timeouts[operation] if value is None else value
        for operation, value in seconds.items()
    }


def _plain(value: Any) -> Any:
    """Inputs as JSON-ready data: unknowns become UNKNOWN, secrets SECRET (never their
    value), and whole-number floats (how numbers cross the wire) ints again."""
    if is_secret_input(value):
        return SECRET
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if value == ENGINE_UNKNOWN:
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
