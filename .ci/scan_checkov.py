"""CI: export dev and prod as Terraform plans and scan them with checkov.

checkov passes a file in which it found nothing, so the scan must have found resources, and
among them the MSK cluster and its security group. Any failed check on an MSK or security-group
resource fails CI; failed checks on other resources are listed and left to their owners.

    venv/bin/python .ci/scan_checkov.py --checkov .ci-tools/bin/checkov
"""

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STACKS = ("dev", "prod")
# Terraform types whose checks must all pass.
GUARDED_TYPES = (
    "aws_msk_",
    "aws_security_group",
    "aws_default_security_group",
    "aws_vpc_security_group_",
)
MUST_BE_SCANNED = ("aws_msk_cluster.", "aws_security_group.")
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


def export(stack: str, path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "mskctl",
            "plan",
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


def problems(stack: str, report: dict) -> list[str]:
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
        if guarded:
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
        for stack in STACKS:
            path = Path(folder) / f"{stack}.tfplan.json"
            export(stack, path)
            report = scan(args.checkov, path)
            summary = report.get("summary", {})
            print(
                f"checkov on {stack}: {summary.get('resource_count', 0)} resources scanned; "
                f"checks passed {summary.get('passed', 0)}, failed {summary.get('failed', 0)}, "
                f"skipped {summary.get('skipped', 0)} (checkov {summary.get('checkov_version')})"
            )
            failures += problems(stack, report)
    for failure in failures:
        print(f"FAILED {failure}", file=sys.stderr)
    verdict = "failed" if failures else "passed"
    print(f"checkov scan {verdict} in {time.monotonic() - started:.1f} s")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
