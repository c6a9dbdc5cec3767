"""Whole-process figures for the offline tooling: run it, read the table.

    venv/bin/python bench/plan_bench.py [--runs 5] [--skip-tests]

Each figure is a fresh process (as a user or CI runs it): median, min and max wall time over
the runs, and the peak resident memory of the slowest-to-grow run. The scaling series plans one
program with 1, 10 and 40 clusters to show how plan time grows with the resource count.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
MANY = ROOT / "bench" / "programs" / "many"


def measure(command: list[str], runs: int) -> dict:
    walls, peaks = [], []
    for _ in range(runs):
        start = time.perf_counter()
        process = subprocess.Popen(
            command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        _, status, usage = os.wait4(process.pid, 0)
        walls.append(time.perf_counter() - start)
        peaks.append(usage.ru_maxrss / 1024)  # KiB on Linux
        stderr = process.stderr.read().decode()
        process.stderr.close()
        code = os.waitstatus_to_exitcode(status)
        if code != 0:
            raise SystemExit(f"{' '.join(command)} exited {code}:\n{stderr}")
    return {
        "median": statistics.median(walls),
        "min": min(walls),
        "max": max(walls),
        "peak": max(peaks),
    }


def row(name: str, figures: dict) -> str:
    return (
        f"{name:<34} {figures['median']:>8.3f} {figures['min']:>8.3f} {figures['max']:>8.3f}"
        f" {figures['peak']:>9.1f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--skip-tests", action="store_true", help="leave out the test suite")
    options = parser.parse_args()
    plan = [PYTHON, "-m", "mskctl", "plan"]
    print(f"{'what':<34} {'median s':>8} {'min s':>8} {'max s':>8} {'peak MiB':>9}")
    for stack in ("dev", "prod"):
        print(row(f"mskctl plan --stack {stack}", measure(plan + ["--stack", stack], options.runs)))
    print(
        row(
            "python -c 'import pulumi_aws…'",
            measure(
                [PYTHON, "-c", "import pulumi_aws as a; a.msk.Cluster; a.ec2.Vpc; a.kms.Key"],
                options.runs,
            ),
        )
    )
    series = {}
    for clusters in (1, 10, 40):
        command = plan + [
            "--stack",
            "bench",
            "--project-dir",
            str(MANY),
            "--set",
            f"many:clusters={clusters}",
        ]
        series[clusters] = measure(command, max(3, options.runs // 2))
        print(row(f"plan, {clusters} cluster(s) ({clusters * 5 + 0} resources)", series[clusters]))
    per_cluster_low = (series[10]["median"] - series[1]["median"]) / 9
    per_cluster_high = (series[40]["median"] - series[10]["median"]) / 30
    print(
        f"\nmarginal cost per cluster: {per_cluster_low * 1000:.1f} ms (1→10), "
        f"{per_cluster_high * 1000:.1f} ms (10→40); equal figures mean linear growth"
    )
    if not options.skip_tests:
        print(
            row(
                "test suite (pytest -q)",
                measure(
                    [PYTHON, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
                    max(1, options.runs // 2),
                ),
            )
        )


if __name__ == "__main__":
    main()
