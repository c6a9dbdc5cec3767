"""Syntax checks of schema definitions, per Glue data format, without a dependency.

Each checker takes the definition's text and returns what is wrong with it, each message
saying where (``line 3, column 7`` or a path such as ``fields[2].type``), so a bad schema is
refused at preview rather than by Glue's CreateSchema mid-deployment. They check what each
format's specification requires of a schema's shape, not compatibility between versions
(Glue does that when a version is registered):

- AVRO: JSON that is an Avro schema (Avro 1.10.2 specification: primitive and named types,
  records, enums, arrays, maps, unions, fixed; names and namespaces; references resolve).
- JSON: JSON that is a JSON Schema object of a draft Glue supports.
- PROTOBUF: a .proto file's structure (syntax, package, imports, options, balanced message,
  enum and service blocks, field numbers), minus what Glue does not support.
"""

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .. import catalog

AVRO_PRIMITIVES = ("null", "boolean", "int", "long", "float", "double", "bytes", "string")
AVRO_NAMED = ("record", "error", "enum", "fixed")
AVRO_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
JSON_SCHEMA_TYPES = ("null", "boolean", "object", "array", "number", "string", "integer")
PROTO_MAX_FIELD = 536_870_911  # 2**29 - 1
PROTO_RESERVED_RANGE = (19_000, 19_999)  # the protobuf implementation's own
PROTO_SCALARS = frozenset(
    "double float int32 int64 uint32 uint64 sint32 sint64 fixed32 fixed64 sfixed32 sfixed64 "
    "bool string bytes".split()
)
PROTO_MAP_KEYS = PROTO_SCALARS - {"double", "float", "bytes"}


def _rules() -> dict[str, Any]:
    return catalog.raw()["schema_registry"]


def _parse_json(text: str) -> tuple[Any, list[str]]:
    try:
        return json.loads(text), []
    except json.JSONDecodeError as error:
        return None, [f"line {error.lineno}, column {error.colno}: not valid JSON ({error.msg})"]


# -- Avro --------------------------------------------------------------------------------


@dataclass
class _AvroScope:
    """Named types defined so far (full names), in document order as Avro parsers read."""

    named: dict[str, str] = field(default_factory=dict)  # full name -> its path
    problems: list[str] = field(default_factory=list)

    def fail(self, path: str, message: str) -> None:
        self.problems.append(f"{path or 'the schema'}: {message}")


def avro_problems(text: str) -> list[str]:
    """What makes ``text`` not an Avro schema."""
    document, problems = _parse_json(text)
    if problems:
        return problems
    scope = _AvroScope()
    _avro(document, "", None, scope)
    return scope.problems


def _full_name(name: str, namespace: str | None) -> str:
    return name if "." in name or not namespace else f"{namespace}.{name}"


def _name_ok(name: Any, path: str, scope: _AvroScope, what: str = "name") -> bool:
    """A name, or a full name of dot-separated names."""
    if not isinstance(name, str) or not all(AVRO_NAME.fullmatch(p) for p in name.split(".")):
        scope.fail(
            path,
            f"{json.dumps(name)} is not a valid Avro {what}; start with A-Z a-z _ and use "
            "A-Z a-z 0-9 _ (namespaces: such names joined by dots)",
        )
        return False
    return True


def _avro_reference(name: str, path: str, namespace: str | None, scope: _AvroScope) -> str:
    """A type given by name: a primitive, or a named type defined before this point."""
    if name in AVRO_PRIMITIVES:
        return name
    for candidate in (_full_name(name, namespace), name):
        if candidate in scope.named:
            return candidate
    scope.fail(
        path,
        f"{json.dumps(name)} is neither a primitive type ({', '.join(AVRO_PRIMITIVES)}) nor a "
        "named type defined earlier in the schema",
    )
    return name


def _avro(schema: Any, path: str, namespace: str | None, scope: _AvroScope) -> str:
    """Check one schema; return a key telling union branches apart (its type or full name)."""
    if isinstance(schema, str):
        return _avro_reference(schema, path, namespace, scope)
    if isinstance(schema, list):
        return _avro_union(schema, path, namespace, scope)
    if not isinstance(schema, dict):
        scope.fail(path, f"{json.dumps(schema)} is not a schema; use a type name, object or list")
        return "?"
    kind = schema.get("type")
    at = f"{path}.type" if path else "type"
    if kind is None:
        scope.fail(path, 'has no "type"')
        return "?"
    if isinstance(kind, (dict, list)):
        return _avro(kind, at, namespace, scope)
    if not isinstance(kind, str):
        scope.fail(at, f"{json.dumps(kind)} is not a type name")
        return "?"
    if kind in AVRO_NAMED:
        return _avro_named(schema, kind, path, namespace, scope)
    if kind == "array":
        return _avro_container(schema, "items", "array", path, namespace, scope)
    if kind == "map":
        return _avro_container(schema, "values", "map", path, namespace, scope)
    return _avro_reference(kind, at, namespace, scope)


def _avro_container(schema, key, kind, path, namespace, scope) -> str:
    if key not in schema:
        scope.fail(
            path,
            f'is an {kind} without "{key}"' if kind == "array" else f'is a map without "{key}"',
        )
    else:
        _avro(schema[key], f"{path}.{key}" if path else key, namespace, scope)
    return kind


def _avro_union(branches: list, path: str, namespace: str | None, scope: _AvroScope) -> str:
    seen: dict[str, int] = {}
    for index, branch in enumerate(branches):
        at = f"{path}[{index}]"
        if isinstance(branch, list):
            scope.fail(at, "is a union inside a union, which Avro does not allow; merge them")
            continue
        key = _avro(branch, at, namespace, scope)
        if key in seen and key != "?":
            scope.fail(
                at,
                f"repeats {key} (also {path}[{seen[key]}]); a union may hold each type once "
                "(named types once per name)",
            )
        seen.setdefault(key, index)
    if not branches:
        scope.fail(path, "is an empty union; list at least one type")
    return "union"


def _avro_named(schema, kind, path, namespace, scope) -> str:
    name = schema.get("name")
    at = f"{path}.name" if path else "name"
    if name is None:
        scope.fail(path, f'is a {kind} without "name"')
        return "?"
    if not _name_ok(name, at, scope):
        return "?"
    own = schema.get("namespace", namespace)
    if "namespace" in schema and schema["namespace"] not in ("", None):
        _name_ok(
            schema["namespace"], f"{path}.namespace" if path else "namespace", scope, "namespace"
        )
    full = _full_name(name, own or None)
    if full in AVRO_PRIMITIVES or name in AVRO_PRIMITIVES:
        scope.fail(at, f"{json.dumps(name)} is a primitive type's name; choose another")
    elif full in scope.named:
        scope.fail(at, f"redefines {full} (first defined at {scope.named[full] or 'the top'})")
    scope.named.setdefault(full, path)
    inner = full.rpartition(".")[0] or None  # the namespace its members resolve in
    if kind in ("record", "error"):
        _avro_fields(schema, path, inner, scope)
    elif kind == "enum":
        _avro_enum(schema, path, scope)
    else:
        size = schema.get("size")
        if isinstance(size, bool) or not isinstance(size, int) or size < 0:
            scope.fail(
                f"{path}.size" if path else "size",
                f'{json.dumps(size)} is not a size; a fixed needs "size", a whole number of bytes',
            )
    return full


def _avro_fields(schema, path, namespace, scope) -> None:
    fields = schema.get("fields")
    at = f"{path}.fields" if path else "fields"
    if not isinstance(fields, list):
        scope.fail(at, 'is missing or not a list; a record needs "fields": [{name, type}, ...]')
        return
    names: dict[str, int] = {}
    for index, item in enumerate(fields):
        here = f"{at}[{index}]"
        if not isinstance(item, dict):
            scope.fail(here, "is not an object; a field is {name, type}")
            continue
        name = item.get("name")
        if name is None:
            scope.fail(here, 'has no "name"')
        elif isinstance(name, str) and "." in name:
            scope.fail(
                f"{here}.name", f"{json.dumps(name)} has a dot; field names are simple names"
            )
        elif _name_ok(name, f"{here}.name", scope):
            if name in names:
                scope.fail(f"{here}.name", f"repeats {name} (also {at}[{names[name]}].name)")
            names.setdefault(name, index)
        if "type" not in item:
            scope.fail(here, 'has no "type"')
        else:
            _avro(item["type"], f"{here}.type", namespace, scope)


def _avro_enum(schema, path, scope) -> None:
    symbols = schema.get("symbols")
    at = f"{path}.symbols" if path else "symbols"
    if not isinstance(symbols, list) or not symbols:
        scope.fail(at, 'is missing or empty; an enum needs "symbols": ["A", "B", ...]')
        return
    seen = set()
    for index, symbol in enumerate(symbols):
        if not _name_ok(symbol, f"{at}[{index}]", scope, "enum symbol"):
            continue
        if "." in symbol:
            scope.fail(
                f"{at}[{index}]", f"{json.dumps(symbol)} has a dot; symbols are simple names"
            )
        if symbol in seen:
            scope.fail(f"{at}[{index}]", f"repeats {symbol}; enum symbols are unique")
        seen.add(symbol)
    default = schema.get("default")
    if default is not None and default not in seen:
        scope.fail(
            f"{path}.default" if path else "default", f"{json.dumps(default)} is not a symbol"
        )


# -- JSON Schema -------------------------------------------------------------------------

_SCHEMA_MAPS = ("properties", "patternProperties", "definitions", "$defs")
_SCHEMA_LISTS = ("allOf", "anyOf", "oneOf")
_SCHEMA_ONE = (
    "not", "additionalProperties", "additionalItems", "contains", "propertyNames",
    "if", "then", "else",
)  # fmt: skip


def json_schema_problems(text: str) -> list[str]:
    """What makes ``text`` not a JSON Schema object of a draft Glue supports."""
    document, problems = _parse_json(text)
    if problems:
        return problems
    if not isinstance(document, dict):
        return [f"the schema: is {type(document).__name__}, not a JSON Schema object ({{...}})"]
    declared = document.get("$schema")
    drafts = _rules()["json_schema_drafts"]
    known = {uri.rstrip("#").replace("https://", "http://"): name for uri, name in drafts.items()}
    if declared is not None and (
        not isinstance(declared, str)
        or declared.rstrip("#").replace("https://", "http://") not in known
    ):
        problems.append(
            f"$schema: {json.dumps(declared)} is not a draft Glue supports; use one of "
            + ", ".join(drafts)
        )
    _json_schema(document, "", problems)
    return problems


def _json_schema(schema: Any, path: str, problems: list[str]) -> None:
    if isinstance(schema, bool):
        return  # true / false schemas (draft-06 on)
    if not isinstance(schema, dict):
        problems.append(f"{path or 'the schema'}: {json.dumps(schema)} is not a schema object")
        return

    def at(key: str) -> str:
        return f"{path}.{key}" if path else key

    kind = schema.get("type")
    if kind is not None:
        kinds = kind if isinstance(kind, list) else [kind]
        bad = [k for k in kinds if k not in JSON_SCHEMA_TYPES]
        if bad or not kinds or len(set(map(str, kinds))) != len(kinds):
            problems.append(
                f"{at('type')}: {json.dumps(kind)} is not a type or a list of distinct types; "
                f"use {', '.join(JSON_SCHEMA_TYPES)}"
            )
    required = schema.get("required")
    if required is not None and (
        not isinstance(required, list)
        or not all(isinstance(r, str) for r in required)
        or len(set(required)) != len(required)
    ):
        problems.append(f"{at('required')}: is not a list of distinct property names")
    if "enum" in schema and (not isinstance(schema["enum"], list) or not schema["enum"]):
        problems.append(f"{at('enum')}: is not a non-empty list of values")
    for key in _SCHEMA_MAPS:
        if key in schema:
            members = schema[key]
            if not isinstance(members, dict):
                problems.append(f"{at(key)}: is not an object of schemas")
                continue
            for name, member in members.items():
                _json_schema(member, f"{at(key)}.{name}", problems)
    for key in _SCHEMA_LISTS:
        if key in schema:
            members = schema[key]
            if not isinstance(members, list) or not members:
                problems.append(f"{at(key)}: is not a non-empty list of schemas")
                continue
            for index, member in enumerate(members):
                _json_schema(member, f"{at(key)}[{index}]", problems)
    for key in _SCHEMA_ONE:
        if key in schema:
            _json_schema(schema[key], at(key), problems)
    items = schema.get("items")
    if isinstance(items, list):
        for index, member in enumerate(items):
            _json_schema(member, f"{at('items')}[{index}]", problems)
    elif items is not None:
        _json_schema(items, at("items"), problems)


# -- Protocol Buffers --------------------------------------------------------------------

_TOKEN = re.compile(
    r"""(?P<space>\s+)|(?P<line_comment>//[^\n]*)|(?P<block_comment>/\*.*?\*/)
    |(?P<string>"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
    |(?P<number>[-+]?(?:0[xX][0-9A-Fa-f]+|[0-9]+(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?|inf|nan)\b)
    |(?P<ident>\.?[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)
    |(?P<symbol>[{}\[\]()<>;=,:-])""",
    re.VERBOSE | re.DOTALL,
)


@dataclass(frozen=True)
class _Token:
    kind: str
    text: str
    line: int
    column: int

    @property
    def where(self) -> str:
        return f"line {self.line}, column {self.column}"


class _ProtoError(Exception):
    """Stops the parse at the first structural problem; its text says where."""


def _tokens(text: str) -> list[_Token]:
    tokens, position, line, line_start = [], 0, 1, 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:
            raise _ProtoError(
                f"line {line}, column {position - line_start + 1}: unexpected character "
                f"{text[position]!r}"
            )
        kind, value = match.lastgroup or "", match.group()
        if kind not in ("space", "line_comment", "block_comment"):
            tokens.append(_Token(kind, value, line, position - line_start + 1))
        newlines = value.count("\n")
        if newlines:
            line += newlines
            line_start = position + value.rindex("\n") + 1
        position = match.end()
    return tokens


class _Proto:
    """A recursive-descent reader of a .proto file's structure."""

    def __init__(self, text: str) -> None:
        self.tokens = _tokens(text)
        self.index = 0
        self.syntax = "proto2"  # protoc's assumption without a syntax statement
        self.problems: list[str] = []

    # -- tokens
    def peek(self, ahead: int = 0) -> _Token | None:
        spot = self.index + ahead
        return self.tokens[spot] if spot < len(self.tokens) else None

    def next_is(self, *texts: str) -> bool:
        token = self.peek()
        return token is not None and token.text in texts

    def take(self, what: str = "more") -> _Token:
        token = self.peek()
        if token is None:
            end = self.tokens[-1] if self.tokens else None
            where = f"after {end.where}" if end else "line 1, column 1"
            raise _ProtoError(f"{where}: the file ends where {what} was expected")
        self.index += 1
        return token

    def expect(self, text: str) -> _Token:
        token = self.take(f"'{text}'")
        if token.text != text:
            raise _ProtoError(f"{token.where}: expected '{text}', found '{token.text}'")
        return token

    def name(self, what: str) -> _Token:
        token = self.take(what)
        if token.kind != "ident":
            raise _ProtoError(f"{token.where}: expected {what}, found '{token.text}'")
        return token

    def statement_end(self) -> None:
        self.expect(";")

    def skip_options(self) -> None:
        """``[name = value, ...]`` after a field or enum value."""
        if self.next_is("["):
            depth = 0
            while True:
                token = self.take("']'")
                depth += token.text == "["
                depth -= token.text == "]"
                if depth == 0:
                    return

    def constant(self) -> None:
        token = self.take("a value")
        if token.text == "{":  # an aggregate option value: skip to its close
            depth = 1
            while depth:
                inner = self.take("'}'")
                depth += inner.text == "{"
                depth -= inner.text == "}"
        elif token.text == "-":
            self.take("a number")

    def unsupported(self, token: _Token, what: str) -> None:
        self.problems.append(
            f"{token.where}: {what} is not supported by the Glue Schema Registry "
            "(protobuf without extensions or groups); remove it"
        )

    # -- file
    def parse(self) -> None:
        first = True
        while self.peek() is not None:
            token = self.take()
            if token.text == "syntax":
                if not first:
                    raise _ProtoError(f"{token.where}: 'syntax' must be the file's first statement")
                self.expect("=")
                value = self.take("a quoted syntax")
                syntaxes = _rules()["protobuf_syntaxes"]
                if value.text.strip("'\"") not in syntaxes or value.kind != "string":
                    raise _ProtoError(
                        f"{value.where}: syntax {value.text} is not one Glue supports; use "
                        + " or ".join(f'"{s}"' for s in syntaxes)
                    )
                self.syntax = value.text.strip("'\"")
                self.statement_end()
            elif token.text == "edition":
                raise _ProtoError(
                    f"{token.where}: protobuf editions are not supported by the Glue Schema "
                    'Registry (proto2 and proto3 only); use syntax = "proto3";'
                )
            elif token.text == "package":
                self.name("a package name")
                self.statement_end()
            elif token.text == "import":
                if self.next_is("weak", "public"):
                    self.take()
                path = self.take("a quoted file name")
                if path.kind != "string":
                    raise _ProtoError(
                        f'{path.where}: an import names a quoted file, e.g. "a.proto"'
                    )
                self.statement_end()
            elif token.text == "option":
                self.option_body()
            elif token.text == "message":
                self.message(self.name("a message name"))
            elif token.text == "enum":
                self.enum(self.name("an enum name"))
            elif token.text == "service":
                self.service(self.name("a service name"))
            elif token.text == "extend":
                self.unsupported(token, "'extend'")
                self.name("a message name")
                self.block(token, self.message_statement, {})
            elif token.text == ";":
                pass
            else:
                raise _ProtoError(
                    f"{token.where}: '{token.text}' does not start a top-level statement "
                    "(syntax, package, import, option, message, enum, service)"
                )
            first = False

    def option_body(self) -> None:
        """``option name = value;`` (the name may be ``(custom).path``)."""
        token = self.take("an option name")
        if token.text == "(":
            self.name("an option name")
            self.expect(")")
            while (following := self.peek()) is not None and following.kind == "ident":
                self.take()
        elif token.kind != "ident":
            raise _ProtoError(f"{token.where}: expected an option name, found '{token.text}'")
        self.expect("=")
        self.constant()
        self.statement_end()

    def block(
        self, opener: _Token, statement: Callable[[_Token, dict], None], numbers: dict
    ) -> None:
        brace = self.take("'{'")
        if brace.text != "{":
            raise _ProtoError(
                f"{brace.where}: expected '{{' after {opener.text}, found '{brace.text}'"
            )
        while True:
            token = self.peek()
            if token is None:
                raise _ProtoError(
                    f"{brace.where}: the block of '{opener.text}' opened here is never closed; "
                    "add '}'"
                )
            if token.text == "}":
                self.take()
                return
            statement(self.take(), numbers)

    # -- message
    def message(self, name: _Token) -> None:
        self.block(name, self.message_statement, {"name": name.text, "fields": {}, "reserved": []})

    def message_statement(self, token: _Token, message: dict) -> None:
        text = token.text
        if text == ";":
            return
        if text == "message":
            self.message(self.name("a message name"))
        elif text == "enum":
            self.enum(self.name("an enum name"))
        elif text == "option":
            self.option_body()
        elif text == "reserved":
            self.reserved(message)
        elif text in ("extensions", "extend", "group"):
            self.unsupported(token, f"'{text}'")
            self.skip_statement()
        elif text == "oneof":
            name = self.name("a oneof name")
            self.block(name, lambda t, _m: self.oneof_statement(t, message), {})
        elif text == "map":
            self.map_field(token, message)
        else:
            self.field(token, message)

    def skip_statement(self) -> None:
        depth = 0
        while True:
            token = self.take("';'")
            depth += token.text == "{"
            depth -= token.text == "}"
            if depth <= 0 and token.text in (";", "}"):
                return

    def oneof_statement(self, token: _Token, message: dict) -> None:
        if token.text == "option":
            self.option_body()
        elif token.text in ("optional", "required", "repeated"):
            raise _ProtoError(f"{token.where}: fields of a oneof take no label ('{token.text}')")
        elif token.kind == "ident":
            self.numbered_field(token, message)
        elif token.text != ";":
            raise _ProtoError(f"{token.where}: expected a oneof field, found '{token.text}'")

    def field(self, token: _Token, message: dict) -> None:
        """``[label] type name = number [options];``"""
        if token.text in ("optional", "required", "repeated"):
            if token.text == "required" and self.syntax == "proto3":
                self.problems.append(
                    f"{token.where}: 'required' fields do not exist in proto3; remove the label"
                )
            kind = self.name("a field type")
        else:
            kind = token
            if kind.kind != "ident":
                raise _ProtoError(f"{kind.where}: expected a field, found '{kind.text}'")
            if self.syntax == "proto2" and kind.text not in ("map",):
                self.problems.append(
                    f"{kind.where}: proto2 fields need a label (optional, required or repeated)"
                )
        if kind.text == "group":
            self.unsupported(kind, "'group'")
            self.skip_statement()
            return
        self.numbered_field(kind, message)

    def map_field(self, token: _Token, message: dict) -> None:
        self.expect("<")
        key = self.name("a map key type")
        if key.text not in PROTO_MAP_KEYS:
            self.problems.append(
                f"{key.where}: {key.text} can't be a map key; use an integer type, bool or string"
            )
        self.expect(",")
        self.name("a map value type")
        self.expect(">")
        self.numbered_field(token, message)

    def numbered_field(self, kind: _Token, message: dict) -> None:
        name = self.name("a field name")
        self.expect("=")
        number = self.take("a field number")
        self.field_number(number, name, message)
        self.skip_options()
        self.statement_end()

    def field_number(self, number: _Token, name: _Token, message: dict) -> None:
        try:
            value = int(number.text, 0)
        except ValueError:
            raise _ProtoError(f"{number.where}: {number.text} is not a field number") from None
        low, high = PROTO_RESERVED_RANGE
        if not 1 <= value <= PROTO_MAX_FIELD:
            self.problems.append(
                f"{number.where}: field {name.text} = {value} is out of range; use 1 to "
                f"{PROTO_MAX_FIELD}"
            )
        elif low <= value <= high:
            self.problems.append(
                f"{number.where}: field {name.text} = {value} is in {low}-{high}, reserved for "
                "the protobuf implementation; use another number"
            )
        fields = message["fields"]
        if value in fields:
            self.problems.append(
                f"{number.where}: field {name.text} = {value} repeats the number of field "
                f"{fields[value]} in message {message['name']}; field numbers are unique"
            )
        elif any(start <= value <= end for start, end in message["reserved"]):
            self.problems.append(
                f"{number.where}: field {name.text} = {value} uses a number message "
                f"{message['name']} reserves"
            )
        fields.setdefault(value, name.text)

    def reserved(self, message: dict) -> None:
        while True:
            token = self.take("a reserved number or name")
            if token.kind == "number":
                start = end = int(token.text, 0)
                if self.next_is("to"):
                    self.take()
                    upper = self.take("a number or max")
                    end = PROTO_MAX_FIELD if upper.text == "max" else int(upper.text, 0)
                message["reserved"].append((start, end))
            elif token.kind not in ("string", "ident"):
                raise _ProtoError(f"{token.where}: expected a reserved number or name")
            separator = self.take("';'")
            if separator.text == ";":
                return
            if separator.text != ",":
                raise _ProtoError(
                    f"{separator.where}: expected ',' or ';', found '{separator.text}'"
                )

    # -- enum and service
    def enum(self, name: _Token) -> None:
        values: dict = {"name": name.text, "fields": {}, "reserved": [], "first": None}
        self.block(name, self.enum_statement, values)
        if not values["fields"] and values["first"] is None:
            self.problems.append(f"{name.where}: enum {name.text} has no values; add one")

    def enum_statement(self, token: _Token, values: dict) -> None:
        if token.text == ";":
            return
        if token.text == "option":
            self.option_body()
            return
        if token.text == "reserved":
            self.reserved(values)
            return
        if token.kind != "ident":
            raise _ProtoError(f"{token.where}: expected an enum value, found '{token.text}'")
        self.expect("=")
        sign = -1 if self.next_is("-") else 1
        if sign < 0:
            self.take()
        number = self.take("a value number")
        try:
            value = sign * int(number.text, 0)
        except ValueError:
            raise _ProtoError(f"{number.where}: {number.text} is not an enum number") from None
        if values["first"] is None:
            values["first"] = value
            if self.syntax == "proto3" and value != 0:
                self.problems.append(
                    f"{number.where}: the first value of proto3 enum {values['name']} must be 0"
                )
        self.skip_options()
        self.statement_end()
        values["fields"].setdefault(value, token.text)

    def service(self, name: _Token) -> None:
        self.block(name, self.service_statement, {})

    def service_statement(self, token: _Token, _unused: dict) -> None:
        if token.text == ";":
            return
        if token.text == "option":
            self.option_body()
            return
        if token.text != "rpc":
            raise _ProtoError(f"{token.where}: a service holds rpc and option statements")
        rpc = self.name("an rpc name")
        for keyword in ("(", None, ")", "returns", "(", None, ")"):
            if keyword is None:
                if self.next_is("stream"):
                    self.take()
                self.name("a message type")
            else:
                self.expect(keyword)
        if self.next_is("{"):
            self.block(rpc, lambda t, _m: self.option_body() if t.text == "option" else None, {})
        else:
            self.statement_end()


def protobuf_problems(text: str) -> list[str]:
    """What makes ``text`` not a .proto file Glue can register."""
    try:
        reader = _Proto(text)
    except _ProtoError as error:
        return [str(error)]
    try:
        reader.parse()
    except _ProtoError as error:  # what was found before the parse had to stop, then why
        return [*reader.problems, str(error)]
    if not reader.tokens:
        return ["the file has no statements"]
    return reader.problems


CHECKERS: dict[str, Callable[[str], list[str]]] = {
    "AVRO": avro_problems,
    "JSON": json_schema_problems,
    "PROTOBUF": protobuf_problems,
}


def definition_problems(data_format: str, text: str) -> list[str]:
    """The problems of one definition in ``data_format`` (AVRO, JSON or PROTOBUF)."""
    return CHECKERS[data_format](text)
