"""A ledger's problems and obligations: discover → load → check → compute, with the outcome store.

Every file is read. The context files (ledger.yaml, units.yaml, the year folders' files) are
always parsed and validated; an item file (projects/, pilots/, handovers/) whose bytes the outcome
store knows takes its stored problems and obligations, and the others are parsed, validated,
checked and computed together with the context. Since an item file's outcomes depend only on
itself and the context, and the context's outcomes never on an item file's content
(docs/performance.md), the result is the same as computing the whole ledger, which is what a run
without the store does (tests/load/test_store_equivalence.py shows it after random edits).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from reformctl.check import WHOLE_LEDGER_CHECKS, run_checks
from reformctl.errors import Problem, problem_from_row, problem_row
from reformctl.load import store
from reformctl.load.fastyaml import max_file_bytes
from reformctl.load.layout import ITEM_KINDS, Entry, scan, year_folders
from reformctl.load.loader import Result, assemble, read_entry_bytes, record_from_bytes
from reformctl.model.ledger import Ledger
from reformctl.rules import engine
from reformctl.rules.obligation import OPEN_STATES, Obligation, obligation_from_row, obligation_row, sort_key

PARALLEL_FROM = 2000
"""Item files to compute from which the work is shared among processes."""


@dataclass(frozen=True, slots=True)
class Outcome:
    """A ledger's problems and, when a day was given, its obligations."""

    ledger: Ledger
    """The context files and the item files read in this run; `files` lists every file."""
    problems: list[Problem]
    """Every problem of the whole ledger, sorted."""
    obligations: tuple[Obligation, ...] = ()
    """Every obligation of the whole ledger, sorted; without the done and late ones of files
    whose outcomes came from the store unless they were asked for."""


@dataclass(frozen=True, slots=True)
class _Taken:
    """An unchanged item file's stored outcome, decoded."""

    line: store.Line
    problems: tuple[Problem, ...]
    obligations: tuple[Obligation, ...]


def compute(
    root: Path, as_of: date | None, store_file: Path | None, *, closed: bool = True, jobs: int | None = None
) -> Outcome:
    """The problems of the ledger at `root` and, unless `as_of` is None, its obligations on that
    day. With a `store_file`, unchanged item files take their outcomes from the outcome store (their done
    and late obligations only when `closed`), and the store is written again when anything
    changed."""
    entries, listed = scan(root)
    context = [e for e in entries if e.kind not in ITEM_KINDS]
    items = [e for e in entries if e.kind in ITEM_KINDS]
    context_bytes = {e.rel: read_entry_bytes(root, e) for e in context}
    item_bytes = {e.rel: read_entry_bytes(root, e) for e in items}
    digests = {rel: store.digest(raw) for rel, raw in item_bytes.items() if isinstance(raw, bytes)}
    per_file = engine.per_file() and not WHOLE_LEDGER_CHECKS
    key = _key(root, context_bytes, as_of) if store_file is not None and per_file else None
    found = (
        store.read(store_file, key.code, key.context) if store_file is not None and key is not None else None
    )
    taken = _taken(found, digests, as_of, closed)
    todo = [e for e in items if e.rel not in taken]
    jobs = _jobs() if jobs is None else jobs
    if jobs > 1 and len(todo) >= PARALLEL_FROM:
        ledger, problems, fresh = _in_processes(root, entries, context_bytes, todo, item_bytes, as_of, jobs)
    else:
        ledger, problems, fresh = _computed(root, entries, context_bytes, todo, item_bytes, as_of)
    every = set(listed) | set(problems)
    obligations = list(fresh)
    for one in taken.values():
        every.update(one.problems)
        obligations += one.obligations
    if store_file is not None and key is not None:
        lines = {rel: one.line for rel, one in taken.items()}
        _save(store_file, key, found, lines, todo, digests, problems, fresh)
    return Outcome(ledger, sorted(every, key=Problem.sort_key), tuple(sorted(obligations, key=sort_key)))


def _key(root: Path, context_bytes: Mapping[str, bytes | Problem], as_of: date | None) -> store.Key:
    """The store key of this run: the code, the context (the context files' bytes and the year
    folders' names) and the day."""
    parts = [f"year {y}" for y in sorted(year_folders(root))]
    for rel in sorted(context_bytes):
        raw = context_bytes[rel]
        parts.append(f"{rel} {store.digest(raw) if isinstance(raw, bytes) else raw}")
    context = store.digest("\n".join(parts).encode("utf-8", "surrogateescape"))
    code = store.code_digest([f"max-bytes {max_file_bytes()}"])
    return store.Key(code, context, None if as_of is None else as_of.isoformat())


def _taken(
    found: store.Stored | None, digests: Mapping[str, str], as_of: date | None, closed: bool
) -> dict[str, _Taken]:
    """The stored outcomes of the unchanged item files that this run may take: their problems,
    and (when `as_of` is given) their obligations of that day, done and late ones when `closed`.
    A line that does not decode is not taken (its file is computed again)."""
    if found is None or (as_of is not None and found.key.as_of != as_of.isoformat()):
        return {}
    taken: dict[str, _Taken] = {}
    for rel, file_digest in digests.items():
        line = found.lines.get(rel)
        if line is None or line.digest != file_digest:
            continue
        try:
            problem_rows, open_rows = line.decoded_head()
            problems = tuple(problem_from_row(row) for row in problem_rows)
            rows: list[Any] = []
            if as_of is not None:
                if open_rows is None:
                    continue  # stored by a run that computed no obligations
                rows = open_rows + ((line.decoded_closed() or []) if closed else [])
            obligations = tuple(obligation_from_row(row) for row in rows)
        except (ValueError, TypeError):
            continue
        if any(p.span.path != rel for p in problems) or any(ob.file != rel for ob in obligations):
            continue
        taken[rel] = _Taken(line, problems, obligations)
    return taken


def _records(
    context_bytes: Mapping[str, bytes | Problem],
    entries: Sequence[Entry],
    item_bytes: Mapping[str, bytes | Problem],
) -> list[tuple[Entry, Result]]:
    out: list[tuple[Entry, Result]] = []
    for entry in entries:
        raw = context_bytes[entry.rel] if entry.kind not in ITEM_KINDS else item_bytes[entry.rel]
        out.append((entry, (None, [raw]) if isinstance(raw, Problem) else record_from_bytes(raw, entry)))
    return out


def _computed(
    root: Path,
    entries: Sequence[Entry],
    context_bytes: Mapping[str, bytes | Problem],
    todo: Sequence[Entry],
    item_bytes: Mapping[str, bytes | Problem],
    as_of: date | None,
) -> tuple[Ledger, list[Problem], tuple[Obligation, ...]]:
    """The ledger of the context and the `todo` item files (listing every file of `entries`), its
    problems and, on `as_of`, its obligations."""
    context = [e for e in entries if e.kind not in ITEM_KINDS]
    read = _records(context_bytes, [*context, *todo], item_bytes)
    ledger, problems = assemble(root, entries, read, [])
    problems += run_checks(ledger)
    obligations = () if as_of is None else engine.compute_obligations(ledger, as_of)
    return ledger, problems, obligations


def _in_processes(
    root: Path,
    entries: Sequence[Entry],
    context_bytes: Mapping[str, bytes | Problem],
    todo: Sequence[Entry],
    item_bytes: Mapping[str, bytes | Problem],
    as_of: date | None,
    jobs: int,
) -> tuple[Ledger, list[Problem], tuple[Obligation, ...]]:
    """`_computed`, the item files shared among `jobs` processes, each computing its share with
    the context; this process computes the context alone. The same result, by the same rule as
    the store's: an item file's outcomes depend on it and the context only."""
    size = -(-len(todo) // jobs)
    chunks = [todo[i : i + size] for i in range(0, len(todo), size)]
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        futures = [
            pool.submit(
                _chunk, root, entries, context_bytes, chunk, {e.rel: item_bytes[e.rel] for e in chunk}, as_of
            )
            for chunk in chunks
        ]
        ledger, problems, obligations = _computed(root, entries, context_bytes, [], item_bytes, as_of)
        found = list(obligations)
        for future in futures:
            rows, ob_rows = future.result()
            problems += [problem_from_row(r) for r in rows]
            found += [obligation_from_row(r) for r in ob_rows]
    return ledger, problems, tuple(sorted(found, key=sort_key))


def _chunk(
    root: Path,
    entries: Sequence[Entry],
    context_bytes: Mapping[str, bytes | Problem],
    chunk: Sequence[Entry],
    item_bytes: Mapping[str, bytes | Problem],
    as_of: date | None,
) -> tuple[list[list[object]], list[list[object]]]:
    """In a worker: the problems and obligations of the `chunk` item files, as rows."""
    _, problems, obligations = _computed(root, entries, context_bytes, chunk, item_bytes, as_of)
    mine = {e.rel for e in chunk}
    return (
        [problem_row(p) for p in problems if p.span.path in mine],
        [obligation_row(ob) for ob in obligations if ob.file in mine],
    )


def _save(
    path: Path,
    key: store.Key,
    found: store.Stored | None,
    taken: Mapping[str, store.Line],
    todo: Sequence[Entry],
    digests: Mapping[str, str],
    problems: Sequence[Problem],
    obligations: Sequence[Obligation],
) -> None:
    """Write the store again when this run computed an item file, or a stored file is gone."""
    if found is not None and not todo and set(found.lines) == set(taken):
        return
    with_obligations = key.as_of is not None
    if not with_obligations and found is not None:
        key = store.Key(key.code, key.context, found.key.as_of)  # the lines taken keep their day
    todo_rels = {e.rel for e in todo if e.rel in digests}  # an unreadable file is not kept
    problem_rows: dict[str, list[Any]] = {rel: [] for rel in todo_rels}
    for p in problems:
        if p.span.path in problem_rows:
            problem_rows[p.span.path].append(problem_row(p))
    open_rows: dict[str, list[Any]] = {rel: [] for rel in todo_rels}
    closed_rows: dict[str, list[Any]] = {rel: [] for rel in todo_rels}
    for ob in obligations:
        if ob.file in todo_rels:
            (open_rows if ob.state in OPEN_STATES else closed_rows)[ob.file].append(obligation_row(ob))
    lines = dict(taken)
    for rel in todo_rels:
        if with_obligations:
            lines[rel] = store.line_of(digests[rel], problem_rows[rel], open_rows[rel], closed_rows[rel])
        else:
            lines[rel] = store.line_of(digests[rel], problem_rows[rel], None, None)
    with contextlib.suppress(OSError):  # a store that cannot be written is no store
        store.write(path, key, lines)


def _jobs() -> int:
    """Processes to compute with: `REFORMCTL_JOBS` when set, else the CPUs this process may use,
    at most 4."""
    from reformctl.load.fastyaml import positive_env

    jobs = positive_env("REFORMCTL_JOBS", "a number of processes; expected 1 or more")
    if jobs is not None:
        return jobs
    try:
        cpus = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cpus = os.cpu_count() or 1
    return max(1, min(cpus, 4))
