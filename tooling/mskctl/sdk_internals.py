"""Every use the tooling makes of the Pulumi SDKs' non-public parts, in one module.

Checked against pulumi 3.272.0 and pulumi-policy 1.21.0, and only those (``CHECKED_PULUMI``,
``CHECKED_PULUMI_POLICY``): each name below was read in that release's own source. Neither SDK
promises these parts between releases (a minor release may rename or change any of them), so
``tooling/pyproject.toml`` admits exactly the checked minor releases and
``tests/test_sdk_internals.py`` fails when the installed SDKs are not listed here, or when
any other tooling module reaches into the SDKs' internals itself.

To move to another release: read each part again in that release's source (the file is named
beside each), run the tests, then add the version here and widen the ranges in
``tooling/pyproject.toml``.

What is used, and why there is no public way:

``pulumi`` (``pulumi/runtime/``)
  * ``mocks.MockMonitor`` (``runtime/mocks.py``; not exported by ``pulumi.runtime``). The public
    ``Mocks.new_resource`` hook is given a resource's type, name and inputs only; the plan also
    needs its parent, options (protect, ignoreChanges, retainOnDelete) and the resources each
    input came from, which only the monitor's ``RegisterResource`` request carries. So the
    tooling subclasses the mock monitor and passes it to the public ``set_mocks(monitor=...)``.
    Its methods ``RegisterResource``, ``Invoke`` and ``ReadResource`` are called from the SDK's
    executor threads and each calls ``sync_await._ensure_event_loop`` there, which makes a loop
    per thread that nothing closes (left to the garbage collector at exit, such a loop can print
    "Exception ignored ... Invalid file descriptor"); the subclass gives each such call a loop
    of its own and closes it.
  * The fields of that request (``type``, ``name``, ``parent``, ``object``, ``protect``,
    ``ignoreChanges``, ``retainOnDelete``, ``propertyDependencies``) and the response's ``urn``:
    the engine's gRPC messages (``runtime/proto/resource_pb2``), read here only.
  * ``rpc.deserialize_properties(..., keep_unknowns=True)`` (``runtime/rpc.py``): turns a
    request's inputs back into Python values keeping unknowns (as ``pulumi.output.Unknown``)
    instead of dropping them; the public API has no deserializer.
  * ``rpc.is_rpc_secret`` (``runtime/rpc.py``, testing ``rpc._special_sig_key`` against
    ``rpc._special_secret_sig``): how a deserialized secret input is marked.
  * ``rpc.UNKNOWN`` (``runtime/rpc.py``): the engine's "not known yet" value, as a config value
    stands in for an encrypted key the offline plan can't read.
  * ``stack.run_pulumi_func`` (``runtime/stack.py``) awaited with ``sync_await._sync_await``
    (``runtime/sync_await.py``): runs the program, then waits for its outstanding RPCs, as the
    SDK's own entry point does. The public ``pulumi.runtime.test`` wraps the same two calls but
    clears the SDK's RPC bookkeeping and turns the function's result into an Output; the public
    ``run_in_stack`` makes a second root stack besides the one ``set_mocks`` made.
  * ``Output.is_known()`` and ``Output.future()`` (``output.py``, under "Private implementation
    details - do not document"): whether a stack output is known in a preview, and its value.
    ``Output.is_secret()`` is used beside them; ``Output.apply`` can't tell unknown from known.
  * The root stack's ``outputs`` (``runtime/stack.py``: ``Stack.outputs``, filled by
    ``pulumi.export``): the public ``get_root_resource()`` returns the Stack, whose class is
    not exported and whose outputs have no accessor.
  * ``resource._get_stack_trace`` (``runtime/resource.py``), swapped for one that returns an
    empty ``source_pb2.StackTrace`` for the length of an offline run: the SDK captures the
    Python stack of every resource it registers (``traceback.extract_stack``, each frame's file
    made a URI), about a millisecond a resource and the largest part of registering one, for
    the engine to show where a resource was declared; the mock monitor never reads it.

``pulumi_policy`` (``pulumi_policy/proxy.py``; the package exports none of it)
  * ``unknown_checking_proxy`` and ``UnknownValueError`` (with its ``message``): the view of a
    resource's props the engine's policy analyzer gives a rule, raising on an unknown value.
    The offline plan builds the same view so each rule runs as the pack runs it.
  * ``UNKNOWN_*_VALUE``: the sentinels the analyzer hands rules for unknown values; the rules
    read them so that "not known yet" is theirs to judge.

More reaches into the SDKs live elsewhere, because they must act before the SDKs are
imported: ``mskctl/fast_imports.py`` defers three of ``pulumi``'s modules by their files
(``automation/__init__.py``, ``dynamic/__init__.py``, ``runtime/_instrumentation.py``, the last
only without a ``TRACEPARENT``) and gRPC's (``grpc/__init__.py``, ``grpc/aio/__init__.py``),
each loaded in full on first use; a release that moves them only loses the deferral (a file not
found is left to load as ever). It also relies on ``pulumi_aws``'s generated layout: service
packages whose ``__init__.py`` only re-exports their modules, and type modules (``_inputs``,
``outputs``, ``_enums``) of imports, ``__all__`` and one top-level class per name. A file of
another layout is loaded whole, the ordinary way, and ``tests/test_fast_imports.py`` fails
for every module the plan uses that no longer fits, or whose classes would differ.

Everything else the tooling uses is exported by the SDKs (``pulumi.runtime.Mocks``,
``set_mocks``, ``set_all_config``, ``reset_options``, ``get_root_resource``, ``pulumi.Output``,
``pulumi.automation``, the ``pulumi_policy`` package).
"""

import asyncio
import threading
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import pulumi
from pulumi.runtime import get_root_resource
from pulumi.runtime import resource as _resource
from pulumi.runtime import rpc as _rpc
from pulumi.runtime.mocks import MockMonitor as _MockMonitor
from pulumi.runtime.proto import source_pb2 as _source_pb2
from pulumi.runtime.stack import run_pulumi_func as _run_pulumi_func
from pulumi.runtime.sync_await import _sync_await
from pulumi_policy.proxy import (
    UNKNOWN_ARCHIVE_VALUE,
    UNKNOWN_ARRAY_VALUE,
    UNKNOWN_ASSET_VALUE,
    UNKNOWN_BOOLEAN_VALUE,
    UNKNOWN_NUMBER_VALUE,
    UNKNOWN_OBJECT_VALUE,
    UNKNOWN_STRING_VALUE,
    UnknownValueError,
    unknown_checking_proxy,
)

CHECKED_PULUMI = ("3.272.0",)
CHECKED_PULUMI_POLICY = ("1.21.0",)

__all__ = [
    "CHECKED_PULUMI",
    "CHECKED_PULUMI_POLICY",
    "POLICY_UNKNOWN_STRING",
    "POLICY_UNKNOWN_VALUES",
    "UNKNOWN",
    "RecordingMonitor",
    "Registration",
    "UnknownValueError",
    "is_secret_input",
    "output_state",
    "run_to_completion",
    "stack_outputs",
    "unknown_checking_proxy",
]

# --- pulumi -----------------------------------------------------------------------------------

UNKNOWN: str = _rpc.UNKNOWN
"""The engine's "not known yet" value (a fixed UUID string)."""


# The operations whose custom timeouts the engine keeps (resource.CustomTimeouts).
CUSTOM_TIMEOUT_OPERATIONS = ("create", "update", "delete")


@dataclass(frozen=True)
class Registration:
    """One resource registration as the monitor received it, in plain Python values."""

    type: str
    name: str
    urn: str
    parent_urn: str  # "" for the root stack's children
    inputs: dict[str, Any]  # unknowns kept (pulumi.output.Unknown), secrets as is_secret_input
    protect: bool
    ignore_changes: list[str]
    retain_on_delete: bool
    dependencies: dict[str, list[str]]  # input name -> URNs it was built from (none omitted)
    custom_timeouts: dict[str, str] = field(default_factory=dict)  # operation -> "90m", as set


class RecordingMonitor(_MockMonitor):
    """The SDK's mock resource monitor, keeping every registration but the root stack's, and
    answering each call made on an executor thread on an event loop closed after the call."""

    def __init__(self, mocks: pulumi.runtime.Mocks) -> None:
        super().__init__(mocks)
        self._requests: list[tuple[Any, str]] = []
        self._run_thread = threading.get_ident()  # the run's thread, whose loop is current

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

    def RegisterResource(self, request: Any) -> Any:  # noqa: N802 - the monitor's RPC name
        with self._call_loop():
            response = super().RegisterResource(request)
        if request.type != "pulumi:pulumi:Stack":
            self._requests.append((request, response.urn))
        return response

    def Invoke(self, request: Any) -> Any:  # noqa: N802 - the monitor's RPC name
        with self._call_loop():
            return super().Invoke(request)

    def ReadResource(self, request: Any) -> Any:  # noqa: N802 - the monitor's RPC name
        with self._call_loop():
            return super().ReadResource(request)

    def registrations(self) -> list[Registration]:
        """What was registered, in registration order. Call it on the run's thread with the
        run's loop current: reading inputs back may make Outputs."""
        return [
            Registration(
                type=request.type,
                name=request.name,
                urn=urn,
                parent_urn=request.parent,
                inputs=_rpc.deserialize_properties(request.object, keep_unknowns=True),
                protect=bool(request.protect),
                ignore_changes=list(request.ignoreChanges),
                retain_on_delete=bool(request.retainOnDelete),
                custom_timeouts={
                    operation: getattr(request.customTimeouts, operation)
                    for operation in CUSTOM_TIMEOUT_OPERATIONS
                    if getattr(request.customTimeouts, operation)
                },
                dependencies={
                    name: list(deps.urns)
                    for name, deps in request.propertyDependencies.items()
                    if deps.urns
                },
            )
            for request, urn in self._requests
        ]


@contextmanager
def without_stack_traces() -> Iterator[None]:
    """Resources registered meanwhile carry no stack trace (see the module's docstring)."""
    saved = _resource._get_stack_trace
    _resource._get_stack_trace = _no_stack_trace
    try:
        yield
    finally:
        _resource._get_stack_trace = saved


def _no_stack_trace() -> Any:
    return _source_pb2.StackTrace()


def is_secret_input(value: Any) -> bool:
    """Whether a value of ``Registration.inputs`` is a secret (its value must not be shown)."""
    return bool(_rpc.is_rpc_secret(value))


def run_to_completion(program: Callable[[], Awaitable[None] | None]) -> None:
    """Run ``program`` as the SDK's entry point runs a program, on the current event loop
    (which must not be running): then wait for every RPC it started. Re-raises what it raised."""
    _sync_await(_run_pulumi_func(program))


def stack_outputs() -> dict[str, Any]:
    """What the program exported (``pulumi.export``), by name, as given (Outputs included)."""
    root = get_root_resource()
    outputs: dict[str, Any] = getattr(root, "outputs", None) or {}
    return dict(outputs)


async def output_state(value: Any) -> tuple[bool, bool, Any]:
    """(known, secret, value) of an exported value; the value is None when not known."""
    output = pulumi.Output.from_input(value)
    known = await output.is_known()
    secret = await output.is_secret()
    return known, secret, (await output.future()) if known else None


# --- pulumi_policy ----------------------------------------------------------------------------

POLICY_UNKNOWN_STRING: str = UNKNOWN_STRING_VALUE
"""The analyzer's sentinel for an unknown string (the plan's unknowns are shown as this)."""

POLICY_UNKNOWN_VALUES: frozenset[str] = frozenset(
    {
        UNKNOWN_ARCHIVE_VALUE,
        UNKNOWN_ARRAY_VALUE,
        UNKNOWN_ASSET_VALUE,
        UNKNOWN_BOOLEAN_VALUE,
        UNKNOWN_NUMBER_VALUE,
        UNKNOWN_OBJECT_VALUE,
        UNKNOWN_STRING_VALUE,
    }
)
"""Every sentinel the analyzer hands a rule for a value not known yet, one per kind."""
