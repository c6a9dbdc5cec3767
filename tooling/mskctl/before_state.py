"""What a change is compared with (``plan --against FILE``, and ``preview``/``up`` before they
run): an earlier ``mskctl plan --json``, or what is deployed, as ``pulumi stack export`` writes
it. Either becomes one plan-shaped document, so the comparison reads one shape.

The export is Pulumi's checkpoint format: ``{"version": 3, "deployment": {"manifest": …,
"resources": [ResourceV3…]}}`` (apitype ``UntypedDeployment`` wrapping ``DeploymentV3``;
version 4 is the same deployment with a ``features`` list; pulumi/pulumi
sdk/go/common/apitype/core.go). From it:

- kept: every resource the program declared, custom or component (the ``MskCluster``
  component is in a plan too, so both sources list the same names), by type and name (the
  URN's part after its third ``::``, as the engine reads it), with its inputs, its outputs
  (what the provider last read back: the deployed volume, the cluster's ARN) and its
  ``protect``/``retainOnDelete``/``ignoreChanges``/``customTimeouts`` (seconds, as the engine
  keeps them);
- left out: the stack itself (``pulumi:pulumi:Stack``), providers (``pulumi:providers:*``),
  copies waiting to be deleted after a replacement (``delete``) and resources a
  delete-before-replace already removed (``pendingReplacement``): none of them is on AWS as
  the program's resource;
- secrets: whether encrypted (``ciphertext``) or shown (``plaintext``, ``--show-secrets``),
  a secret becomes the plan's secret marker, so a comparison treats it as not known and no
  plaintext is kept or printed.

A stack never deployed exports no resources: everything the plan has is a create.
"""

import json
from pathlib import Path
from typing import Any

from .plan import SECRET_SHOWN

# Pulumi's special-value signatures (pulumi/pulumi sdk/go/common/resource/sig/sig.go).
SIGNATURE_KEY = "4dabf18193072939515e22adb298388d"
SECRET_SIGNATURE = "1b47061264138c4ac30d75fd1eb44270"
UNKNOWN_VALUE = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"  # a value the engine did not know yet
EXPORT_VERSIONS = (3, 4)
STACK_TYPE = "pulumi:pulumi:Stack"
PROVIDER_PREFIX = "pulumi:providers:"
ACCEPTED = (
    "accepted: the JSON of `mskctl plan --json`, or of `pulumi stack export` "
    f"(checkpoint version {' or '.join(map(str, EXPORT_VERSIONS))})"
)


class BeforeStateError(ValueError):
    """The BEFORE file can't be compared with: a usage error, named with what is accepted."""


def load_before(path: Path) -> dict:
    """The plan-shaped document of a plan or a stack export file (raises BeforeStateError)."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise BeforeStateError(f"{path}: can't be read ({error})") from error
    try:
        document = json.loads(text)
    except ValueError as error:
        raise BeforeStateError(f"{path}: not JSON ({error}); {ACCEPTED}") from error
    return before_document(document, str(path))


def before_document(document: Any, where: str) -> dict:
    """A parsed plan or export as the plan-shaped document (``where`` names it in errors)."""
    if isinstance(document, dict) and "deployment" in document:
        return from_export(document, where)
    if isinstance(document, dict) and isinstance(document.get("resources"), list):
        return from_plan(document, where)
    raise BeforeStateError(
        f'{where}: neither a plan (no "resources" list) nor a stack export (no '
        f'"deployment" object); {ACCEPTED}'
    )


def from_plan(document: dict, where: str) -> dict:
    if document.get("errors"):
        keys = ", ".join(sorted({str(e.get("key")) for e in document["errors"]}))
        raise BeforeStateError(
            f"{where}: a plan that stopped at configuration errors ({keys}) lists no "
            "resources to compare with; fix them and run `mskctl plan --json` again"
        )
    problems = []
    resources = []
    for index, resource in enumerate(document["resources"]):
        if not isinstance(resource, dict) or not all(
            isinstance(resource.get(key), str) for key in ("type", "name")
        ):
            problems.append(f'resources[{index}] has no "type" and "name"')
            continue
        resources.append(
            {
                "type": resource["type"],
                "name": resource["name"],
                "id": None,
                "parent": resource.get("parent"),
                "inputs": resource.get("inputs") or {},
                "outputs": {},  # a plan knows no outputs
                "options": _options(resource.get("options") or {}),
            }
        )
    if problems:
        raise _malformed(where, "a plan document", problems)
    return {
        "source": "plan",
        "project": document.get("project"),
        "stack": document.get("stack"),
        "resources": resources,
        "cost": document.get("cost"),
    }


def from_export(document: dict, where: str) -> dict:
    version = document.get("version")
    if version not in EXPORT_VERSIONS:
        raise BeforeStateError(
            f"{where}: a stack export of checkpoint version {json.dumps(version)}, which this "
            f"mskctl does not read; {ACCEPTED}"
        )
    deployment = document["deployment"]
    if not isinstance(deployment, dict):
        raise BeforeStateError(f'{where}: "deployment" is not an object; {ACCEPTED}')
    listed = deployment.get("resources") or []
    if not isinstance(listed, list):
        raise BeforeStateError(f'{where}: "deployment.resources" is not a list; {ACCEPTED}')
    problems: list[str] = []
    resources = []
    project = stack = None
    for index, resource in enumerate(listed):
        urn = resource.get("urn") if isinstance(resource, dict) else None
        parts = _urn_parts(urn)
        if parts is None or not isinstance(resource.get("type"), str):
            problems.append(f'deployment.resources[{index}] has no valid "urn" and "type"')
            continue
        stack, project, _, name = parts
        if not _deployed_resource(resource):
            continue
        resources.append(
            {
                "type": resource["type"],
                "name": name,
                "id": resource.get("id") or None,
                "parent": _parent(resource.get("parent")),
                "inputs": masked(resource.get("inputs") or {}),
                "outputs": masked(resource.get("outputs") or {}),
                "options": _options(resource),
            }
        )
    if problems:
        raise _malformed(where, "a stack export", problems)
    return {
        "source": "stack-export",
        "project": project,
        "stack": stack,
        "resources": resources,
        "cost": None,  # the export has no bill: the comparison prices only the new plan
    }


def _malformed(where: str, kind: str, problems: list[str]) -> BeforeStateError:
    """One error naming what is wrong (the first few, and how many more)."""
    shown = "; ".join(problems[:5])
    more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
    return BeforeStateError(f"{where}: not {kind}: {shown}{more}; {ACCEPTED}")


def _deployed_resource(resource: dict) -> bool:
    """The program's own resources on AWS: not the stack, a provider, or a copy on its way
    out (``delete``) or already gone (``pendingReplacement``)."""
    kind = resource["type"]
    if kind == STACK_TYPE or kind.startswith(PROVIDER_PREFIX):
        return False
    return not (resource.get("delete") or resource.get("pendingReplacement"))


def _urn_parts(urn: Any) -> tuple[str, str, str, str] | None:
    """(stack, project, qualified type, name) of ``urn:pulumi:<stack>::<project>::<type>::<name>``;
    the name is everything after the third ``::`` (a name may itself hold ``::``)."""
    if not isinstance(urn, str) or not urn.startswith("urn:pulumi:"):
        return None
    parts = urn.removeprefix("urn:pulumi:").split("::", 3)
    if len(parts) != 4 or not all(parts):
        return None
    return parts[0], parts[1], parts[2], parts[3]


def _parent(urn: Any) -> str | None:
    """The parent as a plan names it (``<type>::<name>``); None under the stack itself."""
    parts = _urn_parts(urn)
    if parts is None:
        return None
    kind = parts[2].rsplit("$", 1)[-1]
    return None if kind == STACK_TYPE else f"{kind}::{parts[3]}"


def _options(source: dict) -> dict:
    ignored = source.get("ignoreChanges") or []
    timeouts = source.get("customTimeouts")
    return {
        "protect": bool(source.get("protect")),
        "retainOnDelete": bool(source.get("retainOnDelete")),
        "ignoreChanges": [path for path in ignored if isinstance(path, str)],
        # Seconds per operation, in a plan as in an export (omitted there when none).
        "customTimeouts": dict(timeouts) if isinstance(timeouts, dict) else {},
    }


def masked(value: Any) -> Any:
    """The value with every secret, at any depth, replaced by the plan's secret marker, and
    a value the engine did not know as null (as a plan shows it)."""
    if isinstance(value, dict):
        if value.get(SIGNATURE_KEY) == SECRET_SIGNATURE:
            return SECRET_SHOWN
        return {key: masked(item) for key, item in value.items()}
    if isinstance(value, list):
        return [masked(item) for item in value]
    if value == UNKNOWN_VALUE:
        return None
    return value
