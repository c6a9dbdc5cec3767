"""Where a deployment's state lives, which secrets provider it uses, and the config it gets.

Plain functions over the arguments, the environment and the stack file, so that every choice
the Automation API verbs make is testable without the Pulumi CLI.
"""

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from .overrides import parse_override

STATE_FOLDER = ".pulumi-state"  # inside the project, ignored by git
PASSPHRASE = "PULUMI_CONFIG_PASSPHRASE"
PASSPHRASE_FILE = "PULUMI_CONFIG_PASSPHRASE_FILE"
BACKEND_URL = "PULUMI_BACKEND_URL"
DEFAULT_SECRETS_PROVIDER = "passphrase"


class MissingPassphraseError(Exception):
    """The passphrase secrets provider is chosen but the environment does not give one."""


def resolve_backend(flag: str | None, environ: Mapping[str, str], project_dir: Path) -> str:
    """``--backend`` wins, then ``PULUMI_BACKEND_URL``, then a file backend in the project, so
    nobody needs a Pulumi Cloud account to start."""
    if flag:
        return flag
    if environ.get(BACKEND_URL):
        return environ[BACKEND_URL]
    return f"file://{Path(project_dir).resolve() / STATE_FOLDER}"


def local_state_folder(backend: str) -> Path | None:
    """The folder of a ``file://`` backend (``~`` expanded), None for any other backend."""
    if not backend.startswith("file://"):
        return None
    return Path(os.path.expanduser(backend[len("file://") :]))


def resolve_secrets_provider(flag: str | None, stack_file: Mapping[str, Any]) -> str:
    """``--secrets-provider`` wins, then the stack file's own ``secretsprovider`` (what the CLI
    would use), then the passphrase provider."""
    return flag or stack_file.get("secretsprovider") or DEFAULT_SECRETS_PROVIDER


def check_passphrase(secrets_provider: str, environ: Mapping[str, str]) -> None:
    """Raise MissingPassphraseError, naming the variable, when the passphrase provider can't work.
    An empty passphrase is allowed, as the CLI allows it; an unreadable file is not."""
    if secrets_provider != DEFAULT_SECRETS_PROVIDER or PASSPHRASE in environ:
        return
    path = environ.get(PASSPHRASE_FILE)
    if path is None:
        raise MissingPassphraseError(
            f"{PASSPHRASE} is not set: the passphrase secrets provider needs it (or "
            f"{PASSPHRASE_FILE} naming a file that holds it)"
        )
    if not Path(path).is_file() or not os.access(path, os.R_OK):
        raise MissingPassphraseError(
            f"{PASSPHRASE_FILE} names {path}, which is not a readable file"
        )


def read_stack_file(project_dir: Path, stack: str) -> dict:
    """``Pulumi.<stack>.yaml`` as a document (the offline config loader has already checked
    that it exists and parses)."""
    path = Path(project_dir) / f"Pulumi.{stack}.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


def compose_stack_file(stack_file: Mapping[str, Any], overrides: list[str], project: str) -> dict:
    """The stack file with ``--set`` overrides applied, for one operation.

    Everything else (``encryptionsalt``, ``secretsprovider``, ``secure:`` values) is kept, so the
    CLI decrypts the composed file exactly as it would the original. Values are YAML, as in
    ``mskctl plan --set``; an empty value removes the key.
    """
    document = dict(stack_file)
    config = dict(document.get("config") or {})
    for text in overrides:
        key, engine_value = parse_override(text)  # raises OverrideError when malformed
        # A bare key in a stack file is the project's namespace (the engine's rule), so it is
        # the same key only when the project is named after the override's namespace.
        bare = key.split(":", 1)[1] if key.startswith(f"{project}:") else None
        config.pop(key, None)
        if bare is not None:
            config.pop(bare, None)
        if engine_value is not None:
            config[key] = yaml.safe_load(text.partition("=")[2])
    document["config"] = config
    return document


def protected_resources(plan_document: Mapping[str, Any]) -> list[str]:
    """``type name`` of each resource the offline plan marks protected (``msk:protect``)."""
    return sorted(
        f"{resource['type']} {resource['name']}"
        for resource in plan_document.get("resources", [])
        if resource["options"]["protect"]
    )


def destroy_refusal(stack: str, protected: list[str], confirmed: bool) -> str | None:
    """Why ``destroy`` won't start (None when it may): a protected stack needs ``--yes``."""
    if not protected or confirmed:
        return None
    return (
        f"refusing to destroy stack {stack}: it protects {', '.join(protected)} (msk:protect). "
        "Pass --yes to attempt it; Pulumi still keeps protected resources until "
        "`msk:protect: false` has been deployed with `mskctl up`."
    )
