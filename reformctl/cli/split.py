"""A read command's run split across two processes, so that its two slow beginnings overlap.

Before a read command can tell whether its stored result still holds, it walks the ledger folder
(on a ledger of 13,000 files, as many stat calls: a tenth of a second); when the result does not
hold, the run then imports what computing it needs (pydantic, the models, the rules: a quarter of
a second). Neither needs the other, so the console script forks a *helper* first: the helper
imports those modules while this process looks the stored result up. A replay stops the helper;
a miss hands the run over to it, with the walk and the stored parse of the command line, and this
process waits for the helper and exits with its exit code. The helper writes nothing before it
is handed the run, and this process writes nothing after.

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

PRELOAD: dict[str, tuple[str, ...]] = {
    "check": ("reformctl.cli.reads", "reformctl.outcomes.derive", "reformctl.render.problems"),
    "due": (
        "reformctl.cli.reads",
        "reformctl.cli.due",
        "reformctl.outcomes.derive",
        "reformctl.render.due",
    ),
    "library": ("reformctl.cli.app",),
}
"""What the helper imports while it waits, by command (what computing the command imports)."""

_FORWARDED = (signal.SIGTERM, signal.SIGHUP)
"""Signals this process passes on to the helper while it waits for it. An interrupt from the
terminal reaches both processes already: this process ignores it, the helper ends on it."""


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
        """Give the run to the helper and wait for it: its exit code. None when the helper ended
        before it got the run, but for an interrupt (this process then runs the command itself)."""
        taken = missed.walk
        walk = None
        early = b""
        if taken is not None:  # with what the run works out from it (the helper is still busy)
            walk = (taken.root, taken.rows, taken.started, taken.fingerprint(), taken.newest())
            early = _parsed_ahead(taken)
        payload = marshal.dumps((walk, missed.call, early))
        previous = {sig: signal.signal(sig, self._forward) for sig in _FORWARDED}
        interrupt = signal.signal(signal.SIGINT, signal.SIG_IGN)
        try:
            try:
                view = memoryview(payload)
                while view:
                    view = view[os.write(self.channel, view) :]
                os.close(self.channel)
                given = True
            except OSError:
                given = False
            _, status = os.waitpid(self.pid, 0)
        finally:
            signal.signal(signal.SIGINT, interrupt)
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        code = os.waitstatus_to_exitcode(status)
        if code < 0:
            code = 128 - code  # ended by a signal: as a shell reports it
        return code if given or code == 128 + signal.SIGINT or code == INTERRUPTED else None

    def _forward(self, sig: int, _frame: object) -> None:
        with contextlib.suppress(OSError):
            os.kill(self.pid, sig)


def _parsed_ahead(taken: Walk) -> bytes:
    """The files the run will surely read, parsed here (`reformctl.load.ahead`); nothing when
    that fails in any way (the helper then reads them itself)."""
    try:
        from reformctl.load.ahead import parse_ahead

        return parse_ahead(taken)
    except Exception:
        return b""


def start(command: str) -> tuple[Helper | None, Missed | None]:
    """Fork the helper for `command`. In this process: (the helper, None), or (None, None) when
    none could be started. In the helper, once it is handed the run: (None, what the lookup
    found); a helper that is not handed the run ends here."""
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
    return None, _serve(reading, command)


def _serve(channel: int, command: str) -> Missed:
    """The helper: import what `command` computes with, then wait for the run."""
    gc.disable()  # as the run does (`entry.main`): imports build many objects, none of them garbage
    try:
        for name in PRELOAD.get(command, ()):
            with contextlib.suppress(Exception):  # a failing import fails again, reported, in the run
                importlib.import_module(name)
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


def _missed(payload: bytes) -> Missed:
    from reformctl.cli.results import Missed
    from reformctl.load.walk import Walk

    walk, call, early = marshal.loads(payload)
    missed = Missed()
    if walk is not None:
        missed.walk = Walk(*walk)
    missed.call = call
    if early:
        from reformctl.load.ahead import receive

        with contextlib.suppress(Exception):
            receive(early)
    return missed


def _end(code: int) -> NoReturn:
    os._exit(code)
