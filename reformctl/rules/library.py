"""The project library (SPEC §4, seed §1(3)) and when items are active (SPEC §3)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Literal

from reformctl.model.pilot import Pilot
from reformctl.model.project import Project

if TYPE_CHECKING:  # annotations only: the rules load no model of a file they are not given
    from reformctl.model.keypoints import Task
    from reformctl.model.workplan import Workplan, WorkplanItem

ExitReason = Literal["completed", "time-limit", "adjusted"]


def known_on(day: date | None, as_of: date) -> date | None:
    """An event date counts only when it is on or before the as-of date (SPEC §3)."""
    return day if day is not None and day <= as_of else None


@dataclass(frozen=True, slots=True)
class LibraryExit:
    date: date
    reason: ExitReason
    note: str | None = None


def library_exit(project: Project, as_of: date) -> LibraryExit | None:
    """The first way the project leaves the library, as the ledger stands on `as_of`.

    Completed (automatic exit), the day after `approved_until` (time limit reached, planned), or
    `exit.date` (dynamic adjustment). The exit may lie after `as_of` only for the time limit.
    """
    exits: list[LibraryExit] = []
    completed = known_on(project.completed, as_of)
    if completed is not None:
        exits.append(LibraryExit(completed, "completed"))
    if project.approved_until is not None:
        exits.append(LibraryExit(project.approved_until + timedelta(days=1), "time-limit"))
    if project.exit is not None and known_on(project.exit.date, as_of) is not None:
        exits.append(LibraryExit(project.exit.date, "adjusted", project.exit.reason))
    return min(exits, key=lambda e: e.date) if exits else None


def in_library(project: Project, day: date, as_of: date) -> bool:
    """`entered` ≤ day and day is before every exit (SPEC §4), as known on `as_of`."""
    return LibrarySpan.of(project, as_of).contains(day)


@dataclass(frozen=True, slots=True)
class LibrarySpan:
    """When a project is in the library as known on an as-of date: [entered, leaving).

    Computed once per project and run (the rules ask for every quarter of every year), so that
    membership is a two-comparison test instead of recomputing the exits each time.
    """

    entered: date | None
    leaving: LibraryExit | None

    @classmethod
    def of(cls, project: Project, as_of: date) -> LibrarySpan:
        return cls(known_on(project.entered, as_of), library_exit(project, as_of))

    def contains(self, day: date) -> bool:
        entered = self.entered
        if entered is None or day < entered:
            return False
        leaving = self.leaving
        return leaving is None or day < leaving.date

    def left(self, day: date) -> bool:
        """Whether the project had left (any exit on or before the day)."""
        leaving = self.leaving
        return leaving is not None and leaving.date <= day


def pilot_active(pilot: Pilot, day: date, as_of: date) -> bool:
    """From `start` while the day is ≤ `end` and before `terminated`."""
    start = known_on(pilot.start, as_of)
    if start is None or day < start or day > pilot.end:
        return False
    terminated = known_on(pilot.terminated, as_of)
    return terminated is None or day < terminated


def pilot_end(pilot: Pilot, as_of: date) -> date:
    """The pilot's end: `terminated` when it ended early, else the planned `end`."""
    terminated = known_on(pilot.terminated, as_of)
    return terminated if terminated is not None and terminated < pilot.end else pilot.end


def task_active(task: Task, day: date, as_of: date) -> bool:
    start = known_on(task.start, as_of)
    return start is not None and start <= day


def item_active(plan: Workplan, item: WorkplanItem, day: date, as_of: date) -> bool:
    """From the work plan's approval while not completed (`completed` after the day)."""
    approved = known_on(plan.approved, as_of)
    if approved is None or day < approved:
        return False
    completed = known_on(item.completed, as_of)
    return completed is None or completed > day
