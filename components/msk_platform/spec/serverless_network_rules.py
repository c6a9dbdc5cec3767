"""MSK Serverless across several VPCs: ``msk:vpcConfigs``, in place of ``vpcId``/``subnetIds``.

Pure Python. AWS's rules are in the catalog (``serverless_vpc_configs``, and
``serverless_limits.max_client_vpcs_per_cluster`` for how many VPCs), each with its source.

Decisions, and why:
- With ``vpcConfigs`` the component builds no network and no security group. A security group
  belongs to one VPC and this component knows each VPC only by its subnets, offline, so it
  can't make one there. So every entry names its own groups, and an entry without any is
  refused: AWS would put the cluster's endpoints in that VPC's default group, whose rules
  nobody here chose (this product is secure by default).
- The keys that only describe the one network of the other forms (``vpcId``, ``subnetIds``,
  ``azCount``, ``vpcCidr``) and the keys that only shape the created group's rules
  (``clientSecurityGroupIds``, ``clientCidrBlocks``, ``createSecurityGroup``) are refused
  beside it, each naming both keys: nobody should believe they took effect.
- Runs before ``check_network`` (which then leaves the network to this rule) and before the
  client-source rules, which then know no group of the component's own is made.
"""

from collections.abc import Mapping
from typing import Any

from .. import catalog
from .draft import Draft
from .values import INVALID, is_deferred, show

KEY = "vpcConfigs"
# Keys of the single network (given, built, or its built VPC's shape), and why each is refused.
NETWORK_KEYS = {
    "vpcId": "each entry's VPC is the one its subnets are in",
    "subnetIds": "list the subnets in each entry's subnetIds",
    "azCount": "it shapes a VPC the program builds, and with msk:vpcConfigs it builds none",
    "vpcCidr": "it shapes a VPC the program builds, and with msk:vpcConfigs it builds none",
}
# Keys that only shape the security group the component creates, which it doesn't here.
CREATED_GROUP_KEYS = ("createSecurityGroup", "clientSecurityGroupIds", "clientCidrBlocks")


def uses_vpc_configs(draft: Draft) -> bool:
    """True for a serverless cluster given ``msk:vpcConfigs`` (on a provisioned cluster the key
    is refused for its scope, and the network rules run as if it were absent)."""
    return draft.serverless and KEY in draft.given


def check_vpc_configs(draft: Draft) -> None:
    if not uses_vpc_configs(draft):
        return
    draft.resolved["createSecurityGroup"] = False  # truthfully: the component makes none
    for name, why in NETWORK_KEYS.items():
        if name in draft.given:
            draft.fail(name, f"can't be given with msk:{KEY}: {why}; remove msk:{name}")
            draft.given[name] = INVALID  # reported once; later rules skip it
    for name in CREATED_GROUP_KEYS:
        if name in draft.given:
            draft.fail(
                name,
                f"can't be given with msk:{KEY}: the component creates no security group "
                "then (a group belongs to one VPC, and it can't make one in VPCs it knows "
                f"only by their subnets); admit clients in each msk:{KEY} entry's own "
                f"securityGroupIds and remove msk:{name}",
            )
            draft.given[name] = INVALID
    configs = draft.value(KEY)
    if not isinstance(configs, tuple):
        return  # already reported as malformed
    _check_count(draft, configs)
    subnets_seen: dict[str, int] = {}
    groups_seen: dict[str, int] = {}
    for index, config in enumerate(configs):
        _check_subnets(draft, index, config, subnets_seen)
        _check_groups(draft, index, config, groups_seen)


def _check_count(draft: Draft, configs: tuple) -> None:
    low = catalog.serverless_vpc_config_rules()["configs_min"]
    high = catalog.serverless_limits()["max_client_vpcs_per_cluster"]
    if not low <= len(configs) <= high:
        draft.fail(
            KEY,
            f"has {len(configs)} entries; MSK Serverless takes {low}–{high} client VPCs, one "
            "entry each",
        )


def _check_subnets(draft: Draft, index: int, config: Mapping, seen: dict[str, int]) -> None:
    from .rules import SUBNET_ID  # one pattern for every subnet id

    label = f"msk:{KEY}[{index}].subnetIds"
    subnets = config.get("subnet_ids")
    least = catalog.serverless_vpc_config_rules()["subnets_per_config_min"]
    if subnets is None:
        draft.reader.fail(
            label,
            f"is required: at least {least} subnets of the VPC, each in a different AZ",
        )
        return
    if len(subnets) < least:
        draft.reader.fail(
            label,
            f"has {len(subnets)} subnet{'' if len(subnets) == 1 else 's'}; MSK Serverless needs "
            f"at least {least} in each VPC, each in a different AZ, so clients can fail over",
        )
    for item, subnet in enumerate(subnets):
        if is_deferred(subnet):
            continue
        where = f"{label}[{item}]"
        if not SUBNET_ID.fullmatch(subnet):
            draft.reader.fail(
                where, f"{show(subnet)} is not a subnet id; use the form subnet-0123456789abcdef0"
            )
        elif subnet in seen:
            draft.reader.fail(where, _twice(subnet, seen[subnet], index, "subnet"))
        else:
            seen[subnet] = index


def _check_groups(draft: Draft, index: int, config: Mapping, seen: dict[str, int]) -> None:
    from .connectivity_rules import check_sources  # one reading of security group ids

    label = f"msk:{KEY}[{index}].securityGroupIds"
    groups = config.get("security_group_ids")
    most = catalog.serverless_vpc_config_rules()["security_groups_per_config_max"]
    if not groups:
        draft.reader.fail(
            label,
            f"is {'empty' if groups is not None else 'required'}: name 1–{most} security groups "
            f"of this VPC that admit its clients on {catalog.port('sasl_iam')} (without any, AWS "
            "would put the cluster's endpoints in the VPC's default security group)",
        )
        return
    if len(groups) > most:
        draft.reader.fail(
            label, f"names {len(groups)} security groups; MSK Serverless takes at most {most}"
        )
    before = len(draft.reader.problems)
    check_sources(draft, groups, None, label, "")  # format, and each named once in the entry
    if len(draft.reader.problems) > before:
        return
    for item, group in enumerate(groups):
        if is_deferred(group):
            continue
        if group in seen:
            draft.reader.fail(f"{label}[{item}]", _twice(group, seen[group], index, "group"))
        else:
            seen[group] = index


def _twice(item: Any, first: int, index: int, kind: str) -> str:
    if first == index:
        return f"{show(item)} is listed twice in this entry; name each {kind} once"
    return (
        f"{show(item)} is also in msk:{KEY}[{first}]; a {kind} belongs to one VPC, so name it "
        "once, in the entry of its VPC"
    )
