"""Hypothesis properties of the engine and of the date math (SPEC §3, §8).

Ledger-level properties run on the example ledger (loaded once) and on small generated ledgers
built in memory, valid or not (`check` would reject some: the engine must still hold its
invariants and must not crash).
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reformctl.load.loader import load_ledger
from reformctl.model.blocks import Evaluation, Milestone, Plan, Report, Results
from reformctl.model.bulletin import BulletinFront
from reformctl.model.handover import Handover
from reformctl.model.keypoints import Keypoints, Task
from reformctl.model.ledger import Ledger, Year
from reformctl.model.pilot import Pilot
from reformctl.model.project import Exit, Project
from reformctl.model.reports import Contact, YearReports
from reformctl.model.settings import LedgerSettings, Rules
from reformctl.model.supervision import Finding, Notice, Reinspection, Supervision
from reformctl.model.units import Person, Unit, UnitsFile
from reformctl.model.workplan import Workplan, WorkplanItem
from reformctl.rules.calendar import (
    add_years,
    exceeds_years,
    half_end,
    midpoint,
    month_end,
    quarter_end,
)
from reformctl.rules.engine import compute_obligations
from reformctl.rules.obligation import Obligation, sort_key
from reformctl.source import Located, SpanMap
from tests.conftest import EXAMPLE
from tests.rules.helpers import UNITS

AS_OF = st.dates(date(2024, 1, 1), date(2028, 12, 31))
DAYS = st.dates(date(2023, 7, 1), date(2029, 6, 30))
MAYBE = st.none() | DAYS
STATES = {"open", "due-soon", "overdue", "done", "late"}
LEDGER_SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@cache
def example() -> Ledger:
    ledger, _ = load_ledger(EXAMPLE)
    return ledger


# --- the invariants ----------------------------------------------------------------------------


def assert_states(obs: tuple[Obligation, ...], as_of: date, upcoming: int, office: str) -> None:
    for ob in obs:
        assert ob.state in STATES
        if ob.done is not None:
            assert ob.done <= as_of, ob  # an event after as-of has not happened
            assert ob.days == (ob.done - ob.due).days
            assert ob.state == ("late" if ob.done > ob.due else "done"), ob
        else:
            assert ob.days == (ob.due - as_of).days
            if ob.days < 0:
                assert ob.state == "overdue", ob
            elif ob.days <= upcoming:
                assert ob.state == "due-soon", ob
            else:
                assert ob.state == "open", ob
        assert ob.is_open == (ob.state in ("open", "due-soon", "overdue"))
        assert (ob.route is not None) == (ob.rule.value == "quarterly-report")
        if ob.route is not None:
            assert ob.route[0] == ob.owner
            assert ob.route[-1] == office


def assert_sorted_unique(obs: tuple[Obligation, ...]) -> None:
    assert list(obs) == sorted(obs, key=sort_key)
    keys = [(ob.rule, ob.subject, ob.period, ob.owner) for ob in obs]
    assert len(keys) == len(set(keys))


def assert_monotonic(ledger: Ledger, first: date, second: date) -> None:
    early, late = sorted((first, second))
    before = compute_obligations(ledger, early)
    after = {(ob.rule, ob.subject, ob.period, ob.owner): ob for ob in compute_obligations(ledger, late)}
    for ob in before:
        if ob.state in ("done", "late"):
            now = after.get((ob.rule, ob.subject, ob.period, ob.owner))
            if now is not None:
                assert now.state in ("done", "late"), (ob, now)
                assert now.done == ob.done, (ob, now)


# --- the example ledger ------------------------------------------------------------------------


@LEDGER_SETTINGS
@given(AS_OF)
def test_example_states_consistent(as_of: date) -> None:
    ledger = example()
    obs = compute_obligations(ledger, as_of)
    assert_states(obs, as_of, ledger.settings.value.rules.upcoming_days, ledger.office)
    assert_sorted_unique(obs)


@LEDGER_SETTINGS
@given(AS_OF, AS_OF)
def test_example_done_never_reopens(first: date, second: date) -> None:
    assert_monotonic(example(), first, second)


# --- generated ledgers ---------------------------------------------------------------------------

GROUPS = ("sg-a", "sg-b")
LEADS = ("dept-a", "dept-b", "county-a", "zone-a")


def _loc(value: Any, file: str) -> Located[Any]:
    return Located(value, SpanMap(file))


@st.composite
def plans(draw: st.DrawFn) -> Plan | None:
    if not draw(st.booleans()):
        return None
    return Plan(drafted=draw(MAYBE), issued=draw(MAYBE), filed=draw(MAYBE))


@st.composite
def milestones(draw: st.DrawFn) -> tuple[Milestone, ...]:
    n = draw(st.integers(0, 3))
    return tuple(Milestone(due=draw(DAYS), what=f"m{i}", done=draw(MAYBE)) for i in range(n))


@st.composite
def reports(draw: st.DrawFn, years: list[int]) -> dict[str, Report]:
    out = {}
    for y in years:
        for q in draw(st.sets(st.integers(1, 4), max_size=4)):
            out[f"{y}-Q{q}"] = Report(submitted=draw(DAYS))
    return out


@st.composite
def evaluations(draw: st.DrawFn) -> tuple[Evaluation, ...]:
    kinds = st.sampled_from(("effect", "phase", "summary"))
    n = draw(st.integers(0, 3))
    return tuple(Evaluation(kind=draw(kinds), date=draw(DAYS), by="x") for _ in range(n))


@st.composite
def small_ledgers(draw: st.DrawFn) -> Ledger:
    years = sorted(draw(st.sets(st.integers(2024, 2028), min_size=1, max_size=3)))
    units = UnitsFile(
        units=tuple(Unit(**{k: v for k, v in u.items()}) for u in UNITS["units"]),
        people=(Person(id="p1", name="张三"),),
    )
    projects = {}
    for i in range(draw(st.integers(0, 3))):
        projects[f"p{i}"] = _loc(
            Project(
                title=f"项目{i}",
                group=draw(st.sampled_from(GROUPS)),
                lead=draw(st.sampled_from(LEADS)),
                leader="p1",
                team=("p1",),
                entered=draw(DAYS),
                stage=draw(st.sampled_from(("implementing", "new", "awaiting-approval"))),
                deadline=draw(DAYS),
                approved_until=draw(MAYBE),
                completed=draw(MAYBE),
                exit=draw(st.none() | DAYS.map(lambda d: Exit(date=d, reason="调整出库"))),
                plan=draw(plans()),
                milestones=draw(milestones()),
                reports=draw(reports(years)),
                results=draw(st.none() | DAYS.map(lambda d: Results(submitted=d))),
            ),
            f"projects/p{i}.yaml",
        )
    pilots = {}
    for i in range(draw(st.integers(0, 3))):
        start = draw(DAYS)
        pilots[f"x{i}"] = _loc(
            Pilot(
                title=f"试点{i}",
                level=draw(st.sampled_from(("national", "provincial", "municipal", "local"))),
                breaks="none",
                approved_by="省",
                approved=start,
                start=start,
                end=start + timedelta(days=draw(st.integers(0, 3000))),
                lead=draw(st.sampled_from(LEADS)),
                group=draw(st.none() | st.sampled_from(GROUPS)),
                terminated=draw(MAYBE),
                plan=draw(plans()),
                milestones=draw(milestones()),
                reports=draw(reports(years)),
                evaluations=draw(evaluations()),
                results=draw(st.none() | DAYS.map(lambda d: Results(submitted=d))),
            ),
            f"pilots/x{i}.yaml",
        )
    handovers = {}
    for i in range(draw(st.integers(0, 2))):
        handovers[f"h{i}"] = _loc(
            Handover(
                title="交办",
                raised=draw(DAYS),
                raised_by="sg-a",
                assigned=tuple(draw(st.sets(st.sampled_from(LEADS), min_size=1))),
                coordinator="office",
                deadline=draw(DAYS),
                resolved=draw(MAYBE),
            ),
            f"handovers/h{i}.yaml",
        )
    folders = {}
    for y in years:
        tasks = tuple(
            Task(
                id=f"kp-{i}",
                title="任务",
                group=draw(st.sampled_from(GROUPS)),
                lead=draw(st.sampled_from(LEADS)),
                start=draw(MAYBE),
                project=draw(st.none() | st.sampled_from(sorted(projects) or ["p0"])),
                plan=draw(plans()),
                milestones=draw(milestones()),
                evaluations=draw(evaluations()),
            )
            for i in range(draw(st.integers(0, 2)))
        )
        workplans = {}
        for g in draw(st.sets(st.sampled_from(GROUPS))):
            items = tuple(
                WorkplanItem(
                    id=f"wp-{i}",
                    title="事项",
                    lead=draw(st.sampled_from(LEADS)),
                    deadline=draw(DAYS),
                    completed=draw(MAYBE),
                    milestones=draw(milestones()),
                    reports=draw(reports([y])),
                )
                for i in range(draw(st.integers(0, 2)))
            )
            workplans[g] = _loc(
                Workplan(group=g, year=y, approved=draw(MAYBE), items=items),
                f"{y}/workplans/{g}.yaml",
            )
        findings = tuple(
            Finding(
                id=f"f{i}",
                subject="projects/p0",
                problem="问题",
                notice=draw(
                    st.none() | st.builds(Notice, unit=st.sampled_from(LEADS), issued=DAYS, deadline=DAYS)
                ),
                rectified=draw(MAYBE),
                reinspection=draw(st.none() | st.builds(Reinspection, date=DAYS, passed=st.booleans())),
            )
            for i in range(draw(st.integers(0, 2)))
        )
        sup = Supervision(
            title="督察",
            kind=draw(st.sampled_from(("special", "daily"))),
            lead="office",
            subjects=("projects/p0",),
            start=draw(DAYS),
            end=draw(MAYBE),
            findings=findings,
        )
        contacts = tuple(
            Contact(
                date=draw(st.dates(date(y, 1, 1), date(y, 12, 31))),
                by=draw(st.sampled_from((*GROUPS, "dept-a"))),
            )
            for _ in range(draw(st.integers(0, 6)))
        )
        halfyear = {
            f"{y}-H{h}": {
                u: draw(DAYS) for u in draw(st.sets(st.sampled_from(("sg-a", "county-a", "zone-a"))))
            }
            for h in (1, 2)
        }
        bulletins = {
            q: _loc(BulletinFront(issued=draw(DAYS), quarter=f"{y}-Q{q}"), f"{y}/bulletins/Q{q}.md")
            for q in draw(st.sets(st.integers(1, 4)))
        }
        folders[y] = Year(
            year=y,
            keypoints=_loc(Keypoints(year=y, approved=draw(MAYBE), tasks=tasks), f"{y}/keypoints.yaml"),
            workplans=workplans,
            supervisions={"s01": _loc(sup, f"{y}/supervision/s01.yaml")},
            reports=_loc(
                YearReports(halfyear=halfyear, annual_summary=draw(MAYBE), contacts=contacts),
                f"{y}/reports.yaml",
            ),
            bulletins=bulletins,
        )
    rules = Rules(upcoming_days=draw(st.integers(0, 30)))
    return Ledger(
        settings=_loc(
            LedgerSettings(name="测试", city="测试市", office="office", rules=rules), "ledger.yaml"
        ),
        units_file=_loc(units, "units.yaml"),
        projects=projects,
        pilots=pilots,
        handovers=handovers,
        years=folders,
        units={u.id: u for u in units.units},
        people={"p1": units.people[0]},
    )


@LEDGER_SETTINGS
@given(small_ledgers(), AS_OF)
def test_generated_states_consistent(ledger: Ledger, as_of: date) -> None:
    obs = compute_obligations(ledger, as_of)
    assert_states(obs, as_of, ledger.settings.value.rules.upcoming_days, ledger.office)
    assert_sorted_unique(obs)


@LEDGER_SETTINGS
@given(small_ledgers(), AS_OF, AS_OF)
def test_generated_done_never_reopens(ledger: Ledger, first: date, second: date) -> None:
    assert_monotonic(ledger, first, second)


# --- calendar ----------------------------------------------------------------------------------

ANY_DAY = st.dates(date(1900, 1, 1), date(2200, 12, 31))


@given(ANY_DAY, st.integers(0, 50))
def test_add_years_keeps_month_and_day(day: date, years: int) -> None:
    out = add_years(day, years)
    assert out.year == day.year + years
    assert out.month == day.month
    if (day.month, day.day) == (2, 29) and out.day != 29:
        assert out.day == 28
    else:
        assert out.day == day.day


@given(ANY_DAY, ANY_DAY)
def test_midpoint_between(a: date, b: date) -> None:
    start, end = sorted((a, b))
    mid = midpoint(start, end)
    assert start <= mid <= end
    assert (mid - start) - (end - mid) in (timedelta(0), timedelta(days=-1))


@given(ANY_DAY, ANY_DAY, st.integers(1, 10))
def test_exceeds_years_definition(a: date, b: date, years: int) -> None:
    assert exceeds_years(a, b, years) == (b > add_years(a, years))


@given(st.integers(1900, 2200), st.integers(1, 12))
def test_period_ends_are_month_ends(year: int, month: int) -> None:
    end = month_end(year, month)
    assert (end.year, end.month) == (year, month)
    assert (end + timedelta(days=1)).day == 1
    q = (month - 1) // 3 + 1
    qe = quarter_end(year, q)
    assert qe.month == 3 * q and (qe + timedelta(days=1)).day == 1 and qe >= end
    he = half_end(year, 1 if month <= 6 else 2)
    assert he.month in (6, 12) and (he + timedelta(days=1)).day == 1 and he >= qe
