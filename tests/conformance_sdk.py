"""Check a plan's resources against the input types of the provider SDKs installed beside it.

Nothing here is written by hand: for each resource type token (``aws:msk/cluster:Cluster``)
the SDK's own resource class and its ``<Class>Args`` input class are looked up, and every
level of the recorded inputs is checked against the ``__init__`` of the input class at that
level: its parameters (unknown keys), their annotations (wrong types), which have no
default (missing required inputs) and which the SDK marks deprecated. Names on the wire are
the SDK's camelCase property names, mapped to and from the Python parameter names by the SDK
itself (``pulumi._types.input_type_py_to_pulumi_names``, what its serializer uses), so a key
the SDK would not send under that name is reported.

Values the plan can't know (unknown in a preview, or secret) match any type.
"""

import collections.abc
import enum
import functools
import importlib
import inspect
import sys
import types
import typing
from dataclasses import dataclass
from typing import Any

import pulumi
from pulumi import _types as pulumi_types

from mskctl.mock_runtime import SECRET, UNKNOWN

# Component resources of this project: checked by the component schema, not a provider SDK.
COMPONENT_PACKAGES = frozenset({"msk"})
# Explicit providers (the Kafka ACLs' pulumi-kafka one): tests/test_kafka_acls.py checks it.
PROVIDER_PREFIX = "pulumi:providers:"
NOT_KNOWN = frozenset({UNKNOWN, SECRET})


@dataclass(frozen=True)
class InputShape:
    """What one input class of the SDK accepts: camelCase name -> annotation, which are
    required, and which the SDK marks deprecated (its getter carries the SDK's deprecation
    marker, ``_pulumi_deprecated_callable``)."""

    name: str
    hints: dict[str, Any]
    required: frozenset[str]
    deprecated: frozenset[str]


def resource_class(token: str) -> type:
    """The SDK class that registers ``token`` (``<pkg>:<module>/<name>:<Class>``)."""
    package, module_path, class_name = token.split(":")
    module_name = module_path.split("/")[0]
    root = f"pulumi_{package}"
    module = importlib.import_module(root if module_name == "index" else f"{root}.{module_name}")
    cls = getattr(module, class_name)
    source = inspect.getsource(cls._internal_init)
    if f"'{token}'" not in source and f'"{token}"' not in source:
        raise LookupError(f"{cls.__module__}.{class_name} does not register {token}")
    return cls


def args_class(token: str) -> type:
    """The ``<Class>Args`` input class beside the resource class of ``token``."""
    cls = resource_class(token)
    args = getattr(sys.modules[cls.__module__], f"{cls.__name__}Args")
    if not pulumi_types.is_input_type(args):
        raise LookupError(f"{args.__qualname__} is not a pulumi input type")
    return args


@functools.cache
def input_shape(cls: type) -> InputShape:
    """The shape of an input class, read from its ``__init__`` signature and annotations."""
    module_globals = vars(sys.modules[cls.__module__])
    hints = typing.get_type_hints(cls.__init__, globalns=module_globals)
    wire_names = pulumi_types.input_type_py_to_pulumi_names(cls)
    by_wire: dict[str, Any] = {}
    required = set()
    deprecated = set()
    for parameter in list(inspect.signature(cls.__init__).parameters.values())[1:]:
        if parameter.kind is not inspect.Parameter.KEYWORD_ONLY:
            continue
        wire = wire_names[parameter.name]
        by_wire[wire] = hints[parameter.name]
        if parameter.default is inspect.Parameter.empty:
            required.add(wire)
        getter = inspect.getattr_static(cls, parameter.name).fget
        if "_pulumi_deprecated_callable" in vars(getter):
            deprecated.add(wire)
    return InputShape(cls.__qualname__, by_wire, frozenset(required), frozenset(deprecated))


def _is_input_wrapper(member: Any) -> bool:
    """``Awaitable[T]`` and ``Output[T]``: the other two members of ``pulumi.Input[T]``."""
    origin = typing.get_origin(member) or member
    return origin in (collections.abc.Awaitable, typing.Awaitable, pulumi.Output)


def _plain_members(hint: Any) -> list[Any]:
    """The value types a hint admits once Input/Optional wrappers are taken off."""
    origin = typing.get_origin(hint)
    if origin is typing.Union or isinstance(hint, types.UnionType):
        found = []
        for member in typing.get_args(hint):
            if member is type(None) or _is_input_wrapper(member):
                continue
            found.extend(_plain_members(member))
        return found
    return [hint]


def _describe(hint: Any) -> str:
    members = _plain_members(hint)
    names = []
    for member in members:
        origin = typing.get_origin(member)
        if isinstance(member, type) and pulumi_types.is_input_type(member):
            names.append(f"object {member.__qualname__}")
        elif origin is not None:
            names.append(f"{getattr(origin, '__name__', origin)}[...]")
        else:
            names.append(getattr(member, "__name__", str(member)))
    return " or ".join(dict.fromkeys(names))


def _scalar_problem(expected: type, value: Any) -> str | None:
    if expected is bool:
        ok = isinstance(value, bool)
    elif expected is int:
        ok = isinstance(value, int) and not isinstance(value, bool)
    elif expected is float:
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
    elif expected is str:
        ok = isinstance(value, str)
    else:
        return None
    return None if ok else f"expected {expected.__name__}, got {type(value).__name__} {value!r}"


def _member_problems(member: Any, value: Any, path: str) -> list[str]:
    """Problems of ``value`` against one plain member type (no Input/Optional wrapper)."""
    if member is Any:
        return []
    origin = typing.get_origin(member)
    if origin in (collections.abc.Sequence, list, typing.Sequence):
        if not isinstance(value, list):
            return [f"{path}: expected a list, got {type(value).__name__} {value!r}"]
        (item,) = typing.get_args(member) or (Any,)
        return [p for i, v in enumerate(value) for p in value_problems(item, v, f"{path}[{i}]")]
    if origin in (collections.abc.Mapping, dict, typing.Mapping):
        if not isinstance(value, dict):
            return [f"{path}: expected a map, got {type(value).__name__} {value!r}"]
        _, item = typing.get_args(member) or (str, Any)
        return [p for k, v in value.items() for p in value_problems(item, v, f"{path}.{k}")]
    if isinstance(member, type) and pulumi_types.is_input_type(member):
        if not isinstance(value, dict):
            return [
                f"{path}: expected object {member.__qualname__}, got "
                f"{type(value).__name__} {value!r}"
            ]
        return object_problems(member, value, path)
    if isinstance(member, type) and issubclass(member, enum.Enum):
        allowed = {item.value for item in member}
        return [] if value in allowed else [f"{path}: {value!r} is not one of {sorted(allowed)}"]
    if isinstance(member, type) and typing.is_typeddict(member):
        return [] if isinstance(value, dict) else [f"{path}: expected an object, got {value!r}"]
    problem = _scalar_problem(member, value) if isinstance(member, type) else None
    if problem is None and isinstance(member, type) and member not in (bool, int, float, str):
        raise TypeError(f"{path}: the checker does not know the SDK type {member!r}")
    return [f"{path}: {problem}"] if problem else []


def value_problems(hint: Any, value: Any, path: str) -> list[str]:
    """Problems of one recorded value against the SDK annotation ``hint``."""
    if isinstance(value, str) and value in NOT_KNOWN:
        return []
    members = _plain_members(hint)
    if value is None:
        return []  # an Optional input the program left out
    results = [_member_problems(member, value, path) for member in members]
    if any(not found for found in results):
        return []
    if len(results) == 1:
        return results[0]
    return [f"{path}: expected {_describe(hint)}, got {type(value).__name__} {value!r}"]


def object_problems(cls: type, inputs: dict, path: str) -> list[str]:
    """Unknown keys, missing required keys and wrong types of one object of input class
    ``cls``."""
    shape = input_shape(cls)
    problems = []
    for name in sorted(set(inputs) - set(shape.hints)):
        problems.append(
            f"{path}.{name}: unknown input of {shape.name} (it takes {sorted(shape.hints)})"
        )
    for name in sorted(shape.required - set(inputs)):
        problems.append(f"{path}.{name}: required input of {shape.name} is missing")
    for name in sorted(shape.deprecated & set(inputs)):
        problems.append(f"{path}.{name}: input of {shape.name} is deprecated in the SDK")
    for name in sorted(set(inputs) & set(shape.hints)):
        problems.extend(value_problems(shape.hints[name], inputs[name], f"{path}.{name}"))
    return problems


def resource_problems(token: str, name: str, inputs: dict) -> list[str]:
    """Every way one recorded resource's inputs differ from what the SDK of ``token`` takes."""
    return object_problems(args_class(token), inputs, f"{token}::{name}")


def plan_problems(resources) -> list[str]:
    """Problems of every provider resource of a run (``RecordedResource`` items)."""
    problems = []
    for resource in resources:
        if resource.type.split(":")[0] in COMPONENT_PACKAGES:
            continue
        if resource.type.startswith(PROVIDER_PREFIX):  # inputs go as JSON text, not by type
            continue
        problems.extend(resource_problems(resource.type, resource.name, resource.inputs))
    return problems
