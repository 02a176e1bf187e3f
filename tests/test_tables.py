"""Terminal tables that read at any width (reformctl.render.grid, reformctl.render.linebreak).

`due`, `library`, `scorecard` and `diff` at 80, 100 and 200 columns and in a pipe: no line wider
than the terminal, the column separators of a table at the same place on every line of the page,
no date, number or id broken across lines; and the line breaking itself, on generated text.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from reformctl.cli.screen import colours
from reformctl.render import grid
from reformctl.render.linebreak import NO_LINE_END, NO_LINE_START, clusters, min_width, wrap
from tests.conftest import EXAMPLE, ROOT, run_cli

WIDTHS = (80, 100, 200)
SEPARATORS = "│┃╇┻"
NARROW = re.compile(r"[0-9A-Za-z.\-/:%]")
"""Characters of the runs that never break: dates, numbers, ids, periods."""
COMMANDS = {
    "due": ("due", "--as-of", "2026-07-10"),
    "due-all": ("due", "--all", "--as-of", "2026-07-10"),
    "due-en": ("due", "--as-of", "2026-07-10", "--locale", "en"),
    "library": ("library", "--as-of", "2026-07-10"),
    "library-en": ("library", "--quarter", "2026-Q2", "--locale", "en"),
    "scorecard": ("scorecard", "--year", "2026", "--as-of", "2026-07-10"),
    "scorecard-en": ("scorecard", "--year", "2026", "--as-of", "2026-07-10", "--locale", "en"),
}


def positions(line: str) -> list[int]:
    """The terminal columns of the separators on a line (wide characters take two)."""
    return [cell_len(line[:i]) for i, ch in enumerate(line) if ch in SEPARATORS]


def tables(text: str) -> Iterator[list[str]]:
    """Each table of the output: its lines from the header to the last row (heading rows, which
    span the table, and blank lines between groups are part of it)."""
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        if "┃" not in lines[i]:
            i += 1
            continue
        start = i
        while i < len(lines) and ("┃" in lines[i] or "━" in lines[i]):
            i += 1
        rows = []
        while i < len(lines):
            line = lines[i]
            following = lines[i + 1] if i + 1 < len(lines) else ""
            if (
                "│" in line
                or (line and "│" in following)
                or (not line and "│" in "".join(lines[i + 1 : i + 3]))
            ):
                rows.append(line)
                i += 1
            else:
                break
        yield lines[start:i]


@pytest.fixture(scope="module")
def outputs() -> dict[tuple[str, int], str]:
    out = {}
    for name, args in COMMANDS.items():
        for width in WIDTHS:
            ran = run_cli(*args, "--ledger", str(EXAMPLE), env={"COLUMNS": str(width)})
            assert ran.exit_code == 0, ran.output
            out[(name, width)] = ran.stdout
    return out


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_no_line_is_wider_than_the_terminal(
    outputs: dict[tuple[str, int], str], name: str, width: int
) -> None:
    text = outputs[(name, width)]
    assert [line for line in text.split("\n") if cell_len(line) > width] == []


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_columns_line_up_down_the_page(outputs: dict[tuple[str, int], str], name: str, width: int) -> None:
    found = list(tables(outputs[(name, width)]))
    assert found, outputs[(name, width)]
    for table in found:
        ruled = [positions(line) for line in table if any(ch in line for ch in SEPARATORS)]
        assert len({tuple(p) for p in ruled}) == 1, "\n".join(table)


def tokens(value: object) -> Iterator[str]:
    """The runs of Latin letters, digits and ASCII punctuation in the strings and numbers of a JSON
    value: what a table must never break (dates, numbers, periods, 2.0)."""
    if isinstance(value, dict):
        for v in value.values():
            yield from tokens(v)
    elif isinstance(value, list):
        for v in value:
            yield from tokens(v)
    elif isinstance(value, bool) or value is None:
        return
    elif isinstance(value, float):
        yield f"{100 * value:.1f}%"
    elif isinstance(value, int | str):
        yield from (t for t in NARROW_RUN.findall(str(value)) if len(t) > 1)


NARROW_RUN = re.compile(r"[0-9A-Za-z][0-9A-Za-z.\-:%]*[0-9A-Za-z%]|[0-9A-Za-z]")
JSON_FIELDS = {
    "due": ("obligations", ("title", "due")),
    "due-all": ("obligations", ("title", "due")),
    "library": ("projects", ("title", "deadline", "next_milestone")),
    "scorecard": ("units", ("owed", "on_time", "late", "overdue", "days_late", "on_time_rate")),
}


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", sorted(JSON_FIELDS))
def test_dates_numbers_and_ids_never_break(
    outputs: dict[tuple[str, int], str], name: str, width: int
) -> None:
    """Every date, number and Latin run of what the table shows (as the JSON has it) is whole on
    one line of the table: 2026-10-3 / 1 or 2. / 0 never happen."""
    key, fields = JSON_FIELDS[name]
    ran = run_cli(*COMMANDS[name], "--ledger", str(EXAMPLE), "--format", "json")
    records = json.loads(ran.stdout)[key]
    lines = outputs[(name, width)].split("\n")
    wanted = {t for record in records for f in fields for t in tokens(record[f])}
    assert len(wanted) >= 5
    assert sorted(t for t in wanted if not any(t in line for line in lines)) == []


def test_the_example_dates_come_out_whole() -> None:
    """Every date of the library's table, at 80 columns: as many whole dates as the JSON has."""
    ran = run_cli("library", "--as-of", "2026-07-10", env={"COLUMNS": "80"}, cwd=ROOT)
    dates = re.findall(r"\d{4}-\d{2}-\d{2}", ran.stdout)
    assert dates.count("2026-12-31") >= 4 and "2026-10-31" in dates
    assert not re.search(r"\d{4}-\d{1,2}-?\s*│|\d{4}-\d{2}-\d\s", ran.stdout)
    assert "2.0" in ran.stdout.replace("\n", "")  # 平台2.0 stays together


def test_one_table_for_due_with_a_heading_row_per_unit() -> None:
    text = run_cli("due", "--as-of", "2026-07-10", env={"COLUMNS": "100"}, cwd=ROOT).stdout
    assert text.count("┃") == 3  # one header for the page
    found = list(tables(text))
    assert len(found) == 1
    headings = [line for line in found[0] if line and not any(ch in line for ch in SEPARATORS)]
    assert headings[:3] == ["社会事业和民生保障体制改革专项小组", "市农业农村局", "市生态环境局"]


def test_in_a_pipe_tables_take_100_columns_without_colour() -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "NO_COLOR")}
    ran = subprocess.run(
        [sys.executable, "-m", "reformctl", "due", "--as-of", "2026-07-10"],
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        check=True,
    )
    text = ran.stdout.decode("utf-8")
    assert "\x1b[" not in text
    widths = [cell_len(line) for line in text.split("\n")]
    assert max(widths) <= 100 and max(widths) > 90
    assert len({tuple(positions(line)) for t in tables(text) for line in t if "│" in line}) == 1


def test_colour_only_on_a_terminal_without_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    table = grid.Table(
        [grid.Column("状态"), grid.Column("事项", wraps=True)],
        [[grid.Cell.of("已逾期", "bold red"), grid.Cell.of("甲")]],
    )
    coloured = grid.to_str(grid.render(table, 40), color=True)
    assert "\x1b[1;31m已逾期\x1b[0m" in coloured
    assert "\x1b" not in grid.to_str(grid.render(table, 40), color=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    assert colours(True) and not colours(False)
    monkeypatch.setenv("NO_COLOR", "1")
    assert not colours(True)


def test_a_narrow_terminal_wraps_headers_and_titles_but_not_dates() -> None:
    table = grid.Table(
        [grid.Column("截止日期"), grid.Column("联系市领导", wraps=True), grid.Column("事项", wraps=True)],
        [
            [
                grid.Cell.of("2026-10-31"),
                grid.Cell.of("李强"),
                grid.Cell.of("上线“一件事”集成服务2.0版，2026-Q3完成"),
            ]
        ],
    )
    lines = grid.to_str(grid.render(table, 36), color=False).split("\n")
    assert all(cell_len(line) <= 36 for line in lines)
    assert any("2026-10-31" in line for line in lines)
    assert any("2026-Q3" in line for line in lines) and any("2.0版" in line for line in lines)


# --- line breaking -------------------------------------------------------------------------------

PIECES = st.sampled_from(
    [
        "深化",
        "改革",
        "“一件事”",
        "（二期）",
        "，",
        "。",
        "2026-10-31",
        "2.0",
        "projects/zuiduo",
        "m3",
        " ",
        "reform",
        "—",
    ]
)
TEXT = st.lists(PIECES, max_size=30).map("".join)


@settings(max_examples=200, deadline=None)
@given(text=TEXT, width=st.integers(min_value=2, max_value=60))
def test_wrapping_loses_nothing_and_keeps_runs_and_punctuation(text: str, width: int) -> None:
    lines = wrap(text, width)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    if width >= min_width(text):
        assert all(cell_len(line) <= width for line in lines)
        runs = {c for _, c in clusters(text) if c}
        for line in lines[1:]:
            assert line[:1] not in NO_LINE_START, lines
        for line in lines[:-1]:
            assert line[-1:] not in NO_LINE_END, lines
        joined = "\n".join(lines)
        for token in re.findall(r"[0-9A-Za-z./\-]+", text):
            assert token in joined.replace(" ", "\n").split("\n") or any(token in r for r in runs)
            assert any(token in line for line in lines), (token, lines)


@pytest.mark.parametrize(
    ("text", "width", "lines"),
    [
        ("深化“最多跑一次”改革", 8, ["深化“最", "多跑一", "次”改革"]),  # “ and ” keep to their text
        ("办法未出台，季度进展", 10, ["办法未出", "台，季度进", "展"]),  # a line never starts with ，
        ("上线集成服务2.0版", 12, ["上线集成服务", "2.0版"]),
        ("上线集成服务2.0版", 14, ["上线集成服务", "2.0版"]),  # 2.0 is one piece
        ("reform task completed", 10, ["reform", "task", "completed"]),
        ("projects/zuiduo-paoyici", 10, ["projects/z", "uiduo-paoy", "ici"]),  # wider than the line: cut
    ],
)
def test_wrap(text: str, width: int, lines: list[str]) -> None:
    assert wrap(text, width) == lines
