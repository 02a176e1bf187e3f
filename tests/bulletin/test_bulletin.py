"""The quarterly bulletin (季通报): goldens, numbers, escaping, sandbox, overrides."""

from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from markdown_it import MarkdownIt

from tests.conftest import EXAMPLE, ROOT, run_cli

CASES = [("2026-Q2", "2026-07-10"), ("2026-Q1", "2026-04-15")]


@pytest.mark.parametrize("locale", ["zh-CN", "en"])
@pytest.mark.parametrize(("quarter", "as_of"), CASES)
def test_bulletin_golden(quarter: str, as_of: str, locale: str, golden) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("bulletin", "--quarter", quarter, "--as-of", as_of, "--locale", locale, cwd=ROOT)
    assert result.exit_code == 0, result.output
    golden.check(f"bulletin/{quarter}.{locale}.md", result.stdout)


def test_short_quarter_uses_as_of_year_and_due_date() -> None:
    full = run_cli("bulletin", "--quarter", "2026-Q2", "--as-of", "2026-07-10", cwd=ROOT)
    short = run_cli("bulletin", "--quarter", "Q2", "--as-of", "2026-07-10", cwd=ROOT)
    assert full.stdout == short.stdout
    pinned = run_cli("bulletin", "--quarter", "Q2", cwd=ROOT, env={"REFORMCTL_TODAY": "2026-08-01"})
    assert "市委改革办 · 2026年7月15日" in pinned.stdout  # due date, earlier than today
    early = run_cli(
        "bulletin",
        "--quarter",
        "Q2",
        "--year",
        "2026",
        cwd=ROOT,
        env={"REFORMCTL_TODAY": "2026-07-10"},
    )
    assert "市委改革办 · 2026年7月10日" in early.stdout


def test_summary_numbers_match_due_and_library() -> None:
    text = run_cli("bulletin", "--quarter", "2026-Q2", "--as-of", "2026-07-10", cwd=ROOT).stdout
    opening = next(line for line in text.splitlines() if line.startswith("2026年第二季度，"))
    due = json.loads(run_cli("due", "--all", "--as-of", "2026-07-10", "--format", "json", cwd=ROOT).stdout)
    lib = json.loads(run_cli("library", "--quarter", "2026-Q2", "--format", "json", cwd=ROOT).stdout)
    obs = due["obligations"]
    in_library = [p["id"] for p in lib["projects"]]
    # lights as of 2026-07-10, recomputed here from the obligations (SPEC §4)
    findings: dict[str, str] = {}
    for sup in (EXAMPLE / "2026" / "supervision").glob("s*.yaml"):
        for f in yaml.safe_load(sup.read_text(encoding="utf-8")).get("findings", []):
            findings[f"2026/supervision/{sup.stem}#{f['id']}"] = f["subject"]
    lights = {}
    for pid in in_library:
        subject = f"projects/{pid}"
        over = [o for o in obs if o["state"] == "overdue" and o["subject"] == subject]
        rect = [
            o
            for o in obs
            if o["state"] == "overdue"
            and o["rule"] == "rectification"
            and findings.get(o["subject"]) == subject
        ]
        lights[pid] = "red" if rect or any(-o["days"] > 30 for o in over) else ("yellow" if over else "green")
    reports = [o for o in obs if o["rule"] == "quarterly-report" and o["period"] == "2026-Q2"]
    pilots = [o for o in reports if o["subject"].startswith("pilots/")]
    expected = (
        f"2026年第二季度，重点突破改革项目库新入库项目{len(lib['entered'])}项、出库{len(lib['exited'])}项。"
        f"截至2026年6月30日，在库项目{len(in_library)}项，"
        f"其中按计划推进{list(lights.values()).count('green')}项、"
        f"进度滞后{list(lights.values()).count('yellow')}项、"
        f"严重滞后{list(lights.values()).count('red')}项；"
        f"省级及以上改革试点{len(pilots)}项。本季度应报送季度进展情况{len(reports)}项，"
        f"按时报送{sum(o['state'] == 'done' for o in reports)}项、"
        f"逾期报送{sum(o['state'] == 'late' for o in reports)}项、"
        f"尚未报送{sum(o['state'] in ('open', 'due-soon', 'overdue') for o in reports)}项。"
        "现将有关情况通报如下。"
    )
    assert opening == expected
    overdue = [o for o in obs if o["state"] == "overdue"]
    assert f"共有{len(overdue)}项工作逾期未完成，涉及{len({o['owner'] for o in overdue})}个单位" in text


HOSTILE = "A|B *x* <b>y</b> {{ 7*7 }} {% raw %}"


def _table_rows(text: str) -> list[list[str]]:
    tables: list[list[str]] = []
    for block in re.split(r"\n(?!\|)", text):
        if block.startswith("|"):
            tables.append(block.splitlines())
    return tables  # type: ignore[return-value]


def _cells(row: str) -> int:
    return len(re.findall(r"(?<!\\)\|", row)) - 1


def test_hostile_title_comes_out_literally(example_copy: Path) -> None:
    f = example_copy / "projects" / "zuiduo-paoyici.yaml"
    text = f.read_text(encoding="utf-8").replace('title: 深化"最多跑一次"改革\n', f"title: '{HOSTILE}'\n", 1)
    f.write_text(text, encoding="utf-8")
    result = run_cli(
        "bulletin", "--ledger", str(example_copy), "--quarter", "2026-Q2", "--as-of", "2026-07-10"
    )
    assert result.exit_code == 0, result.output
    out = result.stdout
    escaped = r"A\|B \*x\* \<b>y\</b> {{ 7\*7 }} {% raw %}"
    assert escaped in out
    assert "49" not in out and "None" not in out
    rendered = MarkdownIt("commonmark", {"html": True}).enable("table").render(out)
    assert "<b>" not in rendered and html.escape(HOSTILE, quote=False) in rendered
    for table in _table_rows(out):
        widths = {_cells(row) for row in table}
        assert len(widths) == 1, table


def test_sandbox_refuses_unsafe_template(tmp_path: Path) -> None:
    bad = tmp_path / "evil.md.j2"
    bad.write_text("{{ ''.__class__.__mro__ }}\n", encoding="utf-8")
    result = run_cli(
        "bulletin",
        "--quarter",
        "2026-Q2",
        "--as-of",
        "2026-07-10",
        "--template",
        str(bad),
        cwd=ROOT,
    )
    assert result.exit_code == 2
    assert "SecurityError" in result.stderr and "evil.md.j2" in result.stderr
    assert "Traceback" not in result.output


def test_template_errors_are_clear(tmp_path: Path) -> None:
    bad = tmp_path / "typo.md.j2"
    bad.write_text("{{ sumary.in_library }}\n", encoding="utf-8")
    result = run_cli(
        "bulletin",
        "--quarter",
        "2026-Q2",
        "--as-of",
        "2026-07-10",
        "--template",
        str(bad),
        cwd=ROOT,
    )
    assert result.exit_code == 2 and "sumary" in result.stderr and "Traceback" not in result.output
    missing = run_cli(
        "bulletin",
        "--quarter",
        "Q2",
        "--as-of",
        "2026-07-10",
        "--template",
        str(tmp_path / "no.j2"),
        cwd=ROOT,
    )
    assert missing.exit_code == 2 and "does not exist" in missing.stderr


def test_ledger_template_overrides_shipped(example_copy: Path) -> None:
    (example_copy / "templates").mkdir()
    (example_copy / "templates" / "bulletin.zh-CN.md.j2").write_text(
        "{{ masthead }} 第{{ number }}期 {{ summary.in_library }} {{ title }}\n", encoding="utf-8"
    )
    result = run_cli(
        "bulletin", "--ledger", str(example_copy), "--quarter", "2026-Q2", "--as-of", "2026-07-10"
    )
    assert result.exit_code == 0, result.output
    assert (
        result.stdout == "嘉兴市全面深化改革工作通报 第2期 9 "
        "关于2026年第二季度全面深化改革重点工作推进情况的通报\n"
    )


def test_english_locale() -> None:
    result = run_cli("bulletin", "--quarter", "2026-Q2", "--as-of", "2026-07-10", "--locale", "en", cwd=ROOT)
    assert result.exit_code == 0, result.output
    for heading in (
        "### 1. Overview",
        "### 2. Key-breakthrough projects",
        "### 3. Pilots",
        "### 4. Special groups",
        "### 5. Supervision and rectification",
        "### 6. Issues",
        "### 7. Next steps",
    ):
        assert heading in result.stdout
    assert "10 July 2026" in result.stdout and "None" not in result.stdout


def test_structure_and_names_zh() -> None:
    out = run_cli("bulletin", "--quarter", "2026-Q2", "--as-of", "2026-07-10", cwd=ROOT).stdout
    for needle in (
        "# 嘉兴市全面深化改革工作通报",
        "第 2 期",
        "市委改革办 · 2026年7月10日",
        "## 关于2026年第二季度全面深化改革重点工作推进情况的通报",
        "各县（市、区）委，市级机关各部门党委（党组），各专项小组：",
        "### 一、总体进展",
        "### 七、下一步工作要求",
        "```mermaid",
        "孙伟同志",
        "严重滞后",
        "已出库",
    ):
        assert needle in out
    assert "dept-" not in out and "sg-" not in out and "None" not in out
    assert out.rstrip().splitlines()[-1].startswith("|")  # the attachment table closes the document


def test_output_file(tmp_path: Path) -> None:
    target = tmp_path / "b.md"
    result = run_cli(
        "bulletin",
        "--quarter",
        "2026-Q2",
        "--as-of",
        "2026-07-10",
        "--output",
        str(target),
        cwd=ROOT,
    )
    assert result.exit_code == 0 and result.stdout == ""
    assert target.read_text(encoding="utf-8").startswith("# 嘉兴市")


def test_quarter_not_begun_is_usage_error() -> None:
    result = run_cli(
        "bulletin", "--quarter", "2026-Q3", "--as-of", "2026-07-10".replace("07", "06"), cwd=ROOT
    )
    assert result.exit_code == 2


def test_example_copy_is_untouched_by_rendering(example_copy: Path) -> None:
    before = sorted(p.relative_to(example_copy) for p in example_copy.rglob("*"))
    run_cli("bulletin", "--ledger", str(example_copy), "--quarter", "2026-Q2", "--as-of", "2026-07-10")
    assert sorted(p.relative_to(example_copy) for p in example_copy.rglob("*")) == before
    shutil.rmtree(example_copy)
