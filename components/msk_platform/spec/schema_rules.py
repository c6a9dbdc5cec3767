"""Rules for a Glue Schema Registry and its schemas (``msk:schemaRegistry``, SchemaRegistry).

Names follow Glue's pattern and length (botocore SchemaRegistryNameString), each schema name
once, each definition within Glue's size and well formed for its data format
(``schema_syntax``). Grants may name schemas (``msk:grants[].schemas``): each must be one of
the registry's, so a grant never reaches a schema the stack does not declare.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .. import catalog
from .draft import Draft
from .schema_syntax import definition_problems
from .values import show


@dataclass(frozen=True)
class SchemaSpec:
    """One schema: its first version is ``definition``; a changed one is a new version."""

    name: str
    data_format: str  # AVRO | JSON | PROTOBUF
    compatibility: str
    definition: str


@dataclass(frozen=True)
class SchemaRegistrySpec:
    """A Glue registry and the schemas it holds."""

    name: str
    schemas: tuple = ()  # SchemaSpec

    @property
    def schema_names(self) -> tuple[str, ...]:
        return tuple(schema.name for schema in self.schemas)


def rules() -> dict[str, Any]:
    """The catalog's facts about the Glue Schema Registry (each with its source)."""
    return catalog.raw()["schema_registry"]


def name_problem(name: Any) -> str | None:
    """Why ``name`` is not a Glue registry or schema name, or None."""
    rule = rules()["name"]
    if not isinstance(name, str):
        return None  # the reader reported its type
    if not rule["min_chars"] <= len(name) <= rule["max_chars"] or not re.fullmatch(
        rule["pattern"], name, re.ASCII
    ):
        return (
            f"{show(name)} is not a Glue schema registry name; use {rule['min_chars']}–"
            f"{rule['max_chars']} of a-z A-Z 0-9 and - _ $ # . (no spaces)"
        )
    return None


def definition_problem_messages(data_format: str, definition: Any) -> list[str]:
    """Size first (Glue's limit), then syntax per format."""
    if not isinstance(definition, str):
        return []
    limit = rules()["definition_max_chars"]
    if not definition.strip():
        return ["is empty; give the schema's text (an .avsc, JSON Schema or .proto file)"]
    if len(definition) > limit:
        return [
            f"is {len(definition)} characters, more than Glue's {limit}; split the schema or "
            "move shared parts into their own schemas"
        ]
    if data_format not in rules()["data_formats"]:
        return []
    return [
        f"is not a valid {data_format} schema: {message}"
        for message in definition_problems(data_format, definition)
    ]


def registry_problems(registry: Mapping, label: str) -> list[tuple[str, str]]:
    """(key, message) for each problem of a registry read from its key (snake_case fields);
    ``label`` is ``msk:schemaRegistry`` or the component's ``SchemaRegistry``."""
    problems = []
    name = registry.get("name")
    if name is None:
        problems.append((f"{label}.name", "is required: the registry's name, e.g. 'orders'"))
    elif (message := name_problem(name)) is not None:
        problems.append((f"{label}.name", message))
    first: dict[str, int] = {}
    for index, schema in enumerate(registry.get("schemas") or ()):
        at = f"{label}.schemas[{index}]"
        schema_name = schema.get("name")
        if schema_name is None:
            problems.append((f"{at}.name", "is required: the schema's name, e.g. 'orders-value'"))
        elif (message := name_problem(schema_name)) is not None:
            problems.append((f"{at}.name", message))
        elif schema_name in first:
            problems.append(
                (
                    f"{at}.name",
                    f"{show(schema_name)} is also {label}.schemas[{first[schema_name]}]'s name; "
                    "a registry holds each schema name once",
                )
            )
        else:
            first[schema_name] = index
        for required in ("data_format", "definition"):
            if schema.get(required) is None:
                camel = "dataFormat" if required == "data_format" else required
                accepted = " or ".join(rules()["data_formats"]) if camel == "dataFormat" else ""
                problems.append(
                    (f"{at}.{camel}", f"is required{'; use ' + accepted if accepted else ''}")
                )
        for message in definition_problem_messages(
            schema.get("data_format"), schema.get("definition")
        ):
            problems.append((f"{at}.definition", message))
    return problems


def registry_spec(value: Mapping) -> SchemaRegistrySpec:
    """The spec of a registry whose key was read and checked."""
    return SchemaRegistrySpec(
        name=value["name"],
        schemas=tuple(
            SchemaSpec(
                name=schema["name"],
                data_format=schema["data_format"],
                compatibility=schema["compatibility"],
                definition=schema["definition"],
            )
            for schema in value.get("schemas") or ()
        ),
    )


def grant_schema_problems(
    schemas: Any, declared: tuple[str, ...] | None, label: str
) -> list[tuple[str, str]]:
    """(key, message) for schema names a grant gives that the stack's registry does not hold
    (``declared`` None: the stack has no registry)."""
    if not schemas:
        return []
    if declared is None:
        return [
            (
                label,
                "names schemas, but this stack declares no msk:schemaRegistry; declare the "
                "registry and its schemas, or remove schemas",
            )
        ]
    problems = []
    for index, name in enumerate(schemas):
        if name not in declared:
            hint = ", ".join(declared) if declared else "none yet"
            problems.append(
                (
                    f"{label}[{index}]",
                    f"{show(name)} is not a schema of msk:schemaRegistry; use one of its schemas "
                    f"({hint})",
                )
            )
    return problems


def check_schema_registry(draft: Draft) -> None:
    """msk:schemaRegistry's names and definitions, and the schemas msk:grants names."""
    registry = draft.value("schemaRegistry")
    declared: tuple[str, ...] | None = None
    if registry and draft.ok("schemaRegistry"):
        for key, message in registry_problems(registry, "msk:schemaRegistry"):
            draft.reader.fail(key, message)
        declared = tuple(s["name"] for s in registry.get("schemas") or () if s.get("name"))
    elif not draft.ok("schemaRegistry"):
        return  # reported already; the grants' schema names can't be judged against it
    grants = draft.value("grants")
    if not grants or not draft.ok("grants"):
        return
    for index, grant in enumerate(grants):
        label = f"msk:grants[{index}]"
        schemas = grant.get("schemas")
        for key, message in grant_schema_problems(schemas, declared, f"{label}.schemas"):
            draft.reader.fail(key, message)
        if schemas and not (grant.get("produce") or grant.get("consume")):
            draft.reader.fail(
                f"{label}.schemas",
                "are given but nothing to produce or consume; the Glue permissions go with "
                "produce (serializers) or consume (deserializers)",
            )
