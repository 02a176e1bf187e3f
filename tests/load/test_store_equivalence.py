"""After any sequence of edits, a run that takes stored outcomes prints what a run without the
store prints, byte for byte: `check`, `due --all --format json` and the default `due` view, with
their standard error and exit codes (the rule of docs/performance.md, "What a file's outcomes
depend on", checked end to end)."""

from __future__ import annotations

import re
import shutil
from datetime import date, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import EXAMPLE, run_cli

ITEMS = ("projects", "pilots", "handovers")
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

EDITS = st.one_of(
    st.tuples(st.just("title"), st.integers(0, 99), st.sampled_from(["改", "新", '"引号"', "x: y"])),
    st.tuples(st.just("date"), st.integers(0, 99), st.integers(-400, 400)),
    st.tuples(st.just("add"), st.integers(0, 99), st.sampled_from(["copy-a", "copy-b"])),
    st.tuples(st.just("remove"), st.integers(0, 99), st.just("")),
    st.tuples(st.just("break"), st.integers(0, 99), st.sampled_from(["key: [", "lead: nobody", "\tbad"])),
    st.tuples(st.just("context"), st.integers(0, 99), st.integers(-60, 60)),
    st.tuples(st.just("settings"), st.integers(0, 40), st.sampled_from(["upcoming_days", "red_after_days"])),
    st.tuples(st.just("units"), st.integers(0, 99), st.sampled_from(["name", "id"])),
    st.tuples(st.just("year"), st.integers(2024, 2027), st.just("")),
    st.tuples(st.just("as-of"), st.integers(-200, 200), st.just("")),
)


def _items(root: Path) -> list[Path]:
    return sorted(p for folder in ITEMS for p in (root / folder).glob("*.yaml"))


def _context(root: Path) -> list[Path]:
    return sorted(p for p in root.glob("20*/**/*.yaml"))


def _shift(text: str, days: int) -> str:
    def moved(m: re.Match[str]) -> str:
        try:
            return (date.fromisoformat(m[0]) + timedelta(days=days)).isoformat()
        except ValueError:
            return m[0]

    return DATE.sub(moved, text, count=1)


def _edit(root: Path, edit: tuple[str, int, object], as_of: date) -> date:
    kind, n, value = edit
    items = _items(root)
    if kind == "as-of":
        return as_of + timedelta(days=n)
    if kind in ("title", "date", "add", "remove", "break") and not items:
        return as_of
    target = items[n % len(items)] if items else root / "ledger.yaml"
    if kind == "title":
        text = target.read_text(encoding="utf-8")
        target.write_text(re.sub(r"^title: ", f"title: {value}", text, count=1, flags=re.M), encoding="utf-8")
    elif kind == "date":
        assert isinstance(value, int)
        target.write_text(_shift(target.read_text(encoding="utf-8"), value), encoding="utf-8")
    elif kind == "add" and target.name != f"{value}.yaml":
        shutil.copy(target, target.with_name(f"{value}.yaml"))
    elif kind == "remove":
        target.unlink()
    elif kind == "break":
        target.write_text(target.read_text(encoding="utf-8") + f"{value}\n", encoding="utf-8")
    elif kind == "context":
        files = _context(root)
        assert isinstance(value, int)
        one = files[n % len(files)]
        one.write_text(_shift(one.read_text(encoding="utf-8"), value), encoding="utf-8")
    elif kind == "settings":
        path = root / "ledger.yaml"
        text = re.sub(rf"{value}: \d+", f"{value}: {n}", path.read_text(encoding="utf-8"))
        path.write_text(text, encoding="utf-8")
    elif kind == "units":  # rename a unit, or change its id (what refers to the old id breaks)
        path = root / "units.yaml"
        text = path.read_text(encoding="utf-8")
        found = list(re.finditer(r"^    name: .*$" if value == "name" else r"^  - id: .*$", text, flags=re.M))
        m = found[n % len(found)]
        path.write_text(
            text[: m.end()] + ("（新）" if value == "name" else "-x") + text[m.end() :], encoding="utf-8"
        )
    elif kind == "year":
        (root / str(n)).mkdir(exist_ok=True)
    return as_of


def _runs(root: Path, as_of: date, *before: str) -> list[tuple[int, str, str]]:
    """Exit code, standard output and standard error of `check`, `due --all --format json`,
    `due --format json` and `due`; `before` goes before the command (`--no-cache`)."""
    day = as_of.isoformat()
    out = []
    for args in (
        ("check", "--ledger", str(root)),
        ("due", "--ledger", str(root), "--as-of", day, "--all", "--format", "json"),
        ("due", "--ledger", str(root), "--as-of", day, "--format", "json"),
        ("due", "--ledger", str(root), "--as-of", day),
    ):
        result = run_cli(*before, *args)
        out.append((result.exit_code, result.stdout, result.stderr))
    return out


@settings(
    max_examples=15,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(edits=st.lists(EDITS, min_size=1, max_size=4))
def test_cached_runs_print_what_uncached_runs_print(
    tmp_path_factory: object, edits: list[tuple[str, int, object]]
) -> None:
    root = tmp_path_factory.mktemp("ledger") / "ledger"  # type: ignore[attr-defined]
    shutil.copytree(EXAMPLE, root)
    as_of = date(2026, 7, 10)
    assert _runs(root, as_of) == _runs(root, as_of, "--no-cache")
    for edit in edits:
        as_of = _edit(root, edit, as_of)
        assert _runs(root, as_of) == _runs(root, as_of, "--no-cache"), edit
