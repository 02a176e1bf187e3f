"""Loading a ledger folder into a Ledger plus the problems found on the way.

Never raises for bad user data: every file that cannot be read or validated becomes positioned
problems, and the rest of the ledger is still loaded (as beancount's loader returns its errors).
"""

from __future__ import annotations

import dataclasses
import os
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from reformctl.errors import Problem, Severity
from reformctl.load.fastyaml import Document, YamlError, max_file_bytes, parse
from reformctl.load.files import FileProblem, read_limited
from reformctl.load.layout import ITEM_KINDS, Entry, Kind, classify, scan, year_folders
from reformctl.load.salvage import Partial
from reformctl.load.validate import Validated, validate
from reformctl.message import Msg, msg
from reformctl.model.annual_report import AnnualReportFront
from reformctl.model.bulletin import BulletinFront
from reformctl.model.handover import Handover
from reformctl.model.keypoints import Keypoints
from reformctl.model.ledger import Ledger, Salvaged, Year
from reformctl.model.pilot import Pilot
from reformctl.model.project import Project
from reformctl.model.reports import YearReports
from reformctl.model.settings import LedgerSettings
from reformctl.model.supervision import Supervision, SupervisionPlan
from reformctl.model.units import UnitsFile
from reformctl.model.workplan import Workplan
from reformctl.source import Located, Span, SpanMap

MODELS: Mapping[Kind, type[BaseModel]] = {
    Kind.SETTINGS: LedgerSettings,
    Kind.UNITS: UnitsFile,
    Kind.PROJECT: Project,
    Kind.PILOT: Pilot,
    Kind.HANDOVER: Handover,
    Kind.KEYPOINTS: Keypoints,
    Kind.WORKPLAN: Workplan,
    Kind.SUPERVISION_PLAN: SupervisionPlan,
    Kind.SUPERVISION: Supervision,
    Kind.REPORTS: YearReports,
    Kind.BULLETIN: BulletinFront,
    Kind.ANNUAL_REPORT: AnnualReportFront,
}
"""The model of each kind of file."""

FALLBACK_SETTINGS = LedgerSettings(name="(ledger.yaml unreadable)", city="—", office="reform-office")


def front_matter(raw: bytes, rel: str) -> bytes:
    """The YAML front matter of a Markdown file, padded so that line numbers stay true."""
    lines = raw.splitlines(keepends=True)
    if not lines or lines[0].rstrip(b"\r\n") != b"---":
        second = "year" if rel.endswith("annual-report.md") else "quarter"
        raise YamlError(
            Problem(Span(rel, 1, 1), "front-matter", msg("problem.front-matter.none", second=second))
        )
    for i, line in enumerate(lines[1:], start=1):
        if line.rstrip(b"\r\n") in (b"---", b"..."):
            return b"\n" + b"".join(lines[1:i])
    raise YamlError(Problem(Span(rel, 1, 1), "front-matter", Msg("problem.front-matter.open")))


def parse_entry(raw: bytes, entry: Entry, max_bytes: int) -> Document:
    """Parse one ledger file's bytes; raises YamlError with a positioned problem."""
    if entry.kind in (Kind.BULLETIN, Kind.ANNUAL_REPORT):
        raw = front_matter(raw, entry.rel)
    return parse(raw, entry.rel, max_bytes)


Result = Validated
"""A file's record (None when it did not validate), its problems, and what is left of a record
that did not validate, for the checks."""
Reader = Callable[[Path, Entry], Result]


def record_from_bytes(raw: bytes, entry: Entry) -> Result:
    """Parse and validate one file's bytes as its kind's model."""
    limit = max_file_bytes()
    try:
        doc = parse_entry(raw, entry, limit)
    except YamlError as err:
        return Result(None, [err.problem])
    return validate(doc, MODELS[entry.kind])


def read_entry_bytes(root: Path, entry: Entry, max_bytes: int | None = None) -> bytes | Problem:
    """One file's bytes (no more than the size limit and one byte), or why it cannot be read."""
    try:
        return read_limited(os.path.join(root, entry.rel), entry.rel, max_bytes or max_file_bytes())
    except FileProblem as err:
        return err.problem


def read_record(root: Path, entry: Entry) -> Result:
    """Read, parse and validate one file as its kind's model."""
    raw = read_entry_bytes(root, entry)
    return Result(None, [raw]) if isinstance(raw, Problem) else record_from_bytes(raw, entry)


def overlay_reader(overlay: Mapping[str, bytes], base: Reader = read_record) -> Reader:
    """A reader that sees `overlay` (ledger-relative path → new bytes) instead of the disk."""

    def reader(root: Path, entry: Entry) -> Result:
        if entry.rel in overlay:
            return record_from_bytes(overlay[entry.rel], entry)
        return base(root, entry)

    return reader


def load_settings(root: Path) -> LedgerSettings:
    """Only `ledger.yaml` (for commands that need the timezone, not the records)."""
    record = read_record(root, Entry(Kind.SETTINGS, "ledger.yaml", "ledger")).record
    return record.value if record is not None else FALLBACK_SETTINGS


def load_ledger(
    root: Path, reader: Reader = read_record, new_files: Sequence[str] = ()
) -> tuple[Ledger, list[Problem]]:
    """Load every file of the ledger at `root` into a Ledger; collect all problems.

    `new_files` are ledger-relative paths that do not exist yet but that `reader` can read (a
    write command validating the ledger as it would be after the change).
    """
    entries, problems = scan(root)
    known = {e.rel for e in entries}
    for rel in new_files:
        entry = classify(rel)
        if entry is not None and rel not in known:
            entries.append(entry)
    read = [(entry, reader(root, entry)) for entry in entries]
    return assemble(root, entries, read, problems)


def assemble(
    root: Path,
    entries: Sequence[Entry],
    read: Sequence[tuple[Entry, Result]],
    problems: list[Problem],
) -> tuple[Ledger, list[Problem]]:
    """The Ledger of the records `read` (a subset of `entries`, the ledger's files), with the
    problems of reading them added to `problems` (which holds those of listing the folder).

    A file that did not validate is left out; what is left of its record goes, with the context
    records (`ledger.yaml`, `units.yaml`, the year folders' files), into the ledgers that its
    checks alone run on (`Ledger.salvaged`, `reformctl.check.salvage`): all item files together
    (an item file's problems depend only on itself and the context), each context file alone."""
    not_read = {p.span.path for p in problems if p.severity is Severity.ERROR}
    records: list[tuple[Entry, Located[Any]]] = []
    for entry, result in read:
        problems.extend(result.problems)
        if result.record is not None:
            records.append((entry, result.record))
    for kind, rel in ((Kind.SETTINGS, "ledger.yaml"), (Kind.UNITS, "units.yaml")):
        if not any(e.kind is kind for e in entries):
            problems.append(Problem(Span(rel, 1, 1), "missing-file", msg("problem.missing-file", file=rel)))
    years = {*(e.year for e in entries if e.year is not None), *year_folders(root)}
    files = frozenset(e.rel for e in entries)
    context = [(entry, record) for entry, record in records if entry.kind not in ITEM_KINDS]
    partial = [(entry, result.partial) for entry, result in read if result.partial is not None]
    items = [(entry, part) for entry, part in partial if entry.kind in ITEM_KINDS]
    groups = [[(entry, part)] for entry, part in partial if entry.kind not in ITEM_KINDS]
    if items:
        groups.append(items)
    salvaged = tuple(_salvaged(group, context, years, files) for group in groups)
    left_out = frozenset(entry.rel for entry, result in read if result.record is None) | not_read
    ledger = _ledger(records, years, files)
    return dataclasses.replace(ledger, left_out=left_out, salvaged=salvaged), problems


def _salvaged(
    group: Sequence[tuple[Entry, Partial]],
    context: Sequence[tuple[Entry, Located[Any]]],
    years: Iterable[int],
    files: frozenset[str],
) -> Salvaged:
    """The ledgers of the context and the low, and the high, stand-ins of `group`'s files."""
    return Salvaged(
        _ledger([*context, *((entry, part.low) for entry, part in group)], years, files),
        _ledger([*context, *((entry, part.high) for entry, part in group)], years, files),
        {entry.rel: part.left_out for entry, part in group},
        frozenset(entry.rel for entry, part in group if part.names),
    )


def _ledger(
    records: Sequence[tuple[Entry, Located[Any]]], years: Iterable[int], files: frozenset[str]
) -> Ledger:
    """The Ledger of `records`, with the year folders `years` and the file names `files`."""
    settings: Located[LedgerSettings] | None = None
    units: Located[UnitsFile] | None = None
    by_kind: dict[Kind, dict[str, Located[Any]]] = defaultdict(dict)
    slots: dict[int, dict[str, Any]] = {
        y: {"workplans": {}, "supervisions": {}, "bulletins": {}} for y in years
    }
    for entry, record in records:
        if entry.kind is Kind.SETTINGS:
            settings = record
        elif entry.kind is Kind.UNITS:
            units = record
        elif entry.kind in (Kind.PROJECT, Kind.PILOT, Kind.HANDOVER):
            by_kind[entry.kind][entry.stem] = record
        else:
            assert entry.year is not None
            slot = slots[entry.year]
            if entry.kind is Kind.WORKPLAN:
                slot["workplans"][entry.stem] = record
            elif entry.kind is Kind.SUPERVISION:
                slot["supervisions"][entry.stem] = record
            elif entry.kind is Kind.BULLETIN:
                slot["bulletins"][int(entry.stem[1])] = record
            else:
                slot[entry.kind.value.replace("-", "_")] = record
    return Ledger(
        settings=settings or Located(FALLBACK_SETTINGS, SpanMap("ledger.yaml")),
        units_file=units,
        projects=by_kind[Kind.PROJECT],
        pilots=by_kind[Kind.PILOT],
        handovers=by_kind[Kind.HANDOVER],
        years={
            y: Year(
                year=y,
                keypoints=slot.get("keypoints"),
                workplans=slot["workplans"],
                supervision_plan=slot.get("supervision_plan"),
                supervisions=slot["supervisions"],
                reports=slot.get("reports"),
                bulletins=slot["bulletins"],
                annual_report=slot.get("annual_report"),
            )
            for y, slot in sorted(slots.items())
        },
        units={u.id: u for u in units.value.units} if units else {},
        people={p.id: p for p in units.value.people} if units else {},
        files=files,
    )
