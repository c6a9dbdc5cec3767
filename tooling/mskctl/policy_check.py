"""The policy pack's rules over the offline plan: what `pulumi preview --policy-pack policy`
would report, without the Pulumi CLI.

Each planned resource becomes the ResourceValidationArgs the engine would hand the pack:
camelCase props behind pulumi_policy's unknown-checking proxy (the plan's nulls are values not
known yet, as in a preview) and the resource's options. Then every rule's own ``validate``
runs, exactly as the pack runs it.
"""

import asyncio
from collections.abc import Coroutine, Mapping
from inspect import isawaitable
from typing import Any, cast

from pulumi_policy import (
    EnforcementLevel,
    PolicyCustomTimeouts,
    PolicyResourceOptions,
    ResourceValidationArgs,
)

from mskctl.policy.msk_rules import all_policies
from mskctl.sdk_internals import POLICY_UNKNOWN_STRING, UnknownValueError, unknown_checking_proxy

SECRET_SHOWN = "[secret]"  # how the plan shows a secret (plan.SECRET_SHOWN)

MANDATORY = EnforcementLevel.MANDATORY.value
ADVISORY = EnforcementLevel.ADVISORY.value


def check_plan_resources(
    resources: list[dict],
    project: str,
    stack: str,
    settings: Mapping[str, Mapping[str, Any]] | None = None,
) -> list[dict]:
    """Every violation, as ``{policy, level, resource, message}`` (resource is type::name).
    ``settings``: per rule, the ``enforcementLevel`` and ``properties`` a policy pack config
    gives it (``deploy_settings.read_policy_pack_config``); a disabled rule does not run."""
    policies = all_policies(stack_name=lambda: stack)
    found = []
    for resource in resources:
        args = _validation_args(resource, project, stack)
        address = f"{resource['type']}::{resource['name']}"
        for policy in policies:
            setting = (settings or {}).get(policy.name, {})
            level = setting.get("enforcementLevel")  # None: the rule's own
            if level == EnforcementLevel.DISABLED.value:
                continue
            config = setting.get("properties")
            found += [
                {"policy": policy.name, "level": said, "resource": address, "message": message}
                for said, message in _run(
                    policy,
                    _validation_args(resource, project, stack, config) if config else args,
                    level,
                )
            ]
    return found


def has_mandatory(violations: list[dict]) -> bool:
    return any(v["level"] == MANDATORY for v in violations)


def _run(policy, args, level: str | None = None) -> list[tuple[str, str]]:
    """(level, message) per violation the policy reports on one resource."""
    messages: list[str] = []
    try:
        result = policy.validate(args, lambda message, urn=None: messages.append(message))
        if isawaitable(result):
            # pulumi_policy declares validate() -> Optional[Awaitable]; what it returns is the
            # coroutine of its inner await_all(), which is what asyncio.run takes.
            asyncio.run(cast(Coroutine[Any, Any, None], result))
    except UnknownValueError as error:  # what the engine does too: an advisory note
        return [(ADVISORY, f"can't be checked before deployment: {error.message}")]
    return [(level or policy.enforcement_level.value, message) for message in messages]


def _validation_args(
    resource: dict, project: str, stack: str, config: Mapping[str, Any] | None = None
) -> ResourceValidationArgs:
    options = resource["options"]
    opts = PolicyResourceOptions(
        protect=options["protect"],
        ignore_changes=list(options["ignoreChanges"]),
        delete_before_replace=None,
        aliases=[],
        custom_timeouts=_custom_timeouts(options),
        additional_secret_outputs=[],
        parent=resource["parent"],
    )
    return ResourceValidationArgs(
        resource_type=resource["type"],
        props=unknown_checking_proxy(_engine_view(resource["inputs"])),
        urn=f"urn:pulumi:{stack}::{project}::{resource['type']}::{resource['name']}",
        name=resource["name"],
        opts=opts,
        provider=None,
        config=config,
    )


def _custom_timeouts(options: Mapping[str, Any]) -> PolicyCustomTimeouts:
    """The plan's custom timeouts (seconds) as the engine hands them to a pack: 0 where none
    is set (a plan from before they were recorded has none)."""
    seconds = options.get("customTimeouts") or {}

    def of(operation: str) -> float:
        value = seconds.get(operation)
        return float(value) if isinstance(value, (int, float)) else 0.0

    return PolicyCustomTimeouts(of("create"), of("update"), of("delete"))


def _engine_view(value):
    """The plan's nulls (not known until deployment) and masked secrets (which the engine
    shows the pack, but the offline plan can't read) as the engine's unknown sentinel."""
    if value is None or value == SECRET_SHOWN:
        return POLICY_UNKNOWN_STRING
    if isinstance(value, dict):
        return {key: _engine_view(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_engine_view(item) for item in value]
    return value
