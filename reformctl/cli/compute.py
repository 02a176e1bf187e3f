"""A ledger's problems and obligations: discover → load → check → compute, with the outcome store.

Every file is read. The context files (ledger.yaml, units.yaml, the year folders' files) are
always parsed, validated, checked and computed. An item file (projects/, pilots/, handovers/)
whose bytes the outcome store knows takes its stored outcome; the others are parsed, validated,
checked and computed together with the context, in several processes when there are many. Since
an item file's outcomes depend only on itself and the context, and the context's outcomes never
on an item file's content (docs/performance.md), the result is the same as computing the whole
ledger at once (tests/rules/test_engine.py, tests/load/test_store_equivalence.py).

An item file's outcome travels as a store line (`reformctl.load.store.Line`) whether it was
computed now or taken from the store, and is decoded the same way.
"""

from __future__ import annotations

import contextlib
import gc
import os
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from reformctl.check import WHOLE_LEDGER_CHECKS, run_checks
from reformctl.errors import Problem, problem_from_row
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
    root: Path, as_of: date | None, store_file: Path | None, *, closed: bool = True, jobs: int | None = None
) -> Outcome:
    """The problems of the ledger at `root` and, unless `as_of` is None, its obligations on that
    day (the done and late ones of item files only when `closed`). With a `store_file`, unchanged
    item files take their outcomes from the store, which is written again when anything changed."""
    with _collector_paused():
        return _compute(root, as_of, store_file, closed, _jobs() if jobs is None else jobs)


def _compute(root: Path, as_of: date | None, store_file: Path | None, closed: bool, jobs: int) -> Outcome:
    entries, listed = scan(root)
    limit = max_file_bytes()
    context = {e.rel: read_entry_bytes(root, e, limit) for e in entries if e.kind not in ITEM_KINDS}
    items = {e.rel: read_entry_bytes(root, e, limit) for e in entries if e.kind in ITEM_KINDS}
    digests = {rel: store.digest(raw) for rel, raw in items.items() if isinstance(raw, bytes)}

    ledger, problems, obligations = _context_outcome(root, entries, context, items, as_of)
    key = found = None
    if store_file is not None and engine.per_file() and not WHOLE_LEDGER_CHECKS:
        key = _key(root, context, as_of)
        found = store.read(store_file, key.code, key.context)
    taken = _taken(found, digests, as_of, closed)
    todo = [e for e in entries if e.kind in ITEM_KINDS and e.rel not in taken]
    computed = _item_lines(root, entries, context, todo, items, as_of, jobs)
    for rel, line in computed.items():
        taken_problems, taken_obligations = _decoded(line, rel, as_of is not None, closed)
        problems += taken_problems
        obligations += taken_obligations
    for _, taken_problems, taken_obligations in taken.values():
        problems += taken_problems
        obligations += taken_obligations
    if store_file is not None and key is not None:
        lines = {rel: line for rel, (line, _, _) in taken.items()}
        _save(store_file, key, found, lines, {rel: computed[rel] for rel in computed if rel in digests})
    every = sorted(set(listed) | set(problems), key=Problem.sort_key)
    return Outcome(ledger, every, tuple(sorted(obligations, key=sort_key)))


def _context_outcome(
    root: Path, entries: Sequence[Entry], context: Files, items: Files, as_of: date | None
) -> tuple[Ledger, list[Problem], list[Obligation]]:
    """The ledger of the context files (listing every file), with the problems and obligations
    that do not name an item file."""
    ledger, problems, obligations = _computed(root, entries, context, [], {}, as_of)
    return (
        ledger,
        [p for p in problems if p.span.path not in items],
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


Taken = tuple[store.Line, list[Problem], list[Obligation]]
"""A stored line with its problems and obligations, decoded."""


def _taken(
    found: store.Stored | None, digests: Mapping[str, str], as_of: date | None, closed: bool
) -> dict[str, Taken]:
    """The stored outcomes of the unchanged item files that this run may take: their problems and,
    when `as_of` is given, their obligations of that day (the done and late ones when `closed`).
    A line that does not decode is not taken: its file is computed again."""
    if found is None or (as_of is not None and found.key.as_of != as_of.isoformat()):
        return {}
    taken: dict[str, Taken] = {}
    for rel, file_digest in digests.items():
        line = found.lines.get(rel)
        if line is None or line.digest != file_digest:
            continue
        try:
            taken[rel] = (line, *_decoded(line, rel, as_of is not None, closed))
        except (ValueError, TypeError):
            continue
    return taken


def _save(
    path: Path,
    key: store.Key,
    found: store.Stored | None,
    taken: Mapping[str, store.Line],
    computed: Mapping[str, store.Line],
) -> None:
    """Write the store again when this run computed an item file, or a stored one is gone."""
    if found is not None and not computed and found.lines.keys() == taken.keys():
        return
    if key.as_of is None and found is not None:
        key = store.Key(key.code, key.context, found.key.as_of)  # the lines taken keep their day
    with contextlib.suppress(OSError):  # a store that cannot be written is no store
        store.write(path, key, {**taken, **computed})


def _decoded(
    line: store.Line, rel: str, obligations: bool, closed: bool
) -> tuple[list[Problem], list[Obligation]]:
    """A line's problems and (when asked) obligations, the done and late ones when `closed`; a
    line that is not what the store writes for `rel` raises ValueError."""
    problem_rows, open_rows = line.decoded_head()
    problems = [problem_from_row(row) for row in problem_rows]
    found = []
    if obligations:
        if open_rows is None:
            raise ValueError(f"stored outcome of {rel} has no obligations")
        rows = open_rows + ((line.decoded_closed() or []) if closed else [])
        found = [obligation_from_row(row) for row in rows]
    if any(p.span.path != rel for p in problems) or any(ob.file != rel for ob in found):
        raise ValueError(f"stored outcome of {rel} names another file")
    return problems, found


def _records(entries: Sequence[Entry], files: Files) -> list[tuple[Entry, Result]]:
    out: list[tuple[Entry, Result]] = []
    for entry in entries:
        raw = files[entry.rel]
        out.append((entry, (None, [raw]) if isinstance(raw, Problem) else record_from_bytes(raw, entry)))
    return out


def _computed(
    root: Path,
    entries: Sequence[Entry],
    context: Files,
    todo: Sequence[Entry],
    items: Files,
    as_of: date | None,
) -> tuple[Ledger, list[Problem], list[Obligation]]:
    """The ledger of the context and the `todo` item files (listing every file of `entries`), its
    problems and, on `as_of`, its obligations."""
    read = _records([e for e in entries if e.rel in context], context) + _records(todo, items)
    ledger, problems = assemble(root, entries, read, [])
    problems += run_checks(ledger)
    obligations = [] if as_of is None else list(engine.compute_obligations(ledger, as_of))
    return ledger, problems, obligations


def _item_lines(
    root: Path,
    entries: Sequence[Entry],
    context: Files,
    todo: Sequence[Entry],
    items: Files,
    as_of: date | None,
    jobs: int,
) -> dict[str, store.Line]:
    """The outcomes of the `todo` item files as store lines; in `jobs` processes when there are
    many, each computing its share together with the context."""
    if not todo:
        return {}
    if jobs <= 1 or len(todo) < PARALLEL_FROM:
        return _lines(root, entries, context, todo, items, as_of)
    size = -(-len(todo) // jobs)
    chunks = [todo[i : i + size] for i in range(0, len(todo), size)]
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        futures = [
            pool.submit(_lines, root, entries, context, chunk, {e.rel: items[e.rel] for e in chunk}, as_of)
            for chunk in chunks
        ]
        return {rel: line for future in futures for rel, line in future.result().items()}


def _lines(
    root: Path,
    entries: Sequence[Entry],
    context: Files,
    todo: Sequence[Entry],
    items: Files,
    as_of: date | None,
) -> dict[str, store.Line]:
    """The outcomes of the `todo` item files, computed with the context, as store lines."""
    with _collector_paused():  # in a worker process as in this one
        _, problems, obligations = _computed(root, entries, context, todo, items, as_of)
    found: dict[str, list[Problem]] = {e.rel: [] for e in todo}
    open_ones: dict[str, list[Obligation]] = {e.rel: [] for e in todo}
    closed_ones: dict[str, list[Obligation]] = {e.rel: [] for e in todo}
    for p in problems:
        if p.span.path in found:
            found[p.span.path].append(p)
    for ob in obligations:
        if ob.file in found:
            (open_ones if ob.state in OPEN_STATES else closed_ones)[ob.file].append(ob)
    with_obligations = as_of is not None
    return {
        rel: store.line_of(
            store.digest(raw) if isinstance(raw := items[rel], bytes) else "",
            found[rel],
            open_ones[rel] if with_obligations else None,
            closed_ones[rel] if with_obligations else None,
        )
        for rel in found
    }


def _jobs() -> int:
    """Processes to compute with: `REFORMCTL_JOBS` when set, else the CPUs this process may use,
    at most 4."""
    jobs = positive_env("REFORMCTL_JOBS", "a number of processes; expected 1 or more")
    if jobs is not None:
        return jobs
    try:
        cpus = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cpus = os.cpu_count() or 1
    return max(1, min(cpus, 4))
