"""The ``mskctl`` process's own settings: what the command does that ``cli.main``, called in
another program's process, must not.

An offline plan is a short process: it imports some 750 modules, builds a few objects per
resource, prints, and ends. CPython's cyclic garbage collector and its teardown at exit are
made for long-lived programs and cost such a process more than they give:

- the collector scans every tracked object in its full passes, so while the imports run it
  re-reads, again and again, objects that all live to the end, and during the run each full
  pass costs more the more resources there are (the plan grew faster than linearly). So the
  collector is paused while the verbs load, what they loaded is frozen (never scanned again),
  and an offline run collects only after ``RUN_THRESHOLDS[0]`` new objects, more than a plan
  of some 5,000 resources makes: reference counting frees nearly all of the run's garbage,
  and what only the collector could free (the SDK makes a cycle, a recursive closure, at each
  ``contains_unknowns`` call: some 15 MB for 2,000 resources) goes with the process, at no
  cost. Collected during the run, as CPython's young collections found it, it made the plan
  of 2,000 resources grow faster than linearly again;
- at exit the interpreter frees every module and object one by one, a fifth of a second for
  output that is already written. So once the exit handlers have run and stdout and stderr are
  flushed, an offline verb ends with ``os._exit``.
"""

import atexit
import gc
import os
import sys
import threading
from typing import NoReturn

from .exit_status import PIPE_CLOSED

# Collections of the youngest generation after this many new objects (CPython's default is
# 700; a plan makes some 600 a resource), of the middle one after 50 of those, of all after 10
# of those; a full pass also waits until a quarter more objects than the last one kept are
# waiting (CPython's own rule). A bound on what a very large run leaves for the end.
RUN_THRESHOLDS = (3_000_000, 50, 10)


def pause_collector() -> None:
    """No collections while the verbs load: every object an import makes lives to the end."""
    gc.disable()


def collector_for_run(short: bool) -> None:
    """After the imports: freeze what they made, then collect as a run of this kind needs
    (``short``: an offline verb; otherwise CPython's own thresholds, for a deployment that
    streams engine events for as long as it takes)."""
    gc.freeze()
    if short:
        gc.set_threshold(*RUN_THRESHOLDS)
    gc.enable()


def leave(status: int, skip_teardown: bool) -> NoReturn:
    """End the process with ``status``. With ``skip_teardown``, as the interpreter would, less
    freeing every object: threads already finished, exit handlers run, stdout and stderr
    flushed, then ``os._exit``. The ordinary exit instead when a thread the interpreter would
    wait for still runs (a daemon thread, such as gRPC's poller, it would not), or
    when warnings were asked for (``-W``, ``-X dev``): those of the teardown (an unclosed
    file or event loop) are then wanted."""
    if not skip_teardown or _other_threads() or sys.warnoptions or sys.flags.dev_mode:
        sys.exit(status)
    atexit._run_exitfuncs()  # logging's flush, temporary folders' removal, coverage's save
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        try:
            if stream is not None:
                stream.flush()
        except (BrokenPipeError, ValueError):  # the reader went away after the last write
            if name == "stdout":
                status = PIPE_CLOSED  # as main() reports a closed pipe
    os._exit(status)


def _other_threads() -> bool:
    main = threading.main_thread()
    return any(t is not main and not t.daemon and t.is_alive() for t in threading.enumerate())
