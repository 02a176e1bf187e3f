"""`reformctl due --format json` (SPEC §8). Pure, and free of the models: the first process of a
split run renders stored obligations with it before they are loaded (`reformctl.outcomes.prepared`).

An obligation can be rendered alone, as a *fragment*: the bytes the whole document holds for it
(its lines indented to their place); a document put together from fragments is the document
rendered at once (tests/render/test_duejson.py)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

import orjson

from reformctl.render.jsonout import dumps
from reformctl.rules.obligation import Obligation, OrderKey, order_key

FIELDS = Obligation._fields
"""The keys of SPEC §8's obligation, in its order: the record's fields."""
_PLACE = b"\n" + b"  " * 2
"""Where an obligation's lines start in the document: in the list under "obligations"."""


def obligation_json(ob: Obligation) -> dict[str, Any]:
    """The stable JSON shape of one obligation (SPEC §8): its fields in order, as the JSON writer
    writes them (a rule id as its text, dates as YYYY-MM-DD, the route as a list)."""
    return dict(zip(FIELDS, ob, strict=True))


def render_json(obligations: Sequence[Obligation], ledger_name: str, as_of: date) -> str:
    return dumps(_document(ledger_name, as_of, [obligation_json(ob) for ob in obligations]))


def fragment(ob: Obligation) -> bytes:
    """`ob` as `render_json` writes it in the document."""
    return orjson.dumps(obligation_json(ob), option=orjson.OPT_INDENT_2).replace(b"\n", _PLACE)


def render_fragments(fragments: Iterable[bytes], ledger_name: str, as_of: date) -> str:
    """`render_json` of the obligations whose fragments these are, in this order."""
    return dumps(_document(ledger_name, as_of, [orjson.Fragment(f) for f in fragments]))


def _document(ledger_name: str, as_of: date, obligations: list[Any]) -> dict[str, Any]:
    return {"as_of": as_of.isoformat(), "ledger": ledger_name, "obligations": obligations}


Row = tuple[OrderKey, bool, bytes]
"""An obligation rendered: its `order_key`, whether it is overdue, its fragment."""


def row(ob: Obligation) -> Row:
    return (
        order_key(ob.due.toordinal(), ob.rule.value, ob.subject, ob.period, ob.owner),
        ob.state == "overdue",
        fragment(ob),
    )


def render_rows(rows: Sequence[Row], ledger_name: str, as_of: date) -> str:
    """`render_json` of the obligations rendered as `rows`, in order of their keys."""
    return render_fragments((r[2] for r in sorted(rows)), ledger_name, as_of)
