"""A read command's run split across two processes, so that its two slow beginnings overlap.

Before a read command can tell whether its stored result still holds, it walks the ledger folder
(on a ledger of 13,000 files, as many stat calls: a tenth of a second); when the result does not
hold, the run then imports what computing it needs (pydantic, the models, the rules: a quarter of
a second). Neither needs the other, so the console script forks a *helper* first: the helper
imports those modules while this process looks the stored result up. A replay stops the helper;
a miss hands the run over to it, with the walk, the stored parse of the command line and the
stored outcomes the run will take, worked out here meanwhile (`reformctl.outcomes.prepared`), and
this process waits for the helper and ends as it ended (with its exit code, or by the same
signal). The helper writes nothing before it is handed the run, and this process writes nothing
after.

Signals: a terminate or hang-up signal to the waiting process is passed on to the helper at once;
an interrupt after `GRACE` (from the terminal it reaches the helper too, which ends on it first,
with 130). The kernel ends the helper when the waiting process dies, even killed outright, so
that no orphan keeps the output open.

Threads cannot overlap these two: the walk gives the interpreter lock up at every stat call, and
an importing thread then keeps it for a whole switch interval each time.

Only on Linux with two processors or more (elsewhere, or when the helper cannot be started, the
run stays in one process, as before); `REFORMCTL_SPLIT=0` turns it off, `=1` on.
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import marshal
import os
import select
import signal
import sys
from typing import TYPE_CHECKING, NoReturn

if TYPE_CHECKING:
    from reformctl.cli.results import Missed
    from reformctl.load.walk import Walk

ENV = "REFORMCTL_SPLIT"
INTERRUPTED = 130
"""The exit code of a run ended by an interrupt (Ctrl-C), as the command-line framework's."""
FAILED = 70
"""The exit code of a helper that could not take the run (EX_SOFTWARE)."""

VALIDATORS = tuple(
    f"reformctl.load.loader:build_validator:{kind}" for kind in ("units", "project", "pilot", "handover")
)
"""The validators a run after a change may need, the likeliest first: of `units.yaml` (every run
validates it) and of the item files."""
PRELOAD: dict[str, tuple[str, ...]] = {
    "check": (
        "yaml",
        "reformctl.cli.reads",
        "reformctl.outcomes.derive",
        "reformctl.render.problems",
        *VALIDATORS,
    ),
    "due": (
        "yaml",
        "reformctl.cli.reads",
        "reformctl.cli.due",
        "reformctl.outcomes.derive",
        "reformctl.render.due",
        "reformctl.render.duejson",
        *VALIDATORS,
    ),
    "library": ("reformctl.cli.app",),
}
"""What the helper prepares while it waits, by command: the modules computing the command imports
(the YAML parser included: the changed files are parsed there), and `module:function:argument`
calls (the validators of the models a run after a change may validate with, one by one), each made
only while the run has not arrived (else it is done when the run needs it, if it does)."""

_FORWARDED = tuple(s for s in (getattr(signal, "SIGTERM", None), getattr(signal, "SIGHUP", None)) if s)
"""Signals this process passes on to the helper while it waits for it, at once."""
GRACE = 0.25
"""Seconds this process waits after an interrupt before passing it on: an interrupt from the
terminal reaches the helper too, and ends it first; one sent to this process alone is passed on."""


def wanted() -> bool:
    setting = os.environ.get(ENV, "")
    if setting == "0" or not hasattr(os, "fork") or not sys.platform.startswith("linux"):
        return False
    return setting == "1" or len(os.sched_getaffinity(0)) >= 2


class Helper:
    """The forked helper, as this process sees it."""

    def __init__(self, pid: int, channel: int) -> None:
        self.pid = pid
        self.channel = channel
        """The write end of the pipe the helper reads its instructions from."""
        self.signals: list[int] = []
        """The signals this process received while it waited (each passed on)."""

    def stop(self) -> None:
        """End the helper (the result was replayed, or this process ends on an error) and reap it,
        so that it holds none of the output streams after this process is gone."""
        with contextlib.suppress(OSError):
            os.close(self.channel)
        with contextlib.suppress(OSError):
            os.kill(self.pid, signal.SIGKILL)
        with contextlib.suppress(OSError):
            os.waitpid(self.pid, 0)

    def hand_over(self, missed: Missed) -> int | None:
        """Give the run to the helper and wait for it: its exit code (negative: the signal that
        ended it). None when the helper ended before it got the run, on its own (this process then
        runs the command itself)."""
        taken = missed.walk
        walk = None
        worked = b""
        if taken is not None:  # with what the run works out from it (the helper is still busy)
            walk = (taken.root, taken.packed(), taken.started, taken.fingerprint(), taken.newest())
            worked = _worked_ahead(taken, missed)
        payload = marshal.dumps((walk, missed.call, worked))
        previous = {sig: signal.signal(sig, self._forward) for sig in _FORWARDED}
        previous[signal.SIGINT] = signal.signal(signal.SIGINT, self._interrupted)
        previous[signal.SIGALRM] = signal.signal(signal.SIGALRM, self._pass_interrupt)
        try:
            given = self._send(payload)
            # ended, not yet reaped: no signal is passed on to a process id that was given again
            os.waitid(os.P_PID, self.pid, os.WEXITED | os.WNOWAIT)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        _, status = os.waitpid(self.pid, 0)
        code = os.waitstatus_to_exitcode(status)
        interrupted = code in (INTERRUPTED, -signal.SIGINT)
        return code if given or self.signals or interrupted else None

    def _send(self, payload: bytes) -> bool:
        """Write the run to the helper; False when it is gone."""
        try:
            view = memoryview(payload)
            while view:
                view = view[os.write(self.channel, view) :]
            return True
        except OSError:
            return False
        finally:
            with contextlib.suppress(OSError):
                os.close(self.channel)

    def _forward(self, sig: int, _frame: object) -> None:
        self.signals.append(sig)
        with contextlib.suppress(OSError):
            os.kill(self.pid, sig)

    def _interrupted(self, sig: int, _frame: object) -> None:
        self.signals.append(sig)
        signal.setitimer(signal.ITIMER_REAL, GRACE)

    def _pass_interrupt(self, _sig: int, _frame: object) -> None:
        with contextlib.suppress(OSError):
            os.kill(self.pid, signal.SIGINT)


def end_as(code: int) -> NoReturn:
    """End this process as the helper ended: by the same signal (as a run in one process would
    have ended), or with its exit code."""
    if code < 0:
        with contextlib.suppress(OSError, ValueError):
            signal.signal(-code, signal.SIG_DFL)
            os.kill(os.getpid(), -code)
        code = 128 - code  # the signal could not end it: as a shell reports one
    sys.exit(code)


def _worked_ahead(taken: Walk, missed: Missed) -> bytes:
    """The stored outcomes the run will take, worked out here (`reformctl.outcomes.prepared`);
    nothing when that fails in any way (the helper then reads the store itself)."""
    try:
        from reformctl.outcomes.prepared import prepare

        return prepare(taken, missed.call)
    except Exception:
        return b""


def start(command: str) -> tuple[Helper | None, Missed | None]:
    """Fork the helper for `command`. In this process: (the helper, None), or (None, None) when
    none could be started. In the helper, once it is handed the run: (None, what the lookup
    found); a helper that is not handed the run ends here."""
    parent = os.getpid()
    try:
        reading, writing = os.pipe()
    except OSError:
        return None, None
    try:
        pid = os.fork()
    except OSError:
        os.close(reading)
        os.close(writing)
        return None, None
    if pid:
        os.close(reading)
        return Helper(pid, writing), None
    os.close(writing)
    return None, _serve(reading, command, parent)


def _serve(channel: int, command: str, parent: int) -> Missed:
    """The helper: import what `command` computes with, then wait for the run."""
    gc.disable()  # as the run does (`entry.main`): imports build many objects, none of them garbage
    try:
        from reformctl.load.pool import end_with

        end_with(parent)  # the kernel ends the helper when this process ends
        for name in PRELOAD.get(command, ()):
            if ":" in name and select.select([channel], [], [], 0)[0]:
                continue  # the run is here: what is left is done as the run needs it
            with contextlib.suppress(Exception):  # a failing import fails again, reported, in the run
                prepare(name)
        chunks = []
        while chunk := os.read(channel, 1 << 20):
            chunks.append(chunk)
        os.close(channel)
        if not chunks:
            _end(0)  # stopped: the result was replayed
        return _missed(b"".join(chunks))
    except KeyboardInterrupt:
        _end(INTERRUPTED)
    except BaseException as err:  # the waiting process exits with the code
        with contextlib.suppress(Exception):
            sys.stderr.write(f"reformctl: internal error: {err!r}\n")
            sys.stderr.flush()
        _end(FAILED)


def prepare(name: str) -> None:
    """Do one of `PRELOAD`'s preparations: import `module`, and call `module:function:argument`."""
    module, _, call = name.partition(":")
    loaded = importlib.import_module(module)
    if call:
        function, _, argument = call.partition(":")
        getattr(loaded, function)(argument)


def _missed(payload: bytes) -> Missed:
    from reformctl.cli.results import Missed
    from reformctl.load.walk import Walk

    walk, call, worked = marshal.loads(payload)
    missed = Missed()
    if walk is not None:
        missed.walk = Walk(*walk)
    missed.call = call
    if worked:
        from reformctl.outcomes.prepared import receive

        with contextlib.suppress(Exception):
            receive(worked)
    return missed


def _end(code: int) -> NoReturn:
    os._exit(code)
