"""Date math of the rules (SPEC §3): + N years, period ends, midpoints, 'exceeds 3 years'."""

from __future__ import annotations

import pytest

from reformctl.rules.calendar import (
    add_days,
    add_years,
    exceeds_years,
    half_end,
    midpoint,
    month_day,
    month_end,
    quarter_end,
    quarter_of,
    quarter_start,
)
from tests.rules.helpers import D


@pytest.mark.parametrize(
    ("start", "years", "expected"),
    [
        ("2024-02-29", 1, "2025-02-28"),  # 29 February → 28 February in a common year
        ("2024-02-29", 4, "2028-02-29"),  # … and stays 29 February in a leap year
        ("2024-02-28", 1, "2025-02-28"),
        ("2025-03-01", 1, "2026-03-01"),
        ("2025-12-31", 3, "2028-12-31"),
    ],
)
def test_add_years(start: str, years: int, expected: str) -> None:
    assert add_years(D(start), years) == D(expected)


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        ("2026-01-28", 7, "2026-02-04"),  # filing across a month end
        ("2026-12-31", 15, "2027-01-15"),  # Q4 bulletin across a year end
        ("2024-02-25", 7, "2024-03-03"),  # leap February
        ("2025-02-25", 7, "2025-03-04"),
        ("2026-01-10", 90, "2026-04-10"),
        ("2026-01-31", 30, "2026-03-02"),
    ],
)
def test_add_days(start: str, days: int, expected: str) -> None:
    assert add_days(D(start), days) == D(expected)


def test_period_ends() -> None:
    assert [quarter_end(2026, q) for q in (1, 2, 3, 4)] == [
        D("2026-03-31"),
        D("2026-06-30"),
        D("2026-09-30"),
        D("2026-12-31"),
    ]
    assert [quarter_start(2026, q) for q in (1, 2, 3, 4)] == [
        D("2026-01-01"),
        D("2026-04-01"),
        D("2026-07-01"),
        D("2026-10-01"),
    ]
    assert half_end(2026, 1) == D("2026-06-30")
    assert half_end(2026, 2) == D("2026-12-31")
    assert month_end(2024, 2) == D("2024-02-29")
    assert month_end(2025, 2) == D("2025-02-28")
    assert month_end(2100, 2) == D("2100-02-28")  # not a leap year
    assert month_end(2026, 4) == D("2026-04-30")
    assert [quarter_of(D(f"2026-{m:02d}-15")) for m in range(1, 13)] == [
        1,
        1,
        1,
        2,
        2,
        2,
        3,
        3,
        3,
        4,
        4,
        4,
    ]


def test_month_day() -> None:
    assert month_day(2026, "03-31") == D("2026-03-31")
    assert month_day(2026, "02-29") == D("2026-02-28")
    assert month_day(2028, "02-29") == D("2028-02-29")


@pytest.mark.parametrize(
    ("start", "end", "exceeds"),
    [
        ("2025-01-01", "2027-12-31", False),  # the day before start + 3 years
        ("2025-01-01", "2028-01-01", False),  # exactly start + 3 years: not later
        ("2025-01-01", "2028-01-02", True),  # 3 years and a day
        ("2024-02-29", "2027-02-28", False),  # start + 3 years is 2027-02-28
        ("2024-02-29", "2027-03-01", True),
    ],
)
def test_exceeds_three_years(start: str, end: str, exceeds: bool) -> None:
    assert exceeds_years(D(start), D(end), 3) is exceeds


@pytest.mark.parametrize(
    ("start", "end", "mid"),
    [
        # 1096 days → +548: 2026-01-01 is +365, then +183 → 2026-07-03
        ("2025-01-01", "2028-01-02", "2026-07-03"),
        # 1460 days → +730 (the example's xiuzhou-standard-land)
        ("2024-01-01", "2027-12-31", "2025-12-31"),
        # 1279 days → +639 (haining-factor-market)
        ("2024-07-01", "2027-12-31", "2026-04-01"),
        # 1096 days → +548: 2025-03-01 is +366, then +182 → 2025-08-30
        ("2024-02-29", "2027-03-01", "2025-08-30"),
        # odd length rounds down: 3 days → +1
        ("2026-01-01", "2026-01-04", "2026-01-02"),
        ("2026-01-01", "2026-01-01", "2026-01-01"),
    ],
)
def test_midpoint(start: str, end: str, mid: str) -> None:
    assert midpoint(D(start), D(end)) == D(mid)
