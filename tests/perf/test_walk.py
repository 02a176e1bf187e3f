"""One walk of the ledger folder per command (reformctl.load.walk): what the listing, the stamps
and the stored results take from it is what they would have found themselves."""

from __future__ import annotations

import os
import shutil
import time
from datetime import date
from pathlib import Path

import pytest

from reformctl.cli import results
from reformctl.errors import Problem
from reformctl.load import walk as walk_module
from reformctl.load.cache import stamp_of
from reformctl.load.layout import scan
from reformctl.load.walk import Walk, current, sharing, walk
from reformctl.outcomes import derive
from reformctl.rules.view import picker
from tests.conftest import EXAMPLE, LEDGERS

DAY = date(2026, 7, 10)
CASES = sorted(p.name for p in (LEDGERS / "broken").iterdir() if p.is_dir())


def _copy(source: Path, target: Path) -> Path:
    shutil.copytree(source, target, symlinks=True)
    return target.resolve()


@pytest.mark.parametrize("case", ["example", *CASES])
def test_the_listing_from_a_walk_is_the_listing_of_the_folder(tmp_path: Path, case: str) -> None:
    root = _copy(EXAMPLE if case == "example" else LEDGERS / "broken" / case, tmp_path / "ledger")
    (root / "notes.txt").write_text("not part of the ledger\n", encoding="utf-8")
    (root / "projects" / "sub").mkdir(exist_ok=True)
    (root / ".git-like").mkdir()
    (root / ".git-like" / "x.yaml").write_text("a: 1\n", encoding="utf-8")
    found = walk(root)
    assert found is not None
    alone = scan(root)
    assert current(root) is None
    with sharing(found):
        assert current(root) is found
        assert scan(root) == alone
    assert current(root) is None


ODD_NAMES = ["p1\n.yaml", "a.yaml\nb.yaml", "Upper.yaml", "x.yml", "notes", "y.yaml.bak", "-lead.yaml"]


@pytest.mark.parametrize("odd", [None, *ODD_NAMES])
def test_odd_names_in_a_record_folder_are_listed_alike(tmp_path: Path, odd: str | None) -> None:
    """The walk's listing takes a folder of `<id>.yaml` names in one check; any other name, a
    folder or a special file named like a record, is taken one by one, as the folder's listing."""
    root = _copy(EXAMPLE, tmp_path / "ledger")
    for n in range(30):
        (root / "projects" / f"extra-{n}.yaml").write_text("x: 1\n", encoding="utf-8")
    if odd is not None:
        (root / "projects" / odd).write_text("x: 1\n", encoding="utf-8")
    else:
        (root / "projects" / "folder.yaml").mkdir()
        os.mkfifo(root / "pilots" / "fifo.yaml")
        (root / "2026\n").mkdir()
    found = walk(root)
    assert found is not None
    alone = scan(root)
    with sharing(found):
        assert scan(root) == alone
    entries, problems = alone
    assert all("\n" not in e.rel for e in entries)
    if odd is not None and odd.endswith(".yaml"):
        assert any(p.span.path == f"projects/{odd}" and p.code == "bad-file-name" for p in problems)


@pytest.fixture(params=[True, False], ids=["by-folder", "scandir"])
def by_folder(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> bool:
    """Both ways of walking: names stamped relative to an open folder (POSIX), and `os.scandir`."""
    monkeypatch.setattr(walk_module, "_BY_FOLDER", request.param)
    return bool(request.param)


def test_both_ways_of_walking_see_the_same(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _copy(EXAMPLE, tmp_path / "ledger")
    (root / "2026" / "empty").mkdir()
    (root / ".hidden").mkdir()
    (root / ".hidden" / "x.yaml").write_text("a: 1\n", encoding="utf-8")
    os.mkfifo(root / "a-fifo")
    monkeypatch.setattr(walk_module, "_BY_FOLDER", True)
    one = walk(root)
    monkeypatch.setattr(walk_module, "_BY_FOLDER", False)
    two = walk(root)
    assert one is not None and two is not None and one.rows == two.rows


def test_a_walk_sees_every_visible_name_with_its_stamp(tmp_path: Path, by_folder: bool) -> None:
    root = _copy(EXAMPLE, tmp_path / "ledger")
    (root / ".hidden").write_text("x", encoding="utf-8")
    found = walk(root)
    assert found is not None
    names = {
        os.path.relpath(os.path.join(folder, name), root).replace(os.sep, "/")
        for folder, dirs, files in os.walk(root)
        for name in [*dirs, *files]
    }
    assert {r[0] for r in found.rows} == {n for n in names if not n.startswith(".")}
    stamps = found.stamps()
    for rel, stamp in stamps.items():
        assert stamp == stamp_of(os.stat(root / rel))
    assert found.newest() == max(max(s[1], s[2]) for s in stamps.values())
    # Each folder's names in order, and a folder before what it holds.
    seen: set[str] = set()
    for rel, *_ in found.rows:
        parent = rel.rpartition("/")[0]
        assert parent == "" or parent in seen
        seen.add(rel)


def test_the_fingerprint_follows_every_change(tmp_path: Path) -> None:
    root = _copy(EXAMPLE, tmp_path / "ledger")

    def print_() -> str:
        found = walk(root)
        assert found is not None
        return found.fingerprint()

    prints = [print_()]
    assert print_() == prints[0]
    target = root / "projects" / "zuiduo-paoyici.yaml"
    target.write_text(target.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    prints.append(print_())
    (root / "projects" / "zz.yaml").write_text("id: zz\n", encoding="utf-8")
    prints.append(print_())
    (root / "projects" / "zz.yaml").rename(root / "projects" / "zy.yaml")
    prints.append(print_())
    (root / "empty").mkdir()
    prints.append(print_())
    assert len(set(prints)) == len(prints)
    (root / ".hidden").write_text("x", encoding="utf-8")
    assert print_() == prints[-1]  # hidden names are not part of the ledger


def test_a_symbolic_link_means_no_walk(tmp_path: Path, by_folder: bool) -> None:
    root = _copy(EXAMPLE, tmp_path / "ledger")
    (root / "projects" / "link.yaml").symlink_to(root / "units.yaml")
    assert walk(root) is None
    (root / "projects" / "link.yaml").unlink()
    assert walk(root) is not None
    (root / "2026" / "linked").symlink_to(root / "projects", target_is_directory=True)
    assert walk(root) is None
    assert walk(tmp_path / "missing") is None
    assert walk(root / "units.yaml") is None  # not a folder


def test_settled_means_nothing_was_touched_in_the_last_seconds(tmp_path: Path) -> None:
    root = _copy(EXAMPLE, tmp_path / "ledger")
    found = walk(root)
    assert found is not None and not found.settled(2.0)
    assert found.settled(-60.0)
    aged = Walk(found.root, found.rows, found.newest() + 3 * 10**9)
    assert aged.settled(2.0) and not aged.settled(4.0)


def test_derive_with_the_walk_equals_derive_without(tmp_path: Path, private_cache: Path) -> None:
    root = _copy(EXAMPLE, tmp_path / "ledger")
    old = time.time() - 3600
    for folder, _, files in os.walk(root):
        for name in files:
            os.utime(os.path.join(folder, name), (old, old))
    time.sleep(0.01)
    alone = derive.derive(root, lambda s: DAY, lambda: None)
    found = walk(root)
    with sharing(found):
        shared = derive.derive(root, lambda s: DAY, lambda: None)
    view = picker(DAY, 14, [], [], None, True)
    assert shared.problems == alone.problems
    assert sorted(shared.obligations(view)) == sorted(alone.obligations(view))


def test_a_walk_of_another_folder_is_not_used(tmp_path: Path) -> None:
    one = _copy(EXAMPLE, tmp_path / "one")
    two = _copy(LEDGERS / "broken" / "unknown-unit", tmp_path / "two")
    found = walk(one)
    with sharing(found):
        assert current(two) is None
        assert scan(two) == scan(two)
        entries, problems = scan(two)
    assert (entries, problems) == scan(two)
    assert all(isinstance(p, Problem) for p in problems)


def test_a_result_is_keyed_by_the_walk_before_the_run(
    tmp_path: Path, private_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file changed while the command runs has another stamp than the walk saw: the stored
    result is never replayed. An unchanged ledger's result is."""
    root = _copy(EXAMPLE, tmp_path / "ledger")
    monkeypatch.setattr(results, "RACY_SECONDS", 0.0)
    target = root / "units.yaml"
    argv = ["due", "--ledger", str(root)]

    def quiet(ledger: Path | None = None) -> int:
        from reformctl.cli.common import emit

        emit("stored\n")
        return 0

    def meddling(ledger: Path | None = None) -> int:
        from reformctl.cli.common import emit

        target.write_text(target.read_text(encoding="utf-8") + "\n", encoding="utf-8")
        emit("changed during the run\n")
        return 0

    with results.invoked_as(argv):
        assert results.replayable(quiet)(ledger=root) == 0
    assert results.replay_argv(argv) == 0
    with results.invoked_as(argv):
        assert results.replayable(meddling)(ledger=root) == 0
    assert results.replay_argv(argv) is None
    # The walk taken by a lookup that found nothing to replay is the one the run uses.
    missed = results.Missed()
    assert results.replay_argv(argv, missed) is None
    assert missed.walk is not None and missed.walk.root == str(root)
    with results.invoked_as(argv, missed.walk):
        assert results.replayable(quiet)(ledger=root) == 0
    assert results.replay_argv(argv) == 0
