"""Files parsed ahead by the first process of a split run (reformctl.load.ahead): the run takes a
file parsed ahead only with the stamp its walk saw, and then reads the same as it would itself."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from reformctl.load import ahead, fastyaml, loader
from reformctl.load.cachedir import outcome_store_file
from reformctl.load.layout import scan
from reformctl.load.walk import sharing, walk
from reformctl.outcomes import derive

DAY = date(2026, 7, 10)
EDITED = "projects/zuiduo-paoyici.yaml"


@pytest.fixture(autouse=True)
def nothing_ahead() -> Any:
    ahead._AHEAD.clear()
    yield
    ahead._AHEAD.clear()


def _store_written_before_the_edit(root: Path) -> None:
    """An outcome store written after the ledger was copied and before the edit that follows (its
    mtime is what 'changed since' is measured from)."""
    path = outcome_store_file(root)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"not read here")
    time.sleep(0.02)


def _edit(root: Path, rel: str = EDITED, new: str = "title: 改") -> None:
    path = root / rel
    path.write_text(path.read_text(encoding="utf-8").replace("title: ", new, 1), encoding="utf-8")


def _parsed_by_the_run(root: Path) -> dict[str, Any]:
    entries = {e.rel: e for e in scan(root)[0]}
    return {rel: loader.parse_record(root, entries[rel]) for rel in ("ledger.yaml", "units.yaml", EDITED)}


def test_the_files_read_surely_and_those_changed_since_the_store(ledger: Path, private_cache: Path) -> None:
    root = ledger.resolve()
    taken = walk(root)
    assert taken is not None
    assert ahead.candidates(taken, None) == ["ledger.yaml", "units.yaml"]
    _store_written_before_the_edit(root)
    _edit(root)
    taken = walk(root)
    assert taken is not None
    since = os.stat(outcome_store_file(root)).st_mtime_ns
    assert ahead.candidates(taken, since) == ["ledger.yaml", "units.yaml", EDITED]
    assert (
        ahead.candidates(taken, 0)[2:]
        == sorted(r[0] for r in taken.rows if r[0].startswith(ahead.ITEM_FOLDERS) and r[0].endswith(".yaml"))[
            : len(ahead.candidates(taken, 0)) - 2
        ]
    )
    monkey_limit = len(ahead.candidates(taken, 0)) - 3
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(ahead, "LIMIT", monkey_limit)
        assert ahead.candidates(taken, 0) == ["ledger.yaml", "units.yaml"]  # too many: none


def test_a_file_parsed_ahead_is_what_the_run_parses(
    ledger: Path, private_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = ledger.resolve()
    _store_written_before_the_edit(root)
    _edit(root)
    (root / "units.yaml").write_text("units: [\n", encoding="utf-8")  # a problem is parsed ahead too
    taken = walk(root)
    assert taken is not None
    with sharing(taken):
        expected = _parsed_by_the_run(root)
    ahead.receive(ahead.parse_ahead(taken))
    assert set(ahead._AHEAD["files"]) == {"ledger.yaml", "units.yaml", EDITED}
    parsed: list[str] = []
    real = loader.parse

    def counting(raw: bytes, rel: str, limit: int = fastyaml.MAX_BYTES) -> Any:
        parsed.append(rel)
        return real(raw, rel, limit)

    monkeypatch.setattr(loader, "parse", counting)
    with sharing(taken):
        assert _parsed_by_the_run(root) == expected
    assert parsed == []  # all three taken as parsed ahead…
    with sharing(taken):
        assert _parsed_by_the_run(root) == expected
    assert parsed == ["ledger.yaml", "units.yaml", EDITED]  # …once each


def test_a_file_changed_after_the_walk_or_another_folder_is_read_again(
    ledger: Path, private_cache: Path, tmp_path: Path
) -> None:
    root = ledger.resolve()
    _store_written_before_the_edit(root)
    _edit(root)
    taken = walk(root)
    assert taken is not None
    early = ahead.parse_ahead(taken)
    _edit(root, new="title: 又改")  # after the walk and the parse
    ahead.receive(early)
    assert ahead.take(tmp_path, EDITED) is None  # another folder
    assert ahead.take(root, EDITED) is None  # no walk shared
    later = walk(root)
    assert later is not None
    ahead.receive(early)
    with sharing(later):
        assert ahead.take(root, EDITED) is None  # the run's walk saw another stamp
        assert ahead.take(root, "ledger.yaml") is not None
    ahead.receive(early)
    with sharing(taken):  # the walk it was parsed at, but the file has another stamp now (the
        assert ahead.take(root, EDITED) is None  # run would keep the old text under it)
        assert ahead.take(root, "units.yaml") is not None


def test_a_file_changed_between_the_walk_and_the_parse_is_not_sent(ledger: Path, private_cache: Path) -> None:
    root = ledger.resolve()
    taken = walk(root)
    assert taken is not None
    time.sleep(0.01)
    _edit(root, rel="ledger.yaml", new="name: ")
    ahead.receive(ahead.parse_ahead(taken))
    assert set(ahead._AHEAD["files"]) == {"units.yaml"}


def test_derive_with_files_parsed_ahead_equals_derive_without(ledger: Path, private_cache: Path) -> None:
    root = ledger.resolve()
    derive.derive(root, lambda s: DAY, lambda: None)  # writes the store
    time.sleep(0.01)
    _edit(root)
    taken = walk(root)
    assert taken is not None
    with sharing(taken):
        alone = derive.derive(root, lambda s: DAY, lambda: None)
    ahead.receive(ahead.parse_ahead(taken))
    assert EDITED in ahead._AHEAD["files"]
    with sharing(taken):
        early = derive.derive(root, lambda s: DAY, lambda: None)
    assert ahead._AHEAD["files"] == {}  # every file parsed ahead was taken
    assert early.problems == alone.problems and early.day == alone.day
    assert early.fresh == alone.fresh


def test_the_helper_of_check_and_due_loads_no_yaml_parser_before_it_needs_one() -> None:
    code = (
        "import sys\n"
        "from reformctl.cli import split\n"
        "import importlib\n"
        "for name in split.PRELOAD['due'] + split.PRELOAD['check']: importlib.import_module(name)\n"
        "print('yaml' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
