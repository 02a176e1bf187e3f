"""Problems found in a ledger, and the fatal errors that stop a command."""

from __future__ import annotations

from collections.abc import Iterable
from enum import Enum
from typing import NamedTuple

from reformctl.i18n import text
from reformctl.message import Msg, msg_from_data
from reformctl.source import Span

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


class Problem(NamedTuple):
    """One thing wrong in the ledger, positioned: `file:line:col: error[code]: message`.

    `says` is the message as a catalogue key with its values (`reformctl/i18n/*/problems*.py`):
    `message` is its English text (JSON output and the outcome store stay English), `text(lang)`
    its text in the language of the messages."""

    span: Span
    code: str
    says: Msg
    severity: Severity = Severity.ERROR

    @property
    def message(self) -> str:
        return self.says.text("en")

    def text(self, lang: str) -> str:
        return self.says.text(lang)

    def line(self, lang: str, path: str | None = None) -> str:
        """`path:line:col: severity[code]: message` in `lang` (the severity word too)."""
        return text(
            lang,
            "problem.line",
            where=f"{self.span.path if path is None else path}:{self.span.line}:{self.span.col}",
            severity=text(lang, f"problem.severity.{self.severity.value}"),
            code=self.code,
            message=self.text(lang),
        )

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.span.path, self.span.line, self.span.col, self.code, self.message)

    def __str__(self) -> str:
        return self.line("en")


def has_errors(problems: list[Problem] | tuple[Problem, ...]) -> bool:
    return any(p.severity is Severity.ERROR for p in problems)


READING_CODES = frozenset(
    {
        "bad-character", "bad-date", "bad-file-name", "bad-id", "bad-type", "bad-value",
        "duplicate-key", "empty-file", "encoding", "front-matter", "missing-file", "missing-key",
        "not-a-file", "outside-ledger", "too-deep", "too-large", "unknown-key", "unreadable",
        "yaml-alias", "yaml-anchor", "yaml-documents", "yaml-key", "yaml-syntax", "yaml-tag",
    }
)  # fmt: skip
"""The codes of problems found while a file is read and validated: such an error leaves the file
out of what is computed (the problems that checks find in it are reported too, SPEC §5)."""


class ReformctlError(Exception):
    """A fatal error: the command cannot continue. Exit code 2 unless stated.

    It carries a catalogue key (`reformctl.i18n`, e.g. `error.rule-unknown`) and the values its
    text names, so that the command line shows it in the language of its messages; `str(err)` is
    the English text (logs, tests). A text that is not a key is shown as it is. `suggestion` is a
    close known name, shown as "did you mean …"."""

    exit_code = EXIT_USAGE

    def __init__(self, key: str, /, *, suggestion: str | None = None, **values: object) -> None:
        self.key = key
        self.values = values
        self.suggestion = suggestion
        super().__init__(self.text("en"))

    def text(self, lang: str) -> str:
        """The message in `lang`, values written as the user writes them (dates ISO, no reprs)."""
        from reformctl.i18n import text

        message = text(lang, self.key, **self.values)
        if self.suggestion is not None:
            message += text(lang, "error.did-you-mean", name=self.suggestion)
        return message


class UsageError(ReformctlError):
    """The command line asks for something that cannot be done."""


class DataRefusal(ReformctlError):
    """A write command was understood, but what the ledger holds refuses it: the thing is already
    recorded or already exists, or the file to edit does not read cleanly (exit 1, nothing
    written). See docs/decisions.md, "Exit codes of write commands"."""

    exit_code = EXIT_PROBLEMS


def problem_row(problem: Problem) -> list[object]:
    """A problem's fields as plain JSON data, `[[path, line, col], code, text, severity]` (the text
    as `Msg.data` gives it), as the outcome store keeps it."""
    span, code, says, severity = problem
    return [list(span), code, says.data(), severity.value]


def problem_from_row(row: object) -> Problem:
    """A problem from `problem_row`'s plain data; raises ValueError when `row` is not one."""
    if not (isinstance(row, list) and len(row) == 4 and isinstance(row[0], list) and len(row[0]) == 3):
        raise ValueError("not a problem")
    (path, line, col), code, says, severity = row
    if not (isinstance(path, str) and isinstance(code, str) and isinstance(severity, str)):
        raise ValueError("not a problem")
    if not (type(line) is int and type(col) is int):
        raise ValueError("not a problem")
    return Problem(Span(path, line, col), code, msg_from_data(says), Severity(severity))


def close_to(value: str, known: Iterable[str]) -> str | None:
    """The known name closest to a mistyped `value` ("did you mean …"), when one is close."""
    from difflib import get_close_matches

    names = {name.lstrip("-"): name for name in sorted(set(known))}  # `--` would make all look alike
    found = get_close_matches(value.lstrip("-"), list(names), n=1, cutoff=0.6)
    return names[found[0]] if found else None
