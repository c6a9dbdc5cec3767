"""Every generated bad input ends as a careful user would want (tests/bad_inputs.py).

A bad input raises MskConfigError naming the exact key (never a traceback or another
exception); a valid one that used to be refused is accepted. The default run checks a
seeded subset; CI (``CI`` set, as CI sets ``CI=true``) checks every case.
"""

import os
import re
import sys
import traceback

import pytest

from msk_platform import ClusterSpec, MskConfigError, args_from_config
from mskctl.stack_files import engine_text
from tests import bad_inputs
from tests.conftest import PROJECT_DIR

ALL = bad_inputs.cases()
SELECTED = ALL if os.environ.get("CI") else bad_inputs.fast_subset(ALL)
NONE_WORD = re.compile(r"\bNone\b|NoneType")


def _problems_of(run) -> list | None:
    """The problems an MskConfigError carries, or None when the input was accepted."""
    try:
        run()
    except MskConfigError as error:
        return error.problems
    except Exception as error:  # noqa: BLE001 - the failure this test exists to catch
        # Reported as text: pytest's own rendering of frames from a runpy'd program can fail.
        frames = "".join(traceback.format_exception(error)[-8:])
        pytest.fail(f"{type(error).__name__} instead of MskConfigError:\n{frames}", pytrace=False)
    return None


def _spec(case: bad_inputs.Case):
    return lambda: ClusterSpec.from_args(case.args, project="msk", stack="test")


def _config(case: bad_inputs.Case):
    config = {name: engine_text(value) for name, value in case.args.items()}
    return lambda: ClusterSpec.from_args(args_from_config(config), project="msk", stack="test")


def _program(case: bad_inputs.Case, tmp_path):
    from mskctl.mock_runtime import run_program

    (tmp_path / "Pulumi.yaml").write_text("name: app\nruntime: python\n", encoding="utf-8")
    (tmp_path / "__main__.py").write_text(case.program, encoding="utf-8")

    def run():
        result = run_program(
            tmp_path, project="app", stack="t", config={}, preview=False, raise_errors=False
        )
        if result.error is not None:
            raise result.error

    return run


def _assert_careful(case: bad_inputs.Case, problems: list | None) -> None:
    if case.accepted:
        assert problems is None, f"{case.name}: refused a valid input: {problems}"
        return
    assert problems is not None, f"{case.name}: accepted, but {case.keys} should be refused"
    keys = [p.key for p in problems]
    for key in case.keys:
        assert key in keys, f"{case.name}: {key!r} not named; problems: {problems}"
    for problem in problems:
        assert problem.message and not NONE_WORD.search(problem.message), problem


def _run_size(case: bad_inputs.Case, capsys) -> None:
    from mskctl.cli import main

    argv = ["size", *case.argv]
    if "--stack" in argv:
        argv += ["--project-dir", str(PROJECT_DIR)]
    code = main(argv)
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    if case.accepted:
        assert code == 0, err
        return
    assert code in (1, 2), (code, out, err)
    for key in case.keys:
        assert key in err, f"{case.name}: {key} not named in: {err}"


@pytest.mark.parametrize("case", SELECTED, ids=lambda c: c.name)
def test_bad_input_ends_carefully(case, tmp_path, capsys):
    if case.via == "size":
        _run_size(case, capsys)
        return
    run = {
        "spec": lambda: _spec(case),
        "config": lambda: _config(case),
        "program": lambda: _program(case, tmp_path),
    }[case.via]()
    _assert_careful(case, _problems_of(run))


def test_the_generator_is_seeded_large_and_covers_every_family():
    again = bad_inputs.cases()
    assert [c.name for c in again] == [c.name for c in ALL]
    assert len(ALL) >= 300
    counts = bad_inputs.families(ALL)
    assert set(counts) >= {
        "types",
        "serverProperties",
        "sources",
        "tags",
        "topics",
        "grants",
        "alarms",
        "logging",
        "workload",
        "false rejects",
        "names",
        "python api",
    }
    fast = bad_inputs.fast_subset(ALL)
    assert [c.name for c in fast] == [c.name for c in bad_inputs.fast_subset(ALL)]
    assert len(fast) == bad_inputs.FAST_COUNT and {c.family for c in fast} == set(counts)
    assert {c.via for c in ALL} == {"spec", "config", "program", "size"}


def test_every_object_field_is_covered():
    from msk_platform.spec.keys import KEYS

    named = {key for case in ALL for key in case.keys}
    for key in KEYS:
        assert f"msk:{key.name}" in named, key.name
        for field in key.fields:
            prefix = f"msk:{key.name}[0]." if key.kind == "objects" else f"msk:{key.name}."
            assert any(n.startswith(prefix + field.name) for n in named), field.name


if __name__ == "__main__":  # pragma: no cover - a summary for humans
    print(bad_inputs.families(ALL), len(ALL), file=sys.stderr)
