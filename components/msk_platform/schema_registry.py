"""SchemaRegistry: a Glue Schema Registry and its schemas, on its own or beside a cluster.

The schemas that keep producers honest, declared with the code that uses them::

    registry = SchemaRegistry(
        "orders",
        {
            "name": "orders",
            "schemas": [
                {"name": "orders-value", "data_format": "AVRO", "definition": ORDER_AVSC},
            ],
        },
    )
    pulumi.export("schemaArns", registry.schema_arns)

Its args are checked as ``msk:schemaRegistry`` is (names, each definition's syntax for its
format), before anything is registered; problems are named ``SchemaRegistry.<field>``. A
cluster's own registry comes from ``msk:schemaRegistry`` instead, whose schemas
``msk:grants[].schemas`` and ``grant_produce``/``grant_consume(schemas=...)`` let clients use.
The registry costs nothing (AWS Glue pricing: catalog ``pricing.glue_schema_registry``).
"""

# No `from __future__ import annotations` here: Pulumi's component analyzer reads these
# annotations at run time to publish the component to other languages.
from collections.abc import Mapping, Sequence
from typing import Any, NotRequired, TypedDict

import pulumi

from .args import SchemaArgs
from .builders.schema_registry import build_schema_registry
from .component_args import companion_tags, envelope_problems, read_tags
from .errors import MskConfigError, Problem
from .spec.cluster_spec import read_item
from .spec.schema_rules import SchemaRegistrySpec, registry_problems, registry_spec
from .spec.values import INVALID

TYPE_TOKEN = "msk:index:SchemaRegistry"
LABEL = "SchemaRegistry"


class SchemaRegistryArgs(TypedDict):
    """A Glue Schema Registry and the schemas it holds."""

    name: str
    """Registry name: 1–255 of `a-z A-Z 0-9 - _ $ # .`."""
    schemas: NotRequired[Sequence[SchemaArgs]]
    """Schemas `[{name, data_format, compatibility, definition}]`, syntax checked. Default: []."""
    tags: NotRequired[Mapping[str, pulumi.Input[str]]]
    """Tags on the registry and schemas, over `project`, `stack` and `managed-by`. Default: `{}`."""


_ARG_NAMES = ("name", "schemas", "tags")


class SchemaRegistry(pulumi.ComponentResource):
    """A Glue Schema Registry with its schemas (Avro, JSON Schema or Protobuf)."""

    registry_arn: pulumi.Output[str]
    """ARN of the registry (the resource serializers and grants name)."""
    registry_name: pulumi.Output[str]
    """Name of the registry."""
    schema_arns: pulumi.Output[Mapping[str, str]]
    """ARN of each schema, by schema name."""
    latest_versions: pulumi.Output[Mapping[str, int]]
    """Latest version number of each schema, by schema name (a new definition adds one)."""

    def __init__(
        self,
        name: str,
        args: SchemaRegistryArgs,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        # Validate before registering anything, so a bad argument leaves nothing half made.
        registry, tags = _checked(name, args, opts)
        super().__init__(TYPE_TOKEN, name, None, opts)
        merged = companion_tags(tags, name)
        self.spec = registry
        self.built = build_schema_registry(registry, name, self, merged)
        self.registry_arn = self.built.registry.arn
        self.registry_name = self.built.registry.registry_name
        self.schema_arns = self.built.schema_arns
        self.latest_versions = self.built.latest_versions
        self.register_outputs(
            {
                "registryArn": self.registry_arn,
                "registryName": self.registry_name,
                "schemaArns": self.schema_arns,
                "latestVersions": self.latest_versions,
            }
        )


def _checked(name: Any, args: Any, opts: Any) -> tuple[SchemaRegistrySpec, dict]:
    """The registry's spec and its tags, or MskConfigError naming every problem."""
    problems = envelope_problems(
        name,
        args,
        opts,
        label=LABEL,
        args_type="SchemaRegistryArgs",
        arg_names=_ARG_NAMES,
        example_name="orders",
    )
    raw = {field: args.get(field) for field in ("name", "schemas") if args.get(field) is not None}
    registry, read_problems = read_item("schemaRegistry", raw, LABEL)
    problems += read_problems
    tags = read_tags(args.get("tags"), LABEL, problems)
    if registry is not INVALID:
        problems += [Problem(key, message) for key, message in registry_problems(registry, LABEL)]
    if problems:
        raise MskConfigError(problems)
    return registry_spec(registry), tags
