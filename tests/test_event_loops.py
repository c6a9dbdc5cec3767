"""The mock runtime closes every event loop it makes, on every thread, before it returns.

A loop left open is freed by the garbage collector, often at interpreter exit after its
self-pipe socket has been closed, and then prints "Exception ignored in BaseEventLoop.__del__
... Invalid file descriptor" on stderr after an otherwise clean ``mskctl plan``.
"""

import asyncio
import subprocess
import sys
import threading
from asyncio import base_events

import pytest

from tests.conftest import PROJECT_DIR


@pytest.fixture
def made_loops(monkeypatch) -> list:
    """(loop, thread name) of every event loop made while the test runs, on any thread."""
    made = []
    real_init = base_events.BaseEventLoop.__init__

    def recording_init(self, *args, **kwargs):
        real_init(self, *args, **kwargs)
        made.append((self, threading.current_thread().name))

    monkeypatch.setattr(base_events.BaseEventLoop, "__init__", recording_init)
    return made


def assert_all_closed_and_none_current(made: list) -> None:
    assert made, "the run made no event loop: the recorder is broken"
    # The mock monitor answers on the SDK's executor threads, each call needing a loop there:
    # those are the loops that used to be left open.
    assert any(thread != threading.main_thread().name for _, thread in made)
    assert [(loop, thread) for loop, thread in made if not loop.is_closed()] == []
    with pytest.raises(RuntimeError):  # no loop left current (least of all a closed one)
        asyncio.get_event_loop_policy().get_event_loop()
    assert not [t.name for t in threading.enumerate() if t.name.startswith("asyncio_")]


@pytest.mark.parametrize("preview", [True, False])
def test_a_run_closes_every_loop_it_made(made_loops, run_stack, preview):
    run = run_stack("dev", preview=preview)
    assert run.of_type("aws:msk/cluster:Cluster")
    assert_all_closed_and_none_current(made_loops)


def test_a_failed_run_closes_every_loop_it_made(made_loops, tmp_path):
    from mskctl.mock_runtime import run_program

    (tmp_path / "__main__.py").write_text(
        "import pulumi_aws as aws\n"
        "aws.get_availability_zones()\n"  # an invoke, answered on an executor thread
        "aws.ec2.Vpc('v', cidr_block='10.0.0.0/16')\n"
        "raise RuntimeError('boom')\n"
    )
    with pytest.raises(RuntimeError, match="boom"):
        run_program(tmp_path, project="p", stack="t", config={}, preview=True)
    assert_all_closed_and_none_current(made_loops)


def test_plan_leaves_no_unclosed_loop_for_exit(tmp_path):
    """End to end: an unclosed loop at exit is a ResourceWarning every time (the traceback
    only sometimes), so with ResourceWarnings shown, stderr must stay empty."""
    done = subprocess.run(
        [sys.executable, "-W", "always::ResourceWarning", "-m", "mskctl", "plan"]
        + ["--stack", "prod", "--json", "--project-dir", str(PROJECT_DIR)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
