"""`check` and `due`, free of the command-line framework: the framework parses the command line
and calls these with plain values (`reformctl.cli.app`); a run of a command line whose stored
result is out of date calls them with the values that parse gave last time, without loading the
framework at all (`reformctl.cli.entry`, `reformctl.cli.results`)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from reformctl.cli.common import emit, load_checked, load_due, refuse_on_errors
from reformctl.cli.results import replayable
from reformctl.errors import EXIT_OK, EXIT_PROBLEMS, UsageError, has_errors

CHECK_FORMATS = ("text", "json", "github")
DUE_FORMATS = ("table", "json", "md", "csv", "ics")


def locale_of(option: str | None, default: str) -> str:
    if option is None:
        return default
    if option not in ("zh-CN", "en"):
        raise UsageError(f"--locale '{option}' is not supported; expected zh-CN or en")
    return option


def _path(value: str | None) -> Path | None:
    return None if value is None else Path(value)


@replayable
def check(*, ledger: str | None = None, fmt: str = "text") -> int:
    """Check every file of the ledger (schema, references, dates, seed rules). Exit 1 on errors."""
    from reformctl.load.discover import display_prefix
    from reformctl.render import problems as render

    if fmt not in CHECK_FORMATS:
        raise UsageError(f"--format '{fmt}' is not one of {', '.join(CHECK_FORMATS)}")
    loaded = load_checked(_path(ledger))
    prefix = display_prefix(loaded.root)
    if fmt == "json":
        emit(render.render_json(loaded.problems, prefix))
    elif fmt == "github":
        emit(render.render_github(loaded.problems, prefix))
    else:
        emit(render.render_text(loaded.problems, prefix, len(loaded.ledger.files)))
    return EXIT_PROBLEMS if has_errors(loaded.problems) else EXIT_OK


@replayable
def due(
    *,
    ledger: str | None = None,
    as_of: str | None = None,
    within: int | None = None,
    owner: list[str] | None = None,
    rule: list[str] | None = None,
    subject: str | None = None,
    everything: bool = False,
    fail_on_overdue: bool = False,
    fmt: str = "table",
    locale: str | None = None,
    output: str | None = None,
) -> int:
    """What each unit owes: open obligations due within the window, overdue first."""
    from reformctl.cli.clock import resolve_as_of
    from reformctl.cli.due import run_due

    if fmt not in DUE_FORMATS:
        raise UsageError(f"--format '{fmt}' is not one of {', '.join(DUE_FORMATS)}")
    loaded, day, shown = load_due(_path(ledger), as_of)
    refused = refuse_on_errors(loaded)
    if refused is not None:
        return refused
    if day is None:
        day = resolve_as_of(as_of, loaded.ledger.settings.value.timezone)
    text, overdue = run_due(
        loaded.ledger,
        day,
        shown=shown,
        within=within,
        owners=owner or [],
        rules=rule or [],
        subject=subject,
        everything=everything,
        fmt=fmt,
        locale=locale_of(locale, loaded.ledger.settings.value.locale),
        color=output is None and sys.stdout.isatty(),
    )
    emit(text, _path(output))
    return EXIT_PROBLEMS if fail_on_overdue and overdue else EXIT_OK


COMMANDS: dict[str, Callable[..., int]] = {"check": check, "due": due}
"""The read commands a stored parse of the command line may run without the framework."""
