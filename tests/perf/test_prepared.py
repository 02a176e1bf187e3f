"""Stored outcomes worked out by the first process of a split run (reformctl.outcomes.prepared):
a run that takes them prints what a run that reads the store itself prints, without reading the
store; when what was worked out does not fit the run (another view, another day, a store written
again since), the run reads the store itself; and nothing is worked out for a run that would not
take it."""

from __future__ import annotations

import contextlib
import inspect
import marshal
import os
import random
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reformctl.cli import reads
from reformctl.load import walk as walking
from reformctl.outcomes import lastview, prepared, store
from tests.conftest import run_cli

AS_OF = "2026-07-10"
OLD = time.time() - 3600
EDITED = "projects/zuiduo-paoyici.yaml"


def _age(root: Path) -> None:
    for path in root.rglob("*"):
        if path.is_file():
            os.utime(path, (OLD, OLD))


def _edit(root: Path, rel: str = EDITED, new: str = "title: 改") -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("title: ", new, 1), encoding="utf-8")


@pytest.fixture
def root(example_copy: Path, private_cache: Path) -> Path:
    """The example ledger with its outcome store written for AS_OF, then one project edited."""
    _age(example_copy)
    assert run_cli("due", "--ledger", str(example_copy), "--as-of", AS_OF).exit_code == 0
    _edit(example_copy)
    return example_copy


@pytest.fixture(autouse=True)
def nothing_received() -> Iterator[None]:
    prepared._RECEIVED.clear()
    yield
    prepared._RECEIVED.clear()


class StoreReads:
    def __init__(self) -> None:
        self.count = 0


@pytest.fixture
def store_reads(monkeypatch: pytest.MonkeyPatch) -> StoreReads:
    """Counts the reads of the outcome store (the first process's too, when a test calls it)."""
    spy = StoreReads()
    real = store.read

    def counting(*args: Any, **kwargs: Any) -> store.Stored:
        spy.count += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(store, "read", counting)
    return spy


def _call(name: str, **given: Any) -> tuple[str, dict[str, Any]]:
    """A command line as the framework parses it: `reformctl.cli.reads`' call, defaults filled."""
    fn = reads.COMMANDS[name]
    kwargs = {p.name: p.default for p in inspect.signature(fn).parameters.values()}
    kwargs.update(given)
    return name, kwargs


def _run(call: tuple[str, dict[str, Any]], capsys: pytest.CaptureFixture[str], taken: walking.Walk) -> str:
    """The run of `call`, as the helper runs it: with the walk its first process took."""
    name, kwargs = call
    capsys.readouterr()
    with walking.sharing(taken):
        code = reads.COMMANDS[name](**kwargs)
    out = capsys.readouterr()
    return f"{code}\n{out.out}\n{out.err}"


def _walk(root: Path) -> walking.Walk:
    taken = walking.walk(root.resolve())
    assert taken is not None
    return taken


DUE_VIEWS: list[dict[str, Any]] = [
    {"fmt": "json"},
    {},
    {"fmt": "json", "everything": True},
    {"fmt": "md", "within": 400},
    {"fmt": "csv", "owner": ["dept-reform-admin"]},
    {"fmt": "json", "rule": ["quarterly-report"], "everything": True},
    {"fmt": "json", "subject": "projects/zuiduo-paoyici"},
    {"fmt": "ics"},
]


@pytest.mark.parametrize(
    "view", DUE_VIEWS, ids=lambda v: "-".join(f"{k}={v[k]}" for k in sorted(v)) or "table"
)
def test_a_run_taking_what_was_worked_out_prints_the_same_without_reading_the_store(
    root: Path, capsys: pytest.CaptureFixture[str], store_reads: StoreReads, view: dict[str, Any]
) -> None:
    call = _call("due", ledger=str(root), as_of=AS_OF, **view)
    taken = _walk(root)
    expected = _run(call, capsys, taken)  # nothing received: the run reads the store
    assert "改" in expected or "subject" in view or "owner" in view or "rule" in view
    payload = prepared.prepare(taken, call)
    assert payload
    prepared.receive(payload)
    before = store_reads.count
    assert _run(call, capsys, taken) == expected
    assert store_reads.count == before  # the store was read by the first process only


def test_check_takes_the_stored_problems_worked_out(
    root: Path, capsys: pytest.CaptureFixture[str], store_reads: StoreReads
) -> None:
    with (root / EDITED).open("a", encoding="utf-8") as handle:
        handle.write("unknown_key: 1\n")
    call = _call("check", ledger=str(root), fmt="json")
    taken = _walk(root)
    expected = _run(call, capsys, taken)
    assert "unknown_key" in expected
    prepared.receive(prepared.prepare(taken, call))
    before = store_reads.count
    assert _run(call, capsys, taken) == expected
    assert store_reads.count == before


def test_another_view_reads_the_store_itself(
    root: Path, capsys: pytest.CaptureFixture[str], store_reads: StoreReads
) -> None:
    worked_for = _call("due", ledger=str(root), as_of=AS_OF, fmt="json")
    run = _call("due", ledger=str(root), as_of=AS_OF, fmt="json", within=400)
    taken = _walk(root)
    expected = _run(run, capsys, taken)
    prepared.receive(prepared.prepare(taken, worked_for))
    before = store_reads.count
    assert _run(run, capsys, taken) == expected
    assert store_reads.count == before + 1
    assert store.store_file(root).exists()  # served from it: not computed from the files, which forgets it


def test_a_store_written_again_since_is_not_trusted(
    root: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another view reads the store again; when it no longer holds what the first process found
    (here: no store at all), every obligation is computed from the files."""
    worked_for = _call("due", ledger=str(root), as_of=AS_OF, fmt="json")
    run = _call("due", ledger=str(root), as_of=AS_OF, fmt="md", within=400)
    taken = _walk(root)
    expected = _run(run, capsys, taken)
    prepared.receive(prepared.prepare(taken, worked_for))
    store.store_file(root).unlink()
    assert _run(run, capsys, taken) == expected


def test_another_day_is_not_taken(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    taken = _walk(root)
    worked = prepared.prepare(taken, _call("due", ledger=str(root), as_of=AS_OF, fmt="json"))
    run = _call("due", ledger=str(root), as_of="2026-07-11", fmt="json")
    expected = _run(run, capsys, taken)
    prepared.receive(worked)
    assert _run(run, capsys, taken) == expected
    assert prepared._RECEIVED == []  # taken by the run, and not used


def test_the_day_of_a_run_without_as_of_is_todays_in_the_ledgers_zone(
    root: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, store_reads: StoreReads
) -> None:
    monkeypatch.setenv("REFORMCTL_TODAY", AS_OF)
    call = _call("due", ledger=str(root), fmt="json")
    taken = _walk(root)
    expected = _run(call, capsys, taken)
    prepared.receive(prepared.prepare(taken, call))
    before = store_reads.count
    assert _run(call, capsys, taken) == expected
    assert store_reads.count == before


def _nothing(root: Path, call: tuple[str, dict[str, Any]] | None) -> bool:
    return prepared.prepare(_walk(root), call) == b""


def test_nothing_is_worked_out_for_a_run_that_would_not_take_it(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    due = _call("due", ledger=str(root), as_of=AS_OF, fmt="json")
    assert not _nothing(root, due)
    assert _nothing(root, None)  # the command line was never parsed: no call
    assert _nothing(root, _call("due", ledger=str(root), as_of="2026-07-11"))  # the store is for another day
    assert _nothing(root, _call("due", ledger=str(root), as_of="not a date"))
    assert _nothing(root, ("library", {}))
    with monkeypatch.context() as mp:
        mp.setattr(store, "REWRITE_FROM", 1)  # one file changed: the run writes the store again
        assert _nothing(root, due)
    with monkeypatch.context() as mp:
        mp.setenv("REFORMCTL_NO_CACHE", "1")
        assert _nothing(root, due)
    (root / "projects/Bad Name.yaml").write_text("id: x\n", encoding="utf-8")  # the listing has a problem
    assert _nothing(root, due)
    (root / "projects/Bad Name.yaml").unlink()
    _edit(root, "ledger.yaml", "name: ")  # another store key: the store is not this ledger's
    assert _nothing(root, due)


def test_a_store_written_by_check_alone_gives_due_nothing(example_copy: Path, private_cache: Path) -> None:
    _age(example_copy)
    assert run_cli("check", "--ledger", str(example_copy)).exit_code == 0
    assert _nothing(example_copy, _call("due", ledger=str(example_copy), as_of=AS_OF))
    assert not _nothing(example_copy, _call("check", ledger=str(example_copy)))


def test_what_was_worked_out_is_taken_once_for_its_ledger_within_its_walk(root: Path, tmp_path: Path) -> None:
    taken = _walk(root)
    prepared.receive(prepared.prepare(taken, _call("due", ledger=str(root), as_of=AS_OF)))
    assert prepared.take(tmp_path) is None  # another folder
    assert prepared.take(root.resolve()) is None  # no walk shared: not this run's
    prepared.receive(prepared.prepare(taken, _call("due", ledger=str(root), as_of=AS_OF)))
    with walking.sharing(taken):
        assert prepared.take(root.resolve()) is not None
        assert prepared.take(root.resolve()) is None


@pytest.mark.parametrize(
    "payload",
    [
        b"\xff\x00",
        marshal.dumps((2, "x")),
        marshal.dumps([prepared.FORMAT]),
        marshal.dumps((prepared.FORMAT,) * 3),
    ],
)
def test_a_payload_that_is_not_one_is_not_kept(payload: bytes) -> None:
    with contextlib.suppress(EOFError, ValueError, TypeError):  # a split run ignores a failing receive
        prepared.receive(payload)
    assert prepared._RECEIVED == []


def test_a_long_view_is_picked_there_and_rendered_here(
    root: Path, capsys: pytest.CaptureFixture[str], store_reads: StoreReads, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(prepared, "RENDER_AT_MOST", 1)
    call = _call("due", ledger=str(root), as_of=AS_OF, fmt="json", everything=True)
    taken = _walk(root)
    expected = _run(call, capsys, taken)
    prepared.receive(prepared.prepare(taken, call))
    assert prepared._RECEIVED[0].rows is None and len(prepared._RECEIVED[0].picked) > 1
    before = store_reads.count
    assert _run(call, capsys, taken) == expected
    assert store_reads.count == before


# ---------------------------------------------------------------------------------------------
# The last view kept beside the store (reformctl.outcomes.lastview)
# ---------------------------------------------------------------------------------------------


class Picks:
    def __init__(self) -> None:
        self.count = 0
        self.counting = False


@pytest.fixture
def picks(monkeypatch: pytest.MonkeyPatch) -> Picks:
    """Counts the picks of stored obligations (`store.picked`) while it is `counting`."""
    spy = Picks()
    real = store.picked

    def counting(*args: Any, **kwargs: Any) -> Any:
        spy.count += spy.counting
        return real(*args, **kwargs)

    monkeypatch.setattr(store, "picked", counting)
    return spy


def _view_file(root: Path) -> Path:
    return lastview.view_file(store.store_file(root))


def _worked(
    root: Path, call: tuple[str, dict[str, Any]], capsys: pytest.CaptureFixture[str], picks: Picks
) -> tuple[str, str]:
    """The run of `call` as the helper runs it with nothing received, and with what its first
    process worked out (its picks counted): both outputs."""
    taken = _walk(root)
    expected = _run(call, capsys, taken)
    prepared._RECEIVED.clear()
    picks.counting = True
    try:
        payload = prepared.prepare(taken, call)
    finally:
        picks.counting = False
    prepared.receive(payload)
    assert prepared._RECEIVED
    return expected, _run(call, capsys, taken)


@pytest.mark.parametrize(
    "view", [{"fmt": "json"}, {}, {"fmt": "json", "everything": True}], ids=["json", "table", "all"]
)
def test_the_last_view_is_taken_by_the_next_run_less_the_files_it_reads_again(
    root: Path, capsys: pytest.CaptureFixture[str], picks: Picks, view: dict[str, Any]
) -> None:
    call = _call("due", ledger=str(root), as_of=AS_OF, **view)
    expected, got = _worked(root, call, capsys, picks)
    assert got == expected and picks.count >= 1 and _view_file(root).exists()
    first = picks.count
    kept = _view_file(root).read_bytes()
    for rel in ("projects/river-chief.yaml", "pilots/jiashan-demo.yaml"):  # more files change
        _edit(root, rel, "title: 又改")
        expected, got = _worked(root, call, capsys, picks)
        assert got == expected
        assert "又改" in expected or "everything" not in view
        assert picks.count == first  # taken from the view kept: nothing picked from the store
        assert _view_file(root).read_bytes() == kept  # and not written again


def test_what_was_kept_names_the_files_it_leaves_out(
    root: Path, capsys: pytest.CaptureFixture[str], picks: Picks
) -> None:
    """A kept view that leaves out a file the run takes from the store (here: one that did not
    change) lacks that file's obligations: it is not taken."""
    call = _call("due", ledger=str(root), as_of=AS_OF, fmt="json")
    _worked(root, call, capsys, picks)
    left_out, shown = _kept(root, call)
    assert left_out == {EDITED}
    stored = _stored(root)
    assert stored.token is not None
    unchanged = "projects/river-chief.yaml"
    lastview.write(
        _view_file(root), stored.token, _DAY, _view_fields(call), True, left_out | {unchanged}, shown
    )
    before = picks.count
    expected, got = _worked(root, call, capsys, picks)
    assert got == expected and picks.count == before + 1
    assert _kept(root, call)[0] == {EDITED}  # kept again, as this run found it


def _key(root: Path) -> str:
    """The store key of the ledger at `root` as it is now."""
    from reformctl.load.layout import scan

    taken = _walk(root)
    with walking.sharing(taken):
        entries, _ = scan(root.resolve())
    return store.ledger_key(root.resolve(), entries, taken.stamps().get)[0]


def _stored(root: Path) -> store.Stored:
    found = store.read(store.store_file(root), _key(root))
    assert found.token is not None
    return found


_DAY = 739807  # AS_OF


def _view_fields(call: tuple[str, dict[str, Any]]) -> tuple[Any, ...]:
    from datetime import date

    stored = _stored(Path(call[1]["ledger"]))
    assert stored.facts is not None
    view = prepared._view(date.fromordinal(_DAY), call[1], stored.facts)
    assert view is not None
    return prepared._fields(view)


def _kept(root: Path, call: tuple[str, dict[str, Any]]) -> tuple[frozenset[str], lastview.Shown]:
    stored = _stored(root)
    assert stored.token is not None
    found = lastview.read(_view_file(root), stored.token, _DAY, _view_fields(call), call[1]["fmt"] == "json")
    assert found is not None
    return found


def test_a_view_kept_for_another_view_or_store_is_not_taken(
    root: Path, capsys: pytest.CaptureFixture[str], picks: Picks
) -> None:
    json = _call("due", ledger=str(root), as_of=AS_OF, fmt="json")
    _worked(root, json, capsys, picks)
    count = picks.count
    for call in (
        _call("due", ledger=str(root), as_of=AS_OF, fmt="md"),  # not rendered
        _call("due", ledger=str(root), as_of=AS_OF, fmt="md", within=400),  # another window
        json,
    ):
        expected, got = _worked(root, call, capsys, picks)
        assert got == expected and picks.count == count + 1
        count = picks.count
    stored = store.whole(_stored(root))
    store.write(store.store_file(root), _key(root), stored)  # the same outcomes, written again
    expected, got = _worked(root, json, capsys, picks)
    assert got == expected and picks.count == count + 1


VIEW_DAMAGES: dict[str, Callable[[bytes], bytes]] = {
    "random-bytes": lambda b: random.Random(3).randbytes(len(b)),
    "truncated": lambda b: b[: len(b) // 2],
    "empty": lambda b: b"",
    "bit-flipped": lambda b: b[:-1] + bytes([b[-1] ^ 1]),
    "other-magic": lambda b: b"RFCTLV99" + b[8:],
    "not-marshal": lambda b: _sealed(b"\xff\x00garbage"),
    "a-list": lambda b: _sealed(marshal.dumps(list(_content(b)))),
    "row-a-list": lambda b: _sealed(marshal.dumps((*_content(b)[:5], ((EDITED, [1, 2, 3]),)))),
    "fragment-text": lambda b: _sealed(marshal.dumps((*_content(b)[:5], ((EDITED, ((1,), False, "x")),)))),
    "left-out-a-list": lambda b: _sealed(marshal.dumps((*_content(b)[:4], [EDITED], _content(b)[5]))),
}


def _sealed(payload: bytes) -> bytes:
    return lastview.MAGIC + lastview._checksum(payload) + payload


def _content(b: bytes) -> tuple[Any, ...]:
    found = marshal.loads(b[len(lastview.MAGIC) + lastview.DIGEST_SIZE :])
    assert isinstance(found, tuple)
    return found


@pytest.mark.parametrize("damage", sorted(VIEW_DAMAGES))
def test_a_damaged_view_file_is_ignored(
    root: Path, capsys: pytest.CaptureFixture[str], picks: Picks, damage: str
) -> None:
    call = _call("due", ledger=str(root), as_of=AS_OF, fmt="json")
    _worked(root, call, capsys, picks)
    path = _view_file(root)
    path.write_bytes(VIEW_DAMAGES[damage](path.read_bytes()))
    before = picks.count
    expected, got = _worked(root, call, capsys, picks)
    assert got == expected and picks.count == before + 1
    assert _kept(root, call)[0] == {EDITED}  # kept again


def test_a_view_file_that_cannot_be_written_is_none(
    root: Path, capsys: pytest.CaptureFixture[str], picks: Picks
) -> None:
    _view_file(root).mkdir(parents=True)
    call = _call("due", ledger=str(root), as_of=AS_OF, fmt="json")
    for _ in range(2):
        before = picks.count
        expected, got = _worked(root, call, capsys, picks)
        assert got == expected and picks.count == before + 1


@given(
    left_out=st.frozensets(st.text(max_size=8), max_size=4),
    shown=st.lists(
        st.tuples(
            st.text(max_size=8),
            st.tuples(st.tuples(st.integers(), st.text(max_size=4)), st.booleans(), st.binary(max_size=16)),
        ),
        max_size=6,
    ),
    rendered=st.booleans(),
)
@settings(max_examples=60, deadline=None)
def test_what_is_kept_reads_back_for_its_store_day_and_view_only(
    tmp_path_factory: pytest.TempPathFactory, left_out: frozenset[str], shown: list[Any], rendered: bool
) -> None:
    path = tmp_path_factory.mktemp("view") / "outcomes.view"
    token, view = b"t" * 16, (739807, ("u",), (), None, False, False)
    lastview.write(path, token, 739807, view, rendered, left_out, shown)
    assert lastview.read(path, token, 739807, view, rendered) == (left_out, tuple(shown))
    assert lastview.read(path, b"u" * 16, 739807, view, rendered) is None
    assert lastview.read(path, token, 739808, view, rendered) is None
    assert lastview.read(path, token, 739807, (*view[:5], True), rendered) is None
    assert lastview.read(path, token, 739807, view, not rendered) is None
