"""The outcome store's head keeps the item files' outcomes in columns (reformctl.outcomes.store):
what is written is read back as it was, stamps of any size included; a head whose columns are not
what the store writes is ignored whole; and an outcome the columns cannot hold is not written."""

from __future__ import annotations

import marshal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reformctl.outcomes import store

KEY = "key"
OPEN = marshal.dumps((("milestone", "projects/a", "t", "m1", "u1", None, 739800, None, "overdue", -3, 4),))
CLOSED = marshal.dumps(())
PROBLEM = ("projects/b.yaml", 3, 1, "unknown-key", "unknown key 'x'", "error")
FILES: dict[str, store.FileOutcome] = {
    "projects/a.yaml": (
        (120, 1_700_000_000_000_000_000, 1_700_000_000_000_000_001, 42),
        (),
        739800,
        OPEN,
        CLOSED,
    ),
    "projects/b.yaml": ((0, -5_000_000_000, 0, 2**64 - 1), (PROBLEM,), None, marshal.dumps(()), CLOSED),
    "pilots/c.yaml": ((7, 1, 2, 3), (PROBLEM, PROBLEM), None, marshal.dumps(()), OPEN),
}


def test_outcomes_are_read_back_as_written(tmp_path: Path) -> None:
    path = tmp_path / "store"
    store.write(path, KEY, store.Stored(739800, dict(FILES), facts=("Asia/Shanghai", 14)))
    head = store.read(path, KEY)
    assert head.day == 739800 and head.facts == ("Asia/Shanghai", 14)
    assert head.files == {rel: (*found[:4], None) for rel, found in FILES.items()}
    assert list(head.files) == list(FILES)  # in the order written
    assert store.read(path, KEY, closed=True).files == FILES


def test_no_files(tmp_path: Path) -> None:
    path = tmp_path / "store"
    store.write(path, KEY, store.Stored(None, {}))
    assert store.read(path, KEY).files == {} and path.exists()


def _head(table: Any) -> bytes:
    payload = marshal.dumps((KEY, 739800, table, None, None, bytes(store.TOKEN_SIZE)))
    return store.MAGIC + store.checksum(payload) + len(payload).to_bytes(store.LENGTH_SIZE, "big") + payload


def _table() -> list[Any]:
    return list(store._table({rel: (*found[:4], None) for rel, found in FILES.items()}))


def _with(index: int, value: Any) -> Any:
    table = _table()
    table[index] = value
    return tuple(table)


BAD_TABLES: dict[str, Any] = {
    "a-list": _table(),
    "too-short": tuple(_table()[:6]),
    "rels-a-list": _with(0, list(FILES)),
    "rel-an-int": _with(0, ("projects/a.yaml", 3, "pilots/c.yaml")),
    "rels-repeated": _with(0, ("projects/a.yaml", "projects/a.yaml", "pilots/c.yaml")),
    "rels-too-few": _with(0, ("projects/a.yaml",)),
    "counts-short": _with(1, _table()[1][:-8]),
    "counts-ragged": _with(1, _table()[1][:-1]),
    "times-a-string": _with(2, "0"),
    "earliest-short": _with(3, _table()[3][:-8]),
    "problems-a-list": _with(4, []),
    "problem-index-out-of-range": _with(4, {7: (PROBLEM,)}),
    "problem-index-negative": _with(4, {-1: (PROBLEM,)}),
    "problem-index-a-string": _with(4, {"0": (PROBLEM,)}),
    "blobs-cut": _with(5, _table()[5][:-1]),
    "blobs-none": _with(5, None),
    "ends-short": _with(6, _table()[6][:-8]),
}


@pytest.mark.parametrize("name", sorted(BAD_TABLES))
def test_a_head_whose_columns_are_not_the_stores_is_ignored(tmp_path: Path, name: str) -> None:
    path = tmp_path / "store"
    path.write_bytes(_head(BAD_TABLES[name]))
    found = store.read(path, KEY)
    assert found.files == {} and found.day is None


def test_the_good_table_is_read(tmp_path: Path) -> None:
    """(The cases above differ from a table that is read in one column each.)"""
    path = tmp_path / "store"
    path.write_bytes(_head(tuple(_table())))
    assert store.read(path, KEY).files == {rel: (*found[:4], None) for rel, found in FILES.items()}


@pytest.mark.parametrize(
    "outcome",
    [
        ((1, 2, 3), (), None, OPEN, None),  # a stamp of three
        ((1, 2, 3, -4), (), None, OPEN, None),  # a negative inode
        ((1, 2, 3, 4), (), "739800", OPEN, None),  # the earliest date a string
        ((1, 2, 3, 4), (), 739800.5, OPEN, None),
        ((1, 2, 3, 4), (), None, None, None),  # no packed obligations
        ((1, 2, 3, 4), (), None, "text", None),
    ],
)
def test_an_outcome_the_columns_cannot_hold_is_not_written(tmp_path: Path, outcome: Any) -> None:
    path = tmp_path / "store"
    store.write(path, KEY, store.Stored(739800, {"projects/a.yaml": outcome}))
    assert not path.exists()


STAMP_CHOICES = st.sampled_from(["same", "changed", "missing", "none"])


@given(
    choices=st.fixed_dictionaries({rel: STAMP_CHOICES for rel in FILES}),
    extra=st.booleans(),
    asked=st.lists(st.sampled_from(sorted(FILES)), unique=True),
)
@settings(max_examples=80, deadline=None)
def test_the_columns_tell_unchanged_files_and_problems_as_the_outcomes_do(
    tmp_path_factory: pytest.TempPathFactory, choices: dict[str, str], extra: bool, asked: list[str]
) -> None:
    """Read from a store, which files are unchanged and their problems are told from the columns
    (no outcome put together); told from the outcomes, they are the same."""
    path = tmp_path_factory.mktemp("store") / "store"
    store.write(path, KEY, store.Stored(739800, dict(FILES)))
    stamps: dict[str, Any] = {"projects/new.yaml": (1, 2, 3, 4)} if extra else {}
    for rel, choice in choices.items():
        then = FILES[rel][0]
        if choice == "same":
            stamps[rel] = then
        elif choice == "changed":
            stamps[rel] = (then[0] + 1, *then[1:])
        elif choice == "none":
            stamps[rel] = None
    from_columns = store.read(path, KEY)
    assert from_columns.columns is not None
    unchanged = from_columns.unchanged(stamps)
    problems = from_columns.problems_of(asked)
    assert from_columns._files is None  # told from the columns alone
    assert unchanged == {rel for rel, choice in choices.items() if choice == "same"}
    from_outcomes = store.Stored(739800, dict(FILES))
    assert from_outcomes.unchanged(stamps) == unchanged
    assert sorted(from_outcomes.problems_of(asked)) == sorted(problems)
    assert sorted(problems) == sorted(p for rel in asked for p in FILES[rel][1])
