"""Problems found in a ledger, and the fatal errors that stop a command."""

from __future__ import annotations

from collections.abc import Iterable
from enum import Enum
from typing import NamedTuple

from reformctl.source import Span

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


class Problem(NamedTuple):
    """One thing wrong in the ledger, positioned: `file:line:col: error[code]: message`."""

    span: Span
    code: str
    message: str
    severity: Severity = Severity.ERROR

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.span.path, self.span.line, self.span.col, self.code, self.message)

    def __str__(self) -> str:
        return f"{self.span}: {self.severity.value}[{self.code}]: {self.message}"


def has_errors(problems: list[Problem] | tuple[Problem, ...]) -> bool:
    return any(p.severity is Severity.ERROR for p in problems)


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


def problem_from_row(row: object) -> Problem:
    """A problem from its fields as plain data (`[[path, line, col], code, message, severity]`, as
    the outcome store keeps it); raises ValueError when `row` is not one."""
    if not (isinstance(row, list) and len(row) == 4 and isinstance(row[0], list) and len(row[0]) == 3):
        raise ValueError("not a problem")
    (path, line, col), code, message, severity = row
    if not (isinstance(path, str) and isinstance(code, str) and isinstance(message, str)):
        raise ValueError("not a problem")
    if not (type(line) is int and type(col) is int and isinstance(severity, str)):
        raise ValueError("not a problem")
    return Problem(Span(path, line, col), code, message, Severity(severity))


def close_to(value: str, known: Iterable[str]) -> str | None:
    """The known name closest to a mistyped `value` ("did you mean …"), when one is close."""
    from difflib import get_close_matches

    names = {name.lstrip("-"): name for name in sorted(set(known))}  # `--` would make all look alike
    found = get_close_matches(value.lstrip("-"), list(names), n=1, cutoff=0.6)
    return names[found[0]] if found else None
