"""Files left out of a computation, and the ledger's other errors: named on standard error, in a
banner at the top of human formats, and as a list in JSON (docs/ledger-format.md, "When files have
errors")."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from reformctl.errors import READING_CODES, Problem, Severity
from reformctl.render.labels import label
from reformctl.render.markdown import escape_md
from reformctl.render.printable import printable


def errors_of(problems: Sequence[Problem], files: Collection[str]) -> list[Problem]:
    """The errors of `files`, in order."""
    return [p for p in problems if p.severity is Severity.ERROR and p.span.path in files]


def _reason(errors: Sequence[Problem], file: str) -> Problem | None:
    """The first error that left `file` out: one found while reading it, else its first."""
    own = [p for p in errors if p.span.path == file]
    return next((p for p in own if p.code in READING_CODES), own[0] if own else None)


def banner_lines(problems: Sequence[Problem], left_out: Collection[str], locale: str) -> list[str]:
    """What a reader of the output must know first: the files left out, each with the error that
    left it out, and how many other errors the ledger has; in `locale`, the problems too. Empty
    when it has none."""
    errors = [p for p in problems if p.severity is Severity.ERROR]
    others = [p for p in errors if p.span.path not in left_out]
    lines = []
    if left_out:
        lines.append(label(locale, "left-out.heading", n=len(left_out)))
        for file in sorted(left_out):
            first = _reason(errors, file)
            if first is None:
                lines.append(printable(f"  {file}"))
                continue
            where = f"{file}:{first.span.line}:{first.span.col}"
            lines.append(
                printable("  " + label(locale, "left-out.file", where=where, message=first.text(locale)))
            )
    if others:
        lines.append(label(locale, "left-out.others", n=len(others)))
    return lines


def banner_text(problems: Sequence[Problem], left_out: Collection[str], locale: str) -> str:
    lines = banner_lines(problems, left_out, locale)
    return "\n".join(lines) + "\n\n" if lines else ""


def banner_md(problems: Sequence[Problem], left_out: Collection[str], locale: str) -> str:
    lines = banner_lines(problems, left_out, locale)
    if not lines:
        return ""
    quoted = [f"> **{escape_md(lines[0])}**"] + [f"> {escape_md(line.strip())}  " for line in lines[1:]]
    return "\n".join(quoted) + "\n\n"


def left_out_json(problems: Sequence[Problem], left_out: Collection[str]) -> list[dict[str, Any]]:
    """Each error of the files left out, in the shape of `check --format json`'s problems."""
    return [
        {"file": p.span.path, "line": p.span.line, "column": p.span.col, "code": p.code, "message": p.message}
        for p in errors_of(problems, left_out)
    ]
