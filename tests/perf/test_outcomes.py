"""The outcome store behind `reformctl due` (reformctl/outcomes): cached runs print what uncached runs print.

Comparisons run `due` in-process by the former full path (`load` of the whole ledger, then
`compute_obligations` + `select` in `run_due`: the reference), with the caches on (the outcome
store), and in many places with `--no-cache` too; all must print the same. Tested:

1. equivalence: on the example ledger and on generated ledgers (reported and unreported), every
   format and filter of `due` prints the same stdout and stderr with the same exit code, and a
   run after the first reads no tracked-item file (all are served from the store);
2. changed, added, deleted and edited item files are read again, and only they; the store keeps
   the others' outcomes, is rewritten from `REWRITE_FROM` files read, and never holds a file
   modified within `RACY_SECONDS`;
3. a change to a file that is not a tracked item (units.yaml, ledger.yaml, a year folder) or another
   as-of day makes every item file be read again;
4. ledgers with errors refuse with the same stderr; stored warnings are served, stored errors refuse;
5. a damaged store (bytes, or a valid checksum over wrongly shaped content) never gives a
   traceback, and the output stays the reference's;
6. stored obligations and problems round-trip, and their decoders raise only what callers catch;
7. `picker` + `select` keep the semantics of the former `select`.
"""

from __future__ import annotations

import json
import marshal
import os
import random
import shutil
import time
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks.generate import generate
from reformctl.check import run_checks
from reformctl.cli import common
from reformctl.cli import reads as reads_module
from reformctl.cli.common import Loaded
from reformctl.errors import Problem, Severity
from reformctl.load.cache import stamp_of
from reformctl.load.layout import ITEM_KINDS, Entry, Kind, scan
from reformctl.load.loader import load_ledger, read_entries
from reformctl.model.rule_ids import RuleId
from reformctl.outcomes import derive, store
from reformctl.rules.engine import compute_obligations
from reformctl.rules.obligation import STATES, Obligation, sort_key
from reformctl.rules.view import picker, select
from reformctl.source import Span
from tests.conftest import EXAMPLE, LEDGERS, Result, run_cli

AS_OF = "2026-07-10"
DAY = date.fromisoformat(AS_OF)
EVERYTHING = picker(DAY, 14, [], [], None, True)
OLD = time.time() - 3600
"""An hour ago: files this old are outside the racy window, so their outcomes are stored."""
FORMATS = ("table", "json", "md", "csv", "ics")
ITEM_FOLDERS = ("projects/", "pilots/", "handovers/")


# ---------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------


def _age(root: Path) -> None:
    """Set every file's mtime an hour back (which sets its ctime to now)."""
    for path in root.rglob("*"):
        if path.is_file():
            os.utime(path, (OLD, OLD))


def _build(kind: str, target: Path) -> Path:
    """An aged ledger: the example, or a generated one of 60 projects (reported or not)."""
    if kind == "example":
        shutil.copytree(EXAMPLE, target)
    else:
        generate(target, 60, reported=kind == "generated")
    _age(target)
    return target


def _due(root: Path, *args: str, cache: bool = True, as_of: str = AS_OF) -> Result:
    head = () if cache else ("--no-cache",)
    return run_cli(*head, "due", "--ledger", str(root), "--as-of", as_of, *args)


def _former_load_due(ledger_opt: Path | None, as_of: str | None) -> tuple[Loaded, None, None]:
    """`load_due` before the outcome store: the whole ledger loaded and checked; `due` then
    computes every obligation itself (`compute_obligations` + `select`)."""
    return common.load(ledger_opt), None, None


def _reference(root: Path, *args: str, as_of: str = AS_OF) -> Result:
    """`due ARGS` by the former full path: what every other run must print."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(reads_module, "load_due", _former_load_due)
        return _due(root, *args, cache=False, as_of=as_of)


def _equal(actual: Result, expected: Result, args: Sequence[str]) -> None:
    assert "internal error" not in actual.stderr, (args, actual.stderr)
    assert actual.exit_code == expected.exit_code, (args, actual.stderr)
    assert actual.stderr == expected.stderr, args
    assert actual.stdout == expected.stdout, args


def _same(root: Path, *args: str, as_of: str = AS_OF, plain: bool = True) -> Result:
    """`due ARGS` by the reference, with `--no-cache` (unless `plain` is false), and with the
    caches, last (so that `Reads.last` is the cached run's): all must print the same."""
    expected = _reference(root, *args, as_of=as_of)
    if plain:
        _equal(_due(root, *args, cache=False, as_of=as_of), expected, ("--no-cache", *args))
    cached = _due(root, *args, as_of=as_of)
    _equal(cached, expected, args)
    return cached


def _entries(root: Path) -> list[Entry]:
    return scan(root.resolve())[0]


def _items(root: Path) -> set[str]:
    return {e.rel for e in _entries(root) if e.kind in ITEM_KINDS}


def _stamp(root: Path, rel: str) -> tuple[int, int, int, int]:
    return stamp_of(os.stat(root / rel))


def _payload(data: bytes) -> bytes:
    """The head of a store file (its key, day and outcomes but their done and late obligations)."""
    size = int.from_bytes(data[store.HEADER_SIZE - store.LENGTH_SIZE : store.HEADER_SIZE], "big")
    return data[store.HEADER_SIZE : store.HEADER_SIZE + size]


def _key(root: Path) -> str:
    """The key the ledger's store was written under, read from the store file (what the key is
    made of is `derive`'s business; that it changes when it must is what the read counts show)."""
    key: str = marshal.loads(_payload(store.store_file(root).read_bytes()))[0]
    return key


def _stored(root: Path) -> store.Stored:
    """The ledger's store, read whole and checked by `store.read`."""
    return store.read(store.store_file(root), _key(root), closed=True)


def _obligations(result: Result) -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = json.loads(result.stdout)["obligations"]
    return data


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    os.utime(path, (OLD, OLD))  # outside the racy window again


class Reads:
    """The tracked-item files each run through `derive` read (not served from the store)."""

    def __init__(self) -> None:
        self.runs: list[set[str]] = []

    @property
    def last(self) -> set[str]:
        assert self.runs, "no run went through derive"
        return self.runs[-1]


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> Reads:
    """Spy on the call by which `derive` reads item files, once a run (`run_cli` runs in-process)."""
    spy = Reads()
    real = read_entries  # what derive calls under that name

    def counting(root: Path, entries: Sequence[Entry], *args: Any, **kwargs: Any) -> Any:
        spy.runs.append({e.rel for e in entries if e.kind in ITEM_KINDS})
        return real(root, entries, *args, **kwargs)

    monkeypatch.setattr(derive, "read_entries", counting)
    return spy


@pytest.fixture(scope="module")
def example_ledger(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One aged copy of the example ledger, never modified (each test has its own cache folder)."""
    return _build("example", tmp_path_factory.mktemp("outcomes") / "ledger")


_EXPECTED: dict[tuple[str, tuple[str, ...]], Result] = {}


def _expected(root: Path, *args: str) -> Result:
    """The reference output on a ledger that never changes (`example_ledger`), computed once."""
    key = (str(root), args)
    if key not in _EXPECTED:
        _EXPECTED[key] = _reference(root, *args)
    return _EXPECTED[key]


def _views(root: Path, few: bool = False) -> list[tuple[str, ...]]:
    """The views of `due` compared: every format, with and without --all, and the filters."""
    every = _obligations(_reference(root, "--all", "--format", "json"))
    of_items = [ob for ob in every if ob["file"].startswith(ITEM_FOLDERS)]
    by_owner: dict[str, int] = {}
    for ob in of_items:
        by_owner[ob["owner"]] = by_owner.get(ob["owner"], 0) + 1
    owners = sorted(by_owner, key=lambda o: (-by_owner[o], o))[:2]
    project = next(ob["subject"] for ob in of_items if ob["subject"].startswith("projects/"))
    pilot = next(ob["subject"] for ob in of_items if ob["subject"].startswith("pilots/"))
    if few:
        return [
            ("--all", "--format", "json"),
            ("--format", "md"),
            ("--owner", owners[0], "--format", "json"),
            ("--rule", "quarterly-report", "--all", "--format", "csv"),
            ("--subject", project, "--all", "--format", "md"),
            ("--subject", pilot, "--fail-on-overdue"),
        ]
    return [
        *(("--format", fmt) for fmt in FORMATS),
        *(("--all", "--format", fmt) for fmt in ("json", "md", "csv")),
        ("--owner", owners[0], "--owner", owners[1], "--all", "--format", "csv"),
        ("--all", "--format", "table", "--owner", owners[1]),
        ("--rule", "quarterly-report"),
        ("--rule", "milestone", "--rule", "results-report", "--all", "--format", "json"),
        ("--subject", project, "--all", "--format", "json"),
        ("--subject", pilot, "--all", "--format", "csv"),
        ("--subject", "2026/keypoints", "--within", "400", "--format", "md"),
        ("--fail-on-overdue", "--locale", "en"),
    ]


# ---------------------------------------------------------------------------------------------
# 1. Equivalence
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["example", "generated", "unreported"])
def test_cached_due_equals_uncached_in_every_view(tmp_path: Path, kind: str, reads: Reads) -> None:
    root = _build(kind, tmp_path / "ledger")
    items = _items(root)
    assert len(items) >= 20
    _same(root)
    assert reads.last == items  # the first cached run reads every item file and fills the store
    stored = _stored(root)
    assert stored.day == DAY.toordinal()
    assert set(stored.files) == items
    assert all(found[0] == _stamp(root, rel) for rel, found in stored.files.items())
    for i, view in enumerate(_views(root, few=kind != "example")):
        _same(root, *view, plain=i < 2)
        assert reads.last == set(), f"{view}: item files were read instead of served"
    # Not vacuous: obligations of item files are shown, rebuilt from the store.
    shown = _obligations(_due(root, "--all", "--format", "json"))
    assert reads.last == set()
    files = {ob["file"] for ob in shown}
    projects = {rel for rel in items if rel.startswith("projects/")}
    assert len(projects & files) > len(projects) // 2
    assert any(f.startswith("pilots/") for f in files) and any(f.startswith("handovers/") for f in files)


def test_the_no_cache_variable_skips_the_store(example_ledger: Path, reads: Reads) -> None:
    args = ("due", "--ledger", str(example_ledger), "--as-of", AS_OF, "--all", "--format", "csv")
    off = run_cli(*args, env={"REFORMCTL_NO_CACHE": "1"})
    assert not store.store_file(example_ledger).exists()
    assert off == run_cli("--no-cache", *args) == _expected(example_ledger, "--all", "--format", "csv")
    assert not store.store_file(example_ledger).exists()
    assert run_cli(*args) == run_cli(*args) == off
    assert reads.runs[-2:] == [_items(example_ledger), set()]


# ---------------------------------------------------------------------------------------------
# 2. Changed item files
# ---------------------------------------------------------------------------------------------


def test_changed_item_files_are_read_again_and_only_they(
    tmp_path: Path, reads: Reads, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _build("generated", tmp_path / "ledger")
    items = _items(root)
    _same(root, "--all", "--format", "json", plain=False)
    assert reads.last == items
    original = dict(_stored(root).files)
    assert set(original) == items
    changed: set[str] = set()

    def check(*view: str, rewritten: bool = False) -> Result:
        """The reference output; exactly the changed files read; the store untouched (fewer
        than REWRITE_FROM files were read) and still valid for every unchanged file — or, when a
        file was added or removed (`rewritten`), written again with every file as it is now (the
        other files' outcomes, which look for subjects by name, were computed again)."""
        out = _same(root, *view, plain=False)
        assert reads.last == changed
        files = _stored(root).files
        now = _items(root)
        if rewritten:
            assert set(files) == now and all(f[0] == _stamp(root, rel) for rel, f in files.items())
            original.clear()
            original.update(files)
            changed.clear()
            return out
        assert files == original
        assert {rel for rel, f in files.items() if rel in now and f[0] == _stamp(root, rel)} == now - changed
        return out

    # a. A project's title (another length).
    project = "projects/p000003.yaml"
    text = (root / project).read_text(encoding="utf-8")
    old_title = next(line for line in text.splitlines() if line.startswith("title: "))
    _edit(root / project, old_title, "title: 改过标题的项目")
    changed.add(project)
    shown = _obligations(check("--subject", "projects/p000003", "--all", "--format", "json"))
    assert shown and all(ob["title"].startswith("改过标题的项目") for ob in shown)

    # b. A new project.
    new = "projects/p000999.yaml"
    source = (root / "projects/p000004.yaml").read_text(encoding="utf-8")
    (root / new).write_text(source.replace("title: ", "title: 新增", 1), encoding="utf-8")
    os.utime(root / new, (OLD, OLD))
    changed.add(new)
    shown = _obligations(check("--subject", "projects/p000999", "--all", "--format", "json", rewritten=True))
    assert shown and all(ob["title"].startswith("新增") for ob in shown)

    # c. A pilot deleted (it had obligations; now none, and nothing is read for it).
    every = _obligations(_reference(root, "--all", "--format", "json"))
    pilot = next(ob["file"] for ob in every if ob["file"].startswith("pilots/"))
    (root / pilot).unlink()
    shown = _obligations(check("--all", "--format", "json", rewritten=True))
    assert pilot not in {ob["file"] for ob in shown}

    # d. A hand-over sheet edited in place: same size, mtime and inode; only the ctime differs.
    handover = "handovers/h000001.yaml"
    before = _obligations(_reference(root, "--subject", "handovers/h000001", "--all", "--format", "json"))
    text = (root / handover).read_text(encoding="utf-8")
    deadline = next(line for line in text.splitlines() if line.startswith("deadline: "))
    moved = deadline[:-1] + ("1" if deadline[-1] != "1" else "2")
    old_stamp = _stamp(root, handover)
    time.sleep(0.05)  # past the file system's coarse timestamp tick
    _edit(root / handover, deadline, moved)
    new_stamp = _stamp(root, handover)
    assert (new_stamp[0], new_stamp[1], new_stamp[3]) == (old_stamp[0], old_stamp[1], old_stamp[3])
    assert new_stamp[2] != old_stamp[2]
    changed.add(handover)
    after = _obligations(check("--subject", "handovers/h000001", "--all", "--format", "json"))
    assert before and after and before != after
    assert {ob["due"] for ob in after} == {moved.removeprefix("deadline: ")}
    check("--format", "table")

    # e. From REWRITE_FROM files read, the store is written again: the next run reads nothing.
    monkeypatch.setattr(store, "REWRITE_FROM", len(changed))
    _same(root, "--all", "--format", "json")
    assert reads.last == changed
    files = _stored(root).files
    assert set(files) == _items(root) and pilot not in files and new in files
    assert all(found[0] == _stamp(root, rel) for rel, found in files.items())
    _same(root, "--all", "--format", "json", plain=False)
    assert reads.last == set()


def test_recently_modified_files_are_not_stored(
    tmp_path: Path, reads: Reads, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "ledger"
    generate(root, 60)
    items = _items(root)
    assert len(items) >= store.REWRITE_FROM
    # Every file was written moments ago. A racy window of a minute (not 2 s) keeps "moments
    # ago" true however slow this machine is, and an hour ago (OLD) still outside it.
    monkeypatch.setattr(derive, "RACY_SECONDS", 60.0)
    _same(root, "--all", "--format", "json", plain=False)
    assert reads.last == items
    stored = _stored(root)
    assert stored.day == DAY.toordinal() and stored.files == {}
    _same(root, plain=False)
    assert reads.last == items  # nothing was stored: everything is read again
    _age(root)  # every file an hour old: stored by the next run (the key changed: ctimes)
    _same(root, plain=False)
    assert reads.last == items
    assert set(_stored(root).files) == items
    _same(root, "--all", "--format", "csv", plain=False)
    assert reads.last == set()
    # A file modified just now is read, and left out of the store even when it is rewritten.
    (root / "projects/p000007.yaml").touch()
    monkeypatch.setattr(store, "REWRITE_FROM", 1)
    _same(root, "--all", "--format", "json", plain=False)
    assert reads.last == {"projects/p000007.yaml"}
    assert set(_stored(root).files) == items - {"projects/p000007.yaml"}
    _same(root, "--all", "--format", "json", plain=False)
    assert reads.last == {"projects/p000007.yaml"}


def test_the_record_cache_path_gives_the_same(
    tmp_path: Path, reads: Reads, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Many files to read open the record cache (from OPEN_CACHE_FROM, lowered here)."""
    root = _build("unreported", tmp_path / "ledger")
    monkeypatch.setattr(derive, "OPEN_CACHE_FROM", 1)
    _same(root, "--all", "--format", "json", plain=False)
    _edit(root / "units.yaml", "name: 部门dept-03", "name: 改名部门")
    _same(root, "--all", "--format", "json", plain=False)
    assert reads.last == _items(root)
    assert "改名部门" in _same(root, "--owner", "dept-03", "--all", plain=False).stdout
    assert reads.last == set()


# ---------------------------------------------------------------------------------------------
# 3. Files that are not tracked items, and the day
# ---------------------------------------------------------------------------------------------


def _rename_unit(root: Path) -> str:
    _edit(root / "units.yaml", "name: 市委改革办", "name: 市委全面深化改革委员会办公室")
    return "市委全面深化改革委员会办公室"


def _edit_ledger_yaml(root: Path) -> str:
    # Item obligations change state (open → due-soon): a stale store would show the old states.
    _edit(root / "ledger.yaml", "upcoming_days: 14", "upcoming_days: 120")
    _edit(root / "ledger.yaml", "name: 嘉兴市全面深化改革工作台账", "name: 改名后的台账")
    return "改名后的台账"


def _drop_bulletin(root: Path) -> str:
    (root / "2025/bulletins/Q1.md").unlink()
    return ""


@pytest.mark.parametrize(
    "change",
    [_rename_unit, _edit_ledger_yaml, _drop_bulletin],
    ids=["units.yaml", "ledger.yaml", "year-file"],
)
def test_a_change_to_another_file_reads_every_item_again(
    tmp_path: Path, reads: Reads, change: Callable[[Path], str]
) -> None:
    root = _build("example", tmp_path / "ledger")
    items = _items(root)
    before = _due(root, "--all")
    assert reads.last == items
    seen = change(root)
    after = _same(root, "--all")
    assert reads.last == items
    assert seen in after.stdout
    assert after.stdout != before.stdout
    # The store was unusable (another key): it was written again, and serves the next run.
    _same(root, "--format", "json", plain=False)
    assert reads.last == set()


def test_another_day_reads_every_item_again(tmp_path: Path, reads: Reads) -> None:
    root = _build("generated", tmp_path / "ledger")
    items = _items(root)
    _same(root, "--all", "--format", "json", plain=False)
    for day in ("2025-12-31", AS_OF):
        _same(root, "--all", "--format", "json", as_of=day, plain=False)
        _same(root, "--format", "csv", as_of=day, plain=False)
        assert reads.runs[-2:] == [items, set()], day
        assert _stored(root).day == date.fromisoformat(day).toordinal()


def test_an_empty_year_folder_reads_every_item_again(tmp_path: Path, reads: Reads) -> None:
    """An empty year folder holds no file, yet adds its year's quarters to the items' quarterly
    reports (found here: the store key once left it out, and stale obligations were served)."""
    root = _build("example", tmp_path / "ledger")
    items = _items(root)
    before = _same(root, "--all", "--format", "csv", plain=False)
    (root / "2024").mkdir()  # no file in it, yet the loader counts 2024 as a year of the ledger
    after = _same(root, "--all", "--format", "csv", plain=False)
    assert reads.last == items
    assert "2024-Q1,jiashan,嘉善县" in after.stdout and "2024-Q1,jiashan" not in before.stdout
    (root / "2024").rmdir()
    assert _same(root, "--all", "--format", "csv", plain=False) == before
    assert reads.last == items


# ---------------------------------------------------------------------------------------------
# 4. Ledgers with errors; stored problems
# ---------------------------------------------------------------------------------------------

BREAKAGES = {
    "yaml-syntax": ("title: ", "title: [unclosed\n  x: "),
    "unknown-unit": ("lead: ", "lead: no-such-unit\nx_lead: "),
}


@pytest.mark.parametrize("breakage", sorted(BREAKAGES))
def test_errors_in_an_item_file_refuse_as_uncached(tmp_path: Path, reads: Reads, breakage: str) -> None:
    root = _build("example", tmp_path / "ledger")
    _same(root, plain=False)
    broken = "projects/zuiduo-paoyici.yaml"
    original = (root / broken).read_text(encoding="utf-8")
    _edit(root / broken, *BREAKAGES[breakage])
    for view in ((), ("--subject", "projects/zuiduo-paoyici", "--all", "--format", "json")):
        out = _same(root, *view, plain=not view)
        assert out.exit_code == 1 and out.stdout == ""
        assert broken in out.stderr and "error" in out.stderr
        assert reads.last == {broken}
    # Nothing is stored while the ledger has errors; mended, the file is read again.
    assert _stored(root).files[broken][0] != _stamp(root, broken)
    (root / broken).write_text(original, encoding="utf-8")
    os.utime(root / broken, (OLD, OLD))
    assert _same(root).exit_code == 0
    assert reads.last == {broken}


def _about_items(case: Path) -> bool:
    """Whether the stored ledger's expected problems name a tracked-item file."""
    expected = case / "expected.txt"
    return case.name == "_base" or (
        expected.exists() and any(f in expected.read_text(encoding="utf-8") for f in ITEM_FOLDERS)
    )


BROKEN = sorted(p.name for p in (LEDGERS / "broken").iterdir() if p.is_dir() and _about_items(p))


@pytest.mark.parametrize("case", BROKEN)
def test_stored_broken_ledgers_print_as_uncached(tmp_path: Path, case: str) -> None:
    root = tmp_path / case
    shutil.copytree(LEDGERS / "broken" / case, root, symlinks=True)
    _age(root)
    first = _same(root, "--all", "--format", "json", plain=False)
    if first.exit_code == 0:  # warnings only: the store was written, and now serves
        assert _due(root, "--all", "--format", "json") == first


def _inject(root: Path, rel: str, problem: Problem) -> None:
    """Add a problem to what the store holds for `rel` (same key, stamp and day)."""
    key = _key(root)
    stored = _stored(root)
    stamp, problems, earliest, opened, closed = stored.files[rel]
    stored.files[rel] = (stamp, (*problems, store.encode_problem(problem)), earliest, opened, closed)
    store.write(store.store_file(root), key, stored)


def test_stored_warnings_are_served_and_stored_errors_refuse(example_ledger: Path, reads: Reads) -> None:
    root = example_ledger
    rel = "projects/zuiduo-paoyici.yaml"
    expected = _same(root, "--all", "--format", "json", plain=False)
    warning = Problem(Span(rel, 3, 1), "test-warning", "a stored warning", Severity.WARNING)
    _inject(root, rel, warning)
    assert _due(root, "--all", "--format", "json") == expected
    assert reads.last == set()  # the file with a stored warning was served
    outcome = derive.derive(root, lambda s: DAY, lambda: None)
    assert warning in outcome.problems and outcome.day == DAY
    assert reads.last == set()
    # A stored error is served too: `due` refuses, as a full run would with that error.
    error = Problem(Span(rel, 4, 2), "test-error", "a stored error", Severity.ERROR)
    _inject(root, rel, error)
    out = _due(root)
    assert reads.last == set()
    assert out.exit_code == 1 and out.stdout == ""
    assert "test-error" in out.stderr and "a stored error" in out.stderr


@pytest.fixture
def others_read(monkeypatch: pytest.MonkeyPatch) -> list[set[str]]:
    """The other files (not tracked items) each run through `derive` read, in order."""
    runs: list[set[str]] = []
    real = derive.read_record

    def counting(root: Path, entry: Entry) -> Any:
        if not runs or entry.kind is Kind.SETTINGS:
            runs.append(set())
        runs[-1].add(entry.rel)
        return real(root, entry)

    monkeypatch.setattr(derive, "read_record", counting)
    return runs


def test_the_other_files_outcomes_are_served_while_they_and_the_names_are_unchanged(
    tmp_path: Path, others_read: list[set[str]], reads: Reads
) -> None:
    root = _build("example", tmp_path / "ledger")
    others = {e.rel for e in _entries(root) if e.kind not in ITEM_KINDS}
    view = ("--all", "--format", "json")
    _same(root, *view, plain=False)
    assert others_read[-1] == others
    assert _stored(root).rest is not None
    _same(root, *view, plain=False)
    assert others_read[-1] == {"ledger.yaml", "units.yaml"}  # the day and the views need them
    # An item file changed: only it and the first two are read.
    _edit(root / "projects/invest-90days.yaml", "title: ", "title: 改")
    _same(root, *view, plain=False)
    assert others_read[-1] == {"ledger.yaml", "units.yaml"} and reads.last == {"projects/invest-90days.yaml"}
    # A project that a key point and a supervision plan name is removed: the names changed, so
    # the other files' outcomes (unknown subjects) are computed again.
    project = root / "projects/zuiduo-paoyici.yaml"
    text = project.read_text(encoding="utf-8")
    project.unlink()
    removed = _same(root, *view, plain=False)
    assert others_read[-1] == others
    assert removed.exit_code == 1 and "zuiduo-paoyici" in removed.stderr
    _same(root, *view, plain=False)
    assert others_read[-1] == others  # nothing is stored for a ledger with errors
    # Back again: the names are those the stored outcomes were computed for.
    project.write_text(text, encoding="utf-8")
    os.utime(project, (OLD, OLD))
    _same(root, *view, plain=False)
    assert others_read[-1] == {"ledger.yaml", "units.yaml"}
    assert reads.last == {"projects/zuiduo-paoyici.yaml", "projects/invest-90days.yaml"}  # both changed
    # A file that is not part of the ledger's names (a bad file name) is reported all the same.
    (root / "projects/Bad Name.yaml").write_text("id: x\n", encoding="utf-8")
    assert "Bad Name" in _same(root, *view, plain=False).stderr
    assert others_read[-1] == {"ledger.yaml", "units.yaml"}
    assert _check(root) == _check(root, cache=False)
    # A year folder's file changed: the store's key changed, everything is read again.
    _edit(
        root / "2025/supervision/plan.yaml",
        "subject: projects/invest-90days",
        "subject: projects/mujun-yingxiong",
    )
    _same(root, *view, plain=False)
    assert others_read[-1] == others and reads.last == _items(root)


def test_the_other_files_outcomes_are_not_stored_when_one_changed_just_now(
    tmp_path: Path, others_read: list[set[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _build("example", tmp_path / "ledger")
    (root / "units.yaml").touch()  # modified just now
    _same(root, "--format", "json", plain=False)
    stored = _stored(root)
    assert stored.rest is None and stored.files  # the item files were stored, the others not
    _same(root, "--format", "json", plain=False)
    assert len(others_read[-1]) > 2


def _check(root: Path, *args: str, cache: bool = True) -> Result:
    head = () if cache else ("--no-cache",)
    return run_cli(*head, "check", "--ledger", str(root), *args)


@pytest.mark.parametrize("case", ["_base", *BROKEN[:12]])
@pytest.mark.parametrize("fmt", ["text", "json"])
def test_check_served_from_the_store_prints_as_uncached(
    tmp_path: Path, case: str, fmt: str, reads: Reads
) -> None:
    """`check` takes the tracked-item files' problems from the store (written by `due`, or by
    `check` when there is none), whatever day the store is for."""
    root = tmp_path / case
    shutil.copytree(LEDGERS / "broken" / case, root, symlinks=True)
    _age(root)
    expected = _check(root, "--format", fmt, cache=False)
    first = _check(root, "--format", fmt)  # no store yet: every file is read, the store written
    assert reads.last == _items(root)
    second = _check(root, "--format", fmt)
    assert reads.last == set()
    assert first == second == expected
    _due(root, "--format", "json", as_of="2027-01-05")  # a store for another day
    assert _check(root, "--format", fmt) == expected
    assert reads.last == set()


def test_check_after_one_change_reads_that_file(tmp_path: Path, reads: Reads) -> None:
    root = _build("example", tmp_path / "ledger")
    _same(root, "--format", "json")  # writes the store
    target = root / "projects" / "zuiduo-paoyici.yaml"
    original = target.read_text(encoding="utf-8")
    target.write_text(original.replace("lead: dept-reform-admin", "lead: no-such-unit", 1), encoding="utf-8")
    broken = _check(root)
    assert reads.last == {"projects/zuiduo-paoyici.yaml"}
    assert broken == _check(root, cache=False) and broken.exit_code == 1
    assert "no-such-unit" in broken.stdout
    target.write_text(original, encoding="utf-8")
    assert _check(root) == _check(root, cache=False)
    assert reads.last == {"projects/zuiduo-paoyici.yaml"}


# ---------------------------------------------------------------------------------------------
# 5. Damaged stores
# ---------------------------------------------------------------------------------------------


def _with_digest(payload: bytes) -> bytes:
    """A store file with `payload` as its head, and no tail: right magic, valid checksum."""
    return store.MAGIC + store.checksum(payload) + len(payload).to_bytes(store.LENGTH_SIZE, "big") + payload


def _checked(content: Any) -> bytes:
    return _with_digest(marshal.dumps(content))


def _with_part(b: bytes, index: int, value: Any) -> tuple[Any, ...]:
    """The head of the store file `b` with its part `index` replaced by `value`."""
    parts = list(marshal.loads(_payload(b)))
    parts[index] = value
    return tuple(parts)


def _head_end(b: bytes) -> int:
    return store.HEADER_SIZE + len(_payload(b))


DAMAGES: dict[str, Callable[[bytes, str], bytes]] = {
    "random-bytes": lambda b, k: random.Random(7).randbytes(len(b)),
    "truncated": lambda b, k: b[: _head_end(b) // 2],
    "head-only-half": lambda b, k: b[: _head_end(b) - 1],
    "magic-only": lambda b, k: store.MAGIC,
    "empty": lambda b, k: b"",
    "bit-flipped": lambda b, k: b[: _head_end(b) - 1] + bytes([b[_head_end(b) - 1] ^ 1]) + b[_head_end(b) :],
    "length-too-long": lambda b, k: (
        b[: store.HEADER_SIZE - 1] + bytes([b[store.HEADER_SIZE - 1] ^ 1]) + b[store.HEADER_SIZE :]
    ),
    "other-magic": lambda b, k: b.replace(store.MAGIC, b"RFCTLO99", 1),
    "not-marshal": lambda b, k: _with_digest(b"\xff\x00garbage"),
    "a-list": lambda b, k: _checked([k, DAY.toordinal(), {}]),
    "other-key": lambda b, k: _checked(("0" * 40, *marshal.loads(_payload(b))[1:])),
    "day-a-string": lambda b, k: _checked(_with_part(b, 1, AS_OF)),
    "files-a-list": lambda b, k: _checked(_with_part(b, 2, [])),
    "no-token": lambda b, k: _checked(_with_part(b, 5, None)),
    "token-short": lambda b, k: _checked(_with_part(b, 5, b"\0")),
    "old-format": lambda b, k: _checked(marshal.loads(_payload(b))[:5]),
    "file-not-a-triple": lambda b, k: _checked(
        (k, DAY.toordinal(), {"projects/zuiduo-paoyici.yaml": (1, 2)})
    ),
    "path-not-a-string": lambda b, k: _checked((k, DAY.toordinal(), {7: (1, 2, 3)})),
}
DAMAGE_VIEWS: tuple[tuple[str, ...], ...] = (
    ("--all", "--format", "json"),
    ("--owner", "dept-reform-admin", "--rule", "quarterly-report", "--format", "csv"),
    ("--subject", "projects/zuiduo-paoyici", "--format", "md"),
)


@pytest.mark.parametrize("damage", sorted(DAMAGES))
def test_a_damaged_store_is_ignored(
    example_ledger: Path, example_store: Base, reads: Reads, damage: str
) -> None:
    root = example_ledger
    path = _write(root, example_store)
    path.write_bytes(DAMAGES[damage](path.read_bytes(), example_store[0]))
    view = DAMAGE_VIEWS[0]
    _equal(_due(root, *view), _expected(root, *view), view)
    assert reads.last == _items(root)  # the store was not used: every item file was read…
    view = DAMAGE_VIEWS[2]
    _equal(_due(root, *view), _expected(root, *view), view)
    assert reads.last == set()  # …and the store written again


TAIL_DAMAGES: dict[str, Callable[[bytes, bytes], bytes]] = {
    "bit-flipped": lambda b, other: b[:-1] + bytes([b[-1] ^ 1]),
    "truncated": lambda b, other: b[: (_head_end(b) + len(b)) // 2],
    "missing": lambda b, other: b[: _head_end(b)],
    "of-another-head": lambda b, other: b[: _head_end(b)] + other[_head_end(other) :],
}


@pytest.mark.parametrize("damage", sorted(TAIL_DAMAGES))
def test_a_damaged_tail_is_never_trusted(
    example_ledger: Path, example_store: Base, reads: Reads, damage: str
) -> None:
    """The head serves the views of open obligations; a view of done ones, which needs the
    tail, finds it damaged, computes everything from the files and forgets the store."""
    root = example_ledger
    view = DAMAGE_VIEWS[2]
    _equal(_due(root, *view), _expected(root, *view), view)  # writes the store, with the rest
    key, path = _key(root), store.store_file(root)
    written = path.read_bytes()
    stored = _stored(root)
    assert stored.rest is not None and set(stored.files) == _items(root)
    other = dict(stored.files)
    other.pop(DAMAGED_FILE)
    store.write(path, key, store.Stored(stored.day, other, stored.rest))  # another head, its tail
    another = path.read_bytes()
    path.write_bytes(TAIL_DAMAGES[damage](written, another))
    assert store.read(path, key).files.keys() == stored.files.keys()
    assert store.read(path, key, closed=True).files == {}
    _equal(_due(root, *view), _expected(root, *view), view)
    assert reads.last == set()  # served from the head
    view = DAMAGE_VIEWS[0]  # --all: done and late obligations too
    _equal(_due(root, *view), _expected(root, *view), view)
    assert not path.exists()  # forgotten…
    _equal(_due(root, *view), _expected(root, *view), view)
    assert reads.last == _items(root)  # …so the next run read every file, and stored them again
    _equal(_due(root, *view), _expected(root, *view), view)
    assert reads.last == set()


ObligationDamage = Callable[[tuple[Any, ...]], Any]
FileDamage = Callable[[store.FileOutcome], Any]


def _field(index: int, value: Any) -> Callable[[tuple[Any, ...]], tuple[Any, ...]]:
    return lambda t: (*t[:index], value, *t[index + 1 :])


OBLIGATION_DAMAGES: dict[str, ObligationDamage] = {
    "too-short": lambda ob: ob[:-1],
    "too-long": lambda ob: (*ob, 0),
    "empty": lambda ob: (),
    "an-int": lambda ob: 7,
    "a-string": lambda ob: "quarterly-report",
    "rule-unknown": _field(0, "no-such-rule"),
    "rule-an-int": _field(0, 3),
    "subject-bytes": _field(1, b"projects/zuiduo-paoyici"),
    "period-an-int": _field(3, 2025),
    "owner-none": _field(4, None),
    "owner-a-list": _field(4, ["dept-reform-admin"]),
    "route-of-ints": _field(5, (1, 2)),
    "route-a-string": _field(5, "dept-reform-admin"),
    "due-a-string": _field(6, "2026-01-01"),
    "due-a-float": _field(6, 739000.5),
    "due-huge": _field(6, 10**30),
    "due-zero": _field(6, 0),
    "due-none": _field(6, None),
    "done-negative": _field(7, -1),
    "state-unknown": _field(8, "pending"),
    "state-a-list": _field(8, ["overdue"]),
    "days-a-string": _field(9, "3"),
    "days-none": _field(9, None),
    "line-a-string": _field(10, "43"),
}
SUBJECT_DAMAGES: dict[str, ObligationDamage] = {
    "subject-an-int": _field(1, 5),
    "subject-none": _field(1, None),
}
PROBLEM = ("projects/zuiduo-paoyici.yaml", 1, 1, "code", "message", "warning")
PROBLEM_DAMAGES: dict[str, Any] = {
    "problems-none": None,
    "problems-an-int": 3,
    "problems-a-string": "abc",
    "problem-an-int": (5,),
    "problem-too-short": (PROBLEM[:5],),
    "problem-severity-unknown": (_field(5, "fatal")(PROBLEM),),
    "problem-severity-a-list": (_field(5, ["error"])(PROBLEM),),
    "problem-line-a-string": (_field(1, "1")(PROBLEM),),
    "problem-col-none": (_field(2, None)(PROBLEM),),
    "problem-path-an-int": (_field(0, 3)(PROBLEM),),
    "problem-message-none": (_field(4, None)(PROBLEM),),
}
DAMAGED_FILE = "projects/zuiduo-paoyici.yaml"


def _obligations_as(value: Callable[[tuple[Any, ...]], Any], closed: bool = False) -> FileDamage:
    """A file's outcome with its packed open obligations (or, when `closed`, the others) replaced;
    its earliest open date kept."""

    def damage(f: store.FileOutcome) -> Any:
        if closed:
            return (f[0], f[1], f[2], f[3], marshal.dumps(value(marshal.loads(f[4]))))
        return (f[0], f[1], f[2], marshal.dumps(value(marshal.loads(f[3]))), f[4])

    return damage


def _first(damage: ObligationDamage, closed: bool = True) -> FileDamage:
    """The first of the file's obligations that are not open (or, unless `closed`, of its open
    ones) damaged."""
    return _obligations_as(lambda obs: (damage(obs[0]), *obs[1:]), closed=closed)


def _every(damage: ObligationDamage) -> FileDamage:
    return _obligations_as(lambda obs: tuple(damage(ob) for ob in obs))


def _problems_as(value: Any) -> FileDamage:
    return lambda f: (f[0], value, f[2], f[3], f[4])


SHAPES: dict[str, FileDamage] = {
    **{f"first-{name}": _first(d) for name, d in OBLIGATION_DAMAGES.items()},
    "every-too-short": _every(OBLIGATION_DAMAGES["too-short"]),
    **{
        f"open-first-{name}": _first(OBLIGATION_DAMAGES[name], closed=False)
        for name in (
            "too-short",
            "too-long",
            "an-int",
            "empty",
            "rule-unknown",
            "owner-none",
            "route-of-ints",
        )
    },
    "obligations-none": lambda f: (f[0], f[1], f[2], None, f[4]),
    "obligations-an-int": lambda f: (f[0], f[1], f[2], 3, f[4]),
    "obligations-not-marshal": lambda f: (f[0], f[1], f[2], b"\xff\x00garbage", f[4]),
    "obligations-truncated": lambda f: (f[0], f[1], f[2], f[3][: len(f[3]) // 2], f[4]),
    "obligations-a-list": _obligations_as(list),
    "obligations-an-int-packed": _obligations_as(lambda obs: 3),
    "closed-none": lambda f: (f[0], f[1], f[2], f[3], None),
    "closed-not-marshal": lambda f: (f[0], f[1], f[2], f[3], b"\xff\x00garbage"),
    "closed-a-list": _obligations_as(list, closed=True),
    "earliest-a-string": lambda f: (f[0], f[1], "2026-07-10", f[3], f[4]),
    "earliest-a-float": lambda f: (f[0], f[1], 739000.5, f[3], f[4]),
    **{name: _problems_as(value) for name, value in PROBLEM_DAMAGES.items()},
}


Base = tuple[str, store.Stored]
"""A store's key and content."""


@pytest.fixture(scope="module")
def example_store(example_ledger: Path, tmp_path_factory: pytest.TempPathFactory) -> Base:
    """The store of `example_ledger` for AS_OF, as a cached run writes it (made once)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("REFORMCTL_CACHE_DIR", str(tmp_path_factory.mktemp("base-cache")))
        derive.derive(example_ledger, lambda s: DAY, lambda: None)
        key, stored = _key(example_ledger), _stored(example_ledger)
    assert stored.day == DAY.toordinal() and set(stored.files) == _items(example_ledger)
    assert len(store.unpack(stored.files[DAMAGED_FILE])) >= 10
    return key, stored


def _write(root: Path, base: Base, files: dict[str, store.FileOutcome] | None = None) -> Path:
    """Write the store of this test's cache folder: `base`, or its key and day with `files`."""
    key, stored = base
    path = store.store_file(root)
    path.parent.mkdir(parents=True, exist_ok=True)
    store.write(path, key, store.Stored(stored.day, stored.files if files is None else files))
    return path


def _damage(root: Path, base: Base, damage: FileDamage) -> None:
    """`base` with one file's outcome damaged (same key, day and stamp, valid checksum)."""
    files = dict(base[1].files)
    files[DAMAGED_FILE] = damage(files[DAMAGED_FILE])
    store.store_file(root).unlink(missing_ok=True)
    path = _write(root, base, files)
    found = _stored(root).files if path.exists() else {}
    # Either the damaged outcome is read back as written, or its shape (the earliest open date,
    # the packed obligations) is wrong: such a store is not written (the head keeps those in
    # typed columns), or is ignored whole on reading.
    earliest, opened, closed = files[DAMAGED_FILE][2:]
    if (
        isinstance(opened, bytes)
        and isinstance(closed, bytes)
        and (earliest is None or type(earliest) is int)
    ):
        assert found[DAMAGED_FILE] == files[DAMAGED_FILE]
    else:
        assert found == {}


SHAPE_VIEWS: tuple[tuple[str, ...], ...] = (
    ("--all", "--format", "json"),  # every stored obligation is rebuilt
    ("--within", "400", "--format", "json"),  # the stored fields are compared first, many rebuilt
)


@pytest.fixture(scope="module")
def example_truth(example_ledger: Path) -> tuple[list[Problem], tuple[Obligation, ...]]:
    """The problems and obligations of the whole example ledger, computed without any store."""
    ledger, problems = load_ledger(example_ledger)
    every = sorted(set(problems) | set(run_checks(ledger)), key=Problem.sort_key)
    return every, compute_obligations(ledger, DAY)


@pytest.mark.parametrize(
    "shape",
    [
        "first-due-a-string",
        "problem-severity-unknown",
    ],
)
def test_an_outcome_that_cannot_be_rebuilt_is_not_kept(
    example_ledger: Path, example_store: Base, reads: Reads, shape: str
) -> None:
    """After a run that met a stored outcome it could not rebuild, the store is deleted (or
    rewritten), so that the run after next is served from the store again."""
    _damage(example_ledger, example_store, SHAPES[shape])
    for _ in range(3):
        view = SHAPE_VIEWS[0]
        _equal(_due(example_ledger, *view), _expected(example_ledger, *view), view)
    assert len(example_store[1].files) < store.REWRITE_FROM  # a rewrite is not what saves it
    assert reads.last == set()


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_a_wrongly_shaped_stored_outcome_is_never_trusted(
    example_ledger: Path,
    example_store: Base,
    example_truth: tuple[list[Problem], tuple[Obligation, ...]],
    shape: str,
) -> None:
    root = example_ledger
    _damage(root, example_store, SHAPES[shape])
    if shape in PROBLEM_DAMAGES:  # problems are not printed by `due`: compare them in-process
        outcome = derive.derive(root, lambda s: DAY, lambda: None)
        assert outcome.problems == example_truth[0] and outcome.day == DAY
        assert sorted(outcome.obligations(EVERYTHING), key=sort_key) == list(example_truth[1])
    view = SHAPE_VIEWS[sorted(SHAPES).index(shape) % len(SHAPE_VIEWS)]
    _equal(_due(root, *view), _expected(root, *view), view)


@pytest.mark.parametrize("name", sorted(SUBJECT_DAMAGES))
@pytest.mark.parametrize("view", SHAPE_VIEWS)
def test_a_non_string_stored_subject_without_a_subject_filter(
    example_ledger: Path, example_store: Base, name: str, view: tuple[str, ...]
) -> None:
    _damage(example_ledger, example_store, _first(SUBJECT_DAMAGES[name]))
    _equal(_due(example_ledger, *view), _expected(example_ledger, *view), view)


@pytest.mark.parametrize("name", sorted(SUBJECT_DAMAGES))
def test_a_non_string_stored_subject_with_a_subject_filter(
    example_ledger: Path, example_store: Base, name: str
) -> None:
    _damage(example_ledger, example_store, _first(SUBJECT_DAMAGES[name]))
    view = DAMAGE_VIEWS[2]
    _equal(_due(example_ledger, *view), _expected(example_ledger, *view), view)


@pytest.mark.parametrize(
    ("shape", "view"),
    [
        ("first-rule-unknown", ("--rule", "quarterly-report", "--all", "--format", "json")),
        ("first-a-string", ("--subject", "projects/zuiduo-paoyici", "--all", "--format", "json")),
        ("first-owner-none", ("--owner", "dept-reform-admin", "--all", "--format", "json")),
    ],
)
def test_a_malformed_stored_obligation_that_the_filter_rejects(
    example_ledger: Path, example_store: Base, shape: str, view: tuple[str, ...]
) -> None:
    """Stored obligations are checked when rebuilt, and only shown ones are rebuilt: an entry
    that no reformctl wrote (the checksum matches) and that the view does not show is passed
    over, never a traceback (docs/decisions.md: the store is trusted as the stored results are)."""
    _damage(example_ledger, example_store, SHAPES[shape])
    result = _due(example_ledger, *view)
    assert result.exit_code == 0, result.stderr
    assert "internal error" not in result.stderr


# ---------------------------------------------------------------------------------------------
# 6. Round trips of stored obligations and problems
# ---------------------------------------------------------------------------------------------

optional_text = st.none() | st.text(max_size=20)
obligations = st.builds(
    Obligation,
    rule=st.sampled_from(list(RuleId)),
    subject=st.text(max_size=30),
    title=st.text(max_size=30),
    period=optional_text,
    owner=st.text(max_size=20),
    route=st.none() | st.lists(st.text(max_size=10), max_size=4).map(tuple),
    due=st.dates(),
    done=st.none() | st.dates(),
    state=st.sampled_from(STATES),
    days=st.integers(),
    file=st.text(min_size=1, max_size=30),
    line=st.none() | st.integers(),
)
problems = st.builds(
    Problem,
    span=st.builds(Span, st.text(max_size=30), st.integers(), st.integers()),
    code=st.text(max_size=20),
    message=st.text(max_size=60),
    severity=st.sampled_from(list(Severity)),
)


@settings(max_examples=150, deadline=None)
@given(obligations)
def test_a_stored_obligation_round_trips(ob: Obligation) -> None:
    encoded = marshal.loads(marshal.dumps(store.encode_obligation(ob)))  # as the store keeps it
    back = store.ObligationDecoder()(ob.file, encoded)
    assert back == ob
    assert type(back.rule) is RuleId and type(back.due) is date
    assert tuple(type(v) for v in back) == tuple(type(v) for v in ob)


@settings(max_examples=150, deadline=None)
@given(problems)
def test_a_stored_problem_round_trips(p: Problem) -> None:
    encoded = marshal.loads(marshal.dumps(store.encode_problem(p)))
    back = store.decode_problem(encoded)
    assert back == p and back.severity is p.severity and type(back.span) is Span


@settings(max_examples=50, deadline=None)
@given(st.lists(obligations, max_size=5), st.lists(problems, max_size=5), st.integers(1, 3_000_000))
def test_a_written_store_reads_back(
    tmp_path_factory: pytest.TempPathFactory, obs: list[Obligation], ps: list[Problem], day: int
) -> None:
    path = tmp_path_factory.mktemp("store") / "outcomes.cache"
    files: dict[str, store.FileOutcome] = {
        "projects/a.yaml": store.pack(
            (1, 2, 3, 4),
            tuple(store.encode_problem(p) for p in ps),
            [store.encode_obligation(o) for o in obs],
        )
    }
    store.write(path, "key", store.Stored(day, files))
    back = store.read(path, "key", closed=True)
    assert back.day == day and back.files == files
    assert store.read(path, "other").files == {}
    head = store.read(path, "key")  # the done and late obligations stay in the tail until asked for
    assert {rel: found[:4] for rel, found in head.files.items()} == {rel: f[:4] for rel, f in files.items()}
    assert head.files["projects/a.yaml"][4] is None
    assert head.closed() == {rel: found[4] for rel, found in files.items()}
    assert store.unpack(
        head.files["projects/a.yaml"], True, head.closed()["projects/a.yaml"]
    ) == store.unpack(files["projects/a.yaml"])
    decoder = store.ObligationDecoder()
    unpacked = store.unpack(back.files["projects/a.yaml"])
    in_store_order = [o for o in obs if o.is_open] + [o for o in obs if not o.is_open]
    assert [decoder(o.file, e) for o, e in zip(in_store_order, unpacked, strict=True)] == in_store_order
    assert len(store.unpack(back.files["projects/a.yaml"], closed=False)) == sum(o.is_open for o in obs)
    open_dues = [o.due.toordinal() for o in obs if o.is_open]
    assert back.files["projects/a.yaml"][2] == (min(open_dues) if open_dues else None)


def test_a_store_written_again_takes_the_done_obligations_from_the_earlier_tail(tmp_path: Path) -> None:
    """Outcomes read from a head carry no done and late obligations: written again, they take
    them from the tail they came with, and are left out when that tail cannot be read."""
    path = tmp_path / "outcomes.cache"
    ob = (
        RuleId.QUARTERLY_REPORT.value,
        "projects/a",
        "t",
        "2026-Q1",
        "u",
        None,
        739000,
        738990,
        "done",
        0,
        3,
    )
    files = {
        "projects/a.yaml": store.pack((1, 2, 3, 4), (), [ob]),
        "projects/b.yaml": store.pack((1, 2, 3, 5), (), []),
    }
    store.write(path, "key", store.Stored(9, files))
    earlier = store.read(path, "key")
    assert all(found[4] is None for found in earlier.files.values())
    again = tmp_path / "again.cache"
    store.write(again, "key", store.Stored(9, dict(earlier.files)), earlier)
    assert store.read(again, "key", closed=True).files == files
    path.write_bytes(path.read_bytes()[:-1])  # the earlier tail is gone
    damaged = store.read(path, "key")
    store.write(
        again, "key", store.Stored(9, {**damaged.files, "projects/c.yaml": files["projects/b.yaml"]}), damaged
    )
    assert store.read(again, "key", closed=True).files == {"projects/c.yaml": files["projects/b.yaml"]}


junk = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8) | st.binary(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.lists(inner, max_size=4).map(tuple),
    max_leaves=12,
)


@settings(max_examples=100, deadline=None)
@given(
    st.one_of(
        junk,
        st.lists(junk, min_size=11, max_size=11).map(tuple),
        st.tuples(obligations, st.integers(0, 10), junk).map(
            lambda t: _field(t[1], t[2])(store.encode_obligation(t[0]))
        ),
    )
)
def test_the_obligation_decoder_raises_only_what_its_caller_catches(value: Any) -> None:
    try:
        ob = store.ObligationDecoder()("projects/a.yaml", value)
    except (KeyError, ValueError, TypeError, OverflowError, IndexError):
        return
    assert isinstance(ob, Obligation) and isinstance(ob.due, date)


@settings(max_examples=100, deadline=None)
@given(
    st.one_of(
        junk,
        st.tuples(problems, st.integers(0, 5), junk).map(
            lambda t: _field(t[1], t[2])(store.encode_problem(t[0]))
        ),
    )
)
def test_the_problem_decoder_raises_only_what_its_caller_catches(value: Any) -> None:
    try:
        p = store.decode_problem(value)
    except (KeyError, ValueError, TypeError):
        return
    assert isinstance(p, Problem) and isinstance(p.severity, Severity)


# ---------------------------------------------------------------------------------------------
# 7. picker + select
# ---------------------------------------------------------------------------------------------

OPEN = ("open", "due-soon", "overdue")
SUBJECTS = ["projects/a", "projects/a#m1", "projects/ab", "pilots/a", "2026/keypoints#t1", "units/x"]
OWNERS = ["u1", "u2", "u3"]


def _former_select(
    obs: Sequence[Obligation],
    as_of: date,
    window: int,
    owners: Sequence[str],
    rules: Sequence[str],
    subject: str | None,
    everything: bool,
    open_only: bool,
) -> list[Obligation]:
    """The former `select` of reformctl/cli/due.py, written out plainly."""
    out = []
    for ob in obs:
        if owners and ob.owner not in owners:
            continue
        if rules and ob.rule.value not in rules:
            continue
        if subject and not (ob.subject == subject or ob.subject.startswith(subject + "#")):
            continue
        if open_only:
            if ob.state in OPEN:
                out.append(ob)
        elif everything or (ob.state in OPEN and ob.due <= as_of + timedelta(days=window)):
            out.append(ob)
    return out


def _ob(rule: RuleId, subject: str, owner: str, state: str, due: date) -> Obligation:
    return Obligation(rule, subject, "t", None, owner, None, due, None, state, 0, "f.yaml", None)  # type: ignore[arg-type]


few_obligations = st.lists(
    st.builds(
        _ob,
        st.sampled_from(list(RuleId)),
        st.sampled_from(SUBJECTS),
        st.sampled_from(OWNERS),
        st.sampled_from(STATES),
        st.integers(-40, 40).map(lambda d: DAY + timedelta(days=d)),
    ),
    max_size=30,
)


@settings(max_examples=150, deadline=None)
@given(
    few_obligations,
    st.integers(0, 45),
    st.lists(st.sampled_from([*OWNERS, "u9"]), max_size=3),
    st.lists(st.sampled_from([r.value for r in RuleId]), max_size=3),
    st.sampled_from([None, "", "projects/a", "projects", "projects/a#m1", "2026/keypoints", "pilots/a"]),
    st.booleans(),
    st.booleans(),
)
def test_picker_keeps_the_former_selection(
    obs: list[Obligation],
    window: int,
    owners: list[str],
    rules: list[str],
    subject: str | None,
    everything: bool,
    open_only: bool,
) -> None:
    pick = picker(DAY, window, owners, rules, subject, everything, open_only)
    expected = _former_select(obs, DAY, window, owners, rules, subject, everything, open_only)
    assert select(obs, pick) == expected
    # The stored form of an obligation is picked by the same fields (as Outcome.obligations does).
    encoded = [store.encode_obligation(ob) for ob in obs]
    assert [ob for ob, e in zip(obs, encoded, strict=True) if pick(e[0], e[1], e[4], e[8], e[6])] == expected


@settings(max_examples=200, deadline=None)
@given(
    few_obligations,
    st.integers(0, 45),
    st.lists(st.sampled_from([*OWNERS, "u9"]), max_size=3),
    st.sampled_from([None, "projects/a", "pilots/a"]),
    st.booleans(),
    st.booleans(),
)
def test_a_file_passed_over_has_nothing_the_view_shows(
    obs: list[Obligation],
    window: int,
    owners: list[str],
    subject: str | None,
    everything: bool,
    open_only: bool,
) -> None:
    """A stored file is unpacked only when `may_show` says its earliest open obligation allows
    it: it must never pass over a file with an obligation the view shows."""
    view = picker(DAY, window, owners, [], subject, everything, open_only)
    earliest = store.pack((1, 2, 3, 4), (), [store.encode_obligation(ob) for ob in obs])[2]
    if select(obs, view):
        assert view.may_show(earliest)
    if any(not ob.is_open for ob in select(obs, view)):
        assert view.shows_closed()
    if not everything or open_only:  # then an open obligation due in the window is always shown
        wide = picker(DAY, window, [], [], None, everything, open_only)
        assert wide.may_show(earliest) == bool(select(obs, wide))


def test_picker_examples() -> None:
    obs = [
        _ob(RuleId.MILESTONE, "projects/a#m1", "u1", "overdue", DAY - timedelta(days=3)),
        _ob(RuleId.MILESTONE, "projects/ab", "u1", "due-soon", DAY + timedelta(days=5)),
        _ob(RuleId.QUARTERLY_REPORT, "projects/a", "u2", "open", DAY + timedelta(days=30)),
        _ob(RuleId.QUARTERLY_REPORT, "projects/a", "u2", "done", DAY - timedelta(days=30)),
        _ob(RuleId.RESULTS_REPORT, "pilots/a", "u3", "late", DAY - timedelta(days=1)),
    ]
    default = select(obs, picker(DAY, 14, [], [], None, False))
    assert default == obs[:2]
    assert select(obs, picker(DAY, 30, [], [], None, False)) == obs[:3]
    assert select(obs, picker(DAY, 14, [], [], None, True)) == obs
    assert select(obs, picker(DAY, 14, [], [], "projects/a", True)) == [obs[0], obs[2], obs[3]]
    assert select(obs, picker(DAY, 14, ["u2"], [], None, True)) == obs[2:4]
    assert select(obs, picker(DAY, 14, [], ["results-report"], None, True)) == obs[4:]
    # ics: every open obligation, whatever its due date; --all with ics shows everything.
    assert select(obs, picker(DAY, 14, [], [], None, False, open_only=True)) == obs[:3]
    assert select(obs, picker(DAY, 14, [], [], None, True, open_only=False)) == obs
