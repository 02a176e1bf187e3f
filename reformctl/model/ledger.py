"""The Ledger: one frozen aggregate of every validated file, with positions."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from reformctl.source import Located

if TYPE_CHECKING:  # the records' models are loaded by who validates them (`reformctl.load.loader`)
    from reformctl.model.annual_report import AnnualReportFront
    from reformctl.model.bulletin import BulletinFront
    from reformctl.model.handover import Handover
    from reformctl.model.keypoints import Keypoints, Task
    from reformctl.model.pilot import Pilot
    from reformctl.model.project import Project
    from reformctl.model.reports import YearReports
    from reformctl.model.settings import LedgerSettings
    from reformctl.model.supervision import Supervision, SupervisionPlan
    from reformctl.model.units import Person, Unit, UnitsFile
    from reformctl.model.workplan import Workplan


@dataclass(frozen=True, slots=True)
class Year:
    """What one `<year>/` folder holds."""

    year: int
    keypoints: Located[Keypoints] | None = None
    workplans: Mapping[str, Located[Workplan]] = field(default_factory=dict)
    supervision_plan: Located[SupervisionPlan] | None = None
    supervisions: Mapping[str, Located[Supervision]] = field(default_factory=dict)
    reports: Located[YearReports] | None = None
    bulletins: Mapping[int, Located[BulletinFront]] = field(default_factory=dict)
    annual_report: Located[AnnualReportFront] | None = None


@dataclass(frozen=True, slots=True)
class Salvaged:
    """What is left of files that did not validate, for their checks only (SPEC §5: a run reports
    every problem of a file): two ledgers, each of the context files and the files' records with
    their failed fields replaced by stand-ins, low ones in `low` and high ones in `high`
    (`reformctl.load.salvage`, `reformctl.check.salvage`). Nothing is computed from them."""

    low: Ledger
    high: Ledger
    left_out: Mapping[str, frozenset[tuple[int, int]]]
    """Each file, with the (line, column) of each place left out or replaced."""
    names: frozenset[str] = frozenset()
    """The files in which a place left out holds ids: what they refer to cannot be told."""


@dataclass(frozen=True, slots=True)
class Ledger:
    """Every record of a ledger; files that failed validation are absent (see the problems)."""

    settings: Located[LedgerSettings]
    units_file: Located[UnitsFile] | None
    projects: Mapping[str, Located[Project]] = field(default_factory=dict)
    pilots: Mapping[str, Located[Pilot]] = field(default_factory=dict)
    handovers: Mapping[str, Located[Handover]] = field(default_factory=dict)
    years: Mapping[int, Year] = field(default_factory=dict)
    units: Mapping[str, Unit] = field(default_factory=dict)
    people: Mapping[str, Person] = field(default_factory=dict)
    files: frozenset[str] = frozenset()
    """Every ledger file found, valid or not, relative to the ledger folder."""
    left_out: frozenset[str] = frozenset()
    """The files read that could not be parsed or validated: their records are absent."""
    salvaged: tuple[Salvaged, ...] = ()
    """What is left of the files that did not validate, for their checks only."""

    @property
    def office(self) -> str:
        return self.settings.value.office

    def unit_name(self, unit_id: str) -> str:
        unit = self.units.get(unit_id)
        return unit.name if unit else unit_id

    def person_name(self, person_id: str) -> str:
        person = self.people.get(person_id)
        return person.name if person else person_id

    def units_of_kind(self, *kinds: str) -> list[Unit]:
        return [u for u in self.units.values() if u.kind in kinds]

    def has_subject(self, subject: str) -> bool:
        """Whether a subject reference names an existing record (its file may be invalid)."""
        if "#" in subject:
            head, task = subject.split("#", 1)
            year = int(head.split("/")[0]) if head[:4].isdigit() else -1
            kp = self.years[year].keypoints if year in self.years else None
            if kp is None:
                return f"{head}.yaml" in self.files
            return any(t.id == task for t in kp.value.tasks)
        return f"{subject}.yaml" in self.files

    def tasks(self) -> Iterator[tuple[int, Located[Keypoints], int, Task]]:
        """Every key-points task as (year, file, index, task)."""
        for year in sorted(self.years):
            kp = self.years[year].keypoints
            if kp is not None:
                for i, task in enumerate(kp.value.tasks):
                    yield year, kp, i, task
