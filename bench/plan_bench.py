"""Whole-process figures for the offline plan: fixed cost, per-resource slope, and a baseline.

    venv/bin/python bench/plan_bench.py [--baseline-ref REF] [--runs 15] [--scale-runs 7]
                                        [--sizes 250,500,1000,2000] [--output bench/results.md]

Every figure is a fresh process, as a user or CI runs ``mskctl``, and every comparison is
paired: the commands compared run in turns, one round after another (the order rotating each
round), so a machine that slows down or speeds up midway slows both sides alike. Each figure
is a median over the rounds; each ratio is the median of the rounds' own ratios, reported with
the spread of those ratios (the middle half of the rounds, and all of them) and the machine's
load average before and after, so a noisy run shows as one.

- Fixed cost: ``mskctl plan --stack prod --json`` against ``python -c pass`` (the
  interpreter's own start-up, which no change to mskctl can remove) and, with
  ``--baseline-ref``, against the same plan at that git ref (its tree exported with
  ``git archive`` to a temporary folder and imported from there, on this virtualenv).
- First run: the same plan when nothing is compiled yet (as after an editable install): the
  project's own sources without bytecode, and no SDK classes in mskctl's cache of compiled
  classes (``mskctl/fast_imports.py``), against the plan with both.
- Slope: for each of topics, grants, SCRAM users and clusters, a generated stack with that
  many of them (sized to about each of ``--sizes`` resources), planned in turns with the same
  stack without any; the difference in each round is the time that depends on the work. The
  resource counts are those the plan's JSON lists. Linear growth: doubling the resources
  doubles the work-dependent time (the issue's bound: at most 2.2x).

Bytecode is written for both trees before measuring (a warm-up run each; this tree's compiled
SDK classes go to a cache folder of the benchmark's own), so neither pays for compiling except
where that is what is measured. The figures go to ``--output`` (Markdown,
quoted by the README) and beside it as JSON.
"""

import argparse
import io
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
MANY = ROOT / "bench" / "programs" / "many"
DIMENSIONS = ("topics", "grants", "users", "clusters")
# A broker type whose partition limit carries the largest topic series (one partition each).
LARGE_BROKERS = "kafka.m7g.2xlarge"
PLAN = ("-m", "mskctl", "plan", "--json")
TEARDOWN = "plan prod, ordinary exit"


@dataclass
class Command:
    """One process to time: its arguments, folder and environment."""

    label: str
    argv: list[str]
    cwd: Path
    env: dict[str, str]


@dataclass
class Sample:
    wall: float  # seconds
    cpu: float  # user + system seconds of the process
    peak_mib: float
    output: str


@dataclass
class Figures:
    samples: list[Sample] = field(default_factory=list)

    def median(self, what: str) -> float:
        return statistics.median(getattr(s, what) for s in self.samples)


def child_environment(
    source_dirs: list[Path] | None = None, class_cache: Path | None = None
) -> dict[str, str]:
    """This environment, with bytecode written and read as a user's would be (no
    ``PYTHONDONTWRITEBYTECODE``), with ``source_dirs`` (by default this tree's component and
    tooling) first on the import path, ahead of whatever the virtualenv installed, and mskctl's
    compiled SDK classes kept in ``class_cache`` (``MSKCTL_CACHE_DIR``)."""
    ignored = ("PYTHONDONTWRITEBYTECODE", "PYTHONPATH", "MSKCTL_CACHE_DIR")
    env = {k: v for k, v in os.environ.items() if k not in ignored}
    dirs = source_dirs or [ROOT / "components", ROOT / "tooling"]
    env["PYTHONPATH"] = os.pathsep.join(str(d) for d in dirs)
    if class_cache is not None:
        env["MSKCTL_CACHE_DIR"] = str(class_cache)
    return env


def run_once(command: Command, timeout: float = 600) -> Sample:
    """Run ``command`` once; its stdout is kept (in a file, so a large plan never waits on a
    pipe), a failure ends the benchmark with the command's stderr."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(
            command.argv, cwd=command.cwd, env=command.env, stdout=out, stderr=err
        )
        try:
            _, status, usage = os.wait4(process.pid, 0)
        except BaseException:
            process.kill()
            raise
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(), err.read().decode()
    if process.returncode != 0:
        raise SystemExit(
            f"{command.label}: {' '.join(command.argv)} exited {process.returncode}:\n{stderr}"
        )
    return Sample(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, stdout)


def paired(commands: list[Command], rounds: int, warmup: bool = True) -> dict[str, Figures]:
    """Each command once a round, in turns, the order rotated every round."""
    if warmup:
        for command in commands:
            run_once(command)
    figures = {c.label: Figures() for c in commands}
    for index in range(rounds):
        shift = index % len(commands)
        for command in commands[shift:] + commands[:shift]:
            figures[command.label].samples.append(run_once(command))
    return figures


def machine_busy() -> tuple[float, float, float] | None:
    """(now, seconds the machine's processors were busy, processor seconds the benchmark and
    the runs it waited for used) from ``/proc/stat`` (Linux); None elsewhere."""
    try:
        with open("/proc/stat", encoding="ascii") as stat:
            fields = stat.readline().split()
    except OSError:
        return None
    user, nice, system, _idle, _iowait, irq, softirq, steal = map(int, fields[1:9])
    busy = (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")
    times = os.times()
    own = times.user + times.system + times.children_user + times.children_system
    return time.monotonic(), busy, own


def others_cores(before: tuple[float, float, float], after: tuple[float, float, float]) -> float:
    """How many processors other processes kept busy on average between the two readings:
    the machine's busy time less what the benchmark's own runs used."""
    elapsed = after[0] - before[0]
    others = (after[1] - before[1]) - (after[2] - before[2])
    return max(0.0, others / elapsed) if elapsed > 0 else 0.0


def ratio(a: Figures, b: Figures, what: str = "wall") -> float:
    """The median of the rounds' own ratios a/b."""
    return statistics.median(
        getattr(x, what) / getattr(y, what) for x, y in zip(a.samples, b.samples, strict=True)
    )


def spread(a: Figures, b: Figures, what: str = "wall") -> dict[str, float]:
    """How the rounds' own ratios a/b spread: the lowest, the quartiles, the highest."""
    ratios = sorted(
        getattr(x, what) / getattr(y, what) for x, y in zip(a.samples, b.samples, strict=True)
    )
    low, high = (ratios[0], ratios[-1]) if ratios else (float("nan"), float("nan"))
    if len(ratios) < 2:
        return {"min": low, "q1": low, "q3": high, "max": high}
    q1, _, q3 = statistics.quantiles(ratios, n=4, method="inclusive")
    return {"min": low, "q1": q1, "q3": q3, "max": high}


def difference(a: Figures, b: Figures, what: str = "wall") -> float:
    """The median of the rounds' own differences a-b."""
    return statistics.median(
        getattr(x, what) - getattr(y, what) for x, y in zip(a.samples, b.samples, strict=True)
    )


def count_resources(plan_json: str) -> int:
    """How many resources a ``plan --json`` document lists (the benchmark's resource count);
    a plan with errors lists none, so it is refused."""
    document = json.loads(plan_json)
    if document["errors"]:
        raise ValueError(f"the plan has errors: {document['errors'][:3]}")
    return len(document["resources"])


# --- the generated stacks -------------------------------------------------------------------------


def stack_config(dimension: str, units: int) -> dict[str, Any]:
    """The prod stack's config with ``units`` topics, grants or SCRAM users added (clusters
    are the program's own count, see ``scaled_command``)."""
    config = yaml.safe_load((ROOT / "Pulumi.prod.yaml").read_text())["config"]
    config["msk:instanceType"] = LARGE_BROKERS
    if dimension == "topics" and units:
        config["msk:topics"] = [{"name": f"bench-topic-{i}", "partitions": 1} for i in range(units)]
    if dimension == "grants" and units:
        config["msk:grants"] = [
            {
                "roleName": f"bench-role-{i}",
                "produce": [f"bench-topic-{i}"],
                "consume": [f"bench-topic-{i}"],
                "groups": [f"bench-group-{i}"],
            }
            for i in range(units)
        ]
    if dimension == "users":
        config["msk:auth"] = {"iam": True, "scram": True}
        if units:
            config["msk:scramUsers"] = [f"bench-user-{i}" for i in range(units)]
    return config


def write_project(folder: Path, dimension: str, units: int) -> Path:
    """A project folder of this repository's program whose stack ``bench`` has that config."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "Pulumi.yaml", folder / "Pulumi.yaml")
    shutil.copy(ROOT / "__main__.py", folder / "__main__.py")
    document = {"config": stack_config(dimension, units)}
    (folder / "Pulumi.bench.yaml").write_text(yaml.safe_dump(document, sort_keys=False))
    return folder


def scaled_command(workspace: Path, dimension: str, units: int, env: dict[str, str]) -> Command:
    label = f"{dimension}={units}"
    if dimension == "clusters":
        argv = [PYTHON, *PLAN, "--stack", "bench", "--project-dir", str(MANY)]
        argv += ["--set", f"many:clusters={max(units, 1)}"]
        return Command(label, argv, ROOT, env)
    project = write_project(workspace / f"{dimension}-{units}", dimension, units)
    argv = [PYTHON, *PLAN, "--stack", "bench", "--project-dir", str(project)]
    return Command(label, argv, ROOT, env)


def units_for(
    workspace: Path, dimension: str, targets: list[int], env: dict[str, str]
) -> tuple[int, list[int]]:
    """The empty stack's resource count, and how many units give about each target count
    (from two probe plans: none and four units; clusters start at one)."""
    low = 1 if dimension == "clusters" else 0
    counts = [
        count_resources(run_once(scaled_command(workspace, dimension, n, env)).output)
        for n in (low, low + 4)
    ]
    per_unit = (counts[1] - counts[0]) / 4
    if per_unit <= 0:
        raise SystemExit(f"{dimension}: adding four added no resources ({counts})")
    return counts[0], [max(low + 1, round(low + (t - counts[0]) / per_unit)) for t in targets]


# --- the measurements -----------------------------------------------------------------------------


def export_tree(ref: str, folder: Path) -> list[Path]:
    """The tree of ``ref`` in ``folder`` (``git archive``: the repository is not touched), its
    sources compiled; the folders to import the component and the tooling from."""
    archive = subprocess.run(
        ["git", "archive", "--format=tar", ref], cwd=ROOT, capture_output=True, check=True
    )
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(folder, filter="data")
    sources = [folder / "components", folder / "tooling"]
    subprocess.run(
        [PYTHON, "-m", "compileall", "-q", *map(str, sources)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return sources


def check_imports_from(sources: list[Path], env: dict[str, str]) -> None:
    """The baseline's processes import the baseline's mskctl and component, not this tree's."""
    probe = "import mskctl, msk_platform; print(mskctl.__file__); print(msk_platform.__file__)"
    shown = subprocess.run(
        [PYTHON, "-c", probe], env=env, capture_output=True, text=True, check=True
    )
    folder = str(sources[0].parent)
    if not all(line.startswith(folder) for line in shown.stdout.split()):
        raise SystemExit(f"the baseline would import from elsewhere:\n{shown.stdout}")


def fixed_cost(options: argparse.Namespace, workspace: Path) -> dict[str, Any]:
    here = child_environment(class_cache=workspace / "class-cache")
    commands = [
        Command("python -c pass", [PYTHON, "-c", "pass"], ROOT, here),
        Command("plan prod", [PYTHON, *PLAN, "--stack", "prod"], ROOT, here),
        Command("plan dev", [PYTHON, *PLAN, "--stack", "dev"], ROOT, here),
        # Warnings asked for: mskctl then exits the ordinary way, tearing the interpreter down.
        Command(TEARDOWN, [PYTHON, "-W", "ignore", *PLAN, "--stack", "prod"], ROOT, here),
    ]
    check_imports_from([ROOT / "components", ROOT / "tooling"], here)
    if options.baseline_ref:
        sources = export_tree(options.baseline_ref, workspace / "baseline")
        there = child_environment(sources)
        check_imports_from(sources, there)
        commands.append(
            Command(
                f"plan prod at {options.baseline_ref}",
                [PYTHON, *PLAN, "--stack", "prod"],
                sources[0].parent,
                there,
            )
        )
    before = machine_busy()
    figures = paired(commands, options.runs)
    after = machine_busy()
    prod = figures["plan prod"]
    result: dict[str, Any] = {
        "rows": {
            label: {
                "wall_s": f.median("wall"),
                "cpu_s": f.median("cpu"),
                "peak_mib": f.median("peak_mib"),
                "resources": None
                if label == "python -c pass"
                else count_resources(f.samples[-1].output),
            }
            for label, f in figures.items()
        },
        "prod_over_startup": ratio(prod, figures["python -c pass"]),
        "teardown_s": difference(figures[TEARDOWN], prod),
    }
    if before is not None and after is not None:
        result["others_cores"] = others_cores(before, after)
    if options.baseline_ref:
        baseline = figures[f"plan prod at {options.baseline_ref}"]
        result["prod_over_baseline_wall"] = ratio(prod, baseline)
        result["prod_over_baseline_wall_spread"] = spread(prod, baseline)
        result["prod_over_baseline_cpu"] = ratio(prod, baseline, "cpu")
        plans = {
            json.dumps(json.loads(f.samples[-1].output), sort_keys=True) for f in (prod, baseline)
        }
        result["same_plan_as_baseline"] = len(plans) == 1
    return result


def first_run(options: argparse.Namespace, workspace: Path) -> dict[str, Any]:
    """The plan importing a copy of this tree's sources with no bytecode and with an empty
    cache of compiled SDK classes (neither written), against the plan with both."""
    copy = workspace / "no-bytecode"
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
    for name in ("components", "tooling"):
        shutil.copytree(ROOT / name, copy / name, ignore=ignore)
    empty = workspace / "empty-class-cache"
    empty.mkdir()
    cold_env = child_environment([copy / "components", copy / "tooling"], class_cache=empty)
    cold_env["PYTHONDONTWRITEBYTECODE"] = "1"
    check_imports_from([copy / "components", copy / "tooling"], cold_env)
    here = child_environment(class_cache=workspace / "class-cache")
    figures = paired(
        [
            Command("plan prod, bytecode", [PYTHON, *PLAN, "--stack", "prod"], ROOT, here),
            Command("plan prod, no bytecode", [PYTHON, *PLAN, "--stack", "prod"], ROOT, cold_env),
        ],
        options.runs,
    )
    warm, cold = figures["plan prod, bytecode"], figures["plan prod, no bytecode"]
    return {
        "warm_wall_s": warm.median("wall"),
        "cold_wall_s": cold.median("wall"),
        "extra_s": difference(cold, warm),
    }


def slopes(options: argparse.Namespace, workspace: Path) -> dict[str, Any]:
    env = child_environment(class_cache=workspace / "class-cache")
    series: dict[str, Any] = {}
    for dimension in options.series:
        empty_count, units = units_for(workspace, dimension, options.sizes, env)
        low = 1 if dimension == "clusters" else 0
        commands = [scaled_command(workspace, dimension, n, env) for n in (low, *units)]
        figures = paired(commands, options.scale_runs, warmup=False)  # bytecode: written above
        zero = figures[commands[0].label]
        points = []
        for command in commands[1:]:
            f = figures[command.label]
            resources = count_resources(f.samples[-1].output)
            work = difference(f, zero)
            work_cpu = difference(f, zero, "cpu")
            points.append(
                {
                    "units": int(command.label.split("=")[1]),
                    "resources": resources,
                    "added_resources": resources - empty_count,
                    "wall_s": f.median("wall"),
                    "work_s": work,
                    "work_cpu_s": work_cpu,
                    "ms_per_resource": 1000 * work / (resources - empty_count),
                    "cpu_ms_per_resource": 1000 * work_cpu / (resources - empty_count),
                    "peak_mib": f.median("peak_mib"),
                }
            )
        for before, after in zip(points, points[1:], strict=False):
            after["resource_growth"] = after["added_resources"] / before["added_resources"]
            # The work's growth when the resources double (linear: 2.0; the bound: 2.2), in wall
            # time and in the processor time the process used (which other processes on the
            # machine don't stretch).
            after["per_doubling"] = (
                2 * after["work_s"] / before["work_s"] / after["resource_growth"]
            )
            after["cpu_per_doubling"] = (
                2 * after["work_cpu_s"] / before["work_cpu_s"] / after["resource_growth"]
            )
        series[dimension] = {
            "empty_resources": empty_count,
            "empty_wall_s": zero.median("wall"),
            "ms_per_resource_fit": 1000 * fitted_slope(points, "work_s"),
            "cpu_ms_per_resource_fit": 1000 * fitted_slope(points, "work_cpu_s"),
            "points": points,
        }
    return series


def tree_described() -> str:
    """This tree as git names it: its commit, and whether files differ from it."""
    head = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    )
    changed = subprocess.run(
        ["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True
    )
    if head.returncode != 0:
        return "not a git checkout"
    return head.stdout.strip() + (" with uncommitted changes" if changed.stdout.strip() else "")


def fitted_slope(points: list[dict[str, Any]], work: str) -> float:
    """Seconds per added resource: the least-squares line through the origin (no resources
    added, no work) and the points."""
    xs = [p["added_resources"] for p in points]
    ys = [p[work] for p in points]
    return sum(x * y for x, y in zip(xs, ys, strict=True)) / sum(x * x for x in xs)


# --- the report -----------------------------------------------------------------------------------


def markdown(results: dict[str, Any]) -> str:
    lines = [
        "# Offline plan: measured figures",
        "",
        f"Written by `bench/plan_bench.py` on {results['when']} ({results['machine']}), "
        f"for the tree at {results['tree']}; "
        f"{results['runs']} paired rounds for the fixed cost, {results['scale_runs']} for the "
        "slopes; medians. Regenerate with the command at the top of `bench/plan_bench.py`.",
        "",
        "## Fixed cost",
        "",
        "| what | wall s | cpu s | peak MiB | resources |",
        "|---|---:|---:|---:|---:|",
    ]
    fixed = results["fixed"]
    for label, row in fixed["rows"].items():
        count = "" if row["resources"] is None else row["resources"]
        figures = f"{row['wall_s']:.3f} | {row['cpu_s']:.3f} | {row['peak_mib']:.1f}"
        lines.append(f"| {label} | {figures} | {count} |")
    lines.append("")
    if "prod_over_baseline_wall" in fixed:
        same = (
            "identical"
            if fixed["same_plan_as_baseline"]
            else "not identical: the program or the component changed since"
        )
        rounds = fixed.get("prod_over_baseline_wall_spread")
        spread_text = (
            f"; the rounds' wall ratios: middle half {rounds['q1']:.2f}x-{rounds['q3']:.2f}x, "
            f"all {rounds['min']:.2f}x-{rounds['max']:.2f}x"
            if rounds
            else ""
        )
        lines.append(
            f"plan prod / the same at {results['baseline_ref']}: "
            f"**{fixed['prod_over_baseline_wall']:.2f}x** wall, "
            f"{fixed['prod_over_baseline_cpu']:.2f}x cpu (medians of the rounds' ratios"
            f"{spread_text}); the two plans' JSON is "
            f"{same}{'' if fixed['same_plan_as_baseline'] else ' that ref'}."
        )
    if "others_cores" in fixed:
        lines.append(
            "Other processes on the machine meanwhile: "
            f"{fixed['others_cores']:.2f} cores busy on average (of {os.cpu_count()})."
        )
    lines.append(f"plan prod / `python -c pass`: {fixed['prod_over_startup']:.1f}x.")
    lines.append(
        f"Interpreter teardown skipped (`-W ignore` keeps it): {fixed['teardown_s'] * 1000:.0f} ms "
        "a run (median of the rounds' differences)."
    )
    if "first_run" in results:
        first = results["first_run"]
        lines += [
            "",
            "First run (nothing compiled yet: the project's sources have no bytecode, mskctl's "
            "cache of compiled SDK classes is empty): "
            f"{first['cold_wall_s']:.3f} s against {first['warm_wall_s']:.3f} s, "
            f"{first['extra_s'] * 1000:.0f} ms for compiling; "
            "that first run writes both, so later runs don't pay it.",
        ]
    lines += [
        "",
        "## Slope: time that depends on the resources",
        "",
        "Work = the plan's wall time less that of the same stack without any of the series' "
        "units, paired round by round. Linear growth: 2x resources, 2x work (the bound: 2.2x).",
        "",
        "| series | units | resources | added | wall s | work s | ms/resource | cpu ms/resource "
        "| resource growth | work per 2x resources | cpu work per 2x | peak MiB |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for dimension, data in results.get("slopes", {}).items():
        for p in data["points"]:
            growth = (
                f"{p['resource_growth']:.2f}x | {p['per_doubling']:.2f}x "
                f"| {p['cpu_per_doubling']:.2f}x"
                if "per_doubling" in p
                else " |  | "
            )
            counts = f"{p['units']} | {p['resources']} | {p['added_resources']}"
            times = (
                f"{p['wall_s']:.2f} | {p['work_s']:.2f} | {p['ms_per_resource']:.2f} "
                f"| {p['cpu_ms_per_resource']:.2f}"
            )
            lines.append(f"| {dimension} | {counts} | {times} | {growth} | {p['peak_mib']:.0f} |")
    if results.get("slopes"):
        fits = ", ".join(
            f"{dimension} {data['ms_per_resource_fit']:.2f} "
            f"({data['cpu_ms_per_resource_fit']:.2f} of processor time)"
            for dimension, data in results["slopes"].items()
        )
        lines += [
            "",
            f"Fitted slope (least squares through the origin), ms per added resource: {fits}.",
        ]
    if "slopes_others_cores" in results:
        lines.append(
            "Other processes on the machine meanwhile: "
            f"{results['slopes_others_cores']:.2f} cores busy on average (of {os.cpu_count()})."
        )
    return "\n".join(lines) + "\n"


README_BEGIN, README_END = "<!-- bench:start -->", "<!-- bench:end -->"
SERIES_WORDS = {"topics": "topics", "grants": "grants", "users": "SCRAM users"}


def readme_summary(results: dict[str, Any]) -> str:
    """The lines the README quotes between its bench markers, from one run's results."""
    rows = results["fixed"]["rows"]
    prod, startup = rows["plan prod"]["wall_s"], rows["python -c pass"]["wall_s"]
    lines = [f"- plan of prod: {prod:.2f} s"]
    ref = results.get("baseline_ref")
    if ref:
        baseline = rows[f"plan prod at {ref}"]["wall_s"]
        ratio_ = results["fixed"]["prod_over_baseline_wall"]
        lines[0] += f" against {baseline:.2f} s at {ref} ({ratio_:.2f}×"
        rounds = results["fixed"].get("prod_over_baseline_wall_spread")
        if rounds:
            lines[0] += (
                f"; each round's ratio between {rounds['min']:.2f}× and {rounds['max']:.2f}×"
            )
        lines[0] += ")"
    lines[0] += f"; `python -c pass`: {startup:.2f} s."
    slopes_ = results.get("slopes") or {}
    if slopes_:
        parts = []
        for dimension, data in slopes_.items():
            word = SERIES_WORDS.get(dimension, dimension)
            text = f"{word} {data['ms_per_resource_fit']:.2f} ms"
            if dimension == "clusters":
                per = data["points"][0]["added_resources"] / data["points"][0]["units"]
                text += f" ({per:.0f} resources each)"
            parts.append(text)
        sizes = [p["resources"] for data in slopes_.values() for p in data["points"]]
        lines.append(
            f"- each added resource: {', '.join(parts)}; measured from about {min(sizes):,} "
            f"to {max(sizes):,} resources (`bench/results.md` has each step)."
        )
    measured = f"- measured {results['when']} on {results['machine']}"
    others = results["fixed"].get("others_cores")
    if others is not None:
        measured += f"; other processes kept {others:.1f} cores busy during the fixed cost"
        if "slopes_others_cores" in results:
            measured += f", {results['slopes_others_cores']:.1f} during the slopes"
    lines.append(f"{measured}.")
    return "\n".join(lines)


def write_readme_summary(readme: Path, results: dict[str, Any]) -> None:
    text = readme.read_text(encoding="utf-8")
    head, _, rest = text.partition(README_BEGIN)
    _, _, tail = rest.partition(README_END)
    if not tail and README_END not in rest:
        return  # no markers: nothing quotes the figures
    summary = readme_summary(results)
    readme.write_text(f"{head}{README_BEGIN}\n{summary}\n{README_END}{tail}", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline-ref", metavar="REF", help="also time the plan at this git ref")
    parser.add_argument("--runs", type=int, default=15, help="paired rounds for the fixed cost")
    parser.add_argument("--scale-runs", type=int, default=7, help="paired rounds per slope series")
    parser.add_argument(
        "--sizes",
        type=lambda text: [int(n) for n in text.split(",")],
        default=[250, 500, 1000, 2000],
        help="about how many resources each slope point has",
    )
    parser.add_argument(
        "--series",
        type=lambda text: text.split(","),
        default=list(DIMENSIONS),
        help=f"which slope series ({','.join(DIMENSIONS)}; 'none' for none)",
    )
    parser.add_argument(
        "--no-first-run", action="store_true", help="leave out the first-run figure"
    )
    parser.add_argument("--output", type=Path, default=ROOT / "bench" / "results.md")
    parser.add_argument(
        "--readme",
        type=Path,
        default=ROOT / "README.md",
        help="where the summary is quoted, between its bench markers",
    )
    options = parser.parse_args()
    options.series = [s for s in options.series if s != "none"]
    unknown = set(options.series) - set(DIMENSIONS)
    if unknown:
        parser.error(
            f"unknown series {', '.join(sorted(unknown))}; choose from {', '.join(DIMENSIONS)}"
        )
    results: dict[str, Any] = {
        "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "machine": f"{os.cpu_count()} cores, Python {platform.python_version()}, "
        f"load average {os.getloadavg()[0]:.1f} at the start",
        "runs": options.runs,
        "scale_runs": options.scale_runs,
        "baseline_ref": options.baseline_ref,
        "tree": tree_described(),
    }
    with tempfile.TemporaryDirectory(prefix="plan-bench-") as folder:
        workspace = Path(folder)
        results["fixed"] = fixed_cost(options, workspace)
        if not options.no_first_run:
            results["first_run"] = first_run(options, workspace)
        before = machine_busy()
        results["slopes"] = slopes(options, workspace)
        after = machine_busy()
        if before is not None and after is not None and results["slopes"]:
            results["slopes_others_cores"] = others_cores(before, after)
    text = markdown(results)
    print(text)
    options.output.write_text(text)
    options.output.with_suffix(".json").write_text(json.dumps(results, indent=2) + "\n")
    write_readme_summary(options.readme, results)


if __name__ == "__main__":
    main()
