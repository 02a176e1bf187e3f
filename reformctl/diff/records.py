"""A Ledger seen as flat records with plain values, for comparing two ledgers field by field.

Every record has a subject (the id other commands use, e.g. `projects/zuiduo-paoyici`,
`2026/keypoints#kp-01`), a kind, a title, the file it lives in and its position in that file.
Records nested in a file (key-point tasks, work-plan items, findings, units, people) are their own
records and are left out of their file's record.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, TypeAlias, cast

from pydantic import BaseModel

from reformctl.model.ledger import Ledger
from reformctl.source import Located, PathKey, SpanMap

Value: TypeAlias = str | int | float | bool | list["Value"] | dict[str, "Value"] | None
"""A plain (JSON) value: what a field holds, dates as ISO strings."""

KINDS: tuple[str, ...] = (
    "settings",
    "unit",
    "person",
    "project",
    "pilot",
    "handover",
    "keypoints",
    "task",
    "workplan",
    "workplan-item",
    "supervision-plan",
    "supervision",
    "finding",
    "reports",
    "bulletin",
    "annual-report",
)
"""Record kinds, in the order they are listed."""


@dataclass(frozen=True, slots=True)
class RecordView:
    """One record of a ledger: where it is and what it holds (plain values, no defaults)."""

    kind: str
    subject: str
    title: str | None
    spans: SpanMap
    prefix: PathKey
    """Path of the record inside its file (() for a whole file, ("tasks", 2) for a task)."""
    data: dict[str, Value]

    @property
    def file(self) -> str:
        return self.spans.file

    @property
    def line(self) -> int:
        return self.spans.value(*self.prefix).line

    def line_of(self, keys: PathKey) -> int:
        """The line of a field of this record (or of its nearest enclosing node)."""
        return self.spans.value(*self.prefix, *keys).line


def plain(model: BaseModel, *, drop: tuple[str, ...] = ()) -> dict[str, Value]:
    """A model's fields as plain values, keyed as in YAML; defaults (unset fields) left out."""
    data = model.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    return {k: cast(Value, v) for k, v in data.items() if k not in drop}


def _whole(
    kind: str, subject: str, title: str | None, rec: Located[Any], drop: tuple[str, ...] = ()
) -> RecordView:
    return RecordView(kind, subject, title, rec.spans, (), plain(rec.value, drop=drop))


def _records(ledger: Ledger) -> Iterator[RecordView]:
    from reformctl.load.loader import FALLBACK_SETTINGS

    if ledger.settings.value is not FALLBACK_SETTINGS:
        yield _whole("settings", "ledger", ledger.settings.value.name, ledger.settings)
    if ledger.units_file is not None:
        spans = ledger.units_file.spans
        for i, unit in enumerate(ledger.units_file.value.units):
            yield RecordView("unit", f"units/{unit.id}", unit.name, spans, ("units", i), plain(unit))
        for i, person in enumerate(ledger.units_file.value.people):
            yield RecordView(
                "person", f"people/{person.id}", person.name, spans, ("people", i), plain(person)
            )
    for pid, project in sorted(ledger.projects.items()):
        yield _whole("project", f"projects/{pid}", project.value.title, project)
    for pid, pilot in sorted(ledger.pilots.items()):
        yield _whole("pilot", f"pilots/{pid}", pilot.value.title, pilot)
    for hid, handover in sorted(ledger.handovers.items()):
        yield _whole("handover", f"handovers/{hid}", handover.value.title, handover)
    for year_no, year in sorted(ledger.years.items()):
        if year.keypoints is not None:
            kp = year.keypoints
            yield _whole("keypoints", f"{year_no}/keypoints", None, kp, ("tasks",))
            for i, task in enumerate(kp.value.tasks):
                yield RecordView(
                    "task", f"{year_no}/keypoints#{task.id}", task.title, kp.spans, ("tasks", i), plain(task)
                )
        for gid, wp in sorted(year.workplans.items()):
            yield _whole("workplan", f"{year_no}/workplans/{gid}", None, wp, ("items",))
            for i, item in enumerate(wp.value.items):
                yield RecordView(
                    "workplan-item",
                    f"{year_no}/workplans/{gid}#{item.id}",
                    item.title,
                    wp.spans,
                    ("items", i),
                    plain(item),
                )
        if year.supervision_plan is not None:
            yield _whole("supervision-plan", f"{year_no}/supervision/plan", None, year.supervision_plan)
        for sid, sup in sorted(year.supervisions.items()):
            yield _whole("supervision", f"{year_no}/supervision/{sid}", sup.value.title, sup, ("findings",))
            for i, finding in enumerate(sup.value.findings):
                yield RecordView(
                    "finding",
                    f"{year_no}/supervision/{sid}#{finding.id}",
                    finding.problem,
                    sup.spans,
                    ("findings", i),
                    plain(finding),
                )
        if year.reports is not None:
            yield _whole("reports", f"{year_no}/reports", None, year.reports)
        for q, bulletin in sorted(year.bulletins.items()):
            yield _whole("bulletin", f"{year_no}/bulletins/Q{q}", bulletin.value.quarter, bulletin)
        if year.annual_report is not None:
            yield _whole("annual-report", f"{year_no}/annual-report", None, year.annual_report)


def records(ledger: Ledger) -> dict[str, RecordView]:
    """Every record of the ledger by subject (the first one when an id is duplicated)."""
    out: dict[str, RecordView] = {}
    for rec in _records(ledger):
        out.setdefault(rec.subject, rec)
    return out


def loaded_files(ledger: Ledger) -> frozenset[str]:
    """Files that loaded (validated) into the ledger; the others in `ledger.files` did not."""
    from reformctl.load.loader import FALLBACK_SETTINGS

    found: set[str] = set()
    if ledger.settings.value is not FALLBACK_SETTINGS:
        found.add(ledger.settings.file)
    if ledger.units_file is not None:
        found.add(ledger.units_file.file)
    groups: list[Mapping[Any, Located[Any]]] = [ledger.projects, ledger.pilots, ledger.handovers]
    for year in ledger.years.values():
        groups += [year.workplans, year.supervisions, year.bulletins]
        for single in (year.keypoints, year.supervision_plan, year.reports, year.annual_report):
            if single is not None:
                found.add(single.file)
    for group in groups:
        found.update(rec.file for rec in group.values())
    return frozenset(found)


def unit_names(ledger: Ledger) -> dict[str, str]:
    return {uid: unit.name for uid, unit in ledger.units.items()}


def person_names(ledger: Ledger) -> dict[str, str]:
    return {pid: person.name for pid, person in ledger.people.items()}
