"""`reformctl due --format json` (SPEC §8)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from reformctl.render.jsonout import dumps
from reformctl.rules.obligation import Obligation

FIELDS = Obligation._fields[: Obligation._fields.index("line") + 1]
"""The keys of SPEC §8's obligation, in its order: the record's fields up to `line` (the
calendar's `anchor` is not part of the shape)."""


def obligation_json(ob: Obligation) -> dict[str, Any]:
    """The stable JSON shape of one obligation (SPEC §8): its fields in order, as the JSON writer
    writes them (a rule id as its text, dates as YYYY-MM-DD, the route as a list)."""
    return dict(zip(FIELDS, ob[: len(FIELDS)], strict=True))


def render_json(
    obligations: Sequence[Obligation], ledger_name: str, as_of: date, left_out: Sequence[Any] = ()
) -> str:
    """SPEC §8's document, with `left_out`: the errors of the files nothing was computed from."""
    return dumps(
        {
            "as_of": as_of.isoformat(),
            "ledger": ledger_name,
            "obligations": [obligation_json(ob) for ob in obligations],
            "left_out": list(left_out),
        }
    )
