"""The offline plan: what ``pulumi up`` would create for a stack, its outputs and its bill.

Runs the real ``__main__.py`` under Pulumi's mock runtime in preview mode, so values only the
cloud can know stay unknown (null), and prices every MskCluster the program declares.
"""

from pathlib import Path
from typing import Any

from msk_platform import MskConfigError
from msk_platform.cost import combine, estimate
from msk_platform.sizing import sizing_warnings

from .mock_runtime import SECRET, UNKNOWN, run_program
from .overrides import apply_overrides
from .policy_check import check_plan_resources
from .render import program_failure
from .sdk_internals import UNKNOWN as UNKNOWN_VALUE  # the engine's "not known yet"
from .stack_files import StackConfig, load_stack_config

SECRET_SHOWN = "[secret]"


class ProgramError(Exception):
    """The program raised something other than a configuration error."""


def stack_config(project_dir: Path, stack: str, overrides: list[str] | None = None) -> StackConfig:
    """The stack file's config with ``--set`` overrides applied (raises on usage errors)."""
    return apply_overrides(load_stack_config(project_dir, stack), overrides or [])


def build_plan(project_dir: Path, config: StackConfig, with_dependencies: bool = False) -> dict:
    """The plan document of DESIGN.md's JSON contract. ``with_dependencies`` adds to each
    resource the resources each of its inputs came from (for the Terraform-plan export)."""
    warnings = list(config.warnings) + [
        f"{key} is encrypted in Pulumi.{config.stack}.yaml: the offline plan can't read it, so "
        "it is treated as a secret whose value is unknown"
        for key in config.secure_keys
    ]
    values = dict(config.values)
    values.update({key: UNKNOWN_VALUE for key in config.secure_keys})
    run = run_program(
        project_dir,
        project=config.project,
        stack=config.stack,
        config=values,
        preview=True,
        secret_keys=tuple(config.secure_keys),
        raise_errors=False,
    )
    document: dict[str, Any] = {
        "project": config.project,
        "stack": config.stack,
        "resources": [],
        "outputs": {},
        "cost": None,
        "policy": [],
        "warnings": warnings,
        "errors": [],
    }
    if isinstance(run.error, MskConfigError):
        document["errors"] = [{"key": p.key, "message": p.message} for p in run.error.problems]
        return document
    if run.error is not None:
        raise ProgramError(program_failure(run.error, project_dir)) from run.error
    document["resources"] = [
        {
            "type": r.type,
            "name": r.name,
            "parent": r.parent,
            "inputs": _shown(r.inputs),
            "options": r.options,
            **({"dependencies": r.dependencies} if with_dependencies else {}),
        }
        for r in run.resources
    ]
    document["policy"] = check_plan_resources(document["resources"], config.project, config.stack)
    document["outputs"] = {
        name: SECRET_SHOWN if name in run.secret_outputs else _shown(value)
        for name, value in run.outputs.items()
    }
    region = config.values.get("aws:region")
    labelled = len(run.specs) > 1
    bill = combine(estimate(spec, region, name if labelled else "") for name, spec in run.specs)
    if bill is not None:
        document["cost"] = bill.to_json()
        warnings += list(bill.warnings)
    warnings += sizing_warnings(run.specs, region, config.stack)
    warnings += run.warnings
    document["warnings"] = list(dict.fromkeys(warnings))
    return document


def _shown(value):
    """Unknowns as null (known only after deployment), secrets masked."""
    if value == UNKNOWN:
        return None
    if value == SECRET:
        return SECRET_SHOWN
    if isinstance(value, dict):
        return {k: _shown(value[k]) for k in sorted(value)}
    if isinstance(value, list):
        return [_shown(v) for v in value]
    return value
