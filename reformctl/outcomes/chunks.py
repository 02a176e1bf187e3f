"""Outcomes of many tracked-item files, chunk by chunk, in several processes.

Each chunk is read and validated, then checked and computed as a ledger of the other files'
settings and units plus the chunk's items (`derive` explains why that gives each item file's
outcomes exactly). Workers are forked once the other files are loaded, so they see them without
being sent anything, and send back each file's outcomes in the outcome store's plain form.
"""

from __future__ import annotations

import dataclasses
import marshal
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from reformctl.check import run_checks
from reformctl.errors import Problem
from reformctl.load.gcpause import paused_gc
from reformctl.load.layout import Entry, Kind
from reformctl.load.loader import read_entries
from reformctl.load.pool import in_chunks
from reformctl.model.ledger import Ledger, Year
from reformctl.outcomes import store
from reformctl.rules.engine import item_obligations
from reformctl.rules.obligation import Obligation

CHUNK = 500
_SHARED: dict[str, Any] = {}
"""What the forked workers see: the ledger folder, the other files' ledger, the day."""

Part = tuple[list[Problem], list[Obligation], dict[str, store.FileOutcome]]


def item_outcomes(root: Path, others: Ledger, items: Sequence[Entry], day: date | None, jobs: int) -> Part:
    """The problems and obligations (as of `day`; none when None) of the `items` files: those
    computed in this process, and the rest as `FileOutcome`s (without stamps)."""
    years = {y: Year(year=y) for y in others.years}  # item rules read which years there are, only
    _SHARED.update(root=root, ledger=dataclasses.replace(others, years=years), day=day)
    try:
        parts = in_chunks(items, jobs, CHUNK, _here, _there, _back)
    finally:
        _SHARED.clear()
    problems: list[Problem] = []
    obligations: list[Obligation] = []
    received: dict[str, store.FileOutcome] = {}
    for p, o, r in parts:
        problems += p
        obligations += o
        received.update(r)
    return problems, obligations, received


def _compute(chunk: Sequence[Entry]) -> tuple[list[Problem], list[Obligation]]:
    root: Path = _SHARED["root"]
    base: Ledger = _SHARED["ledger"]
    day: date | None = _SHARED["day"]
    records: dict[Kind, dict[str, Any]] = {Kind.PROJECT: {}, Kind.PILOT: {}, Kind.HANDOVER: {}}
    problems: list[Problem] = []
    for entry, (record, found) in zip(chunk, read_entries(root, chunk, jobs=1), strict=True):
        problems += found
        if record is not None:
            records[entry.kind][entry.stem] = record
    ledger = dataclasses.replace(
        base, projects=records[Kind.PROJECT], pilots=records[Kind.PILOT], handovers=records[Kind.HANDOVER]
    )
    rels = {e.rel for e in chunk}
    problems += [p for p in run_checks(ledger) if p.span.path in rels]
    if day is None:
        return problems, []
    return problems, list(item_obligations(ledger, day, rels))


def _here(chunk: Sequence[Entry]) -> Part:
    with paused_gc():
        problems, obligations = _compute(chunk)
    return problems, obligations, {}


def _there(chunk: Sequence[Entry]) -> bytes:
    """In a worker: each file's outcomes, as one `marshal` string (fast through the pipe)."""
    with paused_gc():
        problems, obligations = _compute(chunk)
        by_file: dict[str, tuple[list[store.EncodedProblem], list[store.EncodedObligation]]] = {
            e.rel: ([], []) for e in chunk
        }
        for p in problems:
            by_file.setdefault(p.span.path, ([], []))[0].append(store.encode_problem(p))
        for ob in obligations:
            by_file.setdefault(ob.file, ([], []))[1].append(store.encode_obligation(ob))
        return marshal.dumps(
            {rel: store.pack(store.NO_STAMP, tuple(p), o) for rel, (p, o) in by_file.items()}
        )


def _back(chunk: Sequence[Entry], sent: bytes) -> Part:
    return [], [], marshal.loads(sent)
