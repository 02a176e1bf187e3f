"""The console entry point: replay a stored read result when it is still valid, else run the app.

Kept free of the command-line framework's import, which costs more than a replay."""

from __future__ import annotations

import gc
import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reformctl.load.walk import Walk

REPLAYABLE = frozenset({"check", "due", "library"})
"""The read commands whose results are stored and replayed (`reformctl.cli.results`)."""


def version_line() -> str:
    from reformctl import __version__

    return f"reformctl {__version__}"


def _silence_stdout() -> None:
    """Point standard output at the null device, so that flushing it at exit raises nothing."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def main() -> None:
    argv = sys.argv[1:]
    if argv == ["--version"]:  # the common case, answered without loading the framework
        print(version_line())
        return
    replayable = bool(argv) and argv[0] in REPLAYABLE
    taken: list[Walk] = []
    if replayable:
        from reformctl.cli.results import replay_argv

        try:
            code = replay_argv(argv, taken)
        except KeyboardInterrupt:
            sys.exit(130)  # as the framework exits on Ctrl-C
        except BrokenPipeError:  # the reader went away (`| head`): quietly, as the framework does
            _silence_stdout()
            sys.exit(1)
        if code is not None:
            sys.exit(code)
    # A command is a short-lived process that builds hundreds of thousands of acyclic objects on a
    # large ledger: the cyclic collector's passes over them cost far more than the little cyclic
    # garbage it would free before exit (see reformctl/load/gcpause.py).
    gc.disable()
    from reformctl.cli.app import app

    if not replayable:
        app(args=argv, prog_name="reformctl")
        return
    from reformctl.cli.results import invoked_as

    with invoked_as(argv, taken[0] if taken else None):
        app(args=argv, prog_name="reformctl")
