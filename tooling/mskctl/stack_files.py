"""Reading ``Pulumi.yaml`` and ``Pulumi.<stack>.yaml`` the way the engine hands config over."""

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml


class StackFileError(Exception):
    """A stack that does not exist or a file that can't be read: a usage error, not config."""


@dataclass
class StackConfig:
    project: str
    stack: str
    values: dict[str, str] = field(default_factory=dict)  # full key -> text, as the engine sends
    secure_keys: list[str] = field(default_factory=list)  # encrypted values, unreadable offline


def project_name(project_dir: Path) -> str:
    path = Path(project_dir) / "Pulumi.yaml"
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as error:
        raise StackFileError(f"can't read {path}: {error}") from error
    if not isinstance(document, dict) or not document.get("name"):
        raise StackFileError(f"{path} has no project name")
    return str(document["name"])


def engine_text(value: Any) -> str:
    """A YAML value as the engine passes it to a program: text, objects and lists as JSON."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return json.dumps(value)
    return str(value)


def load_stack_config(project_dir: Path, stack: str) -> StackConfig:
    project = project_name(project_dir)
    path = Path(project_dir) / f"Pulumi.{stack}.yaml"
    if not path.exists():
        known = sorted(
            p.name[len("Pulumi.") : -len(".yaml")] for p in Path(project_dir).glob("Pulumi.*.yaml")
        )
        raise StackFileError(
            f"no stack '{stack}': {path.name} does not exist (stacks: {', '.join(known)})"
        )
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as error:
        raise StackFileError(f"can't read {path}: {error}") from error
    raw = document.get("config") or {}
    if not isinstance(raw, dict):
        raise StackFileError(f"{path}: 'config' must be a map of keys to values")
    config = StackConfig(project=project, stack=stack)
    for key, value in raw.items():
        full = key if ":" in key else f"{project}:{key}"
        if isinstance(value, dict) and set(value) == {"secure"}:
            config.secure_keys.append(full)
            continue
        config.values[full] = engine_text(value)
    return config
