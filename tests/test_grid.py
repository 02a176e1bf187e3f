"""The direct layout of the `due` tables (reformctl/render/grid.py) prints what rich prints.

Generated obligations — titles in Chinese and English with spaces, long unbroken words, full-width
punctuation, empty details; owners from the example ledger and unknown ids; every state; widths
from a narrow terminal to a wide one — rendered both ways must give the same text.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reformctl.load.loader import load_ledger
from reformctl.model.ledger import Ledger
from reformctl.model.rule_ids import RuleId
from reformctl.render import grid
from reformctl.render.table import due_tables, due_text, to_text
from reformctl.rules.obligation import STATES, Obligation
from tests.conftest import EXAMPLE

AS_OF = date(2026, 7, 10)
WORDS = st.sampled_from(
    [
        "深化",
        "数字化",
        "改革",
        "一件事",
        "集成",
        "试点",
        "“最多跑一次”",
        "（二期）",
        "→",
        "—",
        "2026-Q2",
        "m3",
    ]
)
LATIN = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJ0123456789-_/.,", min_size=1, max_size=40)
TITLE = st.lists(st.one_of(WORDS, LATIN, st.just(" "), st.just("  ")), min_size=0, max_size=25).map("".join)


@cache
def example() -> Ledger:
    ledger, _ = load_ledger(EXAMPLE)
    return ledger


@st.composite
def obligations(draw: st.DrawFn) -> list[Obligation]:
    ledger = example()
    units = sorted(ledger.units)
    owners = st.one_of(st.sampled_from(units), st.sampled_from(["unknown-unit", "x"]))
    out = []
    for _ in range(draw(st.integers(1, 12))):
        state = draw(st.sampled_from(STATES))
        route = draw(
            st.one_of(st.none(), st.lists(st.sampled_from(units), min_size=1, max_size=3).map(tuple))
        )
        out.append(
            Obligation(
                draw(st.sampled_from(list(RuleId))),
                "projects/p",
                draw(TITLE).strip() or "t",
                draw(st.sampled_from([None, "m1", "m12", "2026-Q2", "2026-H1", "2026-06", "phase"])),
                draw(owners),
                route,
                AS_OF + timedelta(days=draw(st.integers(-400, 400))),
                None,
                state,
                draw(st.integers(-2000, 2000)),
                "projects/p.yaml",
                1,
            )
        )
    return sorted(out, key=lambda ob: (ob.due, ob.owner))


@pytest.fixture(autouse=True)
def rich_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    """No variable that changes rich's colours (the direct layout leaves those cases to rich)."""
    for name in ("NO_COLOR", "FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "TERM"):
        monkeypatch.delenv(name, raising=False)


@settings(max_examples=150, deadline=None)
@given(
    obs=obligations(),
    width=st.integers(20, 200),
    locale=st.sampled_from(["zh-CN", "en"]),
    color=st.booleans(),
)
def test_direct_layout_equals_rich(obs: list[Obligation], width: int, locale: str, color: bool) -> None:
    ledger = example()
    expected = to_text(due_tables(obs, ledger, AS_OF, locale, False, 14), width, color)
    assert due_text(obs, ledger, AS_OF, locale, False, 14, width, color) == expected


def test_no_obligations() -> None:
    ledger = example()
    for width, color in ((20, False), (60, True), (100, False)):
        expected = to_text(due_tables([], ledger, AS_OF, "zh-CN", False, 14), width, color)
        assert due_text([], ledger, AS_OF, "zh-CN", False, 14, width, color) == expected


def test_texts_the_direct_layout_leaves_to_rich() -> None:
    def cell(text: str) -> grid.Cell:
        return grid.Cell(((text, None),))

    heads = ["状态", "截止日期", "天数", "事项"]
    row = (cell("已逾期"), cell("2026-07-01"), cell("逾期9天"), grid.Cell((("标题", None), ("详情", "dim"))))
    assert grid.plain_enough(grid.Grid("市发展改革委", heads, [row]))
    for title, text in (("[bold]x", "t"), ("a:smile:b", "t"), ("单位", "a\tb"), ("单位", "a\u2028b")):
        assert not grid.plain_enough(grid.Grid(title, heads, [(*row[:3], cell(text))]))
    assert grid.render(grid.Grid("u", heads, [row]), 20) is None  # rich would shrink the fixed columns too


@pytest.mark.parametrize("name", ["NO_COLOR", "FORCE_COLOR", "TTY_COMPATIBLE"])
def test_colour_variables_leave_the_table_to_rich(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from reformctl.render import table

    monkeypatch.setenv(name, "1")
    assert table._direct_output(color=True) is False
    assert table._direct_output(color=False) is True


@pytest.mark.parametrize("color", [False, True])
def test_the_example_does_not_go_through_rich(color: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    from reformctl.render import table
    from reformctl.rules.engine import compute_obligations

    ledger = example()
    obs = [ob for ob in compute_obligations(ledger, AS_OF) if ob.is_open]
    expected = to_text(due_tables(obs, ledger, AS_OF, "zh-CN", False, 14), 100, color)

    def no_rich(*args: object, **kwargs: object) -> str:
        raise AssertionError("rich was used")

    monkeypatch.setattr(table, "to_text", no_rich)
    assert due_text(obs, ledger, AS_OF, "zh-CN", False, 14, 100, color) == expected
    assert len(expected.splitlines()) > 50
    assert ("\x1b[1;31m" in expected) is color
