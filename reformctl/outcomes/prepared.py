"""Stored outcomes worked out ahead, by the first process of a split run.

In a split run (`reformctl.cli.split`) the helper imports pydantic and the models for a third of
a second, while the first process, once it has walked the folder, waits. When only a few files
changed since the outcome store was written, nearly all of what `check` and `due` print comes from
the store, and reading it needs no model: so the first process lists the ledger, reads the store,
sorts out which item files changed (from the store head's columns), picks the stored
obligations the view shows (for `due --format json`, renders them: `reformctl.render.duejson`),
or takes them from what the last run of the same view kept (`reformctl.outcomes.lastview`), and
hands that over with the walk. The helper then reads only `ledger.yaml`, `units.yaml` and the changed files, and never
opens the store.

The first process does not read the settings: it takes the as-of date (today in the ledger's time
zone, unless given) and the window of `due` from the settings' values the store was written with
(`store.Facts`; the store's key holds the stamp of `ledger.yaml`). The helper checks each
assumption: it uses what was worked out only for the same store key and day (it takes the
listing, the file names, from it), and the picked obligations only for a view equal to its own; else it reads the store itself, as a run in
one process does. Nothing is worked out when the run would write the store (many files changed, a
file added or removed, a store of another day) or when the listing has a problem.

Only the standard library is imported here, and the modules it shares with the store (no model).
"""

from __future__ import annotations

import marshal
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import repeat
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reformctl.load.cachedir import cache_disabled
from reformctl.load.layout import ITEM_KINDS, Entry, Kind, scan
from reformctl.load.walk import Stamp, Walk, current, sharing
from reformctl.outcomes import lastview, store
from reformctl.rules.view import View, picker

if TYPE_CHECKING:
    from datetime import date

    from reformctl.cli.results import Call
    from reformctl.render.duejson import Row

FORMAT = 2
_KINDS = {kind.value: kind for kind in Kind}
_VALUES = {kind: kind.value for kind in Kind}
RENDER_AT_MOST = 10_000
"""Stored obligations rendered here at most: a view showing more (tens of thousands, 30 MB of
JSON) would keep this process rendering long after the helper is ready; the helper renders them."""


@dataclass(frozen=True, slots=True)
class Prepared:
    """What the first process worked out for the run, from the walk and the store."""

    root: str
    key: str
    """The store key the outcomes were read under."""
    day: int | None
    """The as-of date (ordinal) they were read for; None for `check` (problems only)."""
    names: str
    """The digest of the ledger's file names (`store.names`)."""
    listing: tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[int | None, ...]]
    """Every entry of the listing (`layout.scan`, which found no problem), in columns: the kinds
    (by value), paths, stems and years (a column crosses the pipe as one object)."""
    todo: frozenset[str]
    """The item files whose outcomes are not stored: the run reads them."""
    stamps: dict[str, Stamp | None]
    """The walk's stamps of the files the run reads: the other files and `todo` (the run then
    needs no other: it does not unpack the walk's rows)."""
    problems: tuple[store.EncodedProblem, ...]
    """The stored problems of the unchanged item files and of the other files."""
    view: View | None
    """The view `picked` or `rows` is for (None: nothing picked)."""
    picked: tuple[tuple[str, store.EncodedObligation], ...]
    """The stored obligations `view` shows, with their files (none when they are in `rows`)."""
    rows: tuple[Row, ...] | None
    """For `due --format json`: the stored obligations `view` shows, rendered
    (`reformctl.render.duejson`)."""

    def entries(self) -> list[Entry]:
        kinds, rels, stems, years = self.listing
        return list(
            map(
                tuple.__new__,
                repeat(Entry),
                zip(map(_KINDS.__getitem__, kinds), rels, stems, years, strict=True),
            )
        )

    def fits(self, key: str, day: date | None) -> bool:
        """Whether this was worked out for the run's own store key and day (the run's file names
        are these: it takes its listing from here, `entries`)."""
        return (
            self.key == key
            and self.day == (None if day is None else day.toordinal())
            and (day is None or len(self.todo) < store.REWRITE_FROM)
        )


_RECEIVED: list[Prepared] = []


def receive(payload: bytes) -> None:
    """In the helper: keep what the first process worked out (it comes from that process alone)."""
    _RECEIVED.clear()
    found = marshal.loads(payload)
    if not (isinstance(found, tuple) and len(found) == 12 and found[0] == FORMAT):
        return
    _, root, key, day, names, listing, todo, stamps, problems, view, picked, rows = found
    shown = None if view is None else View(*view)
    _RECEIVED.append(Prepared(root, key, day, names, listing, todo, stamps, problems, shown, picked, rows))


def take(root: Path) -> Prepared | None:
    """What was worked out ahead for the ledger at `root` (resolved), once, within a run that
    has the walk it was worked out from (`walk.current`)."""
    for found in _RECEIVED:
        if found.root == str(root):
            _RECEIVED.remove(found)
            return found if current(root) is not None else None
    return None


def prepare(walk: Walk, call: Call | None) -> bytes:
    """In the first process: the stored outcomes the run `call` may take, worked out from the
    walk; nothing when the run would not take them (see the module's text)."""
    if call is None or call[0] not in ("check", "due") or cache_disabled():
        return b""
    name, kwargs = call
    root = Path(walk.root)
    with sharing(walk):
        entries, problems = scan(root)
    if problems:
        return b""
    items = [e for e in entries if e.kind in ITEM_KINDS]
    stamps = walk.stamps()
    key, others = store.ledger_key(root, entries, stamps.get)
    path = store.store_file(root)
    stored = store.read(path, key)
    day = None
    if name == "due":  # the day and the window as the run tells them from the settings
        day = None if stored.facts is None else _day(kwargs, stored.facts)
        if day is None or stored.day != day.toordinal():
            return b""
    if not len(stored):
        return b""
    names = store.names(e.rel for e in entries)
    # what `store.served` serves, without putting the unchanged files' outcomes together
    rest = stored.rest_for(names)
    rels = [e.rel for e in items]
    kept = stored.unchanged(stamps).intersection(rels)
    todo = frozenset(rel for rel in rels if rel not in kept)
    if rest is None or (name == "due" and len(todo) >= store.REWRITE_FROM):
        return b""  # the run writes the store: it reads it whole
    view = None if day is None or stored.facts is None else _view(day, kwargs, stored.facts)
    picked: tuple[tuple[str, store.EncodedObligation], ...] = ()
    rows = None
    if view is not None and day is not None:
        picked, rows = _shown(path, stored, day, view, kwargs.get("fmt") == "json", (kept, rest), todo)
    return marshal.dumps(
        (
            FORMAT,
            walk.root,
            key,
            None if day is None else day.toordinal(),
            names,
            _columns(entries),
            todo,
            {rel: stamps.get(rel) for rel in (*(rel for rel, _ in others), *todo)},
            (*stored.problems_of(kept), *(p for found in rest.values() for p in found[1])),
            None if view is None else _fields(view),
            picked,
            rows,
        )
    )


def _day(kwargs: Mapping[str, Any], facts: store.Facts) -> date | None:
    """The as-of date of `due`, as the run will take it (None when it cannot be told)."""
    from reformctl.cli.clock import parse_date, today
    from reformctl.errors import ReformctlError

    as_of = kwargs.get("as_of")
    try:
        return parse_date(as_of) if isinstance(as_of, str) else today(facts[0])
    except ReformctlError:
        return None


def _view(day: date, kwargs: Mapping[str, Any], facts: store.Facts) -> View | None:
    """The view of `due` (`cli.due.run_due`), its window by default the settings' (`facts`)."""
    within = kwargs.get("within")
    within = facts[1] if within is None else within
    if type(within) is not int:
        return None
    everything = bool(kwargs.get("everything"))
    return picker(
        day,
        within,
        kwargs.get("owner") or [],
        kwargs.get("rule") or [],
        kwargs.get("subject"),
        everything,
        open_only=(kwargs.get("fmt") == "ics" and not everything),
    )


def _shown(
    path: Path,
    stored: store.Stored,
    day: date,
    view: View,
    json: bool,
    served: tuple[set[str], Mapping[str, store.FileOutcome]],
    todo: frozenset[str],
) -> tuple[tuple[tuple[str, store.EncodedObligation], ...], tuple[Row, ...] | None]:
    """The stored obligations `view` shows, with their files, and, for JSON, rendered instead
    (unless there are more than RENDER_AT_MOST): as the last run of the view kept them, less the
    files read again (`lastview`), else picked from the outcomes `served` (the unchanged item
    files, and the other files' outcomes), and kept."""
    token = stored.token
    assert token is not None  # a store read from its file has one (`store.decode`)
    where, fields = lastview.view_file(path), _fields(view)
    last = lastview.read(where, token, day.toordinal(), fields, json)
    if last is not None and last[0] <= todo:
        shown = last[1] if last[0] == todo else tuple(found for found in last[1] if found[0] not in todo)
    else:
        kept, rest = served
        outcomes = {**stored.outcomes_of(kept), **rest}
        picked = tuple(store.picked(outcomes, view, stored.closed))
        if len(picked) > RENDER_AT_MOST:
            return picked, None
        shown = _rendered(picked) if json else picked
        lastview.write(where, token, day.toordinal(), fields, json, todo, shown)
    if json:
        return (), tuple(found[1] for found in shown)
    return shown, None


def _rendered(picked: tuple[tuple[str, store.EncodedObligation], ...]) -> tuple[tuple[str, Row], ...]:
    from reformctl.render.duejson import row

    decoder = store.ObligationDecoder()
    return tuple((rel, row(decoder(rel, e))) for rel, e in picked)


def _columns(entries: list[Entry]) -> tuple[tuple[Any, ...], ...]:
    """The listing in columns (`Prepared.listing`)."""
    if not entries:
        return ((), (), (), ())
    kinds, rels, stems, years = zip(*entries, strict=True)
    return tuple(map(_VALUES.__getitem__, kinds)), rels, stems, years


def _fields(view: View) -> tuple[Any, ...]:
    return (view.horizon, view.owners, view.rules, view.subject, view.everything, view.open_only)
