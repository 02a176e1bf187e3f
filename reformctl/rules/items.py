"""Projects, pilots, key-point tasks and work-plan items seen as one kind of tracked item."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from reformctl.model.blocks import Milestone, Plan, Report
from reformctl.model.patterns import Period
from reformctl.model.pilot import Pilot
from reformctl.rules.context import Context
from reformctl.rules.library import (
    LibrarySpan,
    item_active,
    known_on,
    pilot_active,
    task_active,
)
from reformctl.source import PathKey, SpanMap

if TYPE_CHECKING:  # annotations only: the rules load no model of a file they are not given
    from reformctl.model.workplan import Workplan, WorkplanItem


@dataclass(frozen=True, slots=True)
class Item:
    kind: str  # project | pilot | task | item
    subject: str
    title: str
    lead: str
    group: str | None
    spans: SpanMap
    prefix: PathKey
    plan: Plan | None
    milestones: tuple[Milestone, ...]
    reports: Mapping[str, Report]
    active: Callable[[date], bool]
    files_plan: bool
    """Whether an issued plan must be filed with the office (§4(2))."""
    owes_report: Callable[[Period, date, date], bool]
    """Whether a quarterly report is owed for a quarter, given with its first and last days
    (§2(2), SPEC §3)."""
    left: Callable[[date], bool] = lambda day: False
    """Whether the item had left (completed, exited, time limit, ended, terminated) by the day:
    from then on it owes nothing new (SPEC §3)."""

    def path(self, *parts: str | int) -> PathKey:
        return (*self.prefix, *parts)


def items(ctx: Context) -> Iterator[Item]:
    """Every tracked item that owes milestones, filings or reports.

    A key-points task with `project:` is that library project: its milestones and filing are
    owed once, by the project, so such tasks are left out here. Built once per run (several rules
    walk the items) and memoised on the context.
    """
    built = ctx.memo.get("items")
    if built is None:
        built = ctx.memo["items"] = tuple(_items(ctx))
    return iter(built)


def _items(ctx: Context) -> Iterator[Item]:
    as_of = ctx.as_of
    for pid, rec in sorted(ctx.ledger.projects.items()):
        p = rec.value
        if ctx.known(p.entered) is None:
            continue  # no project rule applies before the project has entered
        span = LibrarySpan.of(p, as_of)
        yield Item(
            "project",
            f"projects/{pid}",
            p.title,
            p.lead,
            p.group,
            rec.spans,
            (),
            p.plan,
            p.milestones,
            p.reports,
            span.contains,
            True,
            lambda q, first, last, span=span: span.contains(last),  # type: ignore[misc]
            span.left,
        )
    for pid, prec in sorted(ctx.ledger.pilots.items()):
        pl = prec.value
        yield Item(
            "pilot",
            f"pilots/{pid}",
            pl.title,
            pl.lead,
            pl.group,
            prec.spans,
            (),
            pl.plan,
            pl.milestones,
            pl.reports,
            lambda d, pl=pl: pilot_active(pl, d, as_of),  # type: ignore[misc]
            pl.provincial_or_above,
            lambda q, first, last, pl=pl: pl.provincial_or_above and pilot_active(pl, last, as_of),  # type: ignore[misc]
            lambda d, pl=pl: _pilot_left(pl, d, as_of),  # type: ignore[misc]
        )
    for year, kp, i, task in ctx.ledger.tasks():
        if task.project is not None:
            continue
        yield Item(
            "task",
            f"{year}/keypoints#{task.id}",
            task.title,
            task.lead,
            task.group,
            kp.spans,
            ("tasks", i),
            task.plan,
            task.milestones,
            {},
            lambda d, t=task: task_active(t, d, as_of),  # type: ignore[misc]
            True,
            _never,
        )
    for year in sorted(ctx.ledger.years):
        for gid, wp in sorted(ctx.ledger.years[year].workplans.items()):
            for i, it in enumerate(wp.value.items):
                yield Item(
                    "item",
                    f"{year}/workplans/{gid}#{it.id}",
                    it.title,
                    it.lead,
                    wp.value.group,
                    wp.spans,
                    ("items", i),
                    None,
                    it.milestones,
                    it.reports,
                    lambda d, w=wp.value, it=it: item_active(w, it, d, as_of),  # type: ignore[misc]
                    False,
                    lambda q, first, last, w=wp.value, it=it: item_reports(w, it, q, first, last, as_of),  # type: ignore[misc]
                )


def _never(quarter: Period, first: date, last: date) -> bool:
    return False


def _pilot_left(pilot: Pilot, day: date, as_of: date) -> bool:
    terminated = known_on(pilot.terminated, as_of)
    return day > pilot.end or (terminated is not None and terminated <= day)


def item_reports(
    plan: Workplan, item: WorkplanItem, quarter: Period, first: date, last: date, as_of: date
) -> bool:
    """A work-plan item of the quarter's year, approved by its last day, not completed before it."""
    if plan.year != quarter.year:
        return False
    approved = known_on(plan.approved, as_of)
    done = known_on(item.completed, as_of)
    return approved is not None and approved <= last and (done is None or done >= first)
