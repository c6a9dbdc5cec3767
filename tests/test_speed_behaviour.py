"""What the fast ``mskctl`` process keeps: every byte of output, the exit statuses, the files
it writes, the exit handlers and threads of the process; and what ``main`` called in another
program's process leaves alone (the garbage collector). No timings: bench/ measures those."""

import gc
import importlib.util
import json
import os
import subprocess
import sys
import time

import pytest
import yaml

from mskctl import stack_files
from mskctl.cli import main, verb_named
from mskctl.exit_status import CONFIG_ERRORS, OK, PROGRAM_FAILED, USAGE_ERROR
from mskctl.plan import build_plan, stack_config
from mskctl.process import RUN_THRESHOLDS
from tests.conftest import PROJECT_DIR

PYTHON = sys.executable
_spec = importlib.util.spec_from_file_location(
    "plan_bench", PROJECT_DIR / "bench" / "plan_bench.py"
)
assert _spec is not None and _spec.loader is not None
plan_bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(plan_bench)


# As a user's shell runs mskctl: stdout buffered (a pipe: in blocks), so what is still in the
# buffer at exit is lost unless it is flushed.
ENVIRONMENT = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}


def mskctl_process(*args, cwd=PROJECT_DIR) -> subprocess.Popen:
    return subprocess.Popen(
        [PYTHON, "-m", "mskctl", *args],
        cwd=cwd,
        env=ENVIRONMENT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


# --- the process: output, statuses, files ---------------------------------------------------------


def test_a_plan_larger_than_the_pipe_arrives_whole_to_a_slow_reader(tmp_path):
    """The process ends without the interpreter's teardown only once stdout is flushed: a
    plan of some 100 KiB, read by a reader that starts late, is there to the last byte."""
    project = plan_bench.write_project(tmp_path / "p", "topics", 300)
    process = mskctl_process("plan", "--stack", "bench", "--json", "--project-dir", str(project))
    time.sleep(1)  # the pipe (64 KiB) fills and the plan waits for its reader
    out, err = process.communicate(timeout=120)
    assert process.returncode == OK, err.decode()
    assert len(out) > 100_000
    assert len(json.loads(out)["resources"]) == plan_bench.count_resources(out.decode())


@pytest.mark.parametrize(
    "args,status",
    [
        (("plan", "--stack", "dev"), OK),
        (("cost", "--stack", "prod", "--json"), OK),
        (("plan", "--stack", "prod", "--set", "protect=false"), CONFIG_ERRORS),
        (("plan", "--stack", "prod", "--set", "brokerCount=4", "--json"), CONFIG_ERRORS),
        (("plan", "--stack", "nosuch"), USAGE_ERROR),
        (("plan", "--stack"), USAGE_ERROR),
    ],
)
def test_the_process_exits_with_mains_status_and_prints_what_main_prints(args, status, capsys):
    process = mskctl_process(*args)
    out, err = process.communicate(timeout=120)
    assert process.returncode == status, err.decode()
    assert main(list(args)) == status
    printed = capsys.readouterr()
    assert (out.decode(), err.decode()) == (printed.out, printed.err)


def test_a_crashing_program_still_exits_3(tmp_path):
    (tmp_path / "Pulumi.yaml").write_text((PROJECT_DIR / "Pulumi.yaml").read_text())
    (tmp_path / "Pulumi.x.yaml").write_text("config: {}\n")
    (tmp_path / "__main__.py").write_text("raise RuntimeError('boom')\n")
    process = mskctl_process("plan", "--stack", "x", "--project-dir", str(tmp_path))
    _, err = process.communicate(timeout=120)
    assert process.returncode == PROGRAM_FAILED
    assert b"RuntimeError: boom" in err


def test_a_file_the_plan_writes_is_complete_when_the_process_has_ended(tmp_path):
    out = tmp_path / "plan.tfplan.json"
    process = mskctl_process(
        "plan", "--stack", "prod", "--format", "terraform-plan", "--output", str(out)
    )
    _, err = process.communicate(timeout=120)
    assert process.returncode == OK, err.decode()
    exported = json.loads(out.read_text())
    assert exported["planned_values"]["root_module"]["resources"]


# --- the process: exit handlers, threads, warnings ------------------------------------------------

PROBE = """
import atexit, gc, sys, threading, time
from pathlib import Path
from mskctl.cli import command
marker = Path(sys.argv[1])
atexit.register(lambda: print("at exit:", gc.get_threshold()[0], gc.get_freeze_count() > 0,
                              file=sys.stderr))
if sys.argv[2] == "thread":
    threading.Thread(target=lambda: (time.sleep(1), marker.write_text("done"))).start()
if sys.argv[2] == "unclosed":
    kept = open(marker, "w")  # never closed: a ResourceWarning at teardown
sys.argv = ["mskctl", "plan", "--stack", "dev", "--json"]
command()
"""


def _probe(tmp_path, mode, *python_options):
    marker = tmp_path / "marker"
    done = subprocess.run(
        [PYTHON, *python_options, "-c", PROBE, str(marker), mode],
        cwd=PROJECT_DIR,
        env=ENVIRONMENT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return done, marker


def test_exit_handlers_run_and_the_collector_is_tuned_for_the_run(tmp_path):
    done, _ = _probe(tmp_path, "plain")
    assert done.returncode == OK, done.stderr
    assert json.loads(done.stdout)["stack"] == "dev"
    assert done.stderr == f"at exit: {RUN_THRESHOLDS[0]} True\n"


COLLECTIONS_PROBE = """
import atexit, gc, sys
from mskctl.cli import command
during_run = []  # collections once the imports' objects are frozen
gc.callbacks.append(
    lambda phase, info: phase == "start" and gc.get_freeze_count() and during_run.append(1)
)
atexit.register(lambda: print("collections during the run:", len(during_run), file=sys.stderr))
sys.argv = ["mskctl", "plan", "--json", *sys.argv[1:]]
command()
"""


def test_the_collector_leaves_a_large_plans_garbage_to_the_end_of_the_process(tmp_path):
    """A plan of some 400 resources makes the SDK's cyclic garbage (and a quarter of a million
    new objects) without a collection: freeing it at the end of the process costs nothing."""
    project = plan_bench.write_project(tmp_path / "p", "topics", 400)
    args = ("--stack", "bench", "--project-dir", str(project))
    done = subprocess.run(
        [PYTHON, "-c", COLLECTIONS_PROBE, *args],
        cwd=PROJECT_DIR,
        env=ENVIRONMENT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == OK, done.stderr
    assert len(json.loads(done.stdout)["resources"]) > 400
    assert done.stderr == "collections during the run: 0\n"


def test_a_thread_still_running_is_waited_for(tmp_path):
    done, marker = _probe(tmp_path, "thread")
    assert done.returncode == OK, done.stderr
    assert marker.read_text() == "done"


def test_with_warnings_asked_for_the_teardown_runs_and_shows_them(tmp_path):
    quiet, _ = _probe(tmp_path, "unclosed")
    shown, _ = _probe(tmp_path, "unclosed", "-W", "always::ResourceWarning")
    assert quiet.returncode == shown.returncode == OK
    assert "ResourceWarning" not in quiet.stderr
    assert "ResourceWarning: unclosed file" in shown.stderr


# --- main() inside another program's process ------------------------------------------------------


def test_main_in_process_leaves_the_garbage_collector_as_it_was(capsys):
    before = (gc.isenabled(), gc.get_threshold(), gc.get_freeze_count())
    assert main(["plan", "--stack", "dev", "--json"]) == OK
    assert main(["plan", "--stack", "nosuch"]) == USAGE_ERROR
    assert (gc.isenabled(), gc.get_threshold(), gc.get_freeze_count()) == before
    capsys.readouterr()


def test_an_offline_run_leaves_the_sdks_stack_traces_as_it_found_them(run_config):
    """Resources of an offline run are registered without the SDK's per-resource stack
    trace (nobody reads it there); a program the SDK runs afterwards gets them as ever."""
    from pulumi.runtime import resource

    captured = resource._get_stack_trace
    assert run_config(preview=True).of_type("aws:msk/cluster:Cluster")
    assert resource._get_stack_trace is captured


@pytest.mark.parametrize(
    "argv,verb",
    [
        (["plan", "--stack", "dev"], "plan"),
        (["--debug", "cost", "--stack", "dev"], "cost"),
        (["--help", "plan"], None),  # the root's help lists every verb
        (["-h"], None),
        ([], None),
    ],
)
def test_the_verb_of_a_command_line(argv, verb):
    assert verb_named(argv) == verb


# --- the benchmark's resource counts --------------------------------------------------------------


def _planned(project):
    return json.dumps(build_plan(project, stack_config(project, "bench")))


def test_the_benchmark_counts_the_resources_the_plan_lists(tmp_path):
    without = _planned(plan_bench.write_project(tmp_path / "none", "topics", 0))
    with_three = _planned(plan_bench.write_project(tmp_path / "three", "topics", 3))
    assert plan_bench.count_resources(with_three) - plan_bench.count_resources(without) == 3
    topics = [r for r in json.loads(with_three)["resources"] if r["type"] == "aws:msk/topic:Topic"]
    assert len(topics) == 3


def test_the_benchmark_refuses_a_plan_with_errors():
    broken = {"resources": [], "errors": [{"key": "msk:brokerCount", "message": "bad"}]}
    with pytest.raises(ValueError, match="msk:brokerCount"):
        plan_bench.count_resources(json.dumps(broken))


def test_paired_rounds_alternate_and_rotate(tmp_path):
    log = tmp_path / "order"
    env = {**os.environ}
    commands = [
        plan_bench.Command(
            name, [PYTHON, "-c", f"open({str(log)!r}, 'a').write({name!r})"], tmp_path, env
        )
        for name in ("a", "b", "c")
    ]
    figures = plan_bench.paired(commands, rounds=3, warmup=False)
    assert log.read_text() == "abcbcacab"
    assert all(len(f.samples) == 3 for f in figures.values())


def test_the_readme_quotes_the_benchmark_s_own_figures():
    """The README's speed figures are those of the run in bench/results.json, as the benchmark
    writes them (rerunning it rewrites both)."""
    readme = (PROJECT_DIR / "README.md").read_text(encoding="utf-8")
    quoted = readme.split(plan_bench.README_BEGIN, 1)[1].split(plan_bench.README_END, 1)[0]
    results = json.loads((PROJECT_DIR / "bench" / "results.json").read_text(encoding="utf-8"))
    assert quoted.strip() == plan_bench.readme_summary(results)


def test_the_summary_is_written_between_the_markers_only(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text(f"before\n{plan_bench.README_BEGIN}\nold\n{plan_bench.README_END}\nafter\n")
    results = json.loads((PROJECT_DIR / "bench" / "results.json").read_text(encoding="utf-8"))
    plan_bench.write_readme_summary(readme, results)
    text = readme.read_text()
    assert text.startswith("before\n") and text.endswith(f"{plan_bench.README_END}\nafter\n")
    assert "old" not in text and "- plan of prod: " in text


# --- the stack file's YAML: libyaml's speed, the pure-Python loader's reading and words -----------

GO_YAML_CASES = [
    "config:\n  msk:flag: yes\n  msk:on: on\n  msk:t: True\n  msk:f: FALSE\n",
    "a: 1:30\nb: 2024-01-02\nc: 1e3\nd: 0x1F\ne: 017\nf: .inf\ng: -.5\nh: 1_000\n",
    "a: ~\nb: null\nc:\nd: ''\ne: 'it''s'\nf: \"tab\\tand \\u00e9\"\n",
    "base: &b {x: 1, y: [1, 2]}\nuse:\n  <<: *b\n  y: 3\n",
    "list:\n  - name: t\n    partitions: 3\n  - {name: u, partitions: 6}\n",
    "text: |\n  two\n  lines\nfolded: >\n  one\n  line\n",
    "\ufeffkey: ünïcode ✓\n",
]
YAML_PROBLEMS = [
    "a: 1\na: 2\n",  # a key given twice: refused by both loaders, in the same words
    "a:\n  b: 1\n c: 2\n",
    "a:\t1\n\tb: 2\n",
    "a: [1, 2\n",
    "a: \x07\n",
    "a: b: c\n",
    "a: *nope\n",
]


def _typed(value):
    """A value with its types spelled out (True == 1 in Python, but not in a stack file)."""
    if isinstance(value, dict):
        return {repr(k): _typed(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_typed(v) for v in value]
    return (type(value).__name__, repr(value))


@pytest.mark.parametrize("text", GO_YAML_CASES)
def test_the_fast_yaml_loader_reads_a_stack_file_as_the_pure_python_one(text):
    assert stack_files._FastPulumiYamlLoader is not None, "PyYAML without libyaml"
    pure = yaml.load(text, Loader=stack_files.PulumiYamlLoader)  # noqa: S506
    fast = yaml.load(text, Loader=stack_files._FastPulumiYamlLoader)  # noqa: S506
    assert _typed(fast) == _typed(pure)
    assert _typed(stack_files.load_yaml(text)) == _typed(pure)


def _problem(text, loader=None):
    try:
        if loader is None:
            stack_files.load_yaml(text)
        else:
            yaml.load(text, Loader=loader)  # noqa: S506
    except yaml.YAMLError as error:
        return stack_files._yaml_problem(error)
    raise AssertionError(f"{text!r} was read")


@pytest.mark.parametrize("text", YAML_PROBLEMS)
def test_a_problem_in_a_stack_file_is_told_in_the_pure_python_loaders_words(text):
    assert _problem(text) == _problem(text, stack_files.PulumiYamlLoader)


def test_libyaml_would_tell_some_problems_in_other_words():
    """Why load_yaml asks the pure-Python loader again on a problem."""
    fast = stack_files._FastPulumiYamlLoader
    differ = [
        t for t in YAML_PROBLEMS if _problem(t, fast) != _problem(t, stack_files.PulumiYamlLoader)
    ]
    assert len(differ) >= 3
    assert "given twice" in _problem(YAML_PROBLEMS[0], fast)  # the same rule on either parser


def test_a_large_stack_file_is_read_with_libyaml(tmp_path, monkeypatch):
    project = plan_bench.write_project(tmp_path / "p", "topics", 50)
    used = []
    real_load = yaml.load

    def spy(text, Loader):  # noqa: N803 - PyYAML's own argument name
        used.append(Loader)
        return real_load(text, Loader=Loader)  # noqa: S506

    monkeypatch.setattr(yaml, "load", spy)
    config = stack_config(project, "bench")
    assert len(json.loads(config.values["msk:topics"])) == 50
    assert stack_files.PulumiYamlLoader not in used and stack_files._FastPulumiYamlLoader in used


# --- the benchmark's statistics -------------------------------------------------------------------


def _figures(*walls):
    return plan_bench.Figures([plan_bench.Sample(w, w, 1.0, "") for w in walls])


def test_the_benchmark_reports_the_spread_of_the_rounds_ratios():
    plan, baseline = _figures(1, 2, 3, 4, 10), _figures(2, 2, 2, 2, 2)
    assert plan_bench.ratio(plan, baseline) == 1.5
    assert plan_bench.spread(plan, baseline) == {"min": 0.5, "q1": 1.0, "q3": 2.0, "max": 5.0}


def test_the_benchmark_counts_only_other_processes_as_the_machines_load():
    # 10 s apart, the processors were busy 15 s, of which the benchmark's runs 5 s.
    assert plan_bench.others_cores((0.0, 10.0, 2.0), (10.0, 25.0, 7.0)) == 1.0
    reading = plan_bench.machine_busy()
    assert reading is None or len(reading) == 3
