"""The console entry point: replay a stored read result when it is still valid, else run the app.

Kept free of the command-line framework's import, which costs more than a replay."""

from __future__ import annotations

import gc
import os
import sys
from typing import TYPE_CHECKING, NoReturn

from reformctl.cli import plugins

if TYPE_CHECKING:
    from reformctl.cli.results import Missed

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


def run() -> NoReturn:
    """The console script and `python -m reformctl`: `main`, with the run split across two
    processes where that helps (`reformctl.cli.split`); after a read command the process ends at
    once, without the interpreter's teardown. That teardown frees, one by one, every object the
    run built (a tenth of a second after `due` on a large ledger) and runs exit handlers, of which
    a read command has none that matter: its output is flushed here, its caches are written and
    closed, and its worker processes have ended."""
    code: str | int | None = 0
    try:
        main(split=True)
    except SystemExit as done:
        code = done.code
    except KeyboardInterrupt:  # before the command started (while importing): as the framework exits
        code = 130
    if not (bool(sys.argv[1:]) and sys.argv[1] in REPLAYABLE):
        sys.exit(code)
    if code is not None and not isinstance(code, int):
        print(code, file=sys.stderr)  # as the interpreter prints a message it exits with
        code = 1
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:  # None when the stream was closed before the start (`>&-`)
                stream.flush()
    except BrokenPipeError:
        _silence_stdout()
        os._exit(1)
    except (OSError, ValueError):
        os._exit(1)
    os._exit(code or 0)


def main(split: bool = False) -> None:
    """Run the command line in `sys.argv`. With `split` (the console script only: a helper process
    must not be forked from a program that goes on after this returns), a read command's run may
    be handed over to a helper process (`reformctl.cli.split`)."""
    argv = sys.argv[1:]
    if argv == ["--version"]:  # the common case, answered without loading the framework
        print(version_line())
        return
    # A command is a short-lived process that builds hundreds of thousands of acyclic objects on a
    # large ledger (from the walk of the folder on): the cyclic collector's passes over them cost
    # far more than the little cyclic garbage it would free before exit (reformctl/load/gcpause.py).
    gc.disable()
    plugins.off()
    missed: Missed | None = None
    if bool(argv) and argv[0] in REPLAYABLE:
        missed = _look_up(argv, split)
    if missed is not None and missed.call is not None:
        code = _call_again(argv, missed)
        if code is not None:
            sys.exit(code)
    from reformctl.cli.app import app

    if missed is None:
        app(args=argv, prog_name="reformctl")
        return
    from reformctl.cli.results import invoked_as

    with invoked_as(argv, missed.walk):
        app(args=argv, prog_name="reformctl")


def _look_up(argv: list[str], split: bool) -> Missed:
    """Replay the stored result of this read command line and exit, or return what the lookup
    found for the run. In a split run, the helper returns here what this process handed it."""
    from reformctl.cli.results import Missed, code_stamps, replay_argv

    helper = None
    if split and sys.platform.startswith("linux"):
        from reformctl.cli import split as splitting

        if splitting.wanted():
            code_stamps()  # taken before the helper imports anything: what a stored result is keyed by
            helper, handed = splitting.start(argv[0])
            if handed is not None:
                return handed
    missed = Missed()
    try:
        code = replay_argv(argv, missed)
        if helper is not None and code is None:
            code, helper = helper.hand_over(missed), None
            if code is not None and code < 0:
                splitting.end_as(code)
    except KeyboardInterrupt:
        code = 130  # as the framework exits on Ctrl-C
    except BrokenPipeError:  # the reader went away (`| head`): quietly, as the framework does
        _silence_stdout()
        code = 1
    finally:
        if helper is not None:
            helper.stop()
    if code is not None:
        sys.exit(code)
    return missed


def _call_again(argv: list[str], missed: Missed) -> int | None:
    """Run the command with the values the framework parsed this same command line into last
    time: the stored result's key holds everything that parse depends on (the command line, the
    current folder, the environment, reformctl's and its dependencies' files), so the framework
    is not loaded. None when that cannot be done (an error, even one a user should see): then the
    framework runs the command again and reports what went wrong, as it always does."""
    from reformctl.cli.common import internal_error
    from reformctl.cli.reads import COMMANDS
    from reformctl.cli.results import invoked_as, recording
    from reformctl.errors import EXIT_USAGE

    assert missed.call is not None
    name, kwargs = missed.call
    fn = COMMANDS.get(name)
    if fn is None or name != argv[0]:
        return None
    with recording() as seen:
        try:
            with invoked_as(argv, missed.walk):
                return fn(**kwargs)
        except KeyboardInterrupt:
            sys.exit(130)
        except BrokenPipeError:
            _silence_stdout()
            sys.exit(1)
        except Exception as err:
            if not seen.writes:
                return None
            sys.stderr.write(internal_error(err) + "\n")  # part of the result is out already
            sys.stderr.flush()
            return EXIT_USAGE
