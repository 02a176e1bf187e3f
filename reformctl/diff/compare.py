"""Comparing two ledgers: records, obligations, the project library and check problems.

Pure functions over two (Ledger, problems) sides and an as-of date: no files, no git, no clock.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from difflib import SequenceMatcher

from reformctl.diff.records import KINDS, RecordView, Value, loaded_files, person_names, records, unit_names
from reformctl.errors import Problem, Severity
from reformctl.model.ledger import Ledger
from reformctl.rules.engine import compute_obligations
from reformctl.rules.library import in_library, library_exit
from reformctl.rules.obligation import Obligation, sort_key
from reformctl.source import PathKey

UNIT_KEYS = frozenset(
    {"lead", "group", "partners", "assigned", "coordinator", "raised_by", "unit", "with", "by", "office"}
)
"""Fields whose values are unit ids (shown with the unit's name when it is one)."""
PERSON_KEYS = frozenset({"leader", "team", "secretary"})
"""Fields whose values are person ids (shown with the person's name when it is one)."""


@dataclass(frozen=True, slots=True)
class Side:
    """One side of the comparison: a loaded ledger and every problem `check` finds in it."""

    ledger: Ledger
    problems: tuple[Problem, ...] = ()
    present: bool = True
    """False when the ledger folder does not exist at that revision (everything is added)."""


@dataclass(frozen=True, slots=True)
class Names:
    """Unit and person names of both sides (the new side's name wins)."""

    units: Mapping[str, str] = field(default_factory=dict)
    people: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, old: Ledger, new: Ledger) -> Names:
        return cls({**unit_names(old), **unit_names(new)}, {**person_names(old), **person_names(new)})

    def lookup(self, key: str | None, value: Value) -> str | None:
        """The name of `value` when the field `key` holds unit or person ids and it is one."""
        if not isinstance(value, str) or key is None:
            return None
        if key in UNIT_KEYS:
            return self.units.get(value)
        if key in PERSON_KEYS:
            return self.people.get(value)
        return None


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One field of a record that differs. For a list: `added`/`removed` hold its items."""

    keys: PathKey
    """Path inside the record, as in YAML (0-based list indexes)."""
    old: Value
    new: Value
    added: tuple[Value, ...] = ()
    removed: tuple[Value, ...] = ()
    is_list: bool = False
    names: tuple[tuple[str, str], ...] = ()
    """(id, name) of the unit and person ids that appear in this change."""
    line: int | None = None
    """Line of the field (or its nearest enclosing node) in the new side's file."""

    @property
    def path(self) -> str:
        return field_path(self.keys)

    @property
    def key(self) -> str | None:
        """The name of the field (the last mapping key of the path)."""
        return next((k for k in reversed(self.keys) if isinstance(k, str)), None)


@dataclass(frozen=True, slots=True)
class RecordRef:
    kind: str
    subject: str
    title: str | None
    file: str
    line: int


@dataclass(frozen=True, slots=True)
class RecordChange:
    record: RecordRef
    fields: tuple[FieldChange, ...]


@dataclass(frozen=True, slots=True)
class ObligationChange:
    """An obligation before and after the change (None on the side where it does not exist)."""

    old: Obligation | None
    new: Obligation | None

    @property
    def shown(self) -> Obligation:
        ob = self.new if self.new is not None else self.old
        assert ob is not None
        return ob


@dataclass(frozen=True, slots=True)
class LibraryMove:
    """A project whose membership of the library on the as-of date differs."""

    project: str
    title: str
    date: date | None
    reason: str | None = None
    """For exits: completed, time-limit, adjusted (from the ledger), removed (file deleted) or
    not-entered (its `entered` is now after the as-of date)."""
    note: str | None = None


@dataclass(frozen=True, slots=True)
class ObligationChanges:
    fulfilled: tuple[ObligationChange, ...] = ()
    reopened: tuple[ObligationChange, ...] = ()
    created: tuple[ObligationChange, ...] = ()
    removed: tuple[ObligationChange, ...] = ()
    reassigned: tuple[ObligationChange, ...] = ()
    now_overdue: tuple[ObligationChange, ...] = ()
    changed_due: tuple[ObligationChange, ...] = ()

    def __bool__(self) -> bool:
        return any(getattr(self, name) for name in self.__dataclass_fields__)


@dataclass(frozen=True, slots=True)
class Diff:
    as_of: date
    records_added: tuple[RecordRef, ...] = ()
    records_removed: tuple[RecordRef, ...] = ()
    records_changed: tuple[RecordChange, ...] = ()
    unreadable: tuple[str, ...] = ()
    """Files that do not load on one side: their records and obligations are not compared."""
    obligations: ObligationChanges = ObligationChanges()
    entered: tuple[LibraryMove, ...] = ()
    exited: tuple[LibraryMove, ...] = ()
    problems_added: tuple[Problem, ...] = ()
    problems_fixed: tuple[Problem, ...] = ()

    @property
    def adds_errors(self) -> bool:
        """Whether the change adds check errors (the command then exits 1)."""
        return any(p.severity is Severity.ERROR for p in self.problems_added)

    @property
    def empty(self) -> bool:
        return not any(
            (
                self.records_added,
                self.records_removed,
                self.records_changed,
                self.unreadable,
                self.obligations,
                self.entered,
                self.exited,
                self.problems_added,
                self.problems_fixed,
            )
        )


def field_path(keys: PathKey) -> str:
    """`milestones[4].done`: mapping keys joined by dots, list positions counted from 1 (like
    milestone numbers m1, m2 … of `due`)."""
    out = ""
    for k in keys:
        if isinstance(k, int):
            out += f"[{k + 1}]"
        else:
            out += f".{k}" if out else k
    return out


# --- records -------------------------------------------------------------------------------


def _canon(value: Value) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def _is_container(value: Value) -> bool:
    return isinstance(value, dict | list)


def _multiset_minus(a: Sequence[Value], b: Sequence[Value]) -> list[Value]:
    """Items of `a` not matched by an equal item of `b` (counting repeats)."""
    left: dict[str, int] = defaultdict(int)
    for item in b:
        left[_canon(item)] += 1
    out = []
    for item in a:
        key = _canon(item)
        if left[key]:
            left[key] -= 1
        else:
            out.append(item)
    return out


def _both(old: Value, new: Value, kind: type) -> bool:
    """Whether one side is a `kind` container and the other one too, or missing."""
    return (isinstance(old, kind) or isinstance(new, kind)) and all(
        v is None or isinstance(v, kind) for v in (old, new)
    )


def diff_values(old: Value, new: Value, keys: PathKey = ()) -> list[FieldChange]:
    """Every leaf that differs between two plain values; a missing container counts as empty.

    Mappings are compared key by key. A list of plain values is one change with the items added
    and removed. A list of mappings (milestones, evaluations …) is aligned item by item: an item
    edited in place is compared field by field (`milestones[4].done`), inserted and deleted items
    are one change of the list with those items.
    """
    if old == new:
        return []
    if _both(old, new, dict):
        before = old if isinstance(old, dict) else {}
        after = new if isinstance(new, dict) else {}
        out: list[FieldChange] = []
        for k in [*before, *(k for k in after if k not in before)]:
            out += diff_values(before.get(k), after.get(k), (*keys, k))
        return out
    if _both(old, new, list):
        return _diff_lists(old if isinstance(old, list) else [], new if isinstance(new, list) else [], keys)
    return [FieldChange(keys, old, new)]


def _diff_lists(old: list[Value], new: list[Value], keys: PathKey) -> list[FieldChange]:
    def whole(added: Sequence[Value], removed: Sequence[Value]) -> FieldChange:
        return FieldChange(keys, old, new, tuple(added), tuple(removed), is_list=True)

    if not any(_is_container(v) for v in (*old, *new)):
        return [whole(_multiset_minus(new, old), _multiset_minus(old, new))]
    out: list[FieldChange] = []
    added: list[Value] = []
    removed: list[Value] = []
    matcher = SequenceMatcher(None, [_canon(v) for v in old], [_canon(v) for v in new], autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        if op == "replace" and i2 - i1 == j2 - j1:
            for i, j in zip(range(i1, i2), range(j1, j2), strict=True):
                out += diff_values(old[i], new[j], (*keys, j))
            continue
        removed += old[i1:i2]
        added += new[j1:j2]
    if added or removed:
        out.insert(0, whole(added, removed))
    return out


def _ids(key: str | None, value: Value, names: Names) -> Iterable[tuple[str, str]]:
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _ids(k, v, names)
    elif isinstance(value, list):
        for v in value:
            yield from _ids(key, v, names)
    else:
        name = names.lookup(key, value)
        if name is not None and isinstance(value, str):
            yield value, name


def _named(change: FieldChange, names: Names, rec: RecordView) -> FieldChange:
    found = dict(_ids(change.key, [change.old, change.new], names))
    return FieldChange(
        change.keys,
        change.old,
        change.new,
        change.added,
        change.removed,
        change.is_list,
        tuple(sorted(found.items())),
        rec.line_of(change.keys),
    )


def _ref(rec: RecordView) -> RecordRef:
    return RecordRef(rec.kind, rec.subject, rec.title, rec.file, rec.line)


def _record_order(ref: RecordRef) -> tuple[int, str]:
    return (KINDS.index(ref.kind), ref.subject)


def compare_records(
    old: Ledger, new: Ledger, skip_files: frozenset[str] = frozenset()
) -> tuple[tuple[RecordRef, ...], tuple[RecordRef, ...], tuple[RecordChange, ...]]:
    """Records added, removed and changed (field by field, in the order of the new file's lines);
    records in `skip_files` are left out."""
    before = {s: r for s, r in records(old).items() if r.file not in skip_files}
    after = {s: r for s, r in records(new).items() if r.file not in skip_files}
    names = Names.of(old, new)
    added = sorted((_ref(r) for s, r in after.items() if s not in before), key=_record_order)
    removed = sorted((_ref(r) for s, r in before.items() if s not in after), key=_record_order)
    changed = []
    for subject, rec in after.items():
        if subject not in before:
            continue
        fields = diff_values(before[subject].data, rec.data)
        if fields:
            named = sorted((_named(f, names, rec) for f in fields), key=lambda f: f.line or 0)
            changed.append(RecordChange(_ref(rec), tuple(named)))
    changed.sort(key=lambda c: _record_order(c.record))
    return tuple(added), tuple(removed), tuple(changed)


def unreadable_files(old: Side, new: Side) -> frozenset[str]:
    """Files present on a side that did not load there (schema or YAML errors)."""
    out: set[str] = set()
    for side in (old, new):
        out |= side.ledger.files - loaded_files(side.ledger)
    return frozenset(out)


# --- obligations ---------------------------------------------------------------------------

ObligationKey = tuple[str, str, str | None, str]
OVERDUE_OR_LATE = ("overdue", "late")


def obligation_key(ob: Obligation) -> ObligationKey:
    """What identifies an obligation across revisions: (rule, subject, period, owner)."""
    return (ob.rule.value, ob.subject, ob.period, ob.owner)


def compare_obligations(
    old: Sequence[Obligation], new: Sequence[Obligation], skip_files: frozenset[str] = frozenset()
) -> ObligationChanges:
    """Obligations computed on both sides for the same as-of date, matched by obligation_key.

    - created / removed: the key exists on one side only;
    - reassigned: the only obligation of its (rule, subject, period) left unmatched on each side,
      with another owner (a changed lead): one obligation that changed hands, not a removed and a
      created one; it is also classified below;
    - fulfilled: open before (open, due soon, overdue), done or late after;
    - reopened: done or late before, open again after (its `done` was removed or moved later);
    - now_overdue: overdue or late after but not before (and not fulfilled or reopened);
    - changed_due: the due date differs (also listed in another group when its state changed).
    Obligations whose file is in `skip_files` are left out.
    """
    before = {obligation_key(ob): ob for ob in old if ob.file not in skip_files}
    after = {obligation_key(ob): ob for ob in new if ob.file not in skip_files}
    groups: dict[str, list[ObligationChange]] = defaultdict(list)
    pairs = [ObligationChange(before[key], ob) for key, ob in after.items() if key in before]
    gone = _by_item(ob for key, ob in before.items() if key not in after)
    came = _by_item(ob for key, ob in after.items() if key not in before)
    for item, news in came.items():
        olds = gone.pop(item, [])
        if len(news) == 1 and len(olds) == 1:
            pair = ObligationChange(olds[0], news[0])
            groups["reassigned"].append(pair)
            pairs.append(pair)
        else:
            groups["created"] += [ObligationChange(None, ob) for ob in news]
            groups["removed"] += [ObligationChange(ob, None) for ob in olds]
    groups["removed"] += [ObligationChange(ob, None) for olds in gone.values() for ob in olds]
    for change in pairs:
        was, ob = change.old, change.new
        assert was is not None and ob is not None
        if was.is_open and not ob.is_open:
            groups["fulfilled"].append(change)
        elif not was.is_open and ob.is_open:
            groups["reopened"].append(change)
        elif ob.state in OVERDUE_OR_LATE and was.state not in OVERDUE_OR_LATE:
            groups["now_overdue"].append(change)
        if was.due != ob.due:
            groups["changed_due"].append(change)

    def ordered(name: str) -> tuple[ObligationChange, ...]:
        return tuple(sorted(groups[name], key=lambda c: sort_key(c.shown)))

    return ObligationChanges(**{name: ordered(name) for name in ObligationChanges.__dataclass_fields__})


def _by_item(obligations: Iterable[Obligation]) -> dict[tuple[str, str, str | None], list[Obligation]]:
    """Obligations grouped by (rule, subject, period): the same duty whoever owes it."""
    out: dict[tuple[str, str, str | None], list[Obligation]] = defaultdict(list)
    for ob in obligations:
        out[(ob.rule.value, ob.subject, ob.period)].append(ob)
    return out


# --- library -------------------------------------------------------------------------------


def compare_library(
    old: Ledger, new: Ledger, as_of: date, skip_files: frozenset[str] = frozenset()
) -> tuple[tuple[LibraryMove, ...], tuple[LibraryMove, ...]]:
    """Projects that entered and exited the library: in it on `as_of` on one side only (SPEC §4)."""
    entered: list[LibraryMove] = []
    exited: list[LibraryMove] = []
    for pid in sorted(set(old.projects) | set(new.projects)):
        was_rec, now_rec = old.projects.get(pid), new.projects.get(pid)
        if any(r is not None and r.file in skip_files for r in (was_rec, now_rec)):
            continue
        was = was_rec is not None and in_library(was_rec.value, as_of, as_of)
        now = now_rec is not None and in_library(now_rec.value, as_of, as_of)
        if now and not was:
            assert now_rec is not None
            entered.append(LibraryMove(pid, now_rec.value.title, now_rec.value.entered))
        elif was and not now:
            assert was_rec is not None
            if now_rec is None:
                exited.append(LibraryMove(pid, was_rec.value.title, None, "removed"))
                continue
            leaving = library_exit(now_rec.value, as_of)
            if leaving is None or leaving.date > as_of:
                exited.append(LibraryMove(pid, now_rec.value.title, now_rec.value.entered, "not-entered"))
            else:
                exited.append(
                    LibraryMove(pid, now_rec.value.title, leaving.date, leaving.reason, leaving.note)
                )
    return tuple(entered), tuple(exited)


# --- problems ------------------------------------------------------------------------------


def _problem_key(p: Problem) -> tuple[str, str, str]:
    return (p.span.path, p.code, p.message)


def compare_problems(
    old: Sequence[Problem], new: Sequence[Problem]
) -> tuple[tuple[Problem, ...], tuple[Problem, ...]]:
    """Problems added and fixed, matched by (file, code, message): moving lines is no change.

    When the same message occurs several times in a file, only the surplus on one side counts
    (those at positions the other side does not have first).
    """
    before: dict[tuple[str, str, str], list[Problem]] = defaultdict(list)
    after: dict[tuple[str, str, str], list[Problem]] = defaultdict(list)
    for p in old:
        before[_problem_key(p)].append(p)
    for p in new:
        after[_problem_key(p)].append(p)
    added: list[Problem] = []
    fixed: list[Problem] = []
    for key in set(before) | set(after):
        olds, news = before.get(key, []), after.get(key, [])
        surplus = len(news) - len(olds)
        if surplus > 0:
            spans = {p.span for p in olds}
            added += sorted(news, key=lambda p: (p.span in spans, Problem.sort_key(p)))[:surplus]
        elif surplus < 0:
            spans = {p.span for p in news}
            fixed += sorted(olds, key=lambda p: (p.span in spans, Problem.sort_key(p)))[:-surplus]
    return tuple(sorted(added, key=Problem.sort_key)), tuple(sorted(fixed, key=Problem.sort_key))


# --- everything ----------------------------------------------------------------------------


def compare(old: Side, new: Side, as_of: date) -> Diff:
    """The meaning of the change from `old` to `new` as of `as_of`."""
    skip = unreadable_files(old, new)
    added, removed, changed = compare_records(old.ledger, new.ledger, skip)
    obligations = compare_obligations(
        compute_obligations(old.ledger, as_of), compute_obligations(new.ledger, as_of), skip
    )
    entered, exited = compare_library(old.ledger, new.ledger, as_of, skip)
    problems_added, problems_fixed = compare_problems(old.problems, new.problems)
    return Diff(
        as_of=as_of,
        records_added=added,
        records_removed=removed,
        records_changed=changed,
        unreadable=tuple(sorted(skip)),
        obligations=obligations,
        entered=entered,
        exited=exited,
        problems_added=problems_added,
        problems_fixed=problems_fixed,
    )
