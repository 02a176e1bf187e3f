"""The outcome store (reformctl.load.store): what it keeps, when a run takes it, and that nothing
in it is trusted or can leak to another user."""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import orjson
import pytest

from reformctl.cli import compute as compute_module
from reformctl.load import store
from tests.conftest import EXAMPLE, run_cli

AS_OF = "2026-07-10"


@pytest.fixture
def ledger(tmp_path: Path) -> Path:
    target = tmp_path / "ledger"
    shutil.copytree(EXAMPLE, target)
    return target


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files each run parses, in order."""
    seen: list[str] = []
    real = compute_module.record_from_bytes

    def counting(raw: bytes, entry: object) -> object:
        seen.append(entry.rel)  # type: ignore[attr-defined]
        return real(raw, entry)  # type: ignore[arg-type]

    monkeypatch.setattr(compute_module, "record_from_bytes", counting)
    return seen


def _due(ledger: Path, *more: str) -> str:
    result = run_cli("due", "--ledger", str(ledger), "--as-of", AS_OF, "--all", "--format", "json", *more)
    assert result.exit_code == 0, result.output
    return result.stdout


def _uncached(ledger: Path) -> str:
    return run_cli(
        "--no-cache", "due", "--ledger", str(ledger), "--as-of", AS_OF, "--all", "--format", "json"
    ).stdout


def _store_files(cache: Path) -> list[Path]:
    return sorted(cache.glob("outcomes-*.txt"))


def _is_item(rel: str) -> bool:
    return rel.startswith(("projects/", "pilots/", "handovers/"))


def test_a_second_run_parses_the_context_files_only(
    ledger: Path, parsed: list[str], private_cache: Path
) -> None:
    first = _due(ledger)
    assert any(_is_item(rel) for rel in parsed)
    assert len(_store_files(private_cache)) == 1
    parsed.clear()
    assert _due(ledger) == first
    assert parsed and not any(_is_item(rel) for rel in parsed)


def test_after_an_edit_only_that_item_file_is_parsed_again(ledger: Path, parsed: list[str]) -> None:
    _due(ledger)
    target = ledger / "projects" / "zuiduo-paoyici.yaml"
    target.write_text(
        target.read_text(encoding="utf-8").replace("deadline: 2026-12-31", "deadline: 2026-12-30")
    )
    parsed.clear()
    cached = _due(ledger)
    assert [rel for rel in parsed if _is_item(rel)] == ["projects/zuiduo-paoyici.yaml"]
    assert cached == _uncached(ledger)
    assert '"due": "2026-12-30"' in cached


def test_a_same_size_rewrite_in_the_same_second_is_seen(ledger: Path) -> None:
    """Content keys: a copy with the same size and modification time (as `cp -p` makes on a
    filesystem with one-second stamps) is not taken for the old file."""
    target = ledger / "projects" / "zuiduo-paoyici.yaml"
    before = os.stat(target)
    _due(ledger)
    target.write_text(
        target.read_text(encoding="utf-8").replace("deadline: 2026-12-31", "deadline: 2026-11-30")
    )
    os.utime(target, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert os.stat(target).st_size == before.st_size
    assert '"due": "2026-11-30"' in _due(ledger)


def test_another_day_or_context_computes_every_item_again(ledger: Path, parsed: list[str]) -> None:
    _due(ledger)
    parsed.clear()
    run_cli("due", "--ledger", str(ledger), "--as-of", "2026-07-11", "--format", "json")
    assert any(_is_item(rel) for rel in parsed)
    units = ledger / "units.yaml"
    units.write_text(units.read_text(encoding="utf-8") + "\n# a comment\n", encoding="utf-8")
    parsed.clear()
    run_cli("due", "--ledger", str(ledger), "--as-of", "2026-07-11", "--format", "json")
    items = [p for folder in ("projects", "pilots", "handovers") for p in (ledger / folder).glob("*.yaml")]
    assert sum(_is_item(rel) for rel in parsed) == len(items)


def test_check_takes_what_due_stored_and_due_what_check_could_not(ledger: Path, parsed: list[str]) -> None:
    _due(ledger)
    parsed.clear()
    checked = run_cli("check", "--ledger", str(ledger))
    assert checked.exit_code == 0 and not any(_is_item(rel) for rel in parsed)
    target = ledger / "pilots" / "jiashan-demo.yaml"
    target.write_text(target.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    parsed.clear()
    run_cli("check", "--ledger", str(ledger))  # stores the pilot's problems, not its obligations
    assert [rel for rel in parsed if _is_item(rel)] == ["pilots/jiashan-demo.yaml"]
    parsed.clear()
    _due(ledger)
    assert [rel for rel in parsed if _is_item(rel)] == ["pilots/jiashan-demo.yaml"]


def test_no_cache_and_the_variable_leave_no_store(
    ledger: Path, private_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run_cli("--no-cache", "due", "--ledger", str(ledger), "--as-of", AS_OF)
    monkeypatch.setenv("REFORMCTL_NO_CACHE", "1")
    run_cli("check", "--ledger", str(ledger))
    assert _store_files(private_cache) == []


def test_the_cache_folder_is_made_private(
    ledger: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "new" / "cache"
    monkeypatch.setenv("REFORMCTL_CACHE_DIR", str(folder))
    _due(ledger)
    assert stat.S_IMODE(os.stat(folder).st_mode) == 0o700
    assert _store_files(folder)


@pytest.mark.parametrize("how", ["others-write", "group-write", "other-owner", "a-file"])
def test_a_cache_folder_others_may_write_is_not_used(
    ledger: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    folder = tmp_path / "shared-cache"
    if how == "a-file":
        folder.write_text("not a folder")
    else:
        folder.mkdir(mode=0o700)
        if how == "others-write":
            os.chmod(folder, 0o777)
        elif how == "group-write":
            os.chmod(folder, 0o770)
        else:
            if os.getuid() != 0:
                pytest.skip("changing a folder's owner needs root")
            os.chown(folder, 65534, 65534)
    monkeypatch.setenv("REFORMCTL_CACHE_DIR", str(folder))
    result = run_cli("due", "--ledger", str(ledger), "--as-of", AS_OF, "--format", "json")
    assert result.exit_code == 0
    warnings = [line for line in result.stderr.splitlines() if "cache folder" in line]
    assert len(warnings) == 1 and "running without the cache" in warnings[0], result.stderr
    if how != "a-file":
        assert _store_files(folder) == []
    assert (
        result.stdout
        == run_cli("--no-cache", "due", "--ledger", str(ledger), "--as-of", AS_OF, "--format", "json").stdout
    )


def _damage(path: Path, how: str) -> None:
    text = path.read_bytes()
    header, heads, rest = text.split(b"\n", 2)
    if how == "header":
        path.write_bytes(b"{not json\n" + heads + b"\n" + rest)
    elif how == "format":
        path.write_bytes(header.replace(b'"format":3', b'"format":99') + b"\n" + heads + b"\n" + rest)
    elif how == "truncated":
        path.write_bytes(text[: len(text) // 2])
    elif how == "bad-heads":
        path.write_bytes(b"\n".join([header, heads.replace(b"[[", b"[{", 3), rest]))
    elif how == "other-file":  # each head claims the outcome of the next file
        found = orjson.loads(heads)
        names = list(found)
        shifted = {names[(i + 1) % len(names)]: found[name] for i, name in enumerate(names)}
        path.write_bytes(b"\n".join([header, orjson.dumps(shifted), rest]))
    elif how == "closed-lines":  # the done and late obligations of each file under another's name
        lines = [ln.split(b"\t", 2) for ln in rest.split(b"\n") if ln]
        moved = [b"\t".join([lines[(i + 1) % len(lines)][0], *ln[1:]]) for i, ln in enumerate(lines)]
        path.write_bytes(b"\n".join([header, heads, *moved]) + b"\n")
    elif how == "closed-text":
        path.write_bytes(b"\n".join([header, heads, rest.replace(b"[[", b"[{")]))
    elif how == "garbage":
        path.write_bytes(os.urandom(4096))
    elif how == "wrong-shape":
        found = orjson.loads(heads)
        path.write_bytes(
            b"\n".join([header, orjson.dumps({k: [v[0], {"a": 1}, 7, True] for k, v in found.items()}), rest])
        )


@pytest.mark.parametrize(
    "how",
    [
        "header",
        "format",
        "truncated",
        "bad-heads",
        "other-file",
        "closed-lines",
        "closed-text",
        "garbage",
        "wrong-shape",
    ],
)
def test_a_damaged_store_is_never_trusted(ledger: Path, private_cache: Path, how: str) -> None:
    expected = _uncached(ledger)
    _due(ledger)
    (path,) = _store_files(private_cache)
    _damage(path, how)
    assert _due(ledger) == expected
    checked = run_cli("check", "--ledger", str(ledger))
    assert checked.stdout == run_cli("--no-cache", "check", "--ledger", str(ledger)).stdout


def test_a_store_that_cannot_be_written_is_no_store(ledger: Path, private_cache: Path) -> None:
    (private_cache / store.store_path(private_cache, ledger).name).mkdir()  # where the file would go
    assert _due(ledger) == _uncached(ledger)
    assert _due(ledger) == _uncached(ledger)


def test_the_store_key_holds_the_code(monkeypatch: pytest.MonkeyPatch) -> None:
    first = store.code_digest(["max-bytes 1"])
    assert store.code_digest(["max-bytes 2"]) != first
    monkeypatch.setattr(store, "__version__", "99.0")
    assert store.code_digest(["max-bytes 1"]) != first


def test_a_written_store_reads_back(tmp_path: Path) -> None:
    key = store.Key("code", "context", "2026-07-10")
    heads = {
        "projects/a.yaml": store.Head("d1", [], [], True),
        "pilots/b.yaml": store.Head("d2", [], None, False),
    }
    path = tmp_path / "s.txt"
    store.write(path, key, heads, {"projects/a.yaml": ("d1", b"[]")})
    found = store.read(path, "code", "context")
    assert found is not None and found.key == key
    assert found.heads == {"projects/a.yaml": ("d1", [], [], True), "pilots/b.yaml": ("d2", [], None, False)}
    assert found.closed() == {"projects/a.yaml": ("d1", b"[]")}
    assert store.read(path, "other code", "context") is None
    assert store.read(path, "code", "other context") is None
    assert store.read(tmp_path / "missing.txt", "code", "context") is None
