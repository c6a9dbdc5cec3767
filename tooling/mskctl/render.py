"""Plan and cost documents as text a person reads at a glance in a terminal."""

import json

from .inputs import MISSING, dig

PENDING = "(known after deploy)"

# The few inputs that matter, per resource type: (label, path into the inputs).
HIGHLIGHTS = {
    "aws:msk/cluster:Cluster": [
        ("name", "clusterName"),
        ("kafka", "kafkaVersion"),
        ("brokers", "numberOfBrokerNodes"),
        ("type", "brokerNodeGroupInfo.instanceType"),
        ("GiB/broker", "brokerNodeGroupInfo.storageInfo.ebsStorageInfo.volumeSize"),
        (
            "MiB/s",
            "brokerNodeGroupInfo.storageInfo.ebsStorageInfo.provisionedThroughput.volumeThroughput",
        ),
        ("client traffic", "encryptionInfo.encryptionInTransit.clientBroker"),
        ("public", "brokerNodeGroupInfo.connectivityInfo.publicAccess.type"),
    ],
    "aws:msk/serverlessCluster:ServerlessCluster": [("name", "clusterName")],
    "aws:ec2/vpc:Vpc": [("cidr", "cidrBlock")],
    "aws:ec2/subnet:Subnet": [("cidr", "cidrBlock"), ("az", "availabilityZone")],
    "aws:kms/key:Key": [("rotation", "enableKeyRotation")],
    "aws:kms/alias:Alias": [("name", "name")],
    "aws:cloudwatch/logGroup:LogGroup": [("name", "name"), ("days", "retentionInDays")],
    "aws:cloudwatch/metricAlarm:MetricAlarm": [
        ("metric", "metricName"),
        ("when", "comparisonOperator"),
        ("threshold", "threshold"),
        ("periods", "evaluationPeriods"),
    ],
    "aws:appautoscaling/target:Target": [("min", "minCapacity"), ("max", "maxCapacity")],
    "aws:appautoscaling/policy:Policy": [
        ("target %", "targetTrackingScalingPolicyConfiguration.targetValue")
    ],
    "aws:sns/topic:Topic": [("name", "name")],
    "aws:msk/configuration:Configuration": [("name", "name")],
    "aws:secretsmanager/secret:Secret": [("name", "name"), ("key", "kmsKeyId")],
    "random:index/randomPassword:RandomPassword": [("length", "length")],
}


def _show(value) -> str:
    if value is None:
        return PENDING
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (dict, list)):
        return json.dumps(value)
    return str(value)


def _summary(resource: dict) -> str:
    inputs = resource["inputs"]
    if resource["type"] == "aws:ec2/securityGroup:SecurityGroup":
        return _ingress_summary(inputs)
    parts = [
        f"{label}={_show(value)}"
        for label, path in HIGHLIGHTS.get(resource["type"], [])
        if (value := dig(inputs, path)) is not MISSING
    ]
    if resource["type"] == "aws:msk/cluster:Cluster":
        auth = inputs.get("clientAuthentication") or {}
        modes = [m for m in ("iam", "scram") if (auth.get("sasl") or {}).get(m)]
        modes += ["mtls"] * bool(auth.get("tls"))
        modes += ["unauthenticated"] * bool(auth.get("unauthenticated"))
        parts.append(f"auth={'+'.join(modes) or 'none'}")
    return " ".join(parts)


def _ingress_summary(inputs: dict) -> str:
    rules = inputs.get("ingress") or []
    if not rules:
        return "ingress: none"
    shown = []
    for rule in rules:
        sources = (
            (rule.get("securityGroups") or [])
            + (rule.get("cidrBlocks") or [])
            + (rule.get("ipv6CidrBlocks") or [])
        )
        shown.append(f"{rule['fromPort']}<-{','.join(_show(s) for s in sources)}")
    return "ingress: " + " ".join(shown)


def _flags(resource: dict) -> str:
    options = resource["options"]
    flags = [
        name
        for name, on in (("protected", options["protect"]), ("retained", options["retainOnDelete"]))
        if on
    ]
    if options["ignoreChanges"]:
        flags.append("ignores " + ",".join(options["ignoreChanges"]))
    return f" [{'; '.join(flags)}]" if flags else ""


def resource_tree(resources: list) -> list[str]:
    children: dict = {}
    for resource in resources:
        children.setdefault(resource["parent"], []).append(resource)
    lines: list[str] = []

    def walk(parent, prefix: str) -> None:
        items = children.get(parent, [])
        for index, resource in enumerate(items):
            last = index == len(items) - 1
            branch = "" if parent is None else ("└─ " if last else "├─ ")
            summary = _summary(resource)
            lines.append(
                f"{prefix}{branch}{resource['type']}  {resource['name']}{_flags(resource)}"
                + (f"  {summary}" if summary else "")
            )
            walk(
                f"{resource['type']}::{resource['name']}",
                prefix + ("" if parent is None else ("   " if last else "│  ")),
            )

    walk(None, "  ")
    return lines


def cost_table(cost: dict | None) -> list[str]:
    if cost is None:
        return ["  (nothing to price)"]
    rows = [("item", "quantity", "unit", "unit price", "monthly")]
    for line in cost["lines"]:
        rows.append(
            (
                line["item"] + ("" if line["inMskBill"] else " *"),
                "depends on usage"
                if line["quantity"] is None
                else f"{line['quantity']:,.2f}".rstrip("0").rstrip("."),
                line["unit"],
                "-" if line["unitPrice"] is None else f"${line['unitPrice']:g}",
                "-" if line["monthly"] is None else f"${line['monthly']:,.2f}",
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    out = [
        "  "
        + "  ".join(
            cell.ljust(widths[i]) if i in (0, 2) else cell.rjust(widths[i])
            for i, cell in enumerate(row)
        )
        for row in rows
    ]
    total = (
        "no price for this region"
        if cost["monthly"] is None
        else f"${cost['monthly']:,.2f} a month"
    )
    where = f"{cost['currency']}, {cost['region']}, prices as of {cost['pricesAsOf']}"
    out.append(f"  MSK total: {total} ({where})")
    if any(not line["inMskBill"] for line in cost["lines"]):
        out.append("  * billed by EC2 data transfer, not part of the MSK total")
    return out


def render_plan(document: dict) -> str:
    lines = [
        f"Offline plan for {document['project']}/{document['stack']} "
        "(Pulumi mock runtime, preview; nothing was sent to AWS)",
        "",
    ]
    if document["errors"]:
        lines.append(f"Configuration errors ({len(document['errors'])}):")
        lines += [f"  ✗ {e['key']}: {e['message']}" for e in document["errors"]]
        lines += ["", "Nothing was planned: fix the keys above and run again."]
        lines += _warnings(document)
        return "\n".join(lines)
    lines.append(f"Resources ({len(document['resources'])}):")
    lines += resource_tree(document["resources"])
    lines += ["", "Outputs:"]
    width = max((len(name) for name in document["outputs"]), default=0)
    lines += [
        f"  {name.ljust(width)}  {_show(value)}" for name, value in document["outputs"].items()
    ]
    lines += ["", "Monthly cost:"]
    lines += cost_table(document["cost"])
    lines += policy_lines(document.get("policy", []))
    lines += _warnings(document)
    return "\n".join(lines)


def policy_lines(violations: list) -> list[str]:
    """The policy pack's verdict: mandatory violations block `pulumi up`, advisory ones warn."""
    if not violations:
        return ["", "Policy (policy/ pack): no violations"]
    lines = ["", f"Policy violations ({len(violations)}):"]
    for v in violations:
        mark = "✗" if v["level"] == "mandatory" else "!"
        lines.append(f"  {mark} {v['level']} {v['policy']}  {v['resource']}: {v['message']}")
    return lines


def render_cost(document: dict) -> str:
    cost = document["cost"]
    lines = [f"Monthly cost of {document['project']}/{document['stack']}", ""]
    lines += cost_table(cost)
    if cost and cost.get("assumptions"):
        lines += ["", "Assumptions:"] + [f"  - {a}" for a in cost["assumptions"]]
    lines += _warnings(document)
    return "\n".join(lines)


def _warnings(document: dict) -> list[str]:
    if not document["warnings"]:
        return []
    return ["", f"Warnings ({len(document['warnings'])}):"] + [
        f"  ! {w}" for w in document["warnings"]
    ]
