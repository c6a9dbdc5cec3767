"""Guards that stop a change before AWS sees it.

EBS volumes only grow, by at least 10 GiB at a time. A smaller ``ebsVolumeGib`` would fail at
AWS after a long wait, so a before-update hook (run at preview too) refuses it with the reason.
Only bound when storage autoscaling is off: with it on, the volume size is ignored.
"""

from collections.abc import Mapping
from typing import Any

import pulumi

from .. import catalog

VOLUME_PATH = ("brokerNodeGroupInfo", "storageInfo", "ebsStorageInfo", "volumeSize")


def _volume(inputs: Mapping[str, Any] | None) -> int | None:
    value: Any = inputs
    for part in VOLUME_PATH:
        if not isinstance(value, Mapping) or part not in value:
            return None
        value = value[part]
    return int(value) if isinstance(value, (int, float)) else None


def volume_change_problem(old_inputs, new_inputs) -> str | None:
    """Why a volume change would fail at AWS, or None when it is fine (or unknown)."""
    old, new = _volume(old_inputs), _volume(new_inputs)
    if old is None or new is None or old == new:
        return None
    step = catalog.min_volume_increase_gib()
    if new < old:
        return (
            f"msk:ebsVolumeGib: {new} GiB is smaller than the current {old} GiB; EBS volumes "
            f"only grow. Keep {old} or more (to shrink, migrate to a new cluster)"
        )
    if new - old < step:
        return (
            f"msk:ebsVolumeGib: {new} GiB grows the volume by {new - old} GiB; AWS needs at "
            f"least {step} GiB more. Use {old + step} or more"
        )
    return None


def _volume_only_grows(args: pulumi.ResourceHookArgs) -> None:
    problem = volume_change_problem(args.old_inputs, args.new_inputs)
    if problem:
        raise ValueError(problem)


def volume_guard(name: str) -> pulumi.ResourceHookBinding:
    hook = pulumi.ResourceHook(
        f"{name}-volume-only-grows",
        _volume_only_grows,
        pulumi.ResourceHookOptions(on_dry_run=True),
    )
    return pulumi.ResourceHookBinding(before_update=[hook])
