"""Where a deployment's state lives, which secrets provider it uses, and the config it gets.

Plain functions over the arguments, the environment and the stack file, so that every choice
the Automation API verbs make is testable without the Pulumi CLI.
"""

import difflib
import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from .overrides import parse_override
from .stack_files import read_project, read_stack_document

STATE_FOLDER = ".pulumi-state"  # inside the project, ignored by git
PASSPHRASE = "PULUMI_CONFIG_PASSPHRASE"
PASSPHRASE_FILE = "PULUMI_CONFIG_PASSPHRASE_FILE"
BACKEND_URL = "PULUMI_BACKEND_URL"
DEFAULT_SECRETS_PROVIDER = "passphrase"


class MissingPassphraseError(Exception):
    """The passphrase secrets provider is chosen but the environment does not give one."""


class MissingPolicyPackError(Exception):
    """No policy pack folder to hand the engine (``--policy-pack``)."""


class PolicyPackConfigError(ValueError):
    """A ``--policy-pack-config`` file that can't be read or that the pack would refuse: a
    usage error."""


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
    """``Pulumi.<stack>.yaml`` as a document, read as the offline config loader (and the
    Pulumi CLI) reads it: where ``stackConfigDir`` puts it, with ``yes``, dates and times kept
    as text, so composing it for ``--set`` rewrites no value."""
    return read_stack_document(read_project(project_dir).stack_file(stack))


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


# The keys that protect what a stack holds. `pulumi destroy` does not run the program: it
# deletes what the state records, with the protection the state records, so a --set of
# these can't change what destroy does, only what mskctl's guard would believe.
PROTECTION_KEYS = ("msk:protect", "msk:retainOnDelete")


def protection_overrides(overrides: list[str]) -> list[str]:
    """The keys among ``--set`` overrides that protect resources (``msk:protect``,
    ``msk:retainOnDelete``), in the order given."""
    keys = [parse_override(text)[0] for text in overrides]  # raises OverrideError
    return [key for key in dict.fromkeys(keys) if key in PROTECTION_KEYS]


def protection_override_refusal(stack: str, keys: list[str]) -> str:
    """Why ``destroy`` refuses ``--set msk:protect`` and ``--set msk:retainOnDelete``."""
    given = " and ".join(f"--set {key.split(':', 1)[1]}" for key in keys)
    return (
        f"refusing {given} on destroy of stack {stack}: destroy deletes what the stack's "
        "state records, with the protection the state records, so the flag would change "
        "nothing but mskctl's own guard. To lift protection, deploy it first "
        f"(`msk:protect: false` in Pulumi.{stack}.yaml, then `mskctl up --stack {stack}`)."
    )


def destroy_refusal(
    stack: str, protected: list[str], confirmed: bool, own_config_unknown: bool = False
) -> str | None:
    """Why ``destroy`` won't start (None when it may): a protected stack needs ``--yes``.

    ``protected`` is judged on the stack file's own config, never on ``--set``;
    ``own_config_unknown`` says that config has errors (so what it protects can't be told,
    and the stack is treated as protected)."""
    if confirmed or not (protected or own_config_unknown):
        return None
    if protected:
        why = f"it protects {', '.join(protected)} (msk:protect in Pulumi.{stack}.yaml)"
    else:
        why = (
            f"Pulumi.{stack}.yaml has configuration errors without --set, so mskctl can't "
            "tell which resources it protects"
        )
    return (
        f"refusing to destroy stack {stack}: {why}. Pass --yes to attempt it; Pulumi still "
        "keeps protected resources until `msk:protect: false` has been deployed with "
        "`mskctl up`."
    )


# --- the policy pack the engine runs -------------------------------------------------------

PACK_FILE = "PulumiPolicy.yaml"
# Levels a rule of this pack can be given. The engine also knows "remediate", which only
# means something to remediation rules; every rule of this pack validates.
POLICY_LEVELS = ("advisory", "mandatory", "disabled")
ALL_POLICIES = "all"  # the config file's key for every rule's level


def policy_pack_folder(project_dir: Path, shipped: Path | None) -> Path:
    """The pack for ``--policy-pack``: the project's own ``policy/`` folder when it holds a
    ``PulumiPolicy.yaml``, else the pack shipped beside mskctl (the folder of the repository
    it was installed from, editable); raises MissingPolicyPackError when neither exists."""
    candidates = [Path(project_dir).resolve() / "policy"]
    if shipped is not None:
        candidates.append(Path(shipped).resolve())
    for folder in candidates:
        if (folder / PACK_FILE).is_file():
            return folder
    raise MissingPolicyPackError(
        "no policy pack to run: neither "
        + " nor ".join(str(folder) for folder in candidates)
        + f" holds a {PACK_FILE} (the engine must run the rules the pre-flight checked)"
    )


def read_policy_pack_config(path: Path, policies: list | None = None) -> dict[str, dict]:
    """A ``--policy-pack-config`` file, as the engine reads it, reconciled with the pack's
    rules: ``{rule: {"enforcementLevel": level, "properties": {...}}}`` for every rule.

    The file is Pulumi's policy pack config JSON: per rule name (or ``all``) a level
    (``"advisory"``, ``"mandatory"``, ``"disabled"``) or an object of the rule's properties,
    optionally with ``enforcementLevel``. An empty file is no config. Raises
    PolicyPackConfigError naming every problem: unreadable or not JSON, an unknown rule or
    property (with the nearest name), a level or a property value the pack would refuse."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        raise PolicyPackConfigError(
            f"can't read the policy pack config {path}: {reason}"
        ) from error
    if not text.strip():
        return policy_pack_settings({}, policies)
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise PolicyPackConfigError(
            f"the policy pack config {path} is not JSON: {error.msg} at line {error.lineno}"
        ) from error
    try:
        return policy_pack_settings(document, policies)
    except PolicyPackConfigError as error:
        raise PolicyPackConfigError(f"the policy pack config {path}: {error}") from None


def policy_pack_settings(document: Any, policies: list | None = None) -> dict[str, dict]:
    """Each rule's level and properties under a policy pack config document, reconciled as
    the engine does: the rule's own level and its schema's defaults, then ``all``'s level,
    then the rule's own entry."""
    if policies is None:
        from .policy.msk_rules import all_policies

        policies = all_policies()
    if not isinstance(document, dict):
        raise PolicyPackConfigError("it must be a JSON object of rule names")
    settings: dict[str, dict[str, Any]] = {
        policy.name: {
            "enforcementLevel": _own_level(policy),
            "properties": _schema_defaults(policy),
        }
        for policy in policies
    }
    problems: list[str] = []
    entries = {name: _entry(name, value, problems) for name, value in document.items()}
    every = entries.pop(ALL_POLICIES, None)
    if every is not None:
        if every[1]:
            problems.append(f"'{ALL_POLICIES}' takes only an enforcement level")
        if every[0] is not None:
            for setting in settings.values():
                setting["enforcementLevel"] = every[0]
    by_name = {policy.name: policy for policy in policies}
    for name, entry in entries.items():
        if entry is None:
            continue
        if name not in by_name:
            hint = difflib.get_close_matches(name, list(by_name), n=1, cutoff=0.6)
            problems.append(
                f"{name!r} is not a rule of the pack"
                + (f" (did you mean {hint[0]}?)" if hint else f"; its rules: {', '.join(by_name)}")
            )
            continue
        level, properties = entry
        if level is not None:
            settings[name]["enforcementLevel"] = level
        problems += _property_problems(by_name[name], properties)
        settings[name]["properties"].update(properties)
    if problems:
        raise PolicyPackConfigError("; ".join(problems))
    return settings


def _entry(name: str, value: Any, problems: list[str]) -> tuple[str | None, dict] | None:
    """(level or None, properties) of one entry, or None after noting why it is refused."""
    if isinstance(value, str):
        level, properties = value, {}
    elif isinstance(value, dict):
        properties = dict(value)
        level = properties.pop("enforcementLevel", None)
    else:
        problems.append(f"{name}: give a level or an object, not {json.dumps(value)}")
        return None
    if level is not None and level not in POLICY_LEVELS:
        problems.append(
            f"{name}: {json.dumps(level)} is not a level this pack's rules take (use "
            + ", ".join(POLICY_LEVELS)
            + ")"
        )
        return None
    return level, properties


def _own_level(policy) -> str:
    """A rule's own level; one without takes the pack's (policy/__main__.py: mandatory)."""
    level = policy.enforcement_level
    return "mandatory" if level is None else str(level.value)


def _schema_defaults(policy) -> dict:
    schema = getattr(policy, "config_schema", None)
    properties = schema.properties if schema is not None else {}
    return {name: spec["default"] for name, spec in properties.items() if "default" in spec}


JSON_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "boolean": (bool,),
    "integer": (int,),
    "number": (int, float),
    "array": (list,),
    "object": (dict,),
}


def _property_problems(policy, properties: Mapping[str, Any]) -> list[str]:
    """What the engine's schema check would refuse (types, array items, required ones), and
    properties the rule does not have."""
    schema = getattr(policy, "config_schema", None)
    known = schema.properties if schema is not None else {}
    problems = []
    for name, value in properties.items():
        if name not in known:
            hint = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
            has = f"; it has {', '.join(known)}" if known else "; it takes only a level"
            problems.append(
                f"{policy.name}.{name}: the rule has no such property"
                + (f" (did you mean {hint[0]}?)" if hint else has)
            )
            continue
        problems += [f"{policy.name}.{name}: {p}" for p in _type_problems(known[name], value)]
    for name in (schema.required or []) if schema is not None else []:
        if name not in properties and "default" not in known.get(name, {}):
            problems.append(f"{policy.name}.{name} is required")
    return problems


def _type_problems(spec: Mapping[str, Any], value: Any) -> list[str]:
    """A JSON schema's ``type`` (and an array's ``items`` type), the part the pack's schemas
    use."""
    wanted = spec.get("type")
    kinds = JSON_TYPES.get(wanted) if isinstance(wanted, str) else None
    if wanted is None or kinds is None:
        return []
    if not isinstance(value, kinds) or (wanted != "boolean" and isinstance(value, bool)):
        return [f"{json.dumps(value)} is not {'an' if wanted[0] in 'aeiou' else 'a'} {wanted}"]
    items = spec.get("items")
    if isinstance(value, list) and isinstance(items, Mapping):
        return [
            f"[{index}] {problem}"
            for index, item in enumerate(value)
            for problem in _type_problems(items, item)
        ]
    return []


def apply_policy_pack_config(plan_document: dict, settings: Mapping[str, Any] | None) -> dict:
    """The plan's policy verdict judged again under a pack config's levels and properties
    (``read_policy_pack_config``), so the offline check and the engine's pack judge alike."""
    if settings and not plan_document["errors"]:
        from .policy_check import check_plan_resources

        plan_document["policy"] = check_plan_resources(
            plan_document["resources"],
            plan_document["project"],
            plan_document["stack"],
            settings,
        )
    return plan_document
