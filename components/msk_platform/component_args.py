"""What every companion component (MskVpcConnection, MskConnector, MskReplicator,
SchemaRegistry, KafkaAcls) checks of what it is handed before it registers anything: its
name, its options, that its arguments are a mapping, and that each is one it takes."""

from collections.abc import Iterable, Mapping
from typing import Any

import pulumi

from .errors import MskConfigError, Problem
from .spec.cluster_spec import merged_tags
from .spec.keys import KEYS_BY_NAME, NAME_TAG
from .spec.replicator_rules import CLUSTER_ARN
from .spec.values import INVALID, Reader, is_deferred, nearest, show, type_name


def envelope_problems(
    name: Any,
    args: Any,
    opts: Any,
    *,
    label: str,
    args_type: str,
    arg_names: Iterable[str],
    example_name: str,
) -> list[Problem]:
    """The problems with the name, the options and the arguments' names; raises at once
    (with the others found) when ``args`` is not a mapping, since nothing else can be read."""
    names = list(arg_names)
    problems: list[Problem] = []
    if not isinstance(name, str) or not name.strip():
        problems.append(
            Problem(
                "name",
                f"{show(name)} is not a name; give the component one, e.g. '{example_name}'",
            )
        )
    if opts is not None and not isinstance(opts, pulumi.ResourceOptions):
        problems.append(
            Problem("opts", f"{show(opts)} is {type_name(opts)}; use pulumi.ResourceOptions")
        )
    if not isinstance(args, Mapping):
        problems.append(
            Problem(
                "args",
                f"{show(args)} is {type_name(args)}; give the arguments as a mapping ({args_type})",
            )
        )
        raise MskConfigError(problems)
    for unknown in (key for key in args if key not in names):
        guess = nearest(str(unknown), names)
        hint = f"did you mean {guess}?" if guess else f"use {', '.join(names)}"
        problems.append(Problem(f"{label}.{unknown}", f"is not an argument; {hint}"))
    return problems


def cluster_arn_problems(arn: Any, key: str, what: str, hint: str = "") -> list[Problem]:
    """A required MSK cluster ARN (``what`` says which cluster), as text of the ARN's form;
    a computed value passes (AWS checks it)."""
    if arn is None:
        return [Problem(key, f"is required: the ARN of {what}")]
    if is_deferred(arn):
        return []
    if not isinstance(arn, str) or not CLUSTER_ARN.fullmatch(arn.strip()):
        return [
            Problem(
                key,
                f"{show(arn)} is not an MSK cluster ARN; use arn:aws:kafka:<region>:"
                f"<account>:cluster/<name>/<uuid>{hint}",
            )
        ]
    return []


def companion_tags(tags: Mapping[str, Any], name: str) -> dict[str, Any]:
    """A companion's tags: the stack's standard ones, the caller's over them, and ``Name``
    unless the caller set it."""
    merged = merged_tags(pulumi.get_project(), pulumi.get_stack(), tags)
    merged.setdefault(NAME_TAG, name)
    return merged


def read_tags(value: Any, label: str, problems: list[Problem]) -> dict:
    """A companion's ``tags`` argument read as ``msk:tags`` is (a map of text), its problems
    added to ``problems`` under ``<label>.tags``."""
    if value is None:
        return {}
    reader = Reader()
    read = reader.as_str_map(KEYS_BY_NAME["tags"], value, f"{label}.tags")
    problems += reader.problems
    return {} if read is INVALID else dict(read)
