"""`reformctl library`: the key-breakthrough project library for a date or a quarter (SPEC §4)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from reformctl.cli.common import Loaded
from reformctl.errors import UsageError, close_to
from reformctl.model.patterns import Period
from reformctl.rules.calendar import quarter_of, quarter_start
from reformctl.rules.engine import compute_obligations

_QUARTER = re.compile(r"^(?:(\d{4})-)?Q([1-4])$", re.IGNORECASE)
STAGES = ("implementing", "new", "awaiting-approval")


def parse_quarter(text: str, year: int | None, default_year: int) -> Period:
    """`2026-Q2`, or `Q2` in `year` (--year) or else `default_year` (the as-of year)."""
    m = _QUARTER.match(text.strip())
    if m is None:
        raise UsageError("error.quarter-bad", value=text)
    if m[1] and year is not None and int(m[1]) != year:
        raise UsageError("error.quarter-year-disagree", value=text, year=str(year))
    chosen = int(m[1]) if m[1] else (year if year is not None else default_year)
    return Period.quarter(chosen, int(m[2]))


def run_library(
    loaded: Loaded,
    today: date,
    *,
    as_of: date | None,
    quarter: str | None,
    stages: Sequence[str],
    groups: Sequence[str],
    fmt: str,
    locale: str,
    color: bool,
) -> str:
    """Render the library: on `as_of` (entries and exits of its quarter so far), or at the last
    day of `quarter` (entries and exits of that quarter); from the files that validate, under a
    banner naming those left out (a list in JSON)."""
    from reformctl.render import leftout

    ledger = loaded.ledger
    if as_of is not None and quarter is not None:
        raise UsageError("error.as-of-or-quarter")
    for s in stages:
        if s not in STAGES:
            raise UsageError("error.stage-unknown", value=s, choices=STAGES, suggestion=close_to(s, STAGES))
    for g in groups:
        unit = ledger.units.get(g)
        if unit is None or unit.kind != "special-group":
            groups_known = [uid for uid, u in ledger.units.items() if u.kind == "special-group"]
            raise UsageError("error.group-unknown", value=g, suggestion=close_to(g, groups_known))
    if quarter is not None:
        period = parse_quarter(quarter, None, today.year)
        day, start = period.last_day, period.first_day
    else:
        day = as_of if as_of is not None else today
        start = quarter_start(day.year, quarter_of(day))
    obligations = compute_obligations(ledger, day)

    from reformctl.render import library as render

    view = render.library_view(ledger, day, day, start, obligations, stages, groups)
    if fmt == "json":
        return render.render_json(view, ledger, leftout.left_out_json(loaded.problems, loaded.left_out))
    if fmt == "md":
        return leftout.banner_md(loaded.problems, loaded.left_out, locale) + render.render_md(
            view, ledger, locale
        )
    from reformctl.cli.screen import colours, width

    banner = leftout.banner_text(loaded.problems, loaded.left_out, locale)
    return banner + render.library_text(view, ledger, locale, width(), colours(color))
