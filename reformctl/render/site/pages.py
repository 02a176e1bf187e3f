"""The data of the site's list pages: the overview, the project library, the pilots and the
obligations due by unit. Pure: `Facts` in, frozen records out, every word in the site's locale.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from markupsafe import Markup

from reformctl.model.pilot import Pilot
from reformctl.model.rule_ids import RuleId
from reformctl.render.due import by_owner, route_text, summary
from reformctl.render.labels import label
from reformctl.render.library import Entry, Movement, exit_text
from reformctl.render.prose import level_text
from reformctl.render.site.charts import Bar, columns, rows
from reformctl.render.site.facts import Facts
from reformctl.render.site.words import word
from reformctl.rules.library import known_on, pilot_active
from reformctl.rules.obligation import Obligation
from reformctl.rules.view import View, select

LIGHT_RANK = {"red": 0, "yellow": 1, "green": 2, "completed": 3, "exited": 4}
STAGE_RANK = {"implementing": 0, "new": 1, "awaiting-approval": 2}
LEVELS = ("national", "provincial", "municipal", "local")
CHART_QUARTERS = 8
"""The reporting chart shows the last eight quarters that have ended."""


def unit_anchor(unit_id: str) -> str:
    return f"u-{unit_id}"


# Overview ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Count:
    key: str
    words: str
    count: int


@dataclass(frozen=True, slots=True)
class LevelRow:
    level: str
    words: str
    running: int
    ended: int
    upcoming: int


@dataclass(frozen=True, slots=True)
class UnitRow:
    unit_id: str
    name: str
    overdue: int
    due_soon: int
    anchor: str


@dataclass(frozen=True, slots=True)
class ReportCell:
    quarter: str
    owed: int
    on_time: int
    late: int
    missing: int

    @property
    def rate(self) -> int | None:
        return round(100 * self.on_time / self.owed) if self.owed else None

    @property
    def rate_text(self) -> str:
        return "—" if self.rate is None else f"{self.rate}%"


@dataclass(frozen=True, slots=True)
class GroupReporting:
    name: str
    cells: tuple[ReportCell, ...]
    chart: Markup


@dataclass(frozen=True, slots=True)
class Overview:
    in_library: int
    left: int
    lights: tuple[Count, ...]
    pilots: int
    levels: tuple[LevelRow, ...]
    units: tuple[UnitRow, ...]
    quarters: tuple[str, ...]
    reporting: tuple[GroupReporting, ...]
    overdue: tuple[UnitRow, ...]
    overdue_chart: Markup | None


def light_counts(f: Facts) -> tuple[Count, ...]:
    """Projects in the library by light, then those that left: completed, and taken out or at
    their time limit (已出库), SPEC §4."""
    in_lib = [e.light for e in f.view.entries]
    completed = sum(1 for m in f.view.exited if m.reason == "completed")
    out = [Count(k, f.words(f"light.{k}"), in_lib.count(k)) for k in ("green", "yellow", "red")]
    out.append(Count("completed", f.words("light.completed"), completed))
    out.append(Count("exited", f.words("light.exited"), len(f.view.exited) - completed))
    return tuple(out)


def pilot_state(pilot: Pilot, as_of: date) -> str:
    """running, ended, terminated (ended early) or upcoming (not started) on the as-of date."""
    if pilot_active(pilot, as_of, as_of):
        return "running"
    if known_on(pilot.start, as_of) is None:
        return "upcoming"
    terminated = known_on(pilot.terminated, as_of)
    return "terminated" if terminated is not None and terminated <= pilot.end else "ended"


def level_rows(f: Facts) -> tuple[LevelRow, ...]:
    states: dict[str, list[str]] = {lv: [] for lv in LEVELS}
    for rec in f.ledger.pilots.values():
        states[rec.value.level].append(pilot_state(rec.value, f.as_of))
    return tuple(
        LevelRow(
            lv,
            level_text(lv, f.locale),
            s.count("running"),
            s.count("ended") + s.count("terminated"),
            s.count("upcoming"),
        )
        for lv, s in states.items()
    )


def unit_rows(f: Facts) -> tuple[UnitRow, ...]:
    """Units with something overdue or due soon, most overdue first (SPEC §3 states)."""
    counts: dict[str, list[int]] = {}
    for ob in f.obligations:
        if ob.state in ("overdue", "due-soon"):
            c = counts.setdefault(ob.owner, [0, 0])
            c[0 if ob.state == "overdue" else 1] += 1
    found = [UnitRow(u, f.unit(u), c[0], c[1], unit_anchor(u)) for u, c in counts.items()]
    return tuple(sorted(found, key=lambda r: (-r.overdue, -r.due_soon, r.name, r.unit_id)))


def report_group(f: Facts, ob: Obligation) -> str:
    """The special group a quarterly report goes through (its route's second-last unit), or ""
    for a report straight to the office (§2(2))."""
    route = ob.route or ()
    if len(route) >= 2:
        unit = f.ledger.units.get(route[-2])
        if unit is not None and unit.kind == "special-group":
            return unit.id
    return ""


def reporting(f: Facts) -> tuple[tuple[str, ...], tuple[GroupReporting, ...]]:
    """On-time quarterly reporting by special group for the last quarters that have ended (§2(2)
    季通报): owed, on time, late and missing, and a chart of the on-time rate."""
    reports = [ob for ob in f.obligations if ob.rule is RuleId.QUARTERLY_REPORT and ob.due < f.as_of]
    quarters = sorted({ob.period or "" for ob in reports})[-CHART_QUARTERS:]
    groups: dict[str, list[Obligation]] = {u.id: [] for u in f.ledger.units_of_kind("special-group")}
    tally: dict[tuple[str, str], list[Obligation]] = {}
    for ob in reports:
        if ob.period in quarters:
            g = report_group(f, ob)
            groups.setdefault(g, [])
            tally.setdefault((g, ob.period or ""), []).append(ob)
    out = []
    for g in groups:
        cells = []
        for q in quarters:
            obs = tally.get((g, q), [])
            on_time = sum(ob.state == "done" for ob in obs)
            late = sum(ob.state == "late" for ob in obs)
            cells.append(ReportCell(q, len(obs), on_time, late, len(obs) - on_time - late))
        if not any(c.owed for c in cells):
            continue
        name = f.unit(g) if g else label(f.locale, "doc.direct")
        bars = [Bar(c.quarter, c.rate, c.rate_text) for c in cells]
        chart = columns(f"rep-{g or 'office'}", f"{word(f.locale, 'overview.reporting')}: {name}", bars)
        out.append(GroupReporting(name, tuple(cells), chart))
    return tuple(quarters), tuple(out)


def overview(f: Facts) -> Overview:
    units = unit_rows(f)
    overdue = tuple(sorted((u for u in units if u.overdue), key=lambda r: (-r.overdue, r.name)))
    chart = (
        rows(
            "overdue-by-unit",
            word(f.locale, "overview.overdue-chart"),
            [Bar(u.name, u.overdue, str(u.overdue)) for u in overdue],
        )
        if overdue
        else None
    )
    quarters, groups = reporting(f)
    return Overview(
        in_library=len(f.view.entries),
        left=len(f.view.exited),
        lights=light_counts(f),
        pilots=len(f.ledger.pilots),
        levels=level_rows(f),
        units=units,
        quarters=quarters,
        reporting=groups,
        overdue=overdue,
        overdue_chart=chart,
    )


# Project library --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LibraryRow:
    id: str
    title: str
    group: str
    stage: str
    stage_words: str
    lead: str
    leader: str
    light: str
    light_words: str
    next_due: date | None
    next_what: str | None
    deadline: date

    @property
    def light_rank(self) -> int:
        return LIGHT_RANK[self.light]

    @property
    def stage_rank(self) -> int:
        return STAGE_RANK[self.stage]


@dataclass(frozen=True, slots=True)
class LeftRow:
    id: str
    title: str
    date: date
    light: str
    light_words: str
    reason: str


@dataclass(frozen=True, slots=True)
class LibraryPage:
    rows: tuple[LibraryRow, ...]
    left: tuple[LeftRow, ...]
    not_entered: tuple[tuple[str, str, date], ...]
    """(id, title, entered) of projects whose `entered` is after the as-of date."""
    lights: tuple[str, ...]
    stages: tuple[tuple[str, str], ...]
    """The lights and (stage, words) present, for the filter's choices."""


def library_row(f: Facts, e: Entry) -> LibraryRow:
    p = e.project
    nxt = e.next_milestone
    return LibraryRow(
        e.id,
        p.title,
        f.unit(p.group),
        p.stage,
        word(f.locale, f"stage.word.{p.stage}"),
        f.unit(p.lead),
        f.person(p.leader),
        e.light,
        f.words(f"light.{e.light}"),
        nxt.due if nxt else None,
        nxt.what if nxt else None,
        p.deadline,
    )


def left_row(f: Facts, m: Movement) -> LeftRow:
    light = "completed" if m.reason == "completed" else "exited"
    return LeftRow(m.id, m.project.title, m.date, light, f.words(f"light.{light}"), exit_text(f.locale, m))


def library_page(f: Facts) -> LibraryPage:
    """Every project in the library (SPEC §4) with stage, lead, leader, light and next milestone;
    those that left, with the reason and date; and those that have not entered yet."""
    rows_ = tuple(library_row(f, e) for e in f.view.entries)
    left = tuple(left_row(f, m) for m in sorted(f.view.exited, key=lambda m: (m.date, m.id), reverse=True))
    listed = {r.id for r in rows_} | {r.id for r in left}
    waiting = tuple(
        (pid, rec.value.title, rec.value.entered)
        for pid, rec in sorted(f.ledger.projects.items())
        if pid not in listed
    )
    lights = tuple(k for k in ("red", "yellow", "green") if any(r.light == k for r in rows_))
    stages = tuple(
        (s, word(f.locale, f"stage.word.{s}")) for s in STAGE_RANK if any(r.stage == s for r in rows_)
    )
    return LibraryPage(rows_, left, waiting, lights, stages)


# Pilots -----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PilotRow:
    id: str
    title: str
    level: str
    level_words: str
    lead: str
    start: date
    end: date
    state: str
    state_words: str


def pilot_rows(f: Facts) -> tuple[PilotRow, ...]:
    """Every pilot, highest level first, then by id."""
    out = []
    for pid, rec in f.ledger.pilots.items():
        pl = rec.value
        state = pilot_state(pl, f.as_of)
        out.append(
            PilotRow(
                pid,
                pl.title,
                pl.level,
                level_text(pl.level, f.locale),
                f.unit(pl.lead),
                pl.start,
                pl.end,
                state,
                word(f.locale, f"pilot.{state}"),
            )
        )
    return tuple(sorted(out, key=lambda r: (LEVELS.index(r.level), r.id)))


# Due by unit ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DueRow:
    state: str
    state_words: str
    due: date
    days: str
    title: str
    href: str | None
    rule: str
    period: str
    route: str


@dataclass(frozen=True, slots=True)
class DueGroup:
    unit_id: str
    name: str
    anchor: str
    rows: tuple[DueRow, ...]


@dataclass(frozen=True, slots=True)
class DuePage:
    window: int
    summary: str
    groups: tuple[DueGroup, ...]


def due_row(f: Facts, ob: Obligation) -> DueRow:
    return DueRow(
        ob.state,
        f.state(ob),
        ob.due,
        f.days(ob),
        ob.title,
        f.href(f.record(ob.subject)),
        f.words(f"rule.{ob.rule.value}"),
        f.period(ob),
        route_text(f.ledger, ob) or "—",
    )


def due_page(f: Facts) -> DuePage:
    """What `reformctl due` shows by default: open obligations due on or before the as-of date +
    `upcoming_days`, grouped by unit in order of each unit's most urgent one (SPEC §3, §7)."""
    window = f.ledger.settings.value.rules.upcoming_days
    chosen: Sequence[Obligation] = select(f.obligations, View.of(f.as_of, window))
    groups = tuple(
        DueGroup(owner, f.unit(owner), unit_anchor(owner), tuple(due_row(f, ob) for ob in obs))
        for owner, obs in by_owner(chosen)
    )
    return DuePage(window, summary(chosen, f.locale, False) if chosen else "", groups)
