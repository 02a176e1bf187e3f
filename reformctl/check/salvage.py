"""The checks of a file that did not validate, run on what is left of its record, so that one run
reports every problem of the file: its schema errors and what the checks find in the fields that
did validate (SPEC §5). See `reformctl.load.salvage` for how its failed fields are left out."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from reformctl.errors import Problem
from reformctl.model.ledger import Ledger, Salvaged

Check = Callable[[Ledger], Iterator[Problem]]

REFERENCES = frozenset({"unknown-unit", "unknown-person", "unknown-subject"})
"""The codes of a name that names nothing: a left-out id may be the name."""


def salvaged_problems(file: str, salvaged: Salvaged, checks: Iterable[Check]) -> set[Problem]:
    """The problems `checks` find in `file` both with its low and with its high stand-ins, word for
    word, other than at a place left out: a problem a stand-in causes changes with the stand-in.
    When a place left out holds ids, no reference problem: any of them may be one it defines."""
    checks = tuple(checks)
    low, high = (
        {p for check in checks for p in check(ledger) if p.span.path == file}
        for ledger in (salvaged.low, salvaged.high)
    )
    return {
        p
        for p in low & high
        if (p.span.line, p.span.col) not in salvaged.left_out
        and not (salvaged.names and p.code in REFERENCES)
    }
