"""The console entry point: replay a stored read result when it is still valid, else run the app.

Kept free of the command-line framework's import, which costs more than a replay."""

from __future__ import annotations

import gc
import sys


def main() -> None:
    from reformctl.cli.results import invoked_as, replay_argv

    argv = sys.argv[1:]
    code = replay_argv(argv)
    if code is not None:
        sys.exit(code)
    # A command is a short-lived process that builds hundreds of thousands of acyclic objects on a
    # large ledger: the cyclic collector's passes over them cost far more than the little cyclic
    # garbage it would free before exit (see reformctl/load/gcpause.py).
    gc.disable()
    from reformctl.cli.app import app

    with invoked_as(argv):
        app(args=argv, prog_name="reformctl")
