"""What keeps the cluster's data safe: which children `protect` and `retainOnDelete` cover,
and the guards that stop a harmful change before AWS sees it.

Protection and retention are decided here, by the kind of child, and nowhere else:
- What holds data, or the means to read it (the cluster, its topics, its key, its log
  group, its schema registry and schemas), is protected by ``msk:protect`` and retained by
  ``msk:retainOnDelete``.
- What grants access (the SCRAM secrets, their versions and passwords) is protected, so no
  user loses a login by accident, but never retained: a user removed from the stack must
  stop working, and a secret left behind in AWS would keep its login alive. For the same
  reason the SCRAM associations and the IAM grants are never retained.
- What a retained cluster runs on (its configuration, security group, network, storage
  autoscaling) is retained with it. Deleted, it would either fail while the cluster still
  uses it (a security group or subnet with the brokers' network interfaces in it, a
  configuration in use: see the catalog's ``retention``) or leave the kept cluster changed
  under its users (storage no longer growing).
- Everything else (alarms, their topic, the key's alias) goes with the stack: the kept
  cluster runs the same without it, and AWS deletes it even while the cluster runs.

EBS volumes only grow, by at least 10 GiB at a time. A smaller ``ebsVolumeGib`` would fail at
AWS after a long wait, so a before-update hook (run at preview too) refuses it with the reason.
Only bound when storage autoscaling is off: with it on, the volume size is ignored. The size
judged against is the deployed one (the old outputs) when it is larger than the old input:
autoscaling grows the volume behind the config's back, so turning it off with the old
``ebsVolumeGib`` would otherwise ask AWS to shrink it.
"""

import re
from collections.abc import Mapping
from typing import Any

import pulumi

from .. import catalog
from ..spec import ClusterSpec

# By type token, as the plan and the engine show them (no resource module need be imported).
HOLDS_DATA = frozenset(
    {
        "aws:msk/cluster:Cluster",
        "aws:msk/serverlessCluster:ServerlessCluster",
        "aws:msk/topic:Topic",
        "aws:kms/key:Key",
        "aws:cloudwatch/logGroup:LogGroup",
        # Records carry their schema version's id: deleted, those records can't be read.
        "aws:glue/registry:Registry",
        "aws:glue/schema:Schema",
    }
)
GRANTS_ACCESS = frozenset(
    {
        "aws:secretsmanager/secret:Secret",
        "aws:secretsmanager/secretVersion:SecretVersion",
        # Replaced, it would change a SCRAM user's password under the user's clients.
        "random:index/randomPassword:RandomPassword",
    }
)
PROTECTED = HOLDS_DATA | GRANTS_ACCESS
USED_BY_CLUSTER = frozenset(
    {
        "aws:msk/configuration:Configuration",
        "aws:ec2/securityGroup:SecurityGroup",
        "aws:ec2/securityGroupRule:SecurityGroupRule",
        "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
        "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
        "aws:ec2/vpc:Vpc",
        "aws:ec2/subnet:Subnet",
        "aws:appautoscaling/target:Target",
        "aws:appautoscaling/policy:Policy",
    }
)


def type_token(kind: type) -> str:
    """The type token of a provider SDK's resource class, from where the class lives:
    ``pulumi_aws.ec2.security_group.SecurityGroup`` is ``aws:ec2/securityGroup:SecurityGroup``,
    a class at a package's top (``pulumi_random.random_password``) is in module ``index``."""
    package, *modules = kind.__module__.split(".")
    module = modules[0] if len(modules) == 2 else "index"
    file = re.sub(r"_([a-z0-9])", lambda m: m.group(1).upper(), modules[-1])
    return f"{package.removeprefix('pulumi_')}:{module}/{file}:{kind.__name__}"


def child_options(
    spec: ClusterSpec, parent: pulumi.Resource, kind: type, **options: Any
) -> pulumi.ResourceOptions:
    """Options of a child of class ``kind``: protected and retained as its kind asks. Left
    unset otherwise, so what the component itself was given (``protect`` from an embedding
    program, say) still reaches the child."""
    token = type_token(kind)
    return pulumi.ResourceOptions(
        parent=parent,
        protect=True if spec.protect and token in PROTECTED else None,
        retain_on_delete=(
            True if spec.retain_on_delete and token in HOLDS_DATA | USED_BY_CLUSTER else None
        ),
        **options,
    )


VOLUME_PATH = ("brokerNodeGroupInfo", "storageInfo", "ebsStorageInfo", "volumeSize")


def _volume(inputs: Mapping[str, Any] | None) -> int | None:
    value: Any = inputs
    for part in VOLUME_PATH:
        if not isinstance(value, Mapping) or part not in value:
            return None
        value = value[part]
    return int(value) if isinstance(value, (int, float)) else None


def deployed_volume(old_inputs, old_outputs) -> int | None:
    """The volume the brokers have now: the larger of what was asked (old inputs) and what the
    provider last read back (old outputs), where either is known."""
    sizes = [size for size in (_volume(old_inputs), _volume(old_outputs)) if size is not None]
    return max(sizes) if sizes else None


def volume_change_problem(old_inputs, new_inputs, old_outputs=None) -> str | None:
    """Why a volume change would fail at AWS, or None when it is fine (or unknown). With
    ``old_outputs`` (the deployed state), a volume autoscaling grew counts as the current one."""
    asked, new = _volume(old_inputs), _volume(new_inputs)
    old = deployed_volume(old_inputs, old_outputs)
    if old is None or new is None or old == new:
        return None
    grown = (
        f" (storage autoscaling grew it from the {asked} GiB asked)"
        if asked is not None and asked < old
        else ""
    )
    step = catalog.min_volume_increase_gib()
    if new < old:
        return (
            f"msk:ebsVolumeGib: {new} GiB is smaller than the current {old} GiB{grown}; EBS "
            f"volumes only grow. Keep {old} or more (to shrink, migrate to a new cluster)"
        )
    if new - old < step:
        return (
            f"msk:ebsVolumeGib: {new} GiB grows the volume by {new - old} GiB from the current "
            f"{old} GiB{grown}; AWS needs at least {step} GiB more. Use {old + step} or more"
        )
    return None


def _volume_only_grows(args: pulumi.ResourceHookArgs) -> None:
    """Before an update: the new volume against the deployed one (old outputs), not only the
    old inputs, so a volume autoscaling grew is never asked to shrink."""
    problem = volume_change_problem(args.old_inputs, args.new_inputs, args.old_outputs)
    if problem:
        raise ValueError(problem)


def volume_guard(name: str) -> pulumi.ResourceHookBinding:
    hook = pulumi.ResourceHook(
        f"{name}-volume-only-grows",
        _volume_only_grows,
        pulumi.ResourceHookOptions(on_dry_run=True),
    )
    return pulumi.ResourceHookBinding(before_update=[hook])
