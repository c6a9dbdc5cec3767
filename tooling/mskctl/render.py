"""Plan and cost documents as text a person reads at a glance in a terminal, and what is
shown of a program that crashed.

Nothing here prints colour: the text is the same on a terminal, in a pipe and with
``NO_COLOR``. The few symbols drawn (``✗``, the tree's ``├─``) have ASCII equivalents
(``ASCII_EQUIVALENTS``) that ``cli`` falls back to on a console that can't show them.
"""

import codecs
import json
import linecache
import logging
import os
import sys
import sysconfig
import traceback
from pathlib import Path

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


# --- a console that can't show every character ------------------------------------------------

ASCII_EQUIVALENTS = {
    "✗": "x",
    "✓": "v",
    "├": "|",
    "└": "`",
    "│": "|",
    "─": "-",
    "×": "x",
    "…": "...",
    "—": "--",
    "–": "-",
    "→": "->",
    "←": "<-",
    "≥": ">=",
    "≤": "<=",
    "≈": "~",
    "‘": "'",
    "’": "'",
    "“": '"',
    "”": '"',
    "•": "*",
    "·": ".",
    "°": " deg",
}
ASCII_FALLBACK = "mskctl-ascii"


def _escaped(char: str) -> str:
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def _ascii_fallback(error: UnicodeError) -> tuple[str, int]:
    """The codec error handler for a console that can't encode a character: its ASCII
    equivalent, else its escape (``\\u00e9``), so nothing is lost and nothing raises."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    text = error.object[error.start : error.end]
    return "".join(ASCII_EQUIVALENTS.get(char) or _escaped(char) for char in text), error.end


codecs.register_error(ASCII_FALLBACK, _ascii_fallback)


def can_show(encoding: str | None, sample: str = "✗├─└│×…") -> bool:
    try:
        sample.encode(encoding or "ascii")
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def to_devnull(name: str) -> None:
    """``sys.stdout`` or ``sys.stderr`` whose reader has gone (``| head``) pointed at the null
    device, so later writes, and the flush at exit, go nowhere instead of raising
    BrokenPipeError (the recipe in Python's ``signal`` documentation: ``os.dup2``)."""
    stream = getattr(sys, name)
    try:
        fd = stream.fileno()
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, fd)
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # no file descriptor (a test's capture)
        setattr(sys, name, open(os.devnull, "w"))  # noqa: SIM115 - lives as long as the process


# --- a program that crashed -------------------------------------------------------------------

TOOLING_DIR = Path(__file__).resolve().parent  # mskctl itself: never "the user's code"
_LIBRARY_DIRS = tuple(
    Path(path).resolve()
    for path in {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
)
log = logging.getLogger("mskctl")


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def user_frame(error: BaseException, program_dir: Path) -> traceback.FrameSummary | None:
    """The innermost frame of the traceback in the program's own files: under its folder,
    not in mskctl, not in an installed library (the project's virtualenv is one)."""
    program_dir = Path(program_dir).resolve()
    found = None
    for frame in traceback.extract_tb(error.__traceback__):
        path = Path(frame.filename).resolve()
        if not _inside(path, program_dir) or _inside(path, TOOLING_DIR):
            continue
        if any(_inside(path, lib) for lib in _LIBRARY_DIRS) or "site-packages" in path.parts:
            continue
        found = frame
    if isinstance(error, SyntaxError) and error.filename and error.lineno:
        path = Path(error.filename).resolve()
        if _inside(path, program_dir):  # the line that did not compile, not a frame
            return traceback.FrameSummary(
                str(path), error.lineno, "<module>", line=(error.text or "").strip()
            )
    return found


def program_failure(error: BaseException, program_dir: Path) -> str:
    """One line for a program that raised: what, and where in its own code (file and line,
    relative to the project); ``--debug`` logs the full traceback before it."""
    log.debug("the program raised:\n%s", "".join(traceback.format_exception(error)).rstrip())
    if isinstance(error, SystemExit):
        what = f"called sys.exit({error.code!r})"
    else:
        what = f"failed: {type(error).__name__}: {error}".rstrip(": ")
    frame = user_frame(error, program_dir)
    if frame is None:
        return f"the program {what} (--debug shows the traceback)"
    path = Path(frame.filename).resolve()
    shown = path.relative_to(Path(program_dir).resolve()).as_posix()
    line = (frame.line or linecache.getline(frame.filename, frame.lineno or 0)).strip()
    code = f": {line}" if line else ""
    return (
        f"the program {what} (at {shown}, line {frame.lineno}, in {frame.name}{code}); "
        "--debug shows the whole traceback"
    )
