"""A Glue Schema Registry and one Glue schema per declared schema.

How the provider changes them (catalog ``schema_registry``, tooling lifecycle.json): a new
definition registers a new schema version (earlier versions stay, so consumers can still read
older records), a new compatibility is set in place, a new schema or registry name makes a new
one. A schema's data format and registry can't change in Glue and the provider neither
updates nor replaces on them, so they are marked to replace the schema: otherwise the change
would show in every preview and never be made.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import pulumi
import pulumi_aws as aws

from ..spec.schema_rules import SchemaRegistrySpec

# Inputs Glue can't change on a schema that the provider does not replace on by itself.
REPLACED_ON = ["dataFormat", "registryArn"]


@dataclass(frozen=True)
class BuiltRegistry:
    """The registry and its schemas by name."""

    registry: aws.glue.Registry
    schemas: Mapping[str, aws.glue.Schema]

    @property
    def schema_arns(self) -> pulumi.Output:
        """Schema ARN by schema name."""
        return _by_name({n: s.arn for n, s in self.schemas.items()})

    @property
    def latest_versions(self) -> pulumi.Output:
        """Latest schema version number by schema name."""
        return _by_name({n: s.latest_schema_version for n, s in self.schemas.items()})


def _by_name(outputs: Mapping[str, Any]) -> pulumi.Output:
    return pulumi.Output.all(**outputs) if outputs else pulumi.Output.from_input({})


def _child(parent: pulumi.Resource, kind: type, **options: Any) -> pulumi.ResourceOptions:
    """A child's options where no cluster spec decides protection: only the parent's own
    ``protect`` reaches it (the engine's inheritance)."""
    return pulumi.ResourceOptions(parent=parent, **options)


def build_schema_registry(
    registry: SchemaRegistrySpec,
    name: str,
    parent: pulumi.Resource,
    tags: Mapping[str, Any],
    options: Callable[..., pulumi.ResourceOptions] | None = None,
) -> BuiltRegistry:
    """``options(parent, kind, **options)`` gives each child's options; MskCluster passes
    builders.safety's, so ``msk:protect`` and ``msk:retainOnDelete`` keep the registry and
    its schemas: a deleted schema version leaves every record serialized with it unreadable."""
    child = options or _child
    made = aws.glue.Registry(
        f"{name}-schema-registry",
        registry_name=registry.name,
        tags=dict(tags),
        opts=child(parent, aws.glue.Registry),
    )
    schemas = {
        schema.name: aws.glue.Schema(
            f"{name}-schema-{schema.name}",
            schema_name=schema.name,
            registry_arn=made.arn,
            data_format=schema.data_format,
            compatibility=schema.compatibility,
            schema_definition=schema.definition,
            tags=dict(tags),
            opts=child(parent, aws.glue.Schema, replace_on_changes=REPLACED_ON),
        )
        for schema in registry.schemas
    }
    return BuiltRegistry(made, schemas)
