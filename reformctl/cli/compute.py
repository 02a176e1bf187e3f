"""A ledger's problems and obligations: discover → load → check → compute, with the outcome store.

Every file is read. The context files (ledger.yaml, units.yaml, the year folders' files) are
always parsed, validated, checked and computed. An item file (projects/, pilots/, handovers/)
whose bytes the outcome store knows takes its stored outcome; the others are parsed, validated,
checked and computed together with the context, in several processes when there are many. Since
an item file's outcomes depend only on itself and the context, and the context's outcomes never
on an item file's content (docs/performance.md), the result is the same as computing the whole
ledger at once (tests/rules/test_engine.py, tests/load/test_store_equivalence.py).
"""

from __future__ import annotations

import contextlib
import gc
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import orjson

from reformctl.check import WHOLE_LEDGER_CHECKS, run_checks
from reformctl.cli.templates import template_problems
from reformctl.errors import Problem, Severity, problem_from_row
from reformctl.load import store
from reformctl.load.fastyaml import max_file_bytes, positive_env
from reformctl.load.layout import ITEM_KINDS, Entry, scan, year_folders
from reformctl.load.loader import Result, assemble, read_entry_bytes, record_from_bytes
from reformctl.model.ledger import Ledger
from reformctl.rules import engine
from reformctl.rules.obligation import OPEN_STATES, Obligation, obligation_from_row, sort_key

PARALLEL_FROM = 2000
"""Item files to compute from which the work is shared among processes."""

Files = Mapping[str, bytes | Problem]
"""Files' bytes (or why they cannot be read) by their path in the ledger."""

Progress = Callable[[int, int], None]
"""Told (files done, files in all) as the ledger's files are read, checked and computed."""


class _Ticks:
    """Counts the files done and tells a `Progress`."""

    def __init__(self, progress: Progress | None, total: int) -> None:
        self.progress = progress
        self.total = total
        self.done = 0

    def __call__(self, files: int = 1) -> None:
        self.done += files
        if self.progress is not None:
            self.progress(min(self.done, self.total), self.total)


@dataclass(frozen=True, slots=True)
class Outcome:
    """A ledger's problems and, when a day was given, its obligations."""

    ledger: Ledger
    """The context files' records; `files` lists every file of the ledger."""
    problems: list[Problem]
    """Every problem of the whole ledger, sorted."""
    obligations: tuple[Obligation, ...] = ()
    """Every obligation of the whole ledger, sorted; without the done and late ones of item
    files unless they were asked for."""
    left_out: frozenset[str] = frozenset()
    """The files that could not be parsed or validated: nothing was computed from them."""


@dataclass(frozen=True, slots=True)
class FileOutcome:
    """An item file's outcome in the store's shape, with the obligations this run shows of it."""

    head: store.Head
    """Its digest, problems and open obligations (None when no obligations were computed)."""
    closed: store.Closed | None
    """Its done and late obligations as JSON text; None when not computed or not read."""
    obligations: tuple[Obligation, ...] = ()
    """Its obligations this run shows: the open ones, and the closed ones when asked for."""


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a run builds the ledger's records and outcomes:
    hundreds of thousands of objects that form no cycles, whose repeated scans by the collector
    would cost a third of the run. It runs again as usual afterwards."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def compute(
    root: Path,
    as_of: date | None,
    store_file: Path | None,
    *,
    closed: bool = True,
    jobs: int | None = None,
    progress: Progress | None = None,
) -> Outcome:
    """The problems of the ledger at `root` and, unless `as_of` is None, its obligations on that
    day (the done and late ones of item files only when `closed`). With a `store_file`, unchanged
    item files take their outcomes from the store, which is written again when anything changed.
    `progress` is told how many of the ledger's files are done as the work goes on."""
    with _collector_paused():
        return _compute(root, as_of, store_file, closed, _jobs() if jobs is None else jobs, progress)


def _compute(
    root: Path,
    as_of: date | None,
    store_file: Path | None,
    closed: bool,
    jobs: int,
    progress: Progress | None,
) -> Outcome:
    entries, listed = scan(root)
    tick = _Ticks(progress, len(entries))
    limit = max_file_bytes()
    context = {e.rel: read_entry_bytes(root, e, limit) for e in entries if e.kind not in ITEM_KINDS}
    items = {e.rel: read_entry_bytes(root, e, limit) for e in entries if e.kind in ITEM_KINDS}
    digests = {rel: store.digest(raw) for rel, raw in items.items() if isinstance(raw, bytes)}

    ledger, problems, obligations = _context_outcome(root, entries, context, items, as_of)
    tick(len(context))
    key = found = None
    if store_file is not None and engine.per_file() and not WHOLE_LEDGER_CHECKS:
        key = _key(root, context, as_of)
        found = store.read(store_file, key.code, key.context)
    taken = _taken(found, digests, as_of, closed)
    tick(len(items) - len([e for e in entries if e.kind in ITEM_KINDS and e.rel not in taken]))
    todo = [e for e in entries if e.kind in ITEM_KINDS and e.rel not in taken]
    computed = _item_outcomes(root, entries, context, todo, items, as_of, closed, jobs, tick)
    for one in (*taken.values(), *computed.values()):
        problems += one.head.problems
        obligations += one.obligations
    if store_file is not None and key is not None:
        _save(store_file, key, found, taken, {rel: computed[rel] for rel in computed if rel in digests})
    every = sorted(set(listed) | set(problems), key=Problem.sort_key)
    left_out = (
        ledger.left_out
        | {rel for rel, one in (*taken.items(), *computed.items()) if not one.head.loaded}
        | {p.span.path for p in listed if p.severity is Severity.ERROR}  # not read at all
    )
    return Outcome(ledger, every, tuple(sorted(obligations, key=sort_key)), left_out)


def _context_outcome(
    root: Path, entries: Sequence[Entry], context: Files, items: Files, as_of: date | None
) -> tuple[Ledger, list[Problem], list[Obligation]]:
    """The ledger of the context files (listing every file), with the problems and obligations
    that do not name an item file, and the problems of the ledger's templates."""
    ledger, problems, obligations = _computed(root, entries, context, [], {}, as_of)
    return (
        ledger,
        [p for p in problems if p.span.path not in items] + template_problems(root),
        [ob for ob in obligations if ob.file not in items],
    )


def _key(root: Path, context: Files, as_of: date | None) -> store.Key:
    """The store key of this run: the code, the context (the context files' bytes and the year
    folders' names) and the day."""
    parts = [f"year {y}" for y in sorted(year_folders(root))]
    for rel in sorted(context):
        raw = context[rel]
        parts.append(f"{rel} {store.digest(raw) if isinstance(raw, bytes) else raw}")
    context_digest = store.digest("\n".join(parts).encode("utf-8", "surrogateescape"))
    code = store.code_digest([f"max-bytes {max_file_bytes()}"])
    return store.Key(code, context_digest, None if as_of is None else as_of.isoformat())


def _taken(
    found: store.Stored | None, digests: Mapping[str, str], as_of: date | None, closed: bool
) -> dict[str, FileOutcome]:
    """The stored outcomes of the unchanged item files that this run may take, decoded: their
    problems and, when `as_of` is given, their obligations of that day (the done and late ones
    read when shown, or when the store will be written again). An outcome that does not decode
    is not taken: its file is computed again."""
    if found is None or (as_of is not None and found.key.as_of != as_of.isoformat()):
        return {}
    unchanged = {
        rel: head
        for rel, head in found.heads.items()
        if digests.get(rel) == head.digest and (as_of is None or head.open is not None)
    }
    rewrite = unchanged.keys() != digests.keys() or unchanged.keys() != found.heads.keys()
    shown = closed and as_of is not None
    texts = found.closed() if rewrite or shown else {}
    taken: dict[str, FileOutcome] = {}
    for rel, head in unchanged.items():
        text = texts.get(rel)
        try:
            problems = tuple(problem_from_row(row) for row in head.problems)
            open_ones = None if head.open is None else tuple(obligation_from_row(row) for row in head.open)
            if open_ones is not None and (rewrite or shown) and (text is None or text[0] != head.digest):
                continue  # its closed part is missing: compute it again
            closed_ones = _closed_records(text[1]) if shown and text is not None else ()
        except (ValueError, TypeError):
            continue
        if any(p.span.path != rel for p in problems) or any(
            ob.file != rel for ob in (*(open_ones or ()), *closed_ones)
        ):
            continue
        shows = (*(open_ones or ()), *closed_ones) if as_of is not None else ()
        taken[rel] = FileOutcome(store.Head(head.digest, problems, open_ones, head.loaded), text, shows)
    return taken


def _closed_records(text: bytes) -> tuple[Obligation, ...]:
    rows = orjson.loads(text)
    if not isinstance(rows, list):
        raise ValueError("not stored obligations")
    return tuple(obligation_from_row(row) for row in rows)


def _save(
    path: Path,
    key: store.Key,
    found: store.Stored | None,
    taken: Mapping[str, FileOutcome],
    computed: Mapping[str, FileOutcome],
) -> None:
    """Write the store again when this run computed an item file, or a stored one is gone."""
    if found is not None and not computed and found.heads.keys() == taken.keys():
        return
    if key.as_of is None and found is not None:
        key = store.Key(key.code, key.context, found.key.as_of)  # the outcomes taken keep their day
    heads: dict[str, store.Head] = {}
    texts: dict[str, store.Closed] = {}
    for rel, one in {**taken, **computed}.items():
        if one.closed is None:  # obligations not computed, or their closed part not read
            heads[rel] = one.head._replace(open=None)
        else:
            heads[rel], texts[rel] = one.head, one.closed
    with contextlib.suppress(OSError):  # a store that cannot be written is no store
        store.write(path, key, heads, texts)


def _records(
    entries: Sequence[Entry], files: Files, tick: Callable[[int], None] | None = None
) -> list[tuple[Entry, Result]]:
    out: list[tuple[Entry, Result]] = []
    for entry in entries:
        raw = files[entry.rel]
        out.append(
            (entry, Result(None, [raw]) if isinstance(raw, Problem) else record_from_bytes(raw, entry))
        )
        if tick is not None:
            tick(1)
    return out


def _computed(
    root: Path,
    entries: Sequence[Entry],
    context: Files,
    todo: Sequence[Entry],
    items: Files,
    as_of: date | None,
    tick: Callable[[int], None] | None = None,
) -> tuple[Ledger, list[Problem], list[Obligation]]:
    """The ledger of the context and the `todo` item files (listing every file of `entries`), its
    problems and, on `as_of`, its obligations; `tick` is told of each item file read."""
    read = _records([e for e in entries if e.rel in context], context) + _records(todo, items, tick)
    ledger, problems = assemble(root, entries, read, [])
    problems += run_checks(ledger)
    obligations = [] if as_of is None else list(engine.compute_obligations(ledger, as_of))
    return ledger, problems, obligations


def _item_outcomes(
    root: Path,
    entries: Sequence[Entry],
    context: Files,
    todo: Sequence[Entry],
    items: Files,
    as_of: date | None,
    closed: bool,
    jobs: int,
    tick: Callable[[int], None] | None = None,
) -> dict[str, FileOutcome]:
    """The outcomes of the `todo` item files; in `jobs` processes when there are many, each
    computing its share together with the context (`tick` told as each share is done)."""
    if not todo:
        return {}
    if jobs <= 1 or len(todo) < PARALLEL_FROM:
        return _outcomes(root, entries, context, todo, items, as_of, closed, tick)
    size = -(-len(todo) // jobs)
    chunks = [todo[i : i + size] for i in range(0, len(todo), size)]
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        futures = {
            pool.submit(
                _outcomes, root, entries, context, chunk, {e.rel: items[e.rel] for e in chunk}, as_of, closed
            ): len(chunk)
            for chunk in chunks
        }
        for future in as_completed(futures):
            future.result()
            if tick is not None:
                tick(futures[future])
        return {rel: one for future in futures for rel, one in future.result().items()}  # in order


def _outcomes(
    root: Path,
    entries: Sequence[Entry],
    context: Files,
    todo: Sequence[Entry],
    items: Files,
    as_of: date | None,
    closed: bool,
    tick: Callable[[int], None] | None = None,
) -> dict[str, FileOutcome]:
    """The outcomes of the `todo` item files, computed with the context."""
    with _collector_paused():  # in a worker process as in this one
        ledger, problems, obligations = _computed(root, entries, context, todo, items, as_of, tick)
    found: dict[str, list[Problem]] = {e.rel: [] for e in todo}
    open_ones: dict[str, list[Obligation]] = {e.rel: [] for e in todo}
    closed_ones: dict[str, list[Obligation]] = {e.rel: [] for e in todo}
    for p in problems:
        if p.span.path in found:
            found[p.span.path].append(p)
    for ob in obligations:
        if ob.file in found:
            (open_ones if ob.state in OPEN_STATES else closed_ones)[ob.file].append(ob)
    out = {}
    for rel in found:
        raw = items[rel]
        digest = store.digest(raw) if isinstance(raw, bytes) else ""
        loaded = rel not in ledger.left_out
        if as_of is None:
            out[rel] = FileOutcome(store.Head(digest, found[rel], None, loaded), None)
            continue
        shows = open_ones[rel] + (closed_ones[rel] if closed else [])
        text = (digest, store.encode(closed_ones[rel]))
        out[rel] = FileOutcome(store.Head(digest, found[rel], open_ones[rel], loaded), text, tuple(shows))
    return out


def _jobs() -> int:
    """Processes to compute with: `REFORMCTL_JOBS` when set, else the CPUs this process may use,
    at most 4."""
    jobs = positive_env("REFORMCTL_JOBS", "what.env-jobs")
    if jobs is not None:
        return jobs
    try:
        cpus = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cpus = os.cpu_count() or 1
    return max(1, min(cpus, 4))
