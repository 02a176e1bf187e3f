"""`reformctl scorecard` (改革实绩考核, §5(2)): goldens, the cross-check against `due --all`, xlsx,
the spreadsheet guard, weights.

The goldens (as of 2026-07-10) were checked by hand against the ledger:
社会事业和民生保障体制改革专项小组 owes 12 obligations due in 2026 by then (its monthly contacts,
its H1 report, its work plan, and the evaluations and results reports it owes with its lead
units), 2 of them overdue — the effect evaluation of kp-08 (due 2026-04-01, 100 days) and the
results report of education-community (due 2026-04-30, 71 days): days_late 171; 秀洲区 owes its H1
report (on time, 2026-06-30) and the rectification of 2026/supervision/s01#f2 (due 2026-06-30,
overdue 10 days): owed 2, on time 1, overdue 1, rate 50.0%; no case is `exemplary: 2026`, so
that list is empty. Every count is also compared with `due --all --format json` below.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import given

from reformctl.cli.common import Loaded
from reformctl.cli.due import render_due
from reformctl.model.ledger import Ledger
from reformctl.render.cells import spreadsheet_text
from reformctl.render.scorecard import render_json
from reformctl.rules.engine import compute_obligations
from reformctl.rules.scorecard import scorecard
from reformctl.rules.view import View, select
from tests.conftest import EXAMPLE, Golden, run_cli
from tests.rules.test_properties import AS_OF, LEDGER_SETTINGS, small_ledgers

STATES = {"done": "on_time", "late": "late", "overdue": "overdue", "due-soon": "open", "open": "open"}


def expected_from_due(due: dict[str, Any], year: int, as_of: str) -> dict[str, dict[str, int]]:
    """The scorecard's counts, worked out independently from `due --all --format json`."""
    out: dict[str, dict[str, int]] = {}
    for ob in due["obligations"]:
        if not (ob["due"].startswith(f"{year}-") and ob["due"] <= as_of):
            continue
        for prefix, wanted in (("", None), ("rect_", "rectification"), ("hand_", "handover")):
            if wanted is not None and ob["rule"] != wanted:
                continue
            row = out.setdefault(ob["owner"], {})
            row[prefix + "owed"] = row.get(prefix + "owed", 0) + 1
            key = prefix + STATES[ob["state"]]
            row[key] = row.get(key, 0) + 1
            if ob["state"] in ("late", "overdue"):
                row[prefix + "days_late"] = row.get(prefix + "days_late", 0) + abs(ob["days"])
    return out


def actual(card: dict[str, Any]) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    for u in card["units"]:
        row = {k: u[k] for k in ("owed", "on_time", "late", "overdue", "open", "days_late")}
        row |= {f"rect_{k}": v for k, v in u["rectifications"].items() if k != "on_time_rate"}
        row |= {f"hand_{k}": v for k, v in u["handovers"].items() if k != "on_time_rate"}
        row = {k: v for k, v in row.items() if v}
        if row:
            out[u["unit"]] = row
        owed = u["owed"]
        assert u["on_time_rate"] == (round(u["on_time"] / owed, 4) if owed else None)
    return out


@pytest.mark.parametrize(
    ("year", "as_of"), [(2026, "2026-07-10"), (2025, "2025-12-31"), (2026, "2026-03-31")]
)
def test_agrees_with_due(year: int, as_of: str) -> None:
    due = run_cli("due", "--all", "--as-of", as_of, "--format", "json", "--ledger", str(EXAMPLE))
    card = run_cli(
        "scorecard", "--year", str(year), "--as-of", as_of, "--format", "json", "--ledger", str(EXAMPLE)
    )
    assert card.exit_code == 0, card.output
    data = json.loads(card.stdout)
    assert (data["year"], data["as_of"], data["weights"]) == (year, as_of, None)
    assert actual(data) == expected_from_due(json.loads(due.stdout), year, as_of)
    units = run_cli("schema").stdout  # units in units.yaml order, every one of them
    assert [u["unit"] for u in data["units"]][:3] == ["leading-group", "reform-office", "inspection-office"]
    assert len(data["units"]) == 29 and units


@LEDGER_SETTINGS
@given(small_ledgers(), AS_OF)
def test_generated_ledgers_agree_with_due(ledger: Ledger, as_of: date) -> None:
    # what `due --all --format json` renders for the ledger (its view and renderer, without loading)
    view = View.of(as_of, 14, [], [], None, True, open_only=False)
    chosen = select(compute_obligations(ledger, as_of), view)
    due_json = render_due(chosen, ledger, as_of, view, 14, "json", "en", False, Loaded(Path("."), ledger, []))
    for year in sorted(ledger.years):
        card = scorecard(ledger, compute_obligations(ledger, as_of), year, as_of)
        data = json.loads(render_json(card, "x", explain=True))
        assert actual(data) == expected_from_due(json.loads(due_json), year, as_of.isoformat())
        for u in data["units"]:  # --explain lists exactly the obligations counted
            assert len(u["obligations"]) == u["owed"]


def test_golden_md(golden: Golden) -> None:
    ran = run_cli(
        "scorecard", "--year", "2026", "--as-of", "2026-07-10", "--format", "md", "--ledger", str(EXAMPLE)
    )
    assert ran.exit_code == 0, ran.output
    golden.check("scorecard/scorecard.2026.zh-CN.md", ran.stdout)


def test_golden_explain(golden: Golden) -> None:
    ran = run_cli(
        "scorecard",
        "--year",
        "2026",
        "--as-of",
        "2026-07-10",
        "--unit",
        "xiuzhou",
        "--explain",
        "--format",
        "md",
        "--locale",
        "en",
        "--ledger",
        str(EXAMPLE),
    )
    assert ran.exit_code == 0, ran.output
    golden.check("scorecard/scorecard.2026.xiuzhou.en.md", ran.stdout)


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("--explain",), "--explain needs --unit"),
        (("--unit", "nowhere"), "is not a unit"),
        (("--year", "2027", "--as-of", "2026-07-10"), "before 2027 began"),
    ],
)
def test_usage_errors(args: tuple[str, ...], words: str) -> None:
    ran = run_cli("scorecard", *args, "--ledger", str(EXAMPLE))
    assert ran.exit_code == 2 and words in ran.stderr


def test_table_and_csv() -> None:
    ran = run_cli(
        "scorecard",
        "--year",
        "2026",
        "--as-of",
        "2026-07-10",
        "--ledger",
        str(EXAMPLE),
        env={"COLUMNS": "200"},
    )
    assert ran.exit_code == 0 and "秀洲区" in ran.stdout and "逾期天数" in ran.stdout
    ran = run_cli(
        "scorecard", "--year", "2026", "--as-of", "2026-07-10", "--format", "csv", "--ledger", str(EXAMPLE)
    )
    rows = list(csv.DictReader(io.StringIO(ran.stdout.removeprefix("\ufeff"))))
    xiuzhou = next(r for r in rows if r["单位代码"] == "xiuzhou")
    assert (xiuzhou["类型"], xiuzhou["应完成"], xiuzhou["逾期未完成"], xiuzhou["问题整改：逾期未完成"]) == (
        "县（市、区）",
        "2",
        "1",
        "1",
    )
    assert xiuzhou["逾期天数"] == "10"


def _with_units(example_copy: Path, first_name: str) -> None:
    units = example_copy / "units.yaml"
    units.write_text(
        units.read_text(encoding="utf-8").replace("name: 南湖区", f"name: '{first_name}'"), encoding="utf-8"
    )


def test_xlsx(example_copy: Path, tmp_path: Path) -> None:
    _with_units(example_copy, '=HYPERLINK("http://x")')
    out = tmp_path / "card.xlsx"
    ran = run_cli(
        "scorecard",
        "--year",
        "2026",
        "--as-of",
        "2026-07-10",
        "--format",
        "xlsx",
        "--output",
        str(out),
        "--ledger",
        str(example_copy),
    )
    assert ran.exit_code == 0, ran.output
    ws = openpyxl.load_workbook(out).active
    assert ws is not None and ws.freeze_panes == "A2"
    head = [c.value for c in ws[1]]
    assert head[:4] == ["单位代码", "单位", "类型", "应完成"]
    rows = {r[0]: r for r in ws.iter_rows(min_row=2, values_only=True)}
    assert rows["nanhu"][1] == '\'=HYPERLINK("http://x")'  # shown as text, never run
    social = rows["sg-social"]
    assert social[3:9] == (12, 10, 0, 2, 0, 171) and isinstance(social[3], int)
    rate = ws.cell(row=1 + list(rows).index("sg-social") + 1, column=head.index("按时完成率") + 1)
    assert rate.value == pytest.approx(10 / 12, abs=1e-4) and rate.number_format == "0.0%"
    width = ws.column_dimensions["B"].width
    assert width == len("经济体制和生态文明体制改革专项小组") * 2 + 2  # East Asian characters count two


def test_spreadsheet_text() -> None:
    for bad in ("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"):
        assert spreadsheet_text(bad) == "'" + bad
    assert spreadsheet_text("市委改革办") == "市委改革办"
    assert spreadsheet_text("") == ""


def test_csv_is_guarded(example_copy: Path) -> None:
    _with_units(example_copy, "-2+3+cmd|/C calc!A0")
    ran = run_cli(
        "scorecard",
        "--year",
        "2026",
        "--as-of",
        "2026-07-10",
        "--format",
        "csv",
        "--ledger",
        str(example_copy),
    )
    row = next(r for r in csv.reader(io.StringIO(ran.stdout)) if r[0] == "nanhu")
    assert ran.exit_code == 0, ran.output
    assert row[1] == "'-2+3+cmd|/C calc!A0"


def test_weights_from_ledger(example_copy: Path) -> None:
    settings = example_copy / "ledger.yaml"
    settings.write_text(
        settings.read_text(encoding="utf-8")
        + "scorecard:\n  base: 100\n  weights:\n    overdue: -2\n    days_late: -0.1\n    rectification_overdue: -5\n",
        encoding="utf-8",
    )
    ran = run_cli(
        "scorecard",
        "--year",
        "2026",
        "--as-of",
        "2026-07-10",
        "--format",
        "json",
        "--ledger",
        str(example_copy),
    )
    assert ran.exit_code == 0, ran.output
    data = json.loads(ran.stdout)
    assert data["weights"] == {
        "base": 100.0,
        "weights": {"overdue": -2.0, "days_late": -0.1, "rectification_overdue": -5.0},
    }
    xiuzhou = next(u for u in data["units"] if u["unit"] == "xiuzhou")
    assert xiuzhou["score"] == 100 - 2 * 1 - 0.1 * 10 - 5 * 1
    md = run_cli(
        "scorecard",
        "--year",
        "2026",
        "--as-of",
        "2026-07-10",
        "--format",
        "md",
        "--ledger",
        str(example_copy),
    )
    assert "得分 = 100 + Σ 权重 × 项数" in md.stdout


def test_no_weights_no_score() -> None:
    data = json.loads(
        run_cli(
            "scorecard",
            "--year",
            "2026",
            "--as-of",
            "2026-07-10",
            "--format",
            "json",
            "--ledger",
            str(EXAMPLE),
        ).stdout
    )
    assert all(u["score"] is None for u in data["units"])


def test_xlsx_onto_a_terminal_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    from reformctl.cli import output
    from reformctl.errors import UsageError

    monkeypatch.setattr(output, "is_terminal", lambda: True)
    with pytest.raises(UsageError, match="--format xlsx writes a binary file"):
        output.require_output("xlsx", None)
    output.require_output("xlsx", Path("card.xlsx"))
