"""`reformctl check` output: text lines, JSON, GitHub workflow annotations.

Text and annotations are in the language of the messages (`lang`); JSON stays English (SPEC §8)."""

from __future__ import annotations

from collections.abc import Sequence

from reformctl.errors import Problem, Severity
from reformctl.i18n import text
from reformctl.render.jsonout import dumps
from reformctl.render.printable import printable


def _display(prefix: str, path: str) -> str:
    return f"{prefix}/{path}" if prefix not in ("", ".") else path


def render_text(problems: Sequence[Problem], prefix: str, files: int, lang: str) -> str:
    """One line a problem, `file:line:col: severity[code]: message` (错误/警告 in Chinese), then a
    count."""
    lines = [printable(p.line(lang, _display(prefix, p.span.path))) for p in problems]
    errors = sum(p.severity is Severity.ERROR for p in problems)
    warnings = len(problems) - errors
    if problems:
        lines.append(text(lang, "check.summary", errors=errors, warnings=warnings, files=files))
    else:
        lines.append(text(lang, "check.ok", files=files))
    return "\n".join(lines) + "\n"


def render_json(problems: Sequence[Problem], prefix: str) -> str:
    shape = {
        "problems": [
            {
                "file": p.span.path,
                "path": _display(prefix, p.span.path),
                "line": p.span.line,
                "column": p.span.col,
                "severity": p.severity.value,
                "code": p.code,
                "message": p.message,
            }
            for p in problems
        ]
    }
    return dumps(shape)


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(problems: Sequence[Problem], prefix: str, lang: str) -> str:
    """GitHub Actions workflow commands: `::error file=…,line=…,col=…,title=…::message`, the
    message in `lang`."""
    out = []
    for p in problems:
        level = "error" if p.severity is Severity.ERROR else "warning"
        props = ",".join(
            [
                f"file={_escape_property(_display(prefix, p.span.path))}",
                f"line={p.span.line}",
                f"col={p.span.col}",
                f"title={_escape_property(p.code)}",
            ]
        )
        out.append(f"::{level} {props}::{_escape_data(p.text(lang))}")
    return "\n".join(out) + ("\n" if out else "")
