"""The terminal: no colour (NO_COLOR or not), a reader that closes the pipe early, a console
that can't show every character, and a program that crashes: none ends in a traceback, except
with --debug, which shows the whole one."""

import io
import json
import os
import subprocess
import sys

import pytest

from mskctl.cli import PIPE_CLOSED, main
from mskctl.commands.driver import Target
from mskctl.progress import clean_message
from tests.conftest import PROJECT_DIR

PYTHON = sys.executable
# prod with protection lifted: a mandatory violation, so the plan prints ✗ lines, and a tree.
VIOLATING = ("plan", "--stack", "prod", "--set", "protect=false")


def run_mskctl(*args, env=None, stdout=subprocess.PIPE, **popen) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "PYTHON"))}
    environment.update(env or {})
    return subprocess.run(
        [PYTHON, "-m", "mskctl", *args],
        cwd=PROJECT_DIR,
        env=environment,
        stdout=stdout,
        stderr=subprocess.PIPE,
        timeout=120,
        check=False,
        **popen,
    )


def mskctl(capsys, *args) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


# --- colour -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "env",
    [{"NO_COLOR": "1", "TERM": "xterm-256color"}, {"FORCE_COLOR": "1", "TERM": "xterm-256color"}],
)
def test_mskctl_prints_no_colour_codes(env):
    ran = run_mskctl(*VIOLATING, env=env)
    assert ran.returncode == 1
    assert b"\x1b" not in ran.stdout + ran.stderr
    assert "✗ mandatory" in ran.stdout.decode()


def test_engine_colour_codes_are_stripped_from_progress_lines():
    coloured = "<{%fg 1%}>error: <{%reset%}>\x1b[31mboom\x1b[0m\n  second line"
    assert clean_message(coloured) == "error: boom | second line"


# --- a closed pipe ----------------------------------------------------------------------------


def _closed_reader(*args) -> tuple[int, bytes]:
    """mskctl writing to a pipe whose reader is gone before the first byte."""
    process = subprocess.Popen(
        [PYTHON, "-m", "mskctl", *args],
        cwd=PROJECT_DIR,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    process.stdout.close()
    _, err = process.communicate(timeout=120)
    return process.returncode, err


@pytest.mark.parametrize(
    "args",
    [("plan", "--stack", "prod"), ("plan", "--stack", "prod", "--json"), ("--help",)],
)
def test_a_closed_pipe_ends_quietly(args):
    code, err = _closed_reader(*args)
    assert err == b"", err.decode()
    # argparse itself ignores a failed write of its help; the plan says the pipe closed.
    assert code == (0 if args == ("--help",) else PIPE_CLOSED)


def test_head_gets_its_line_and_nothing_else_is_said():
    ran = subprocess.run(
        f"{PYTHON} -m mskctl plan --stack prod --json | head -1",
        shell=True,
        cwd=PROJECT_DIR,
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert ran.stdout == b"{\n" and ran.stderr == b""


class _GoneReader(io.TextIOBase):
    def write(self, text):
        raise BrokenPipeError(32, "Broken pipe")


def test_a_deploy_whose_log_reader_is_gone_still_reports_its_status(monkeypatch, capsys):
    where = Target("up", "msk", "dev", PROJECT_DIR, "file:///tmp/s", "passphrase", json=False)
    monkeypatch.setattr(sys, "stdout", _GoneReader())
    where.progress("+ creating  aws:msk/cluster:Cluster  msk-cluster")
    where.progress("+ created  aws:msk/cluster:Cluster  msk-cluster")
    assert where.finish(0, changes={"create": 1}) == 0
    assert where.finish(4, message="up of stack dev failed: boom") == 4
    assert "up of stack dev failed: boom" in capsys.readouterr().err


# --- a console that can't show every character ------------------------------------------------


@pytest.mark.parametrize(
    "env",
    [
        {"PYTHONIOENCODING": "ascii"},
        {"PYTHONIOENCODING": "latin-1"},
        {"LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"},
    ],
    ids=["ascii", "latin-1", "C locale without UTF-8 mode"],
)
def test_a_console_without_the_symbols_gets_ascii(env):
    ran = run_mskctl(*VIOLATING, env=env)
    out, err = ran.stdout.decode("ascii"), ran.stderr.decode("ascii")  # all of it ASCII
    assert ran.returncode == 1 and "Traceback" not in err and err == ""
    assert "  x mandatory protect-data-in-prod  aws:msk/cluster:Cluster::msk-cluster" in out  # ✗
    assert "|- aws:msk/cluster:Cluster  msk-cluster [" in out  # ├─
    assert "`- " in out  # └─


def test_configuration_errors_on_an_ascii_console():
    ran = run_mskctl(
        "plan", "--stack", "prod", "--set", "brokerCount=4", env={"PYTHONIOENCODING": "ascii"}
    )
    assert ran.returncode == 1
    assert "  x msk:brokerCount: 4 is not a multiple of the 3 subnets" in ran.stdout.decode("ascii")


def test_help_on_an_ascii_console():
    """size's help has ×, the deploy verbs' help has …: one process prints them all."""
    script = (
        "import sys\nfrom mskctl.cli import main\n"
        "sys.exit(max(main([verb, '--help']) for verb in ('size', 'preview', 'plan')))\n"
    )
    ran = subprocess.run(
        [PYTHON, "-c", script],
        cwd=PROJECT_DIR,
        env={**os.environ, "PYTHONIOENCODING": "ascii"},
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert ran.returncode == 0 and ran.stderr == b""
    out = " ".join(ran.stdout.decode("ascii").split())
    assert "ingress x consumer groups" in out and "file://..., s3://..." in out


def test_text_the_console_lacks_is_escaped_not_lost():
    from mskctl.render import ASCII_FALLBACK

    assert "✗ café → ok".encode("ascii", ASCII_FALLBACK) == b"x caf\\xe9 -> ok"


# --- a program that crashes -------------------------------------------------------------------

CRASHING = "import pulumi\n\n\ndef helper():\n    raise RuntimeError('boom')\n\n\nhelper()\n"


@pytest.fixture
def crashing(tmp_path):
    (tmp_path / "Pulumi.yaml").write_text((PROJECT_DIR / "Pulumi.yaml").read_text())
    (tmp_path / "Pulumi.x.yaml").write_text("config: {}\n")
    (tmp_path / "__main__.py").write_text(CRASHING)
    return tmp_path


def test_a_crash_names_the_programs_file_and_line(capsys, crashing):
    code, out, err = mskctl(capsys, "plan", "--stack", "x", "--project-dir", str(crashing))
    assert code == 3 and out == ""
    assert err == (
        "mskctl: the program failed: RuntimeError: boom (at __main__.py, line 5, in helper: "
        "raise RuntimeError('boom')); --debug shows the whole traceback\n"
    )


def test_a_crash_in_a_module_of_the_program_names_that_module(capsys, crashing):
    (crashing / "lib").mkdir()
    (crashing / "lib" / "__init__.py").write_text("")
    (crashing / "lib" / "naming.py").write_text("def name(stack):\n    return stack['name']\n")
    (crashing / "__main__.py").write_text(
        "import pulumi\nfrom lib.naming import name\n\nname('x')\n"
    )
    code, _, err = mskctl(capsys, "plan", "--stack", "x", "--project-dir", str(crashing))
    assert code == 3
    assert "TypeError: string indices must be integers" in err
    assert "(at lib/naming.py, line 2, in name: return stack['name'])" in err


def test_a_syntax_error_names_its_line(capsys, crashing):
    (crashing / "__main__.py").write_text("import pulumi\n\nx = (1,\n")
    code, _, err = mskctl(capsys, "plan", "--stack", "x", "--project-dir", str(crashing))
    assert code == 3 and "SyntaxError" in err and "at __main__.py, line 3" in err


def test_a_program_that_exits_is_a_failed_program(capsys, crashing):
    (crashing / "__main__.py").write_text("import sys\n\nsys.exit(2)\n")
    code, _, err = mskctl(capsys, "plan", "--stack", "x", "--project-dir", str(crashing))
    assert code == 3
    assert err.startswith("mskctl: the program called sys.exit(2) (at __main__.py, line 3")


def test_a_crash_stops_a_deploy_verb_with_the_same_line(capsys, crashing, monkeypatch):
    monkeypatch.setenv("PATH", str(crashing))  # no Pulumi CLI: the pre-flight stops first
    code, out, err = mskctl(capsys, "up", "--stack", "x", "--json", "--project-dir", str(crashing))
    assert code == 3 and "Traceback" not in err
    assert "(at __main__.py, line 5, in helper" in json.loads(out)["message"]


@pytest.mark.parametrize("where", ["before", "after"])
def test_debug_shows_the_whole_traceback(capsys, crashing, where):
    args = ["plan", "--stack", "x", "--project-dir", str(crashing)]
    args = ["--debug", *args] if where == "before" else [*args, "--debug"]
    code, _, err = mskctl(capsys, *args)
    assert code == 3
    assert "Traceback (most recent call last):" in err
    assert f'File "{crashing / "__main__.py"}", line 5, in helper' in err
    assert err.rstrip().endswith("--debug shows the whole traceback")


def test_without_debug_no_traceback_is_logged(capsys, crashing):
    mskctl(capsys, "--debug", "plan", "--stack", "x", "--project-dir", str(crashing))
    code, _, err = mskctl(capsys, "plan", "--stack", "x", "--project-dir", str(crashing))
    assert code == 3 and "Traceback" not in err and err.count("\n") == 1


def test_a_bug_in_mskctl_is_one_line_or_with_debug_a_traceback(capsys, monkeypatch):
    def broken(document):
        raise KeyError("resources")

    monkeypatch.setattr("mskctl.commands.plan.render_plan", broken)
    code, out, err = mskctl(capsys, "plan", "--stack", "dev")
    assert code == 3 and "Traceback" not in err
    assert err == (
        "mskctl: internal error: KeyError: 'resources' (a bug in mskctl; --debug shows the "
        "traceback)\n"
    )
    code, _, err = mskctl(capsys, "plan", "--stack", "dev", "--debug")
    assert code == 3 and "Traceback (most recent call last):" in err and "in broken" in err


def test_ctrl_c_is_one_line(capsys, monkeypatch):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("mskctl.commands.plan.build_plan", interrupted)
    code, _, err = mskctl(capsys, "plan", "--stack", "dev")
    assert (code, err) == (130, "mskctl: interrupted\n")


def test_the_epilog_documents_the_terminal_statuses(capsys):
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    assert "130 interrupted; 141 stdout was closed early" in " ".join(out.split())
