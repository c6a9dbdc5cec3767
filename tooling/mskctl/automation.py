"""The thin layer over ``pulumi.automation``: open this project's stack, run one operation.

Every decision (backend, secrets provider, config, destroy guard, exit status, what a line
says) is made by plain functions elsewhere; this module only makes the calls, and it is the
only code that needs the Pulumi CLI. The workspace is this project's folder, so the CLI runs
the same ``__main__.py`` with the same ``Pulumi.<stack>.yaml`` a person would.
"""

import json
import subprocess
import tempfile
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import yaml
from pulumi import automation as auto

from .deploy_settings import BACKEND_URL, local_state_folder

OPERATIONS = ("preview", "up", "refresh", "destroy")


class PulumiCliMissingError(Exception):
    """The Pulumi CLI can't be run: not on PATH, failing, or older than the SDK accepts."""


class CliAnswerError(Exception):
    """The CLI answered, but not with the JSON the SDK reads (a CLI this SDK can't drive)."""


@contextmanager
def readable_answers(what: str) -> Iterator[None]:
    """The SDK parses the CLI's JSON answers itself (outputs, history): one it can't read is
    a CliAnswerError naming ``what`` was asked, never a bare JSONDecodeError."""
    try:
        yield
    except json.JSONDecodeError as error:
        raise CliAnswerError(
            f"the Pulumi CLI's answer to {what} is not the JSON this SDK reads ({error.msg}); "
            "check that `pulumi version` is one this SDK supports"
        ) from error


@dataclass
class Ran:
    changes: Mapping[auto.OpType, int]  # the engine's changes by kind
    # name -> OutputValue; None when the operation gives none (preview)
    outputs: Mapping[str, auto.OutputValue] | None


def local_workspace(project_dir: Path, backend: str, secrets_provider: str) -> auto.Workspace:
    """A workspace on the project's own files. Its constructor runs ``pulumi version``: this is
    where a missing CLI shows, as FileNotFoundError, turned here into PulumiCliMissingError."""
    try:
        workspace = auto.LocalWorkspace(
            work_dir=str(project_dir),
            env_vars={BACKEND_URL: backend, "PULUMI_SKIP_UPDATE_CHECK": "true"},
            secrets_provider=secrets_provider,
        )
    except FileNotFoundError as error:
        raise PulumiCliMissingError(
            "the Pulumi CLI is not installed (no `pulumi` on PATH)"
        ) from error
    except subprocess.CalledProcessError as error:
        raise PulumiCliMissingError(
            f"`pulumi version` failed with status {error.returncode}"
        ) from error
    except auto.InvalidVersionError as error:
        raise PulumiCliMissingError(
            f"the Pulumi CLI's version is not one this SDK accepts ({error})"
        ) from error
    folder = local_state_folder(backend)
    if folder is not None:
        folder.mkdir(parents=True, exist_ok=True)
    return workspace


def open_stack(workspace: auto.Workspace, stack: str, create: bool) -> auto.Stack:
    """Select the stack; create it first when ``create`` (preview, up) and it is new."""
    if create:
        return auto.Stack.create_or_select(stack, workspace)
    return auto.Stack.select(stack, workspace)


@contextmanager
def config_file(document: dict | None, stack: str) -> Iterator[str | None]:
    """A composed stack file in a scratch folder for one operation, so ``--set`` never edits
    the project's own file (None: the CLI reads ``Pulumi.<stack>.yaml`` itself)."""
    if document is None:
        yield None
        return
    with tempfile.TemporaryDirectory(prefix="mskctl-") as folder:
        path = Path(folder) / f"Pulumi.{stack}.yaml"
        path.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
        yield str(path)


# The operations Pulumi runs policy packs on (Stack.preview and Stack.up take them; refresh
# and destroy create nothing, so the engine has no pack to run there).
POLICY_OPERATIONS = ("preview", "up")


@dataclass(frozen=True)
class PolicyPack:
    """The pack the engine runs (``--policy-pack``) and its config file, if any
    (``--policy-pack-config``)."""

    folder: Path
    config: Path | None = None

    def packs(self) -> list[str]:
        return [str(self.folder)]

    def configs(self) -> list[str] | None:
        return None if self.config is None else [str(self.config)]


def run_operation(
    stack: auto.Stack,
    operation: str,
    on_event: Callable[[auto.EngineEvent], None],
    config_path: str | None,
    policy_pack: PolicyPack | None = None,
) -> Ran:
    """One operation. ``policy_pack`` is required for preview and up (the engine judges
    every resource with it, as the offline pre-flight did) and refused for the others."""
    if (operation in POLICY_OPERATIONS) != (policy_pack is not None):
        raise ValueError(f"{operation}: a policy pack goes with exactly {POLICY_OPERATIONS}")
    with readable_answers(f"`{operation}`"):
        return _run(stack, operation, on_event, config_path, policy_pack)


def _run(
    stack: auto.Stack,
    operation: str,
    on_event: Callable[[auto.EngineEvent], None],
    config_path: str | None,
    policy_pack: PolicyPack | None,
) -> Ran:
    if operation == "preview" and policy_pack is not None:
        previewed = stack.preview(
            on_event=on_event,
            color="never",
            config_file=config_path,
            policy_packs=policy_pack.packs(),
            policy_pack_configs=policy_pack.configs(),
        )
        return Ran(previewed.change_summary, None)
    if operation == "up" and policy_pack is not None:
        updated = stack.up(
            on_event=on_event,
            color="never",
            config_file=config_path,
            policy_packs=policy_pack.packs(),
            policy_pack_configs=policy_pack.configs(),
        )
        return Ran(updated.summary.resource_changes or {}, updated.outputs)
    if operation == "refresh":
        refreshed = stack.refresh(on_event=on_event, color="never", config_file=config_path)
        return Ran(refreshed.summary.resource_changes or {}, stack.outputs())
    if operation == "destroy":
        destroyed = stack.destroy(on_event=on_event, color="never", config_file=config_path)
        return Ran(destroyed.summary.resource_changes or {}, {})
    raise ValueError(f"unknown operation {operation!r}; expected one of {OPERATIONS}")


def read_outputs(stack: auto.Stack) -> auto.OutputMap:
    with readable_answers("`stack output`"):
        return stack.outputs()


def cancel(stack: auto.Stack) -> None:
    stack.cancel()
