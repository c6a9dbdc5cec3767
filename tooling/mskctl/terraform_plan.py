"""The offline plan as a Terraform plan (`terraform show -json` layout), for scanners.

checkov and trivy can't read a Pulumi program, but both scan Terraform plans. Each AWS
resource of the plan becomes a planned resource with its Terraform type, address and
snake_case attributes, nested objects as one-element block lists. Values not known before
deployment are left out of ``values`` and marked in ``after_unknown`` (never invented); where
they come from another resource of the stack, ``configuration`` names it, as Terraform's own
references do. Secret values are never written: the attribute is left out and marked
sensitive.
"""

import re
from dataclasses import dataclass, field

from .plan import SECRET_SHOWN
from .terraform_schema import (
    FREE_FORM_MAPS,
    PROVIDER_NAME,
    REFERENCED_ATTRIBUTES,
    TERRAFORM_TYPES,
    terraform_attribute,
)

FORMAT_VERSION = "1.2"
# The plan layout this export follows; no Terraform ran.
TERRAFORM_VERSION = "1.9.8"


@dataclass
class _Block:
    """One object's attributes: known values, and the shape of what is unknown or secret."""

    values: dict = field(default_factory=dict)
    unknown: dict = field(default_factory=dict)
    sensitive: dict = field(default_factory=dict)


def terraform_plan(document: dict) -> dict:
    """The plan document (from ``build_plan(..., with_dependencies=True)`` for references)
    as a Terraform JSON plan of its AWS resources."""
    exported = [r for r in document["resources"] if r["type"] in TERRAFORM_TYPES]
    addresses = _addresses(exported)
    planned, changes, configured = [], [], []
    for resource in exported:
        key = f"{resource['type']}::{resource['name']}"
        tf_type, tf_name = addresses[key]
        block = _block(tf_type, resource["inputs"])
        head = {
            "address": f"{tf_type}.{tf_name}",
            "mode": "managed",
            "type": tf_type,
            "name": tf_name,
            "provider_name": PROVIDER_NAME,
        }
        planned.append(
            {
                **head,
                "schema_version": 0,
                "values": block.values,
                "sensitive_values": block.sensitive,
            }
        )
        changes.append(
            {
                **head,
                "change": {
                    "actions": ["create"],
                    "before": None,
                    "after": block.values,
                    "after_unknown": block.unknown,
                    "before_sensitive": False,
                    "after_sensitive": block.sensitive,
                },
            }
        )
        dependencies = resource.get("dependencies") or {}
        configured.append(
            {
                "address": head["address"],
                "mode": "managed",
                "type": tf_type,
                "name": tf_name,
                "provider_config_key": "aws",
                "expressions": _expressions(tf_type, resource["inputs"], dependencies, addresses),
                "schema_version": 0,
            }
        )
    return {
        "format_version": FORMAT_VERSION,
        "terraform_version": TERRAFORM_VERSION,
        "planned_values": {"root_module": {"resources": planned}},
        "resource_changes": changes,
        "configuration": {
            "provider_config": {"aws": {"name": "aws", "full_name": PROVIDER_NAME}},
            "root_module": {"resources": configured},
        },
    }


def left_out(document: dict) -> list[str]:
    """AWS resources of the plan the export has no Terraform type for (type::name)."""
    return [
        f"{r['type']}::{r['name']}"
        for r in document["resources"]
        if r["type"].startswith("aws:") and r["type"] not in TERRAFORM_TYPES
    ]


def _addresses(resources: list[dict]) -> dict:
    """type::name -> (Terraform type, Terraform name), names made valid and unique per type."""
    taken: set = set()
    out = {}
    for resource in resources:
        tf_type = TERRAFORM_TYPES[resource["type"]]
        base = re.sub(r"[^A-Za-z0-9_]", "_", resource["name"])
        base = base if re.match(r"[A-Za-z_]", base) else f"r_{base}"
        name, counter = base, 1
        while (tf_type, name) in taken:
            counter += 1
            name = f"{base}_{counter}"
        taken.add((tf_type, name))
        out[f"{resource['type']}::{resource['name']}"] = (tf_type, name)
    return out


def _block(tf_type: str, inputs: dict) -> _Block:
    block = _Block()
    for key in sorted(inputs):
        name = terraform_attribute(tf_type, key)
        value = inputs[key]
        if _secret(value):
            block.sensitive[name] = True
        elif _unknown(value):
            block.unknown[name] = True
        elif key in FREE_FORM_MAPS and isinstance(value, dict):
            block.values[name] = {k: v for k, v in value.items() if v not in (None, SECRET_SHOWN)}
        elif isinstance(value, dict):
            _nested(block, name, [_block(tf_type, value)])
        elif isinstance(value, list) and any(isinstance(item, dict) for item in value):
            _nested(
                block, name, [_block(tf_type, item) for item in value if isinstance(item, dict)]
            )
        else:
            block.values[name] = value
    return block


def _unknown(value) -> bool:
    """Not known before deployment: null, or a list holding a null (left out whole, as
    scanners can't read a null inside a list)."""
    return value is None or (isinstance(value, list) and None in value)


def _secret(value) -> bool:
    return value == SECRET_SHOWN or (isinstance(value, list) and SECRET_SHOWN in value)


def _nested(block: _Block, name: str, inner: list[_Block]) -> None:
    """Nested objects as a list of blocks; unknown and secret shapes only where they occur."""
    block.values[name] = [b.values for b in inner]
    if any(b.unknown for b in inner):
        block.unknown[name] = [b.unknown for b in inner]
    if any(b.sensitive for b in inner):
        block.sensitive[name] = [b.sensitive for b in inner]


def _expressions(tf_type: str, inputs: dict, dependencies: dict, addresses: dict) -> dict:
    """The resource's configuration as Terraform writes it: a constant per known value, the
    references behind each unknown one, a list of blocks per nested object. Scanners read
    the block structure (trivy) and the references (checkov connects resources by them)."""
    out = {}
    for key in sorted(inputs):
        sources = [addresses[d] for d in dependencies.get(key, []) if d in addresses]
        expression = _expression(tf_type, key, inputs[key], sources)
        if expression is not None:
            out[terraform_attribute(tf_type, key)] = expression
    return out


def _expression(tf_type: str, key: str, value, sources: list):
    name = terraform_attribute(tf_type, key)
    if _secret(value) or _unknown(value):
        return _references(name, sources)
    if key in FREE_FORM_MAPS and isinstance(value, dict):
        return {"constant_value": {k: v for k, v in value.items() if v != SECRET_SHOWN}}
    if isinstance(value, dict):
        return [_block_expressions(tf_type, value, sources)]
    if isinstance(value, list) and any(isinstance(item, dict) for item in value):
        return [
            _block_expressions(tf_type, item, sources) for item in value if isinstance(item, dict)
        ]
    return {"constant_value": value}


def _block_expressions(tf_type: str, value: dict, sources: list) -> dict:
    out = {}
    for key in sorted(value):
        expression = _expression(tf_type, key, value[key], sources)
        if expression is not None:
            out[terraform_attribute(tf_type, key)] = expression
    return out


def _references(name: str, sources: list) -> dict | None:
    """The resources an unknown value came from, as Terraform lists them: the attribute
    (when the table knows which one the wiring takes) and the resource."""
    wanted = REFERENCED_ATTRIBUTES.get(name, {})
    matching = [s for s in sources if s[0] in wanted] or sources
    references = []
    for tf_type, tf_name in matching:
        if tf_type in wanted:
            references.append(f"{tf_type}.{tf_name}.{wanted[tf_type]}")
        references.append(f"{tf_type}.{tf_name}")
    return {"references": references} if references else None
