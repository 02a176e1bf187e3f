"""Problems and obligations of a whole ledger, reading again only the files that changed.

The ledger splits in two: the tracked-item files (projects, pilots, hand-over sheets: nearly all
of a large ledger) and the rest (`ledger.yaml`, `units.yaml`, the year folders). Every problem
and obligation of an item file depends on that file and the rest only, and names that file; the
rest's depend on the rest and on which files the ledger holds (docs/decisions.md, "Outcomes of
unchanged files"). So one run reads `ledger.yaml`, `units.yaml` and the changed item files (and
the rest when its outcomes are not stored), checks and computes over them as one ledger, keeps
what names each file in the outcome store, and takes the unchanged files' outcomes from the
store. The result is the same as checking and computing over the whole ledger
(tests/perf/test_outcomes.py compares them).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from reformctl.check import run_checks
from reformctl.errors import Problem, ReformctlError, has_errors
from reformctl.load.cache import RACY_SECONDS, RecordCache, stamp_of
from reformctl.load.gcpause import paused_gc
from reformctl.load.layout import ITEM_KINDS, Entry, Kind, scan
from reformctl.load.loader import (
    FALLBACK_SETTINGS,
    PARALLEL_MIN_FILES,
    Result,
    assemble,
    default_jobs,
    load_ledger,
    read_entries,
    read_record,
)
from reformctl.load.walk import Stamp, current
from reformctl.model.ledger import Ledger
from reformctl.model.settings import LedgerSettings
from reformctl.outcomes import prepared, store
from reformctl.outcomes.chunks import item_outcomes
from reformctl.rules.engine import compute_obligations, item_obligations
from reformctl.rules.obligation import Obligation, Pick
from reformctl.rules.view import select

if TYPE_CHECKING:
    from reformctl.render.duejson import Row


@dataclass(frozen=True, slots=True)
class Outcome:
    ledger: Ledger
    """The files read in this run: the settings, the units, the changed item files and, unless
    their outcomes came from the store, the year folders' files (else the folders are listed but
    empty). `files` lists every file."""
    problems: list[Problem]
    """Every problem of the whole ledger, sorted."""
    day: date | None
    """The as-of date; None when the ledger has errors (no obligations were computed)."""
    fresh: tuple[Obligation, ...] = ()
    kept: Mapping[str, store.FileOutcome] = field(default_factory=dict)
    recompute: Callable[[], tuple[Obligation, ...]] = tuple
    """Every obligation computed from the files, for when a stored one cannot be rebuilt."""
    closed: Callable[[], Mapping[str, bytes]] = dict
    """The done and late obligations of the `kept` outcomes read without them (`store.Stored`)."""
    ahead: prepared.Prepared | None = None
    """What the first process of a split run worked out: the stored outcomes were not read here,
    and `kept` is empty; its picked obligations serve a view equal to its own."""
    later: Callable[[], Mapping[str, store.FileOutcome]] | None = None
    """With `ahead`: the stored outcomes, read for another view."""

    def obligations(self, pick: Pick) -> list[Obligation]:
        """The obligations of the whole ledger that `pick` wants, unsorted. Stored ones are
        rebuilt only when wanted (most of a large ledger's are not shown)."""
        out = select(self.fresh, pick)
        decoder = store.ObligationDecoder()
        try:
            if self.ahead is not None and self.ahead.view == pick and self.ahead.rows is None:
                stored: Iterable[tuple[str, store.EncodedObligation]] = self.ahead.picked
            else:
                kept = self.kept if self.later is None else self.later()
                stored = store.picked(kept, pick, self.closed)
            out += [decoder(rel, e) for rel, e in stored]
        except (KeyError, ValueError, TypeError, OverflowError, IndexError, AttributeError, EOFError):
            return select(self.recompute(), pick)
        return out

    def rendered(self, pick: Pick) -> tuple[Sequence[Row], list[Obligation]] | None:
        """The obligations `pick` shows as JSON: the stored ones rendered by the first process of
        a split run, and the others; None unless that process rendered them for `pick`."""
        ahead = self.ahead
        if ahead is None or ahead.rows is None or ahead.view != pick:
            return None
        return ahead.rows, select(self.fresh, pick)


def _stamper(root: Path) -> Callable[[str], Stamp | None]:
    """A file's stamp: as the command's walk saw it (`walk.current`), else taken now."""
    walked = current(root)
    if walked is not None:
        return walked.stamps().get
    folder = str(root)

    def stamp(rel: str) -> Stamp | None:
        try:
            return stamp_of(os.stat(os.path.join(folder, rel)))
        except (OSError, ValueError):
            return None

    return stamp


def derive(
    root: Path,
    day_for: Callable[[LedgerSettings], date] | None,
    open_cache: Callable[[], RecordCache | None] | None,
    jobs: int | None = None,
) -> Outcome:
    """The ledger's problems and, when it has no errors, its obligations on `day_for(settings)`.

    `open_cache` gives the record cache; it is opened only when many files must be read (a
    large cache takes longer to open than a few files to parse). None turns the caches off:
    nothing is stored, and many item files are read, checked and computed in `jobs` processes.
    A ReformctlError from `day_for` is raised only when the ledger has no errors, so that they
    are reported first, as by a full load.

    `day_for` None asks for the problems only (`check`): no obligation is computed, the stored
    problems are served whatever day the store was written for (no problem depends on the day),
    and the store is written only when there was none (with its problems only)."""
    with paused_gc():
        return _derive(root.resolve(), day_for, open_cache, default_jobs() if jobs is None else jobs)


OPEN_CACHE_FROM = 200
"""Files to read from which the record cache is opened."""


FIRST_KINDS = frozenset({Kind.SETTINGS, Kind.UNITS})
"""The other files every run reads: the day needs the settings; item files' outcomes and every
view need the settings and the units."""


def _derive(
    root: Path,
    day_for: Callable[[LedgerSettings], date] | None,
    open_cache: Callable[[], RecordCache | None] | None,
    jobs: int,
) -> Outcome:
    ahead = prepared.take(root)
    entries, problems = (ahead.entries(), []) if ahead is not None else scan(root)
    listed = frozenset(problems)  # of the listing: taken afresh by every run, never stored
    items = [e for e in entries if e.kind in ITEM_KINDS]
    others = [e for e in entries if e.kind not in ITEM_KINDS]
    firsts = [e for e in others if e.kind in FIRST_KINDS]
    rest_entries = [e for e in others if e.kind not in FIRST_KINDS]
    read = list(zip(firsts, [read_record(root, e) for e in firsts], strict=True))
    settings = next(
        (rec.value for e, (rec, _) in read if e.kind is Kind.SETTINGS and rec is not None),
        FALLBACK_SETTINGS,
    )
    day: date | None
    day_error: ReformctlError | None = None
    try:
        day = None if day_for is None else day_for(settings)
    except ReformctlError as err:
        day, day_error = None, err
    if open_cache is None:
        read += zip(rest_entries, [read_record(root, e) for e in rest_entries], strict=True)
        return _uncached(root, entries, items, read, problems, day, day_error, jobs)

    path = store.store_file(root)
    key, other_stamps = store.ledger_key(root, entries, _stamper(root) if ahead is None else ahead.stamps.get)
    # the entries the first process listed come with the digest of their names
    names = ahead.names if ahead is not None else store.names(e.rel for e in entries)
    # The other files' outcomes are stored only when none of them changed in the last seconds
    # (their next change might keep the stamp the key holds).
    now = time.time()
    settled = all(found is not None and now - found[1] / 1e9 >= RACY_SECONDS for _, found in other_stamps)
    taken = None if ahead is None else _worked_out(ahead, path, key, day, names, items, root)
    if taken is None:
        ahead = None
        taken = _read_store(path, key, day_for is None, day, names, items, root)
    stored, kept, rest, kept_problems, todo, stamps, later = taken
    if rest is None:
        read += zip(rest_entries, [read_record(root, e) for e in rest_entries], strict=True)
    cache = open_cache() if len(todo) >= OPEN_CACHE_FROM else None
    if cache is not None:
        cache.keep(e.rel for e in entries)  # the files not looked up stay in the cache
    read += zip(todo, read_entries(root, todo, cache=cache, jobs=jobs), strict=True)
    ledger, loaded = assemble(root, entries, read, problems)
    fresh_problems = set(loaded) | set(run_checks(ledger))
    todo_rels = {e.rel for e in todo}
    if rest is not None:  # the year folders were not read: keep what names the items read
        fresh_problems = {p for p in fresh_problems if p.span.path in todo_rels} | listed
    every_problem = sorted(fresh_problems | set(kept_problems), key=Problem.sort_key)
    computed_rest = names if rest is None and settled else None
    facts = (settings.timezone, settings.rules.upcoming_days)
    save = _Save(path, key, stored, kept, todo, stamps, listed, computed_rest, facts)
    if day_for is None:
        if not stored.files and later is None:
            save(None, fresh_problems, ())
        return Outcome(ledger, every_problem, None)
    if has_errors(every_problem):
        return Outcome(ledger, every_problem, None)
    if day_error is not None:
        raise day_error
    assert day is not None
    # with the other files' obligations stored, the item rules give those of the files read
    fresh = compute_obligations(ledger, day) if rest is None else item_obligations(ledger, day, todo_rels)
    recompute = _recompute(root, day, jobs, path)
    if later is not None:  # nothing to store: few files were read, and the store is for the day
        assert ahead is not None
        return Outcome(ledger, every_problem, day, fresh, {}, recompute, later.closed, ahead, later.served)
    save(day, fresh_problems, fresh)
    served = kept if rest is None else {**kept, **rest}
    return Outcome(ledger, every_problem, day, fresh, served, recompute, stored.closed)


class _Taken(NamedTuple):
    """What a run takes from the outcome store."""

    stored: store.Stored
    """As read (empty when the first process read it, or when it is not what reformctl writes)."""
    kept: Mapping[str, store.FileOutcome]
    """The outcomes of the unchanged item files (none when the first process read them)."""
    rest: Mapping[str, store.FileOutcome] | None
    """The outcomes of the other files, when stored (empty when the first process read them)."""
    problems: list[Problem]
    """The stored problems of the unchanged files."""
    todo: list[Entry]
    """The item files to read."""
    stamps: Mapping[str, Stamp | None]
    """The item files' stamps (of the files to read only, when the first process read the store)."""
    later: _Later | None
    """When the first process read the store: the store, for views it did not pick for."""


def _read_store(
    path: Path, key: str, any_day: bool, day: date | None, names: str, items: list[Entry], root: Path
) -> _Taken:
    """The stored outcomes this run may take (for `day`, unless `any_day`)."""
    stamps = _item_stamps(root, items)
    stored = store.read(path, key)
    usable = any_day or (day is not None and stored.day == day.toordinal())
    kept, rest = store.served(stored, stamps, names, usable)
    problems = _problems({**kept, **(rest or {})})
    if problems is None:  # not what reformctl writes: forget it, and store anew
        store.remove(path)
        stored, kept, rest, problems = store.Stored(None, {}), {}, None, []
    return _Taken(stored, kept, rest, problems, [e for e in items if e.rel not in kept], stamps, None)


def _item_stamps(root: Path, items: list[Entry]) -> dict[str, Stamp | None]:
    stamp = _stamper(root)
    return {e.rel: stamp(e.rel) for e in items}


def _worked_out(
    ahead: prepared.Prepared,
    path: Path,
    key: str,
    day: date | None,
    names: str,
    items: list[Entry],
    root: Path,
) -> _Taken | None:
    """The stored outcomes as the first process of a split run read them (`prepared`), when it
    read them for this run (else None: the run reads the store itself)."""
    problems = _problems_of(ahead.problems) if ahead.fits(key, day) else None
    if problems is None:
        return None
    todo = [e for e in items if e.rel in ahead.todo]
    later = _Later(path, key, lambda: _item_stamps(root, items), names, ahead.todo)
    return _Taken(
        store.Stored(None, {}), {}, {}, problems, todo, {e.rel: ahead.stamps.get(e.rel) for e in todo}, later
    )


def _uncached(
    root: Path,
    entries: list[Entry],
    items: list[Entry],
    read: list[tuple[Entry, Result]],
    problems: list[Problem],
    day: date | None,
    day_error: ReformctlError | None,
    jobs: int,
) -> Outcome:
    """Every file read: the item files by chunks (`reformctl.outcomes.chunks`), in several
    processes when there are many, so that checking and computing run in parallel too."""
    if jobs <= 1 or len(items) < PARALLEL_MIN_FILES:
        read += zip(items, read_entries(root, items, jobs=jobs), strict=True)
        ledger, loaded = assemble(root, entries, read, problems)
        every_problem = sorted(set(loaded) | set(run_checks(ledger)), key=Problem.sort_key)
        if has_errors(every_problem):
            return Outcome(ledger, every_problem, None)
        if day_error is not None:
            raise day_error
        assert day is not None
        return Outcome(ledger, every_problem, day, compute_obligations(ledger, day))
    ledger, loaded = assemble(root, entries, read, problems)
    here_problems, here_obligations, received = item_outcomes(root, ledger, items, day, jobs)
    received_problems = _problems(received)
    assert received_problems is not None  # written by this run's own workers
    every_problem = sorted(
        set(loaded) | set(run_checks(ledger)) | set(here_problems) | set(received_problems),
        key=Problem.sort_key,
    )
    if has_errors(every_problem):
        return Outcome(ledger, every_problem, None)
    if day_error is not None:
        raise day_error
    assert day is not None
    fresh = (*compute_obligations(ledger, day), *here_obligations)
    return Outcome(ledger, every_problem, day, fresh, received, _recompute(root, day, jobs, None))


def _recompute(root: Path, day: date, jobs: int, path: Path | None) -> Callable[[], tuple[Obligation, ...]]:
    """Every obligation computed from the files (for when a stored one cannot be rebuilt)."""

    def recompute() -> tuple[Obligation, ...]:
        if path is not None:
            store.remove(path)
        return compute_obligations(load_ledger(root, jobs=jobs)[0], day)

    return recompute


def _problems(kept: Mapping[str, store.FileOutcome]) -> list[Problem] | None:
    """The stored problems, or None when one cannot be rebuilt (then every file is read)."""
    return _problems_of(p for found in kept.values() for p in found[1])


def _problems_of(encoded: Iterable[store.EncodedProblem]) -> list[Problem] | None:
    try:
        return [store.decode_problem(p) for p in encoded]
    except (KeyError, ValueError, TypeError):
        return None


class _Later:
    """The store of a run whose stored outcomes the first process read (`prepared`): read here
    only when a view wants obligations that process did not pick."""

    def __init__(
        self,
        path: Path,
        key: str,
        stamps: Callable[[], Mapping[str, Stamp | None]],
        names: str,
        todo: frozenset[str],
    ) -> None:
        """`stamps` gives every item file's; `todo` are the item files the first process found
        changed (the others' outcomes it took from the store)."""
        self._path, self._key, self._stamps, self._names, self._todo = path, key, stamps, names, todo
        self._stored: store.Stored | None = None

    def served(self) -> Mapping[str, store.FileOutcome]:
        """The stored outcomes the first process found. Raises ValueError when the store no longer
        holds them (written again since)."""
        self._stored = store.read(self._path, self._key)
        stamps = self._stamps()
        kept, rest = store.served(self._stored, stamps, self._names, True)
        if rest is None or kept.keys() != stamps.keys() - self._todo:
            raise ValueError("store written again")
        return {**kept, **rest}

    def closed(self) -> Mapping[str, bytes]:
        if self._stored is None:
            raise ValueError("store not read")
        return self._stored.closed()


@dataclass(frozen=True, slots=True)
class _Save:
    """Writes the store after a run (see `__call__`)."""

    path: Path
    key: str
    stored: store.Stored
    kept: Mapping[str, store.FileOutcome]
    todo: Sequence[Entry]
    stamps: Mapping[str, Stamp | None]
    """Of every item file."""
    listed: frozenset[Problem]
    """The problems of listing the folder (never stored)."""
    names: str | None
    """The digest of the file names when the other files were read in this run and may be
    stored (none changed in the last seconds); else None."""
    facts: store.Facts
    """Of the settings the run read."""

    def __call__(self, day: date | None, problems: set[Problem], obligations: Sequence[Obligation]) -> None:
        """Store the outcomes of the files read in this run (unless they changed in the last
        seconds: their next change might keep the stamp), beside the unchanged ones.

        A store still usable for this day is rewritten only when many files were read, or when
        the other files' outcomes were computed again (a file was added or removed): rewriting
        a large store costs more than reading a few changed files again on the next run. A store
        without a day holds problems only (written by `check`): no obligation is served from it."""
        ordinal = None if day is None else day.toordinal()
        stored = self.stored
        if (
            ordinal is not None
            and stored.day == ordinal
            and len(self.todo) < store.REWRITE_FROM
            and self.names is None
        ):
            return
        now = time.time()
        new: dict[str, Stamp] = {}
        for entry in self.todo:
            stamp = self.stamps.get(entry.rel)
            if stamp is not None and now - stamp[1] / 1e9 >= RACY_SECONDS:
                new[entry.rel] = stamp
        items = self.stamps
        rest_wanted = self.names is not None
        by_file_problems: dict[str, list[store.EncodedProblem]] = {}
        for p in problems:
            if p.span.path in new or (rest_wanted and p.span.path not in items and p not in self.listed):
                by_file_problems.setdefault(p.span.path, []).append(store.encode_problem(p))
        by_file_obligations: dict[str, list[store.EncodedObligation]] = {}
        for ob in obligations:
            if ob.file in new or (rest_wanted and ob.file not in items):
                by_file_obligations.setdefault(ob.file, []).append(store.encode_obligation(ob))
        packed = {
            rel: store.pack(
                stamp, tuple(sorted(by_file_problems.get(rel, ()))), by_file_obligations.get(rel, ())
            )
            for rel, stamp in new.items()
        }
        rest = stored.rest if ordinal is None or stored.day == ordinal else None
        if self.names is not None:
            paths = (set(by_file_problems) | set(by_file_obligations)) - set(items)
            rest = (
                self.names,
                {
                    rel: store.pack(
                        store.NO_STAMP,
                        tuple(sorted(by_file_problems.get(rel, ()))),
                        by_file_obligations.get(rel, ()),
                    )
                    for rel in sorted(paths)
                },
            )
        facts = None if day is None else self.facts
        store.write(
            self.path, self.key, store.Stored(ordinal, {**self.kept, **packed}, rest, facts=facts), stored
        )
