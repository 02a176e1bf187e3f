"""CSV and xlsx output: ledger text that starts like a formula stays text in a spreadsheet.

`tests/ledgers/formula-cells` holds titles and unit names starting with `=`, `+`, `-`, `@`, a tab
and a carriage return. Every text cell of `due --format csv` and of the scorecard's csv and xlsx
must reach a spreadsheet as text (OWASP: a leading `'`), while numbers (`days`, counts) and dates
stay numbers and dates. The LibreOffice test opens the CSV as a clerk would and checks that no
formula was evaluated.
"""

from __future__ import annotations

import csv
import datetime
import io
import subprocess
from pathlib import Path

import openpyxl
import pytest

from reformctl.render.cells import FORMULA_STARTS
from tests.conftest import LEDGERS, run_cli
from tests.tools import soffice

HOSTILE = LEDGERS / "formula-cells"
AS_OF = "2026-07-10"


def _due_csv() -> str:
    ran = run_cli(
        "due", "--ledger", str(HOSTILE), "--as-of", AS_OF, "--all", "--format", "csv", "--locale", "en"
    )
    assert ran.exit_code == 0, ran.output
    return ran.stdout


def _rows(text: str) -> list[dict[str, str]]:
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:], newline="")))


def _is_number(cell: str) -> bool:
    return cell.lstrip("-").isdigit() or cell.lstrip("-").replace(".", "", 1).isdigit()


def test_due_csv_guards_every_text_cell() -> None:
    rows = _rows(_due_csv())
    by_title = {r["What"]: r for r in rows}
    assert set(by_title) == {
        "'+1",
        "'=1+1：出台配套细则",
        "'\t制表符开头的交办事项",
        "'\r回车开头的交办事项",
        '\'=1+1：=HYPERLINK("http://example.invalid","点击")',
        "'=1+1",
    }
    assert {r["Owner"] for r in rows} == {
        "'@SUM(1+1)",
        "'-2+3+cmd|' /C calc'!A0",
        "经济体制改革专项小组",
    }
    for row in rows:
        for key, cell in row.items():
            assert not cell.startswith(FORMULA_STARTS) or _is_number(cell), (key, cell)


def test_due_csv_numbers_and_dates_stay_as_they_are() -> None:
    row = next(r for r in _rows(_due_csv()) if r["Subject"] == "handovers/h1")
    assert (row["Due"], row["Days"], row["Line"]) == ("2026-06-30", "-10", "7")


def test_scorecard_csv_and_xlsx_guard_ledger_text(tmp_path: Path) -> None:
    common = ("scorecard", "--ledger", str(HOSTILE), "--as-of", AS_OF, "--year", "2026", "--locale", "en")
    ran = run_cli(*common, "--format", "csv")
    assert ran.exit_code == 0, ran.output
    names = {r["Unit id"]: r["Unit"] for r in _rows(ran.stdout)}
    assert names["nanhu"] == "'-2+3+cmd|' /C calc'!A0"
    assert names["dept-development"] == "'@SUM(1+1)"
    explained = run_cli(*common, "--unit", "dept-development", "--explain", "--format", "csv")
    assert explained.exit_code == 0, explained.output
    assert [r["What"] for r in _rows(explained.stdout)] == ["'=1+1：出台配套细则"]
    book = tmp_path / "card.xlsx"
    written = run_cli(*common, "--format", "xlsx", "--output", str(book))
    assert written.exit_code == 0, written.output
    sheet = openpyxl.load_workbook(book).worksheets[0]
    cells = [c for row in sheet.iter_rows() for c in row if c.value is not None]
    assert all(c.data_type != "f" for c in cells)
    assert "'@SUM(1+1)" in {c.value for c in cells}
    assert all(not str(c.value).startswith(FORMULA_STARTS) or c.data_type == "n" for c in cells)


@pytest.fixture(scope="module")
def calc_sheet(tmp_path_factory: pytest.TempPathFactory) -> list[list[openpyxl.cell.Cell]]:
    """`due --all --format csv` opened by LibreOffice Calc as UTF-8 CSV and saved as xlsx."""
    program = soffice()
    folder = tmp_path_factory.mktemp("calc")
    source = folder / "due.csv"
    source.write_text(_due_csv(), encoding="utf-8", newline="")
    subprocess.run(
        [
            program,
            "--headless",
            "--norestore",
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--infilter=CSV:44,34,76,1",  # comma, double quote, UTF-8, from line 1
            "--convert-to",
            "xlsx",
            "--outdir",
            str(folder),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    sheet = openpyxl.load_workbook(folder / "due.xlsx").worksheets[0]
    return [list(row) for row in sheet.iter_rows()]


def test_libreoffice_evaluates_no_formula(calc_sheet: list[list[openpyxl.cell.Cell]]) -> None:
    head = [c.value for c in calc_sheet[0]]
    assert head[:3] == ["Kind", "Subject", "What"]
    body = calc_sheet[1:]
    assert len(body) == 6
    assert all(c.data_type != "f" for row in body for c in row)
    titles = {row[head.index("What")].value for row in body}
    assert "'=1+1" in titles and "'+1" in titles
    assert {row[head.index("Owner")].value for row in body} >= {"'@SUM(1+1)", "'-2+3+cmd|' /C calc'!A0"}
    first = body[0]
    assert first[head.index("Subject")].value == "handovers/h1"
    assert first[head.index("Days")].value == -10  # a number still
    assert first[head.index("Due")].value == datetime.datetime(2026, 6, 30)  # a date still
