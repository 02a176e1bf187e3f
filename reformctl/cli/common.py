"""The CLI's shell: error handling around every command, loading, and writing output."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, ParamSpec

from reformctl.errors import EXIT_PROBLEMS, EXIT_USAGE, Problem, ReformctlError, Severity, has_errors

if TYPE_CHECKING:  # imported lazily: the models cost a tenth of a second (reformctl --version)
    from datetime import date

    from reformctl.cli.due import Shown
    from reformctl.model.ledger import Ledger

P = ParamSpec("P")


def command(fn: Callable[P, int]) -> Callable[P, None]:
    """Run a command function returning an exit code; no traceback ever reaches a user."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> None:
        import typer  # loaded already: this wraps the framework's commands

        try:
            code = fn(*args, **kwargs)
        except ReformctlError as err:
            typer.echo(f"reformctl: error: {err}", err=True)
            raise typer.Exit(err.exit_code) from None
        except (typer.Exit, typer.Abort, KeyboardInterrupt, BrokenPipeError):
            raise  # the framework ends these quietly (a closed pipe: exit 1)
        except Exception as err:
            if debug_enabled():
                raise
            typer.echo(internal_error(err), err=True)
            raise typer.Exit(EXIT_USAGE) from None
        raise typer.Exit(code)

    return wrapper  # type: ignore[return-value]


def internal_error(err: Exception) -> str:
    return (
        f"reformctl: internal error: {type(err).__name__}: {err}\n"
        "This is a bug in reformctl. Please report it with the command you ran and the "
        "output of the same command with --debug (reformctl --debug …)."
    )


_DEBUG = {"on": False}


def set_debug(on: bool) -> None:
    _DEBUG["on"] = on


def debug_enabled() -> bool:
    return _DEBUG["on"]


_CACHE = {"on": True}


def set_cache(on: bool) -> None:
    """`--no-cache` turns the caches off for this run (so does REFORMCTL_NO_CACHE=1)."""
    _CACHE["on"] = on


def cache_on() -> bool:
    from reformctl.load.cachedir import cache_disabled

    return _CACHE["on"] and not cache_disabled()


@dataclass(frozen=True, slots=True)
class Loaded:
    root: Path
    ledger: Ledger
    problems: list[Problem]


def load(ledger_opt: Path | None) -> Loaded:
    """Discover and load the ledger, and run every check."""
    from reformctl.check import run_checks
    from reformctl.load.cache import RecordCache
    from reformctl.load.discover import discover
    from reformctl.load.loader import load_ledger

    root = discover(ledger_opt)
    cache = RecordCache.open(root) if cache_on() else None
    ledger, problems = load_ledger(root, cache=cache)
    problems = sorted(set(problems) | set(run_checks(ledger)), key=Problem.sort_key)
    return Loaded(root, ledger, problems)


def load_checked(ledger_opt: Path | None) -> Loaded:
    """`load` for `check`: the problems of every file, with `Loaded.ledger` lacking the tracked
    items whose problems came from the outcome store (`reformctl.outcomes.derive`; with the
    caches off, `load`)."""
    if not cache_on():
        return load(ledger_opt)
    from reformctl.load.cache import RecordCache
    from reformctl.load.discover import discover
    from reformctl.outcomes.derive import derive

    root = discover(ledger_opt)
    outcome = derive(root, None, lambda: RecordCache.open(root))
    return Loaded(root, outcome.ledger, outcome.problems)


def load_due(ledger_opt: Path | None, as_of: str | None) -> tuple[Loaded, date | None, Shown | None]:
    """`load` for `due`, with the day (`--as-of`, else today) and the obligations that `due`
    shows (both None when the ledger has errors).

    The ledger is read by `reformctl.outcomes.derive`: with the caches on, unchanged tracked-item
    files are not read again (their problems and obligations come from the outcome store);
    without them, a large ledger is checked and computed in several processes. Either way
    `Loaded.ledger` may lack tracked items: it holds what `due` renders from (settings, units,
    the year folders)."""
    from reformctl.cli.clock import resolve_as_of
    from reformctl.load.cache import RecordCache
    from reformctl.load.discover import discover
    from reformctl.outcomes.derive import derive

    root = discover(ledger_opt)
    opener = (lambda: RecordCache.open(root)) if cache_on() else None
    outcome = derive(root, lambda s: resolve_as_of(as_of, s.timezone), opener)
    loaded = Loaded(root, outcome.ledger, outcome.problems)
    return loaded, outcome.day, (outcome if outcome.day is not None else None)


def refuse_on_errors(loaded: Loaded) -> int | None:
    """Read commands stop when the ledger has errors: they are printed to stderr, exit 1."""
    if not has_errors(loaded.problems):
        return None
    from reformctl.load.discover import display_prefix
    from reformctl.render.problems import render_text

    errors = [p for p in loaded.problems if p.severity is Severity.ERROR]
    warn(render_text(errors, display_prefix(loaded.root), len(loaded.ledger.files)))
    warn("reformctl: the ledger has errors; fix them (reformctl check) and run again\n")
    return EXIT_PROBLEMS


def warn(text: str) -> None:
    """The one place that writes messages of a finished command to standard error."""
    from reformctl.cli.results import note_write

    note_write("err", text)
    sys.stderr.write(text)
    sys.stderr.flush()


def emit(text: str, output: Path | None = None) -> None:
    """The one place that writes results: standard output, or --output FILE."""
    if output is None:
        from reformctl.cli.results import note_write

        note_write("out", text)
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as err:
        raise ReformctlError(f"cannot write {output}: {err.strerror}") from None
