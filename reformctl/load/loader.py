"""Loading a ledger folder into a Ledger plus the problems found on the way.

Never raises for bad user data: every file that cannot be read or validated becomes positioned
problems, and the rest of the ledger is still loaded (as beancount's loader returns its errors).
"""

from __future__ import annotations

import functools
import importlib
import os
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from reformctl.errors import Problem
from reformctl.load.cache import Parsed, RecordCache, decode_entry, encode_entry, stamp_of
from reformctl.load.fastyaml import Document, YamlError, max_file_bytes, parse, positive_env, read_limited
from reformctl.load.gcpause import paused_gc
from reformctl.load.layout import Entry, Kind, classify, scan, year_folders
from reformctl.load.pool import in_chunks
from reformctl.load.validate import validate
from reformctl.load.walk import Stamp
from reformctl.model.ledger import Ledger, Year
from reformctl.model.settings import LedgerSettings
from reformctl.model.units import UnitsFile
from reformctl.source import Located, Span, SpanMap


class _Models(Mapping[Kind, type[BaseModel]]):
    """The model of each kind of file, its module imported when a file of the kind is first
    validated: a run after an edit validates the settings, the units and the changed files, and
    importing the other kinds' models would cost it a tenth of its imports."""

    WHERE: Mapping[Kind, str] = {
        Kind.SETTINGS: "settings:LedgerSettings",
        Kind.UNITS: "units:UnitsFile",
        Kind.PROJECT: "project:Project",
        Kind.PILOT: "pilot:Pilot",
        Kind.HANDOVER: "handover:Handover",
        Kind.KEYPOINTS: "keypoints:Keypoints",
        Kind.WORKPLAN: "workplan:Workplan",
        Kind.SUPERVISION_PLAN: "supervision:SupervisionPlan",
        Kind.SUPERVISION: "supervision:Supervision",
        Kind.REPORTS: "reports:YearReports",
        Kind.BULLETIN: "bulletin:BulletinFront",
    }

    def __init__(self) -> None:
        self._loaded: dict[Kind, type[BaseModel]] = {}

    def __getitem__(self, kind: Kind) -> type[BaseModel]:
        found = self._loaded.get(kind)
        if found is None:
            module, _, name = self.WHERE[kind].partition(":")
            found = self._loaded[kind] = getattr(importlib.import_module(f"reformctl.model.{module}"), name)
        return found

    def __iter__(self) -> Iterator[Kind]:
        return iter(self.WHERE)

    def __len__(self) -> int:
        return len(self.WHERE)


MODELS: Mapping[Kind, type[BaseModel]] = _Models()


def build_validator(kind: str) -> None:
    """Build the validator of the model of the kind of file `kind` (its value) now; it is otherwise
    built the first time a file of the kind is validated (`defer_build`). For a split run's
    helper, while it waits: a run after a change validates `units.yaml` and the changed item files
    (`ledger.yaml`'s model is built below)."""
    MODELS[Kind(kind)].model_rebuild()


FALLBACK_SETTINGS = LedgerSettings(name="(ledger.yaml unreadable)", city="—", office="reform-office")


def front_matter(raw: bytes, rel: str) -> bytes:
    """The YAML front matter of a Markdown file, padded so that line numbers stay true."""
    lines = raw.splitlines(keepends=True)
    if not lines or lines[0].rstrip(b"\r\n") != b"---":
        raise YamlError(
            Problem(
                Span(rel, 1, 1),
                "front-matter",
                "no front matter; expected a first line '---' and YAML with issued and quarter",
            )
        )
    for i, line in enumerate(lines[1:], start=1):
        if line.rstrip(b"\r\n") in (b"---", b"..."):
            return b"\n" + b"".join(lines[1:i])
    raise YamlError(
        Problem(
            Span(rel, 1, 1),
            "front-matter",
            "front matter is not closed; expected a line '---' after it",
        )
    )


def read_bytes(root: Path, entry: Entry, max_bytes: int) -> bytes:
    return read_limited(root / entry.rel, entry.rel, max_bytes)[0]


def parse_entry(raw: bytes, entry: Entry, max_bytes: int) -> Document:
    """Parse one ledger file's bytes; raises YamlError with a positioned problem."""
    if entry.kind is Kind.BULLETIN:
        raw = front_matter(raw, entry.rel)
    return parse(raw, entry.rel, max_bytes)


Result = tuple[Located[Any] | None, list[Problem]]
Reader = Callable[[Path, Entry], Result]


def parse_record(root: Path, entry: Entry) -> Parsed:
    """Read and parse one file: its document, or the one problem that stopped reading it."""
    limit = max_file_bytes()
    try:
        return parse_entry(read_bytes(root, entry, limit), entry, limit)
    except YamlError as err:
        return err.problem


def validate_parsed(parsed: Parsed, entry: Entry) -> Result:
    """Validate a parsed file as its kind's model (a reading problem passes through)."""
    if isinstance(parsed, Problem):
        return None, [parsed]
    return validate(parsed, MODELS[entry.kind])


def read_record(root: Path, entry: Entry) -> tuple[Located[Any] | None, list[Problem]]:
    """Read, parse and validate one file as its kind's model."""
    return validate_parsed(parse_record(root, entry), entry)


class OverlayReader:
    """A reader that sees `overlay` (ledger-relative path → new bytes) instead of the disk.

    A class rather than a closure so that `load_ledger` can read the files that are not in the
    overlay by the fast path (cache, parallel parsing) when `base` is `read_record`.
    """

    def __init__(self, overlay: Mapping[str, bytes], base: Reader = read_record) -> None:
        self.overlay = overlay
        self.base = base

    def __call__(self, root: Path, entry: Entry) -> tuple[Located[Any] | None, list[Problem]]:
        if entry.rel not in self.overlay:
            return self.base(root, entry)
        try:
            doc = parse_entry(self.overlay[entry.rel], entry, max_file_bytes())
        except YamlError as err:
            return None, [err.problem]
        return validate(doc, MODELS[entry.kind])


def overlay_reader(overlay: Mapping[str, bytes], base: Reader = read_record) -> Reader:
    """A reader that sees `overlay` (ledger-relative path → new bytes) instead of the disk."""
    return OverlayReader(overlay, base)


PARALLEL_MIN_FILES = 2000
"""Parse in several processes only from this many files to parse (below, start-up costs more)."""
_CHUNK = 500


def _parse_chunk(root: Path, entries: Sequence[Entry]) -> list[Parsed]:
    with paused_gc():
        return [parse_record(root, entry) for entry in entries]


def _parse_chunk_to_send(root: Path, entries: Sequence[Entry]) -> list[tuple[Any, ...]]:
    """`_parse_chunk` in a worker process, each file encoded as the record cache stores it: the
    positions as one `marshal` string, which crosses the pipe several times faster than pickled
    dictionaries (or ("raw", parsed) when marshal cannot write it)."""
    with paused_gc():
        out: list[tuple[Any, ...]] = []
        for entry in entries:
            parsed = parse_record(root, entry)
            try:
                out.append(encode_entry(parsed))
            except ValueError:
                out.append(("raw", parsed))
        return out


def _received(root: Path, entries: Sequence[Entry], sent: list[tuple[Any, ...]]) -> list[Parsed]:
    out: list[Parsed] = []
    for entry, encoded in zip(entries, sent, strict=True):
        parsed = encoded[1] if encoded[0] == "raw" else decode_entry(entry.rel, encoded)
        if parsed is None:  # cannot happen for what `encode_entry` wrote; parse it here then
            parsed = parse_record(root, entry)
        out.append(parsed)
    return out


MAX_JOBS = 4


def default_jobs(env: Mapping[str, str] | None = None) -> int:
    """Parsing processes by default: `REFORMCTL_JOBS` when set (1 or more), else the CPUs this
    process may use, at most `MAX_JOBS` (measured in docs/performance.md)."""
    jobs = positive_env("REFORMCTL_JOBS", "a number of processes; expected 1 or more", env)
    if jobs is not None:
        return jobs
    try:
        cpus = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # pragma: no cover - platforms without affinity
        cpus = os.cpu_count() or 1
    return max(1, min(cpus, MAX_JOBS))


def parse_many(root: Path, entries: Sequence[Entry], jobs: int | None = None) -> list[Parsed]:
    """`parse_record` for each entry, in order; in `jobs` processes when there are many."""
    jobs = default_jobs() if jobs is None else jobs
    if jobs <= 1 or len(entries) < PARALLEL_MIN_FILES:
        return _parse_chunk(root, entries)
    parts = in_chunks(
        entries,
        jobs,
        _CHUNK,
        lambda chunk: _parse_chunk(root, chunk),
        functools.partial(_parse_chunk_to_send, root),
        lambda chunk, sent: _received(root, chunk, sent),
    )
    return [parsed for part in parts for parsed in part]


def read_entries(
    root: Path,
    entries: Sequence[Entry],
    reader: Reader = read_record,
    cache: RecordCache | None = None,
    jobs: int | None = None,
) -> list[Result]:
    """What `reader` returns for each entry, in order.

    When `reader` is `read_record` (or an overlay over it), unchanged files are served parsed from
    `cache`, the rest are parsed (in `jobs` processes when there are many), and every file is
    validated here. Overlay entries are always read from the overlay, never from or into the cache.
    """
    base: Reader = reader
    overlay: Mapping[str, bytes] = {}
    if isinstance(reader, OverlayReader):
        base, overlay = reader.base, reader.overlay
    if base is not read_record:
        return [reader(root, entry) for entry in entries]
    parsed: list[Parsed | None] = [None] * len(entries)
    done: dict[int, Result] = {}
    todo: list[int] = []
    stamps: dict[int, Stamp] = {}
    for i, entry in enumerate(entries):
        if entry.rel in overlay:
            done[i] = reader(root, entry)
            continue
        if cache is not None:
            try:
                stamp = stamp_of(os.stat(root / entry.rel))
            except (OSError, ValueError):
                pass
            else:
                stamps[i] = stamp
                parsed[i] = cache.get(entry.rel, entry.kind.value, stamp)
                if parsed[i] is not None:
                    continue
        todo.append(i)
    fresh = parse_many(root, [entries[i] for i in todo], jobs)
    for i, one in zip(todo, fresh, strict=True):
        parsed[i] = one
        if cache is not None and i in stamps:
            cache.put(entries[i].rel, entries[i].kind.value, stamps[i], one)
    if cache is not None:
        cache.save()
    out: list[Result] = []
    for i, entry in enumerate(entries):
        if i in done:
            out.append(done[i])
        else:
            ready = parsed[i]
            assert ready is not None
            out.append(validate_parsed(ready, entry))
    return out


def load_settings(root: Path) -> LedgerSettings:
    """Only `ledger.yaml` (for commands that need the timezone, not the records)."""
    record, _ = read_record(root, Entry(Kind.SETTINGS, "ledger.yaml", "ledger"))
    return record.value if record is not None else FALLBACK_SETTINGS


def load_ledger(
    root: Path,
    reader: Reader = read_record,
    new_files: Sequence[str] = (),
    *,
    cache: RecordCache | None = None,
    jobs: int | None = None,
) -> tuple[Ledger, list[Problem]]:
    """Load every file of the ledger at `root` into a Ledger; collect all problems.

    `new_files` are ledger-relative paths that do not exist yet but that `reader` can read (a
    write command validating the ledger as it would be after the change). `cache` (see
    `reformctl.load.cache`) serves unchanged files without parsing them; `jobs` bounds the
    parsing processes (default: the available CPUs; 1 parses in this process). Results are the
    same whatever the cache and jobs.
    """
    with paused_gc():
        return _load(root, reader, new_files, cache, jobs)


def _load(
    root: Path,
    reader: Reader,
    new_files: Sequence[str],
    cache: RecordCache | None,
    jobs: int | None,
) -> tuple[Ledger, list[Problem]]:
    entries, problems = scan(root)
    known = {e.rel for e in entries}
    for rel in new_files:
        entry = classify(rel)
        if entry is not None and rel not in known:
            entries.append(entry)
    results = read_entries(root, entries, reader, cache, jobs)
    return assemble(root, entries, list(zip(entries, results, strict=True)), problems)


def assemble(
    root: Path,
    entries: Sequence[Entry],
    read: Sequence[tuple[Entry, Result]],
    problems: list[Problem],
) -> tuple[Ledger, list[Problem]]:
    """The Ledger of the records `read` (a subset of `entries`, the ledger's files), with the
    problems of reading them added to `problems`."""
    settings: Located[LedgerSettings] | None = None
    units: Located[UnitsFile] | None = None
    by_kind: dict[Kind, dict[str, Located[Any]]] = defaultdict(dict)
    years: dict[int, dict[str, Any]] = defaultdict(
        lambda: {"workplans": {}, "supervisions": {}, "bulletins": {}}
    )
    for entry in entries:
        if entry.year is not None:
            years[entry.year]
    for entry, (record, found) in read:
        if entry.year is not None:
            years[entry.year]
        problems.extend(found)
        if record is None:
            continue
        if entry.kind is Kind.SETTINGS:
            settings = record
        elif entry.kind is Kind.UNITS:
            units = record
        elif entry.kind in (Kind.PROJECT, Kind.PILOT, Kind.HANDOVER):
            by_kind[entry.kind][entry.stem] = record
        else:
            assert entry.year is not None
            slot = years[entry.year]
            if entry.kind is Kind.WORKPLAN:
                slot["workplans"][entry.stem] = record
            elif entry.kind is Kind.SUPERVISION:
                slot["supervisions"][entry.stem] = record
            elif entry.kind is Kind.BULLETIN:
                slot["bulletins"][int(entry.stem[1])] = record
            else:
                slot[entry.kind.value.replace("-", "_")] = record
    for folder in year_folders(root):
        years[folder]
    if settings is None:
        if not any(e.kind is Kind.SETTINGS for e in entries):
            problems.append(
                Problem(Span("ledger.yaml", 1, 1), "missing-file", "ledger.yaml is missing; expected it")
            )
        settings = Located(FALLBACK_SETTINGS, SpanMap("ledger.yaml"))
    if units is None and not any(e.kind is Kind.UNITS for e in entries):
        problems.append(
            Problem(Span("units.yaml", 1, 1), "missing-file", "units.yaml is missing; expected it")
        )
    unit_map = {u.id: u for u in units.value.units} if units else {}
    people = {p.id: p for p in units.value.people} if units else {}
    ledger = Ledger(
        settings=settings,
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
            )
            for y, slot in sorted(years.items())
        },
        units=unit_map,
        people=people,
        files=frozenset(e.rel for e in entries),
    )
    return ledger, problems
