"""Who can reach the brokers: client and scraper sources, and public access.

Pure Python. The AWS rules checked here are in the catalog with their sources:
``client_access.public_access`` (what AWS requires before it turns public access on) and
``client_access.ipv6`` (why IPv6 sources are refused: AWS gives a cluster IPv6 addresses only
when dual-stack networking is turned on for it once it runs, which this component doesn't do).
"""

import ipaddress
from collections.abc import Mapping
from typing import Any

from .. import catalog
from .draft import Draft
from .serverless_network_rules import uses_vpc_configs
from .values import INVALID, show

DENY_UNLESS_ACL = "denyUnlessAcl"  # the key that turns the ACL property to false


def check_client_sources(draft: Draft) -> None:
    groups = draft.value("clientSecurityGroupIds")
    cidrs = draft.value("clientCidrBlocks")
    groups, cidrs = check_sources(
        draft, groups, cidrs, "msk:clientSecurityGroupIds", "msk:clientCidrBlocks"
    )
    if draft.ok("clientCidrBlocks") and (isinstance(cidrs, tuple) or cidrs is INVALID):
        draft.resolved["clientCidrBlocks"] = cidrs  # canonical, or INVALID once reported
    # The stack's own groups (msk:securityGroupIds, or each VPC's in msk:vpcConfigs) may admit
    # clients the plan can't see.
    own_groups = draft.value("securityGroupIds") or uses_vpc_configs(draft)
    if not groups and not cidrs and not own_groups:
        draft.warnings.append(
            "msk:clientSecurityGroupIds and msk:clientCidrBlocks are empty: no client can reach "
            "the brokers until you name some"
        )


def check_sources(
    draft: Draft, groups: Any, cidrs: Any, groups_key: str, cidrs_key: str
) -> tuple[Any, Any]:
    """Security group ids and CIDRs that will be opened to: well formed, IPv4, each named once,
    never the world (alone or together). Returns them with the CIDRs in canonical form."""
    from .rules import SECURITY_GROUP_ID  # one pattern for every security group id

    if isinstance(groups, tuple):
        seen_groups: dict[str, int] = {}
        for index, group in enumerate(groups):
            if not isinstance(group, str):
                continue
            if not SECURITY_GROUP_ID.fullmatch(group):
                draft.reader.fail(
                    f"{groups_key}[{index}]",
                    f"{show(group)} is not a security group id; use the form sg-0123456789abcdef0",
                )
            elif group in seen_groups:
                draft.reader.fail(
                    f"{groups_key}[{index}]",
                    f"{show(group)} is listed twice (also at [{seen_groups[group]}]); "
                    "name each security group once",
                )
            else:
                seen_groups[group] = index
    if not isinstance(cidrs, tuple):
        return groups, cidrs
    canonical: list[str] = []
    seen: dict[str, int] = {}
    networks = []
    for index, text in enumerate(cidrs):
        label = f"{cidrs_key}[{index}]"
        network = cidr_block(draft, label, text)
        if network is None:
            continue
        form = str(network)
        if form in seen:
            draft.reader.fail(
                label,
                f"{show(text)} is listed twice (as {cidrs_key}[{seen[form]}]); name each "
                "CIDR block once",
            )
            continue
        seen[form] = index
        canonical.append(form)
        networks.append(network)
    merged = list(ipaddress.collapse_addresses(networks))
    if len(networks) > 1 and any(n.prefixlen == 0 for n in merged):
        draft.reader.fail(
            cidrs_key,
            f"{', '.join(str(n) for n in networks)} together cover every IPv4 address "
            "(as 0.0.0.0/0 would); name only the networks your clients are in",
        )
    return groups, tuple(canonical) if len(canonical) == len(cidrs) else INVALID


def cidr_block(draft: Draft, label: str, text: str) -> ipaddress.IPv4Network | None:
    """One IPv4 CIDR block, or None after reporting why it isn't one."""
    if "/" not in text:
        try:
            address = ipaddress.ip_address(text)
        except ValueError:
            address = None
        if address is not None:
            if address.version == 6:
                draft.reader.fail(label, f"{show(text)} is an IPv6 address; {ipv6_refusal()}")
            else:
                draft.reader.fail(
                    label, f"{show(text)} is an address, not a CIDR block; use '{address}/32'"
                )
            return None
    try:
        network = ipaddress.ip_network(text, strict=False)
    except ValueError:
        draft.reader.fail(label, f"{show(text)} is not a CIDR block; use e.g. '10.0.0.0/16'")
        return None
    if network.prefixlen == 0:
        draft.reader.fail(
            label, f"{show(text)} opens the brokers to every address; name the networks instead"
        )
        return None
    if isinstance(network, ipaddress.IPv6Network):
        draft.reader.fail(label, f"{show(text)} is an IPv6 block; {ipv6_refusal()}")
        return None
    if network.network_address != ipaddress.ip_interface(text).ip:
        draft.reader.fail(label, f"{show(text)} has host bits set; use '{network}'")
        return None
    return network


def ipv6_refusal() -> str:
    """Why an IPv6 source can't work (catalog: client_access.ipv6, ports.ipv6_*)."""
    rules = catalog.client_access()["ipv6"]
    ports = sorted(catalog.port(f"ipv6_{mode}") for mode in ("plaintext", "sasl_iam"))
    return (
        "MSK clusters start IPv4-only and get IPv6 addresses (on ports "
        f"{ports[0]}–{ports[1]}) only when dual-stack networking is turned on for the running "
        f"cluster (Kafka {rules['min_kafka_version']}+, subnets with IPv6 ranges, never undone), "
        "which this component doesn't do; name IPv4 blocks"
    )


def check_public_access(draft: Draft) -> None:
    """Every condition AWS sets before it turns public access on (catalog:
    client_access.public_access), then the two steps it takes. Runs after the server
    properties are resolved: the ACL condition reads their effective values."""
    if draft.serverless or not draft.value("publicAccess"):
        return
    rules = catalog.client_access()["public_access"]
    auth = draft.value("auth") or {}
    reasons = []
    if draft.builds_network:
        reasons.append(
            "the network this program builds has only private subnets; AWS needs public "
            "subnets (a route to an internet gateway): give msk:vpcId and public msk:subnetIds"
        )
    if draft.value("clientBrokerEncryption") != rules["client_broker_encryption"]:
        reasons.append(f"msk:clientBrokerEncryption must be '{rules['client_broker_encryption']}'")
    in_cluster = draft.value("inClusterEncryption")
    if in_cluster is not None and in_cluster != rules["in_cluster_encryption"]:
        reasons.append(f"msk:inClusterEncryption must be {show(rules['in_cluster_encryption'])}")
    if bool(auth.get("unauthenticated")) != rules["unauthenticated"]:
        reasons.append(f"msk:auth.unauthenticated must be {show(rules['unauthenticated'])}")
    modes = rules["authentication_any_of"]
    if not any(auth.get(mode) for mode in modes):
        reasons.append(f"msk:auth must enable {', '.join(modes[:-1])} or {modes[-1]}")
    acl_property = catalog.kafka_acl_rules()["property"]
    acl_value = rules["acl_property_for_scram_or_tls"][acl_property]
    effective = draft.resolved.get("serverProperties")
    if (auth.get("scram") or auth.get("tls")) and isinstance(effective, Mapping):
        if str(effective.get(acl_property, "")).strip().lower() != acl_value:
            reasons.append(
                f"with SASL/SCRAM or mutual TLS, AWS requires Kafka ACLs and {acl_property}="
                f"{acl_value}: create the ACLs, then set msk:{DENY_UNLESS_ACL}: true"
            )
    for reason in reasons:
        draft.fail("publicAccess", f"is true, but {reason}")
    _check_public_sources(draft)
    if not reasons:
        draft.warnings.append(
            "msk:publicAccess: AWS refuses public access when it creates a cluster, so the "
            "first `pulumi up` with it true fails: deploy with false, then set true and deploy "
            "again (the update turns it on through UpdateConnectivity). The subnets must route "
            "to an internet gateway, which the plan can't see"
        )


def _check_public_sources(draft: Draft) -> None:
    """The public listeners admit only the CIDR blocks named (security groups can't name
    clients on the internet): with none, nothing could ever reach them."""
    if draft.value("createSecurityGroup") is False:
        return  # the stack's own groups admit the public clients, which the plan can't see
    cidrs = draft.resolved.get("clientCidrBlocks", draft.value("clientCidrBlocks"))
    if cidrs is INVALID or not isinstance(cidrs, (list, tuple)) or cidrs:
        return  # already reported, computed (an Output), or named
    ports = sorted(catalog.port(f"public_{mode}") for mode in ("tls", "sasl_iam"))
    draft.fail(
        "clientCidrBlocks",
        f"is empty, but msk:publicAccess is true: the public listeners ({ports[0]}–{ports[1]}) "
        "admit only the CIDR blocks named here, since security groups can't name clients on "
        "the internet, so nothing could reach them; name your clients' public IPv4 ranges, "
        "or set msk:publicAccess false",
    )
