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


def salvaged_problems(salvaged: Salvaged, checks: Iterable[Check]) -> set[Problem]:
    """The problems `checks` find in the salvaged files both with their low and with their high
    stand-ins, word for word, other than at a place left out: a problem a stand-in causes changes
    with the stand-in. In a file where a place left out holds ids, no reference problem: any of
    them may name what the file meant to define."""
    checks = tuple(checks)
    low, high = (
        {p for check in checks for p in check(ledger) if p.span.path in salvaged.left_out}
        for ledger in (salvaged.low, salvaged.high)
    )
    return {
        p
        for p in low & high
        if (p.span.line, p.span.col) not in salvaged.left_out[p.span.path]
        and not (p.span.path in salvaged.names and p.code in REFERENCES)
    }
