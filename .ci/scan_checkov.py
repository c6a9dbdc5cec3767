"""CI: export dev and prod, and the event-backbone example's stack (a cluster with a connector,
a schema registry, a replicator and Kafka ACLs), as Terraform plans and scan them with checkov.

checkov passes a file in which it found nothing, so the scan must have found resources, and
among them the MSK cluster and its security group; the example's export must also hold the
companions' AWS resources (Kafka ACLs are made through the brokers, not AWS: never exported).
Any failed check on a guarded resource (MSK, MSK Connect, Glue schema registry, IAM roles and
their policies, security groups) fails CI; failed checks on other resources are listed and
left to their owners.

    venv/bin/python .ci/scan_checkov.py --checkov .ci-tools/bin/checkov
"""

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Collection
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ECOSYSTEM = Path("examples") / "event-backbone"
# (project folder, stack): the main project's stacks, and the example that uses all four
# companions of MskCluster from its stack config.
STACKS = ((Path("."), "dev"), (Path("."), "prod"), (ECOSYSTEM, "dev"))
# Terraform types whose checks must all pass.
GUARDED_TYPES = (
    "aws_msk_",
    "aws_mskconnect_",
    "aws_glue_registry",
    "aws_glue_schema",
    "aws_iam_role",  # and aws_iam_role_policy: the grants' and the companions' roles
    "aws_security_group",
    "aws_default_security_group",
    "aws_vpc_security_group_",
)
MUST_BE_SCANNED = ("aws_msk_cluster.", "aws_security_group.")
# The companions' AWS resources the example's export must hold. checkov 3.3.30 has no check
# of its own for these types (only CKV2_AWS_5 names aws_mskconnect_connector as a resource a
# security group may be attached to), so they are asserted in the export itself.
MUST_BE_EXPORTED = {
    ECOSYSTEM: (
        "aws_mskconnect_connector",
        "aws_mskconnect_custom_plugin",
        "aws_mskconnect_worker_configuration",
        "aws_glue_registry",
        "aws_glue_schema",
        "aws_msk_replicator",
        "aws_iam_role",
    )
}
# A failed check that does not apply to one kind of resource, and why; any other resource
# failing it still fails CI. CKV2_AWS_5 (a security group attached to something) lists the
# resource types that may hold a group, and aws_msk_replicator is not among them in checkov
# 3.3.30, though a replicator's vpc_config.security_groups_ids puts its network interfaces in
# the group: the check passes on a group no replicator of the export names.
ATTACHED_BY_REPLICATOR = (
    "CKV2_AWS_5",
    "attached to an aws_msk_replicator (vpc_config.security_groups_ids), a type checkov's "
    "CKV2_AWS_5 does not list",
)
# Checks skipped on purpose, each with the reason it does not apply to this design. None today.
SKIPPED_CHECKS: dict[str, str] = {}
NEVER_SKIPPED = {
    "CKV_AWS_80",
    "CKV_AWS_81",
    "CKV_AWS_291",
    "CKV_AWS_23",
    "CKV_AWS_24",
    "CKV_AWS_25",
    "CKV_AWS_260",
    "CKV_AWS_277",
    "CKV2_AWS_5",
}


def export(project: Path, stack: str, path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "mskctl",
            "plan",
            "--project-dir",
            str(ROOT / project),
            "--stack",
            stack,
            "--format",
            "terraform-plan",
            "--output",
            str(path),
        ],
        cwd=ROOT,
        check=True,
    )


def replicator_groups(plan: dict) -> set[str]:
    """Addresses of the security groups an aws_msk_replicator of the export is placed in."""
    groups = set()
    for resource in plan["configuration"]["root_module"]["resources"]:
        if resource["type"] != "aws_msk_replicator":
            continue
        for cluster in resource["expressions"].get("kafka_cluster", []):
            for vpc in cluster.get("vpc_config", []):
                named = vpc.get("security_groups_ids", {}).get("references", [])
                groups |= {r for r in named if r.startswith("aws_security_group.")}
    return {g.removesuffix(".id") for g in groups}


def exported_problems(stack: str, project: Path, plan: dict) -> list[str]:
    types = {r["type"] for r in plan["planned_values"]["root_module"]["resources"]}
    return [
        f"{stack}: the export holds no {tf_type}"
        for tf_type in MUST_BE_EXPORTED.get(project, ())
        if tf_type not in types
    ]


def scan(checkov: str, path: Path) -> dict:
    command = [
        checkov,
        "-f",
        str(path),
        "--framework",
        "terraform_plan",
        "-o",
        "json",
        "--skip-download",
    ]
    if SKIPPED_CHECKS:
        command += ["--skip-check", ",".join(sorted(SKIPPED_CHECKS))]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode not in (0, 1):  # 1: some check failed, judged below
        sys.exit(f"checkov failed ({result.returncode}):\n{result.stderr[-2000:]}")
    report = json.loads(result.stdout)
    report = report[0] if isinstance(report, list) else report
    # With nothing to scan, checkov prints only its summary.
    return report if "summary" in report else {"summary": report, "results": {}}


def problems(stack: str, report: dict, attached_by_replicator: Collection[str] = ()) -> list[str]:
    results = report.get("results", {})
    summary = report.get("summary", {})
    checked = {
        c["resource"]
        for kind in ("passed_checks", "failed_checks", "skipped_checks")
        for c in results.get(kind, [])
    }
    found = []
    if not summary.get("resource_count"):
        found.append(f"{stack}: checkov scanned no resource")
    for prefix in MUST_BE_SCANNED:
        if not any(resource.startswith(prefix) for resource in checked):
            found.append(f"{stack}: no check ran on any {prefix.rstrip('.')}")
    for check in results.get("failed_checks", []):
        guarded = check["resource"].startswith(GUARDED_TYPES)
        line = f"{check['check_id']} on {check['resource']}: {check['check_name']}"
        check_id, reason = ATTACHED_BY_REPLICATOR
        if check["check_id"] == check_id and check["resource"] in attached_by_replicator:
            print(f"  not applicable: {line} ({reason})")
        elif guarded:
            found.append(f"{stack}: {line}")
        else:
            print(f"  not blocking: {line}")
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--checkov", default="checkov", help="the checkov executable")
    args = parser.parse_args()
    assert not NEVER_SKIPPED & set(SKIPPED_CHECKS), "these checks are the point of the scan"
    started = time.monotonic()
    failures = []
    with tempfile.TemporaryDirectory() as folder:
        for project, name in STACKS:
            stack = name if project == Path(".") else f"{project.as_posix()}/{name}"
            path = Path(folder) / f"{stack.replace('/', '_')}.tfplan.json"
            export(project, name, path)
            plan = json.loads(path.read_text(encoding="utf-8"))
            failures += exported_problems(stack, project, plan)
            report = scan(args.checkov, path)
            summary = report.get("summary", {})
            print(
                f"checkov on {stack}: {summary.get('resource_count', 0)} resources scanned; "
                f"checks passed {summary.get('passed', 0)}, failed {summary.get('failed', 0)}, "
                f"skipped {summary.get('skipped', 0)} (checkov {summary.get('checkov_version')})"
            )
            failures += problems(stack, report, replicator_groups(plan))
    for failure in failures:
        print(f"FAILED {failure}", file=sys.stderr)
    verdict = "failed" if failures else "passed"
    print(f"checkov scan {verdict} in {time.monotonic() - started:.1f} s")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
