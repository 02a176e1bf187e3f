"""`due --format json` put together from obligations rendered one by one (fragments, rows) is the
document rendered at once, byte for byte; and rows order by their keys exactly as obligations
order by `sort_key` (reformctl.render.duejson, reformctl.rules.obligation.order_key)."""

from __future__ import annotations

import json
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from reformctl.model.rule_ids import RuleId
from reformctl.render.duejson import fragment, render_fragments, render_json, render_rows, row
from reformctl.rules.obligation import STATES, Obligation, sort_key

TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12) | st.sampled_from(
    ['深化"最多跑一次"改革', "line\nbreak", "},\n    {", "\\", "m2", "m10", "2026-Q2", ""]
)
DAYS = st.dates(date(2020, 1, 1), date(2030, 12, 31))
OBLIGATIONS = st.builds(
    Obligation,
    rule=st.sampled_from(list(RuleId)),
    subject=st.sampled_from(["projects/a", "projects/b", "pilots/a", "2026/keypoints#k1"]),
    title=TEXT,
    period=st.none() | st.sampled_from(["m1", "m2", "m10", "2026-Q1", "2026", "effect"]) | TEXT,
    owner=st.sampled_from(["u1", "u2", "dept-reform-admin"]),
    route=st.none() | st.lists(st.sampled_from(["u1", "u2"]), max_size=3).map(tuple),
    due=DAYS,
    done=st.none() | DAYS,
    state=st.sampled_from(STATES),
    days=st.integers(-4000, 4000),
    file=st.sampled_from(["projects/a.yaml", "ledger.yaml"]),
    line=st.none() | st.integers(1, 10_000),
)


def _distinct(obligations: list[Obligation]) -> list[Obligation]:
    """One obligation per key, as the rules make them (per rule, subject, period and owner)."""
    seen: dict[tuple[object, ...], Obligation] = {}
    for ob in obligations:
        seen.setdefault((ob.rule, ob.subject, ob.period, ob.owner), ob)
    return list(seen.values())


@settings(max_examples=200, deadline=None)
@given(st.lists(OBLIGATIONS, max_size=8), st.text(max_size=8), DAYS)
def test_fragments_make_the_document(obligations: list[Obligation], name: str, as_of: date) -> None:
    whole = render_json(obligations, name, as_of)
    assert render_fragments([fragment(ob) for ob in obligations], name, as_of) == whole
    assert json.loads(whole)["obligations"][: len(obligations)] == [
        json.loads(fragment(ob)) for ob in obligations
    ]


@settings(max_examples=200, deadline=None)
@given(st.lists(OBLIGATIONS, max_size=12), st.randoms(use_true_random=False))
def test_rows_in_any_order_make_the_sorted_document(obligations: list[Obligation], shuffler: object) -> None:
    distinct = _distinct(obligations)
    rows = [row(ob) for ob in distinct]
    shuffler.shuffle(rows)  # type: ignore[attr-defined]
    day = date(2026, 7, 10)
    assert render_rows(rows, "台账", day) == render_json(sorted(distinct, key=sort_key), "台账", day)
    assert [r[1] for r in sorted(rows)] == [ob.state == "overdue" for ob in sorted(distinct, key=sort_key)]
