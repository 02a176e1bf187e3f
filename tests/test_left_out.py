"""One unit's mistake does not stop the weekly list: `due`, `library` and a bulletin preview
compute from every file that validates, name the files left out (standard error, a banner at the
top of table and Markdown output, a list in JSON) and exit 1; errors in ledger.yaml or units.yaml
still stop them; `bulletin --issue` refuses while the ledger has any error."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE, run_cli

BROKEN = "projects/zuiduo-paoyici.yaml"


@pytest.fixture
def ledger(tmp_path: Path) -> Path:
    target = tmp_path / "ledger"
    shutil.copytree(EXAMPLE, target)
    path = target / BROKEN
    path.write_text(path.read_text(encoding="utf-8").replace("lead: dept-reform-admin", "lead: [oops"))
    return target


def _due(ledger: Path, *more: str) -> object:
    return run_cli("due", "--ledger", str(ledger), "--as-of", "2026-07-10", *more)


def test_due_lists_the_rest_and_names_the_file_left_out(ledger: Path) -> None:
    result = _due(ledger)
    assert result.exit_code == 1  # type: ignore[attr-defined]
    out: str = result.stdout  # type: ignore[attr-defined]
    first, second = out.splitlines()[:2]
    assert first.startswith("注意：以下1个文件有错误，未计入本次结果")
    assert second.startswith(f"  {BROKEN}:") and "yaml-syntax" not in second
    assert "城乡义务教育共同体建设" in out  # another project's obligation is still listed
    assert '深化"最多跑一次"改革' not in out
    assert f"reformctl: {BROKEN}:" in result.stderr  # type: ignore[attr-defined]


def test_due_json_lists_the_errors_of_the_files_left_out(ledger: Path) -> None:
    result = _due(ledger, "--format", "json")
    assert result.exit_code == 1  # type: ignore[attr-defined]
    data = json.loads(result.stdout)  # type: ignore[attr-defined]
    assert [(p["file"], p["code"]) for p in data["left_out"]] == [(BROKEN, "yaml-syntax")]
    assert data["obligations"] and all(o["file"] != BROKEN for o in data["obligations"])
    clean = json.loads(
        run_cli("due", "--ledger", str(EXAMPLE), "--as-of", "2026-07-10", "--format", "json").stdout
    )
    assert clean["left_out"] == []
    assert [o for o in clean["obligations"] if o["file"] != BROKEN] == data["obligations"]


def test_due_markdown_opens_with_the_banner_and_csv_has_none(ledger: Path) -> None:
    md = _due(ledger, "--format", "md").stdout  # type: ignore[attr-defined]
    assert md.startswith("> **注意：以下1个文件有错误") and BROKEN in md.split("\n## ")[0]
    csv = _due(ledger, "--format", "csv")
    assert csv.exit_code == 1 and BROKEN in csv.stderr and BROKEN not in csv.stdout  # type: ignore[attr-defined]


def test_other_errors_are_counted_and_exit_1(tmp_path: Path) -> None:
    target = tmp_path / "ledger"
    shutil.copytree(EXAMPLE, target)
    path = target / BROKEN
    path.write_text(path.read_text(encoding="utf-8").replace("lead: dept-reform-admin", "lead: dept-nobody"))
    result = run_cli("due", "--ledger", str(target), "--as-of", "2026-07-10", "--locale", "en")
    assert result.exit_code == 1
    assert result.stdout.startswith("The ledger has 1 other error; run reformctl check.")
    assert "最多跑一次" in result.stdout  # the file validates: its obligations are listed


@pytest.mark.parametrize("name", ["ledger.yaml", "units.yaml"])
def test_errors_in_the_settings_or_units_stop_everything(tmp_path: Path, name: str) -> None:
    target = tmp_path / "ledger"
    shutil.copytree(EXAMPLE, target)
    (target / name).write_text((target / name).read_text(encoding="utf-8") + "\n  bad: [\n")
    for args in (("due",), ("library",), ("bulletin", "--quarter", "2026-Q2")):
        result = run_cli(*args, "--ledger", str(target), "--as-of", "2026-07-10")
        assert result.exit_code == 1, result.output
        assert result.stdout == "" and name in result.stderr


def test_library_shows_the_rest_under_a_banner(ledger: Path) -> None:
    table = run_cli("library", "--ledger", str(ledger), "--as-of", "2026-07-10")
    assert table.exit_code == 1 and table.stdout.startswith("注意：以下1个文件有错误")
    data = json.loads(
        run_cli("library", "--ledger", str(ledger), "--as-of", "2026-07-10", "--format", "json").stdout
    )
    assert [p["file"] for p in data["left_out"]] == [BROKEN]
    assert "zuiduo-paoyici" not in [p["id"] for p in data["projects"]] and data["projects"]


def test_a_bulletin_preview_warns_and_issuing_is_refused(ledger: Path) -> None:
    preview = run_cli("bulletin", "--ledger", str(ledger), "--quarter", "2026-Q2", "--as-of", "2026-07-10")
    assert preview.exit_code == 1 and preview.stdout.startswith("> **注意：以下1个文件有错误")
    issued = run_cli(
        "bulletin", "--ledger", str(ledger), "--quarter", "2026-Q2", "--date", "2026-07-15", "--issue"
    )
    assert issued.exit_code == 1 and "nothing was issued" in issued.stderr
    assert not (ledger / "2026" / "bulletins" / "Q2.md").exists()
