"""Reading ``Pulumi.yaml`` and ``Pulumi.<stack>.yaml`` the way the Pulumi CLI hands config over.

What the CLI does before a program runs, done offline where it can be, and said where it can't:

- Stack names as Pulumi takes them: ``stack``, ``org/stack`` or ``org/project/stack``. The
  stack file is ``Pulumi.<stack>.yaml`` (the last part); the name as given goes to the
  Automation API; a project part must be this project's name.
- The stack file read as the CLI's YAML parser (go-yaml v3) reads it: YAML 1.2 booleans and
  nulls (``yes``/``on`` stay text), no base-60 numbers, dates as text, and a key given twice is
  an error. Values reach the program as the engine sends them: text, numbers and flags as
  JSON, objects and lists as JSON; a whole-number float as an integer.
- The stack file's ``config:`` is required (a file without one is a usage error). Keys are
  ``<namespace>:<name>``; a bare key is in the project's namespace.
- ``environment:`` (Pulumi ESC): an imported environment can only be opened by the CLI, so its
  values are not in the offline plan (a warning names them); an inline definition's literal
  ``values.pulumiConfig`` is applied.
- Project config (``config:`` in ``Pulumi.yaml``): values and defaults fill the keys a stack
  does not set, typed keys are checked, and a declared key with neither is required. As the
  CLI merges them: the stack file wins, then its environment, then the project.
- Keys whose namespace looks like a typo of ``msk:`` (``mks:``, ``MSK:``, ``msk_brokerCount``)
  are warned about: the program reads ``msk:`` keys only.

Problems the CLI would refuse are ``StackFileError`` (a usage error) naming the file and key;
what it would accept but the plan can't follow is a warning in ``StackConfig.warnings``.
"""

import difflib
import json
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from msk_platform.spec.keys import KEYS, NAMESPACE
from msk_platform.spec.values import type_name

STACK_SETTINGS = ("secretsprovider", "encryptedkey", "encryptionsalt", "config", "environment")
# Namespaces a stack of this program may set besides msk: and the project's own.
KNOWN_NAMESPACES = frozenset(
    {"aws", "pulumi", "random", "aws-native", "awsx", "tls", "std", "command", "kubernetes"}
)
MSK_KEY_NAMES = tuple(key.name for key in KEYS)
CONFIG_TYPES = ("string", "integer", "boolean", "array")
DECLARATION_ATTRIBUTES = ("type", "description", "items", "default", "value", "secret")
# Pulumi's rule for stack names (and the parts of a qualified one).
_NAME_PART = re.compile(r"^[A-Za-z0-9_.-]+$")
_MISSING = object()


class StackFileError(Exception):
    """A stack that does not exist or a file that can't be read: a usage error, not config."""


@dataclass
class StackConfig:
    project: str
    stack: str  # the stack's own name: the last part of ``stack_ref``, Pulumi.<stack>.yaml
    values: dict[str, str] = field(default_factory=dict)  # full key -> text, as the engine sends
    secure_keys: list[str] = field(default_factory=list)  # encrypted values, unreadable offline
    warnings: list[str] = field(default_factory=list)  # what the offline plan can't follow
    stack_ref: str = ""  # the name as given (org/project/stack): for the Automation API


# --- YAML as the Pulumi CLI reads it ----------------------------------------------------------


class _GoYamlMappings:
    """A mapping key given twice is an error (go-yaml refuses the file; PyYAML would silently
    keep the last)."""

    def construct_mapping(self, node, deep=False):
        if isinstance(node, yaml.MappingNode):
            seen: dict[Any, Any] = {}
            for key_node, _ in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    continue
                key = self.construct_object(key_node, deep=True)  # type: ignore[attr-defined]
                try:
                    earlier = seen.get(key)
                except TypeError:
                    continue  # an unhashable key: the base class reports it
                if earlier is not None:
                    raise yaml.constructor.ConstructorError(
                        None,
                        None,
                        f"the key {key!r} is given twice (lines {earlier.line + 1} and "
                        f"{key_node.start_mark.line + 1}); the Pulumi CLI refuses such a file",
                        key_node.start_mark,
                    )
                seen[key] = key_node.start_mark
        return super().construct_mapping(node, deep=deep)  # type: ignore[misc]


class PulumiYamlLoader(_GoYamlMappings, yaml.SafeLoader):
    """PyYAML's safe loader brought close to go-yaml v3, which the Pulumi CLI reads stack and
    project files with: only ``true``/``false`` (any case style) are booleans, no base-60
    numbers, timestamps stay text, ``1e3`` is a number, and a mapping key given twice is an
    error."""


# The same rules over libyaml's parser (PyYAML's C extension), some ten times faster on a large
# stack file; read_yaml falls back to the pure-Python loader for its words on any problem.
_FastPulumiYamlLoader: type | None = (
    type("_FastPulumiYamlLoader", (_GoYamlMappings, yaml.CSafeLoader), {})
    if hasattr(yaml, "CSafeLoader")
    else None
)


def _go_yaml_resolvers() -> dict:
    """PyYAML's implicit resolvers less the YAML 1.1 ones go-yaml does not share (booleans,
    timestamps; ints and floats come back below without base 60)."""
    replaced = {f"tag:yaml.org,2002:{name}" for name in ("bool", "timestamp", "int", "float")}
    return {
        first: [(tag, regexp) for tag, regexp in pairs if tag not in replaced]
        for first, pairs in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }


def _follow_go_yaml(loader: type) -> None:
    loader.yaml_implicit_resolvers = _go_yaml_resolvers()  # type: ignore[attr-defined]
    loader.add_implicit_resolver(  # type: ignore[attr-defined]
        "tag:yaml.org,2002:bool",
        re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
        list("tTfF"),
    )
    loader.add_implicit_resolver(  # type: ignore[attr-defined]
        "tag:yaml.org,2002:int",
        re.compile(
            r"""^(?:[-+]?0b[0-1_]+
            |[-+]?0[0-7_]+
            |[-+]?(?:0|[1-9][0-9_]*)
            |[-+]?0x[0-9a-fA-F_]+)$""",
            re.X,
        ),
        list("-+0123456789"),
    )
    loader.add_implicit_resolver(  # type: ignore[attr-defined]
        "tag:yaml.org,2002:float",
        re.compile(
            r"""^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?
            |[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)
            |[-+]?\.[0-9_]+(?:[eE][-+]?[0-9]+)?
            |[-+]?\.(?:inf|Inf|INF)
            |\.(?:nan|NaN|NAN))$""",
            re.X,
        ),
        list("-+0123456789."),
    )
    loader.add_constructor(  # type: ignore[attr-defined]
        "tag:yaml.org,2002:bool", lambda loader, node: node.value.lower() == "true"
    )


for _loader in (PulumiYamlLoader, _FastPulumiYamlLoader):
    if _loader is not None:
        _follow_go_yaml(_loader)


def load_yaml(text: str) -> Any:
    """A YAML document as the Pulumi CLI reads it. libyaml's parser where it reads the text
    without a problem and the pure-Python reader would find no character it refuses; otherwise
    the pure-Python loader, so a problem is always told in its words."""
    if _FastPulumiYamlLoader is not None and not yaml.reader.Reader.NON_PRINTABLE.search(text):
        try:
            return yaml.load(text, Loader=_FastPulumiYamlLoader)  # noqa: S506 - a safe loader
        except yaml.YAMLError:
            pass
    return yaml.load(text, Loader=PulumiYamlLoader)  # noqa: S506 - a safe loader


def _yaml_problem(error: yaml.YAMLError) -> str:
    """One line: what is wrong and where (line and column, counted from 1)."""
    if isinstance(error, yaml.MarkedYAMLError) and error.problem:
        mark = error.problem_mark or error.context_mark
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        return f"{error.problem}{where}"
    return "; ".join(line.strip() for line in str(error).splitlines() if line.strip())


def _read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise StackFileError(f"can't read {path.name}: {error.strerror or error}") from error
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"  # with its byte-order mark, as go-yaml accepts
    else:
        encoding = "utf-8-sig"  # a UTF-8 byte-order mark is dropped
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise StackFileError(
            f"can't read {path.name}: it is not UTF-8 text (byte 0x{data[error.start]:02x} at "
            f"offset {error.start}); save it as UTF-8"
        ) from error


def read_yaml(path: Path) -> Any:
    """A YAML file's document as the Pulumi CLI reads it; StackFileError naming the file."""
    text = _read_text(path)
    try:
        return load_yaml(text)
    except yaml.YAMLError as error:
        raise StackFileError(f"can't read {path.name}: {_yaml_problem(error)}") from error


def _kind(value: Any) -> str:
    """What a YAML value is, in the spec's words, but YAML's for null and maps."""
    if value is None:
        return "empty (null)"
    if isinstance(value, dict):
        return "a map"
    if isinstance(value, (bool, int, float, str, list)):
        return type_name(value)
    return f"a YAML {type(value).__name__}"


# --- values as the engine sends them ----------------------------------------------------------


def engine_text(value: Any) -> str:
    """A YAML value as the engine passes it to a program: text, objects and lists as JSON."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return json.dumps(value)
    return str(value)


def _go_number(value: Any) -> Any:
    """Numbers as the CLI's JSON encoding gives them: a whole float is an integer (``2.0`` ->
    ``2``), as in JSON from any other language."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e21:
        return int(value)
    if isinstance(value, dict):
        return {k: _go_number(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_go_number(v) for v in value]
    return value


def pulumi_text(value: Any) -> str:
    """A stack-file value as the Pulumi CLI hands it to the program."""
    return engine_text(_go_number(value))


def _path_text(key: str, path: tuple) -> str:
    text = key
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else f".{part}"
    return text


def _unpassable(value: Any, path: tuple = ()) -> tuple[tuple, str] | None:
    """Where a value holds something the CLI can't pass to a program, and what."""
    if isinstance(value, float) and not math.isfinite(value):
        return path, f"{value} is not a finite number (the CLI can't pass infinity or NaN)"
    if isinstance(value, dict):
        for k, v in value.items():
            found = _unpassable(v, (*path, str(k)))
            if found:
                return found
        return None
    if isinstance(value, list):
        for index, item in enumerate(value):
            found = _unpassable(item, (*path, index))
            if found:
                return found
        return None
    if value is None or isinstance(value, (bool, int, float, str)):
        return None
    return path, f"{_kind(value)} is not a value config can hold"


def _is_secure(value: Any) -> bool:
    """``{secure: <ciphertext>}``: what ``pulumi config set --secret`` writes."""
    return isinstance(value, dict) and len(value) == 1 and isinstance(value.get("secure"), str)


def _holds_secure(value: Any) -> bool:
    if _is_secure(value):
        return True
    if isinstance(value, dict):
        return any(_holds_secure(v) for v in value.values())
    if isinstance(value, list):
        return any(_holds_secure(v) for v in value)
    return False


def _has_expression(value: Any) -> bool:
    """ESC interpolation (``${...}``) or a function (``fn::...``): only ESC can evaluate it."""
    if isinstance(value, str):
        return "${" in value
    if isinstance(value, dict):
        return any(str(k).startswith("fn::") or _has_expression(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_expression(v) for v in value)
    return False


def _merge_patch(target: Any, patch: Any) -> Any:
    """RFC 7386, as the CLI merges a stack value onto its environment's (the stack wins)."""
    if not isinstance(patch, dict) or not isinstance(target, dict):
        return patch
    merged = dict(target)
    for key, value in patch.items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = _merge_patch(merged.get(key), value)
    return merged


# --- stack names ------------------------------------------------------------------------------


@dataclass(frozen=True)
class StackRef:
    given: str  # as given: what the Automation API gets
    stack: str  # the last part: the stack file's name, what pulumi.get_stack() returns
    org: str | None = None
    project: str | None = None


def parse_stack_ref(name: str, project: str) -> StackRef:
    """``stack``, ``org/stack`` or ``org/project/stack``; StackFileError when malformed or when
    its project part is not this project."""
    parts = name.split("/")
    if not name.strip():
        raise StackFileError("give a stack name: --stack dev (or org/dev, org/project/dev)")
    if len(parts) > 3:
        raise StackFileError(
            f"stack {name!r} has {len(parts)} parts; Pulumi names a stack stack, org/stack or "
            "org/project/stack"
        )
    for part in parts:
        if not _NAME_PART.match(part):
            shown = "an empty part" if not part else repr(part)
            raise StackFileError(
                f"stack {name!r} has {shown}: each part of a stack name may hold only letters, "
                "digits, '-', '_' and '.'"
            )
    org = parts[0] if len(parts) > 1 else None
    stack_project = parts[1] if len(parts) == 3 else None
    if stack_project is not None and stack_project != project:
        raise StackFileError(
            f"stack {name!r} names the project '{stack_project}', but this project's "
            f"Pulumi.yaml names it '{project}'"
        )
    return StackRef(given=name, stack=parts[-1], org=org, project=stack_project)


# --- Pulumi.yaml ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Declared:
    """One key of Pulumi.yaml's ``config:``, as the CLI reads it."""

    key: str  # as written
    full: str  # namespaced
    type: str | None = None
    items: Any = None
    value: Any = _MISSING  # `value:`, or `default:` (the CLI treats both as a fallback)
    secret: bool = False


@dataclass(frozen=True)
class ProjectFile:
    name: str
    path: Path
    stack_dir: Path  # where the stack files are (stackConfigDir)
    config: tuple[Declared, ...] = ()

    def stack_file(self, stack: str) -> Path:
        return self.stack_dir / f"Pulumi.{stack}.yaml"

    def known_stacks(self) -> list[str]:
        return sorted(
            p.name[len("Pulumi.") : -len(".yaml")] for p in self.stack_dir.glob("Pulumi.*.yaml")
        )


def read_project(project_dir: Path) -> ProjectFile:
    path = Path(project_dir) / "Pulumi.yaml"
    document = read_yaml(path)
    if not isinstance(document, dict):
        raise StackFileError(f"{path} is not a map of project settings")
    name = document.get("name")
    if not isinstance(name, str) or not name.strip():
        raise StackFileError(f"{path} has no project name")
    config = document.get("config")
    stack_dir = document.get("stackConfigDir")
    if isinstance(config, str):  # the old spelling of stackConfigDir, which the CLI still reads
        if stack_dir is not None:
            raise StackFileError(
                f"{path.name} gives both 'config: {config}' (the old name of stackConfigDir) "
                "and stackConfigDir; keep stackConfigDir"
            )
        stack_dir, config = config, None
    if stack_dir is not None and not isinstance(stack_dir, str):
        raise StackFileError(f"{path.name}: stackConfigDir must be a folder's path")
    return ProjectFile(
        name=name,
        path=path,
        stack_dir=Path(project_dir) / (stack_dir or ""),
        config=_declarations(config, name, path.name),
    )


def project_name(project_dir: Path) -> str:
    return read_project(project_dir).name


def _declarations(config: Any, project: str, file: str) -> tuple[Declared, ...]:
    if config is None:
        return ()
    if not isinstance(config, dict):
        raise StackFileError(f"{file}: 'config' must be a map of keys, found {_kind(config)}")
    declared = []
    for key, spec in config.items():
        if not isinstance(key, str):
            raise StackFileError(f"{file}: config key {key!r} is not a name")
        full = _full_key(key, project, file)
        own = full.split(":", 1)[0] == project
        where = f"{file}: config key {key}"
        if isinstance(spec, dict) and not _is_secure(spec):
            unknown = sorted(set(spec) - set(DECLARATION_ATTRIBUTES), key=str)
            if unknown:
                raise StackFileError(
                    f"{where} has the attribute '{unknown[0]}', which Pulumi does not know; "
                    f"use {', '.join(DECLARATION_ATTRIBUTES)}, or put an object under 'value:'"
                )
            if "default" in spec and "value" in spec:
                raise StackFileError(f"{where} gives both 'default' and 'value'; keep one")
            type_ = spec.get("type")
            if type_ is not None and type_ not in CONFIG_TYPES:
                raise StackFileError(
                    f"{where}: type {type_!r} is not one of {', '.join(CONFIG_TYPES)}"
                )
            items = spec.get("items")
            if type_ == "array" and not _valid_items(items):
                raise StackFileError(
                    f"{where} declares an array without 'items: {{type: ...}}' for its elements"
                )
            value = spec.get("value", spec.get("default", _MISSING))
            if value is None:
                value = _MISSING
            if not own and (type_ is not None or "default" in spec):
                raise StackFileError(
                    f"{where} is not in the project's namespace ('{project}'), so it can't "
                    "declare a type or a default: give it as 'value:'"
                )
            if not own and value is _MISSING:
                raise StackFileError(f"{where} is namespaced and must give a 'value:'")
            if type_ is not None and value is not _MISSING and not _conforms(type_, items, value):
                raise StackFileError(
                    f"{where}: its default {json.dumps(value, default=str)} is not of type "
                    f"{_type_name(type_, items)}"
                )
            declared.append(
                Declared(key, full, type_, items, value, secret=spec.get("secret") is True)
            )
        elif spec is None:
            if not own:
                raise StackFileError(f"{where} is namespaced and must give a 'value:'")
            declared.append(Declared(key, full))  # declared, no default: required
        else:  # the short form: a default for the project's keys, a value for others
            declared.append(Declared(key, full, value=spec))
    return tuple(declared)


def _valid_items(items: Any) -> bool:
    if not isinstance(items, dict) or items.get("type") not in CONFIG_TYPES:
        return False
    return items["type"] != "array" or _valid_items(items.get("items"))


def _type_name(type_: str, items: Any) -> str:
    if type_ == "array" and isinstance(items, dict):
        return f"array<{_type_name(items.get('type', ''), items.get('items'))}>"
    return type_


def _conforms(type_: str, items: Any, value: Any) -> bool:
    """Pulumi's ValidateConfigValue: text that reads as the type passes, as the CLI checks
    the text it would hand over."""
    if type_ == "string":
        return isinstance(value, str)
    if type_ == "integer":
        if isinstance(value, bool):
            return False
        if isinstance(value, int):
            return True
        if isinstance(value, float):
            return value.is_integer()
        return isinstance(value, str) and re.fullmatch(r"[-+]?[0-9]+", value) is not None
    if type_ == "boolean":
        return isinstance(value, bool) or value in ("true", "false")
    if not isinstance(value, list) or not isinstance(items, dict):
        return False
    return all(_conforms(items.get("type", ""), items.get("items"), item) for item in value)


# --- keys -------------------------------------------------------------------------------------


def _full_key(key: str, project: str, file: str) -> str:
    """``ns:name`` as the CLI parses it: a bare key is the project's, ``ns:config:name`` the
    old spelling of ``ns:name``; anything else with colons is not a key."""
    if not key.strip():
        raise StackFileError(f"{file}: a config key is empty")
    parts = key.split(":")
    if len(parts) == 1:
        return f"{project}:{key}"
    if len(parts) == 3 and parts[1] == "config":
        parts = [parts[0], parts[2]]
    if len(parts) != 2:
        raise StackFileError(
            f"{file}: {key} is not a config key: a key is <namespace>:<name> with one ':'; "
            "nested settings go inside the key's value (e.g. msk:auth: {iam: true})"
        )
    namespace, name = parts
    if not namespace or not name:
        raise StackFileError(
            f"{file}: {key} is not a config key: it has no {'name' if namespace else 'namespace'}"
        )
    return f"{namespace}:{name}"


def _fold(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def _one_edit(a: str, b: str) -> bool:
    """Within one insertion, deletion, substitution or swap of neighbours."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diffs = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diffs) == 1:
            return True
        return (
            len(diffs) == 2
            and diffs[1] == diffs[0] + 1
            and a[diffs[0]] == b[diffs[1]]
            and a[diffs[1]] == b[diffs[0]]
        )
    short, long_ = sorted((a, b), key=len)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


def _msk_name(name: str) -> str | None:
    """The msk: key a name is, or is near (top-level part only)."""
    head = re.split(r"[.\[]", name, maxsplit=1)[0]
    lowered = {key.lower(): key for key in MSK_KEY_NAMES}
    if head.lower() in lowered:
        return lowered[head.lower()] + name[len(head) :]
    found = difflib.get_close_matches(head, MSK_KEY_NAMES, n=1, cutoff=0.75)
    return found[0] + name[len(head) :] if found else None


def namespace_warning(written: str, full: str, project: str, where: str) -> str | None:
    """A warning when a key looks meant for the program's ``msk:`` namespace but isn't in it."""
    namespace, name = full.split(":", 1)
    ignored = "the program reads only msk: keys, so this one is ignored"
    if ":" not in written:  # a bare key: the project's namespace
        prefixed = re.match(r"^([A-Za-z]{2,4})[\W_]+(\w.*)$", written)
        if prefixed and _looks_like_msk(prefixed.group(1)):
            guess = _msk_name(prefixed.group(2))
            if guess or _fold(prefixed.group(1)) == NAMESPACE:
                fate = "which the program does not know" if namespace == NAMESPACE else ignored
                return (
                    f"{written} in {where} looks like a typo of msk:{guess or prefixed.group(2)}; "
                    f"as written it is the key {full}, {fate}"
                )
        if namespace != NAMESPACE and name in MSK_KEY_NAMES:
            return (
                f"{written} in {where} has no namespace, so it is the project's key {full} "
                f"(this project is named '{project}'); {ignored}: write msk:{name}"
            )
        return None
    if namespace in (NAMESPACE, project) or namespace in KNOWN_NAMESPACES:
        return None
    if _fold(namespace) == NAMESPACE:
        return (
            f"{written} in {where}: the namespace '{namespace}' is not msk (namespaces are "
            f"exact); {ignored}: did you mean msk:{name}?"
        )
    guess = _msk_name(name)
    if _looks_like_msk(namespace) and guess:
        return (
            f"{written} in {where}: the namespace '{namespace}' looks like a typo of msk; "
            f"{ignored}: did you mean msk:{guess}?"
        )
    return None


def _looks_like_msk(namespace: str) -> bool:
    folded = _fold(namespace)
    return folded == NAMESPACE or (2 <= len(folded) <= 4 and _one_edit(folded, NAMESPACE))


def key_warnings(keys: Iterable[tuple[str, str]], project: str, where: str) -> list[str]:
    """``namespace_warning`` for each (key as written, full key)."""
    found = (namespace_warning(written, full, project, where) for written, full in keys)
    return [warning for warning in found if warning]


# --- Pulumi.<stack>.yaml ----------------------------------------------------------------------


def read_stack_document(path: Path) -> dict:
    """A stack file's settings as a map (StackFileError when it isn't one)."""
    document = read_yaml(path)
    if document is None:
        raise StackFileError(f"{path.name} is empty: give the stack's settings under config:")
    if not isinstance(document, dict):
        raise StackFileError(
            f"{path.name} is not a map of stack settings (it holds {_kind(document)}); "
            "start it with config:"
        )
    return document


def load_stack_config(project_dir: Path, stack: str) -> StackConfig:
    """The config the Pulumi CLI would hand the program for this stack, as far as it can be
    known offline; StackFileError (a usage error) for what the CLI would refuse."""
    project = read_project(project_dir)
    ref = parse_stack_ref(stack, project.name)
    path = project.stack_file(ref.stack)
    if not path.exists():
        known = project.known_stacks()
        raise StackFileError(
            f"no stack '{stack}': {path.name} does not exist (stacks: {', '.join(known)})"
        )
    document = read_stack_document(path)
    file = path.name
    raw = _config_section(document, file)
    values, written, secure, warnings = _stack_values(raw, project.name, file)
    warnings = _unread_settings(document, file) + warnings
    imports, inline, env_warnings = _environment(document.get("environment"), project.name, file)
    warnings += env_warnings
    for full, value in inline.items():  # the stack's own value wins (merged, for objects)
        if full not in secure:
            values[full] = _merge_patch(value, values[full]) if full in values else value
    warnings += _apply_project_config(project, values, written, secure, file, bool(imports))
    warnings += key_warnings(
        ((k, _full_key(k, project.name, file)) for k in raw), project.name, file
    )
    warnings += key_warnings(
        ((d.key, d.full) for d in project.config), project.name, "Pulumi.yaml's config"
    )
    return StackConfig(
        project=project.name,
        stack=ref.stack,
        values={key: pulumi_text(value) for key, value in values.items()},
        secure_keys=secure,
        warnings=list(dict.fromkeys(warnings)),
        stack_ref=ref.given,
    )


def _config_section(document: Mapping, file: str) -> dict:
    """The stack file's ``config:``, which must be there and be a map."""
    if "config" not in document:
        close = [k for k in document if isinstance(k, str) and _fold(k) == "config"]
        hint = f" (found '{close[0]}:'; setting names are lower-case)" if close else ""
        raise StackFileError(
            f"{file} has no config: section{hint}; give the stack's keys under config: "
            "(config: {} plans with every default)"
        )
    raw = document["config"]
    if raw is None:
        raise StackFileError(
            f"{file}: config: is empty; give the stack's keys under it, or write config: {{}} "
            "to plan with every default"
        )
    if not isinstance(raw, dict):
        raise StackFileError(
            f"{file}: 'config' must be a map of keys to values, found {_kind(raw)}"
        )
    return raw


def _stack_values(
    raw: dict, project: str, file: str
) -> tuple[dict[str, Any], dict[str, str], list[str], list[str]]:
    """(plain values by full key, the key as written by full key, encrypted keys, warnings)."""
    values: dict[str, Any] = {}
    written: dict[str, str] = {}
    secure: list[str] = []
    warnings: list[str] = []
    for key, value in raw.items():
        if not isinstance(key, str):
            raise StackFileError(f"{file}: config key {key!r} is {_kind(key)}, not a key name")
        full = _full_key(key, project, file)
        if full in written:
            raise StackFileError(
                f"{file}: {written[full]} and {key} are the same key {full}; keep one"
            )
        written[full] = key
        if value is None:
            raise StackFileError(
                f"{file}: {key} has no value (it is null); give one, or remove the key"
            )
        if isinstance(value, dict) and set(value) == {"secure"} and not _is_secure(value):
            raise StackFileError(f"{file}: {key}: secure: must hold the encrypted text")
        if _is_secure(value) and not value["secure"].strip():
            raise StackFileError(
                f"{file}: {key}: secure: is empty; set it with `pulumi config set --secret`"
            )
        bad = _unpassable(value)
        if bad:
            raise StackFileError(f"{file}: {_path_text(key, bad[0])}: {bad[1]}")
        if _holds_secure(value):
            secure.append(full)
            if not _is_secure(value):
                warnings.append(
                    f"{full} in {file} holds encrypted values inside it: the offline plan can't "
                    "read them, so the whole key is treated as a secret whose value is unknown"
                )
            continue
        values[full] = value
    return values, written, secure, warnings


def _apply_project_config(
    project: ProjectFile,
    values: dict[str, Any],
    written: dict[str, str],
    secure: list[str],
    file: str,
    has_imports: bool,
) -> list[str]:
    """Pulumi.yaml's config onto the stack's (in place), as the CLI merges it: a value or
    default for each key the stack doesn't set, typed keys checked, a key declared with
    neither required. Returns the warnings (a required key an ESC environment may set)."""
    missing = []
    for declared in project.config:
        if declared.full in secure:
            continue  # encrypted: its type can't be checked offline
        if declared.full not in values:
            if declared.value is not _MISSING:
                values[declared.full] = declared.value
            elif declared.full.split(":", 1)[0] == project.name:
                missing.append(declared.key)
            continue
        shown = written.get(declared.full, declared.full)
        if declared.secret and declared.full in written:
            raise StackFileError(
                f"{file}: {shown} must be encrypted: Pulumi.yaml declares it secret (set it "
                "with `pulumi config set --secret`)"
            )
        value = values[declared.full]
        checked = value if isinstance(value, (dict, list)) else pulumi_text(value)
        if declared.type is not None and not _conforms(declared.type, declared.items, checked):
            raise StackFileError(
                f"{file}: {shown} is {_kind(value)} ({pulumi_text(value)}), but Pulumi.yaml "
                f"declares it type {_type_name(declared.type, declared.items)}"
            )
    if not missing:
        return []
    keys = ", ".join(missing)
    if not has_imports:
        raise StackFileError(
            f"{file} does not set {keys}, which Pulumi.yaml requires (declared without a default)"
        )
    return [
        f"Pulumi.yaml requires {keys} (declared without a default) and {file} does not set "
        "it: unless an imported ESC environment does, `pulumi up` will refuse the stack"
    ]


def _unread_settings(document: Mapping, file: str) -> list[str]:
    warnings = []
    for key in document:
        if key in STACK_SETTINGS:
            continue
        if "config" not in document and isinstance(key, str) and _fold(key) == "config":
            continue  # the missing config: is the error, naming this key
        guess = difflib.get_close_matches(str(key), STACK_SETTINGS, n=1, cutoff=0.7)
        hint = f"; did you mean {guess[0]}?" if guess else ""
        warnings.append(
            f"{file}: '{key}' is not a stack setting Pulumi reads ({', '.join(STACK_SETTINGS)}), "
            f"so it is ignored{hint}"
        )
    return warnings


def _environment(environment: Any, project: str, file: str) -> tuple[list[str], dict, list[str]]:
    """(imported environment names, literal pulumiConfig of an inline definition by full key,
    warnings) of a stack file's ``environment:``."""
    if environment is None or environment == []:
        return [], {}, []
    shape = (
        f"{file}: environment: must list Pulumi ESC environments (e.g. [myproject/dev]) or "
        "define one (imports:, values:)"
    )
    values: Any = {}
    if isinstance(environment, str):
        imports: Any = [environment]
    elif isinstance(environment, list):
        imports = environment
    elif isinstance(environment, dict):
        imports = environment.get("imports") or []
        values = environment.get("values") or {}
        if not isinstance(imports, list) or not isinstance(values, dict):
            raise StackFileError(shape)
    else:
        raise StackFileError(shape)
    names = []
    for item in imports:
        if isinstance(item, str) and item.strip():
            names.append(item)
        elif isinstance(item, dict) and len(item) == 1 and isinstance(next(iter(item)), str):
            names.append(next(iter(item)))  # `- name: {merge: false}`
        else:
            raise StackFileError(shape)
    warnings = []
    if names:
        them = "it" if len(names) == 1 else "them"
        warnings.append(
            f"{file} imports the Pulumi ESC environment{'s' * (len(names) > 1)} "
            f"{', '.join(names)}: the offline plan can't open {them}, so the values "
            f"{'it sets' if len(names) == 1 else 'they set'} are not in this plan (preview and "
            "up, with the Pulumi CLI, resolve them)"
        )
    inline: dict[str, Any] = {}
    pulumi_config = values.get("pulumiConfig") or {}
    if not isinstance(pulumi_config, dict):
        raise StackFileError(f"{file}: environment: values.pulumiConfig must be a map of keys")
    for key, value in pulumi_config.items():
        if not isinstance(key, str):
            raise StackFileError(f"{file}: environment: pulumiConfig key {key!r} is not a name")
        full = _full_key(key, project, file)
        if _has_expression(value) or value is None:
            warnings.append(
                f"{full} is computed by {file}'s environment: definition (ESC interpolation or a "
                "function), which only Pulumi ESC can evaluate: it is not in this plan"
            )
            continue
        bad = _unpassable(value)
        if bad:
            raise StackFileError(f"{file}: environment: {_path_text(key, bad[0])}: {bad[1]}")
        inline[full] = value
    warnings += key_warnings(
        ((k, _full_key(k, project, file)) for k in pulumi_config), project, f"{file}'s environment"
    )
    return names, inline, warnings
