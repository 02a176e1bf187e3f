"""The record cache gives exactly the uncached results, and is never trusted when damaged."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from reformctl.check import run_checks
from reformctl.errors import ReformctlError
from reformctl.load import cache as cache_mod
from reformctl.load import loader
from reformctl.load.cache import RecordCache, cache_file
from reformctl.load.cachedir import cache_dir, cache_disabled
from reformctl.load.loader import load_ledger, overlay_reader, read_record
from reformctl.outcomes.store import store_file
from tests.conftest import EXAMPLE, LEDGERS, run_cli

OLD = time.time() - 3600  # outside the "racy" window: such files are stored in the cache


def _age(root: Path) -> None:
    for path in root.rglob("*"):
        if path.is_file():
            os.utime(path, (OLD, OLD))


@pytest.fixture
def ledger(tmp_path: Path) -> Path:
    root = tmp_path / "ledger"
    shutil.copytree(EXAMPLE, root)
    _age(root)
    return root


def _cached(root: Path) -> tuple[object, list[object], RecordCache]:
    cache = RecordCache.open(root)
    led, problems = load_ledger(root, cache=cache)
    return led, problems, cache


def test_cached_equals_uncached_on_the_example(ledger: Path) -> None:
    plain = load_ledger(ledger)
    first = _cached(ledger)
    assert cache_file(ledger).exists()
    second = _cached(ledger)
    assert second[2].hits == len(plain[0].files) and second[2].misses == 0
    assert (first[0], first[1]) == plain
    assert (second[0], second[1]) == plain


@pytest.mark.parametrize("case", sorted(p.name for p in (LEDGERS / "broken").iterdir() if p.is_dir()))
def test_cached_equals_uncached_on_broken_ledgers(tmp_path: Path, case: str) -> None:
    root = tmp_path / case
    shutil.copytree(LEDGERS / "broken" / case, root, symlinks=True)
    _age(root)
    plain_ledger, plain_problems = load_ledger(root)
    expected = sorted(set(plain_problems) | set(run_checks(plain_ledger)))
    for _ in range(2):
        led, problems, _cache = _cached(root)
        assert led == plain_ledger
        assert problems == plain_problems
        assert sorted(set(problems) | set(run_checks(led))) == expected


def test_a_changed_file_is_read_again(ledger: Path) -> None:
    _cached(ledger)
    target = ledger / "units.yaml"
    text = target.read_text(encoding="utf-8")
    target.write_text(text.replace("units:", "units:\n  - bogus: 1", 1), encoding="utf-8")
    os.utime(target, (OLD, OLD))  # same mtime as before: size and inode still differ
    led, problems, cache = _cached(ledger)
    assert (led, problems) == load_ledger(ledger)
    assert cache.misses >= 1
    assert any(p.span.path == "units.yaml" for p in problems)


def test_same_size_same_mtime_rewrite_is_not_served_stale(ledger: Path) -> None:
    _cached(ledger)
    target = ledger / "ledger.yaml"
    raw = target.read_bytes()
    changed = raw.replace(b"zh-CN", b"xx-XX", 1)
    assert len(changed) == len(raw) and changed != raw
    tmp = target.with_name(".new")
    tmp.write_bytes(changed)
    os.utime(tmp, (OLD, OLD))
    os.replace(tmp, target)  # how reformctl writes: a new inode
    assert (_cached(ledger)[:2]) == load_ledger(ledger)


def test_recent_files_are_not_stored(ledger: Path) -> None:
    (ledger / "units.yaml").touch()
    _cached(ledger)
    assert "units.yaml" not in RecordCache.open(ledger).records


def test_overlay_entries_bypass_the_cache(ledger: Path) -> None:
    _cached(ledger)
    overlay = {"ledger.yaml": b"name: x\ncity: y\noffice: reform-office\nbogus: 1\n"}
    cache = RecordCache.open(ledger)
    with_cache = load_ledger(ledger, overlay_reader(overlay, read_record), cache=cache)
    without = load_ledger(ledger, overlay_reader(overlay, read_record))
    assert with_cache == without
    assert any(p.code == "unknown-key" and p.span.path == "ledger.yaml" for p in with_cache[1])
    assert load_ledger(ledger, cache=RecordCache.open(ledger)) == load_ledger(ledger)


@pytest.mark.parametrize(
    "damage",
    [
        lambda b: b[: len(b) // 2],  # truncated
        lambda b: b[:-1] + bytes([b[-1] ^ 1]),  # one bit flipped
        lambda b: b"",  # empty
        lambda b: b"not a cache at all",  # foreign
        lambda b: cache_mod.MAGIC + bytes(32) + b"\x80\x05N.",  # bad checksum
        lambda b: b.replace(cache_mod.MAGIC, b"RFCTLC99", 1),  # another format
    ],
)
def test_a_damaged_cache_is_discarded(ledger: Path, damage: object) -> None:
    _cached(ledger)
    path = cache_file(ledger)
    path.write_bytes(damage(path.read_bytes()))  # type: ignore[operator]
    cache = RecordCache.open(ledger)
    assert cache.records == {}
    assert load_ledger(ledger, cache=cache) == load_ledger(ledger)


def test_a_cache_with_a_valid_checksum_but_foreign_content_is_discarded(ledger: Path) -> None:
    import hashlib
    import pickle

    for content in (
        {"stamp": "other", "root": str(ledger.resolve()), "records": {}},
        {"stamp": cache_mod._code_stamp(), "root": "/elsewhere", "records": {}},
        ["a list"],
    ):
        payload = pickle.dumps(content)
        digest = hashlib.blake2b(payload, digest_size=cache_mod.DIGEST_SIZE).digest()
        assert cache_mod.decode(cache_mod.MAGIC + digest + payload, ledger.resolve()) == {}
    # A class outside the allow-list is refused, even with a valid checksum.
    payload = pickle.dumps({"stamp": cache_mod._code_stamp(), "x": os.getcwd})
    digest = hashlib.blake2b(payload, digest_size=cache_mod.DIGEST_SIZE).digest()
    assert cache_mod.decode(cache_mod.MAGIC + digest + payload, ledger.resolve()) == {}


def test_a_cache_entry_of_the_wrong_shape_is_a_miss(ledger: Path) -> None:
    _cached(ledger)
    cache = RecordCache.open(ledger)
    stamp, kind, _ = cache.records["units.yaml"]
    cache.records["units.yaml"] = (stamp, kind, ("doc", {}, b"\x00garbage", (), frozenset()))
    assert load_ledger(ledger, cache=cache) == load_ledger(ledger)


def test_unwritable_cache_folder_is_ignored(
    ledger: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("REFORMCTL_CACHE_DIR", str(blocker / "sub"))
    assert _cached(ledger)[:2] == load_ledger(ledger)


def test_cache_location_and_switch() -> None:
    assert cache_dir({"REFORMCTL_CACHE_DIR": "/x"}) == Path("/x")
    assert cache_dir({"XDG_CACHE_HOME": "/xdg"}) == Path("/xdg/reformctl")
    assert cache_dir({"XDG_CACHE_HOME": "relative"}) == Path.home() / ".cache" / "reformctl"
    assert cache_dir({}) == Path.home() / ".cache" / "reformctl"
    assert cache_disabled({"REFORMCTL_NO_CACHE": "1"})
    assert not cache_disabled({"REFORMCTL_NO_CACHE": "0"})
    assert not cache_disabled({})


def test_cli_writes_the_cache_unless_told_not_to(ledger: Path, private_cache: Path) -> None:
    assert run_cli("--no-cache", "check", "--ledger", str(ledger)).exit_code == 0
    assert not cache_file(ledger).exists()
    assert run_cli("check", "--ledger", str(ledger), env={"REFORMCTL_NO_CACHE": "1"}).exit_code == 0
    assert not cache_file(ledger).exists()
    assert not store_file(ledger).exists()
    assert run_cli("check", "--ledger", str(ledger)).exit_code == 0
    assert store_file(ledger).exists()  # a few hundred files: the record cache is not opened
    first = run_cli("due", "--ledger", str(ledger), "--as-of", "2026-07-10", "--format", "json")
    assert store_file(ledger).exists()
    second = run_cli("due", "--ledger", str(ledger), "--as-of", "2026-07-10", "--format", "json")
    third = run_cli("--no-cache", "due", "--ledger", str(ledger), "--as-of", "2026-07-10", "--format", "json")
    assert first == second == third


def test_parallel_parsing_gives_the_same_results(ledger: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loader, "PARALLEL_MIN_FILES", 2)
    monkeypatch.setattr(loader, "_CHUNK", 3)
    assert load_ledger(ledger, jobs=2) == load_ledger(ledger, jobs=1)


def test_parallel_parsing_of_broken_files_gives_the_same_results(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Files that stop parsing, have problems or hold dates cross from the worker unchanged."""
    broken = tmp_path / "broken"
    shutil.copytree(LEDGERS / "broken" / "_base", broken)
    texts = {
        "a": "id: a\ntitle: [\n",
        "b": "id: b\nid: b\n",
        "c": "id: c\nentered: 2026-13-01\n",
        "d": "\ufeff\x00",
        "e": "id: e\nentered: 2026-01-05\nextra: yes\n",
    }
    for name, text in texts.items():
        (broken / "projects" / f"{name}.yaml").write_text(text, encoding="utf-8")
    monkeypatch.setattr(loader, "PARALLEL_MIN_FILES", 2)
    monkeypatch.setattr(loader, "_CHUNK", 2)
    assert load_ledger(broken, jobs=2) == load_ledger(broken, jobs=1)
    assert load_ledger(broken, jobs=3) == load_ledger(broken, jobs=1)


def test_parsing_processes_follow_reformctl_jobs_else_the_cpus() -> None:
    assert loader.default_jobs({"REFORMCTL_JOBS": "1"}) == 1
    assert loader.default_jobs({"REFORMCTL_JOBS": "3"}) == 3
    cpus = len(os.sched_getaffinity(0))
    assert loader.default_jobs({}) == max(1, min(cpus, loader.MAX_JOBS))
    for bad in ("0", "many", "-2", "２"):
        with pytest.raises(ReformctlError, match=r"REFORMCTL_JOBS .* is not a number of processes"):
            loader.default_jobs({"REFORMCTL_JOBS": bad})


def test_no_home_folder_means_no_cache_and_no_error(
    example_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_home() -> Path:
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.delenv("REFORMCTL_CACHE_DIR")
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setattr(Path, "home", staticmethod(no_home))
    assert cache_dir({}) == Path(os.devnull) / "reformctl"
    first = run_cli("due", "--ledger", str(example_copy), "--as-of", "2026-07-10")
    assert first.exit_code == 0 and "internal error" not in first.output
    assert run_cli("due", "--ledger", str(example_copy), "--as-of", "2026-07-10") == first
    from reformctl.cli import results

    assert results.replay_argv(["due", "--ledger", str(example_copy), "--as-of", "2026-07-10"]) is None
