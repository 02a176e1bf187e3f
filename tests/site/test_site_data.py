"""The site's data: golden overview counts for the example ledger, and agreement with what
`library` and `due` show for the same day."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from reformctl.cli.common import load
from reformctl.render.site.facts import Facts, gather
from reformctl.render.site.pages import due_page, library_page, overview
from reformctl.render.site.records import pilot_page, project_page, project_statuses
from reformctl.rules.engine import compute_obligations
from tests.conftest import EXAMPLE, Golden, run_cli
from tests.site.conftest import AS_OF


@pytest.fixture(scope="module")
def facts() -> Facts:
    ledger = load(EXAMPLE).ledger
    day = date.fromisoformat(AS_OF)
    return gather(ledger, day, "zh-CN", compute_obligations(ledger, day))


def overview_text(f: Facts) -> str:
    """The overview's figures, one fact a line, to compare with a golden file read by hand."""
    o = overview(f)
    lines = [
        f"as of {f.as_of.isoformat()}",
        f"library: {o.in_library} in the library, {o.left} left",
        "lights: " + ", ".join(f"{c.key} {c.count}" for c in o.lights),
        f"pilots: {o.pilots} (running / ended / not started)",
        *(f"  {r.level}: {r.running} / {r.ended} / {r.upcoming}" for r in o.levels),
        "units (overdue / due soon):",
        *(f"  {u.unit_id}: {u.overdue} / {u.due_soon}" for u in o.units),
        "quarterly reports by group (owed / on time / late / missing):",
    ]
    for g in o.reporting:
        lines.append(f"  {g.name}")
        lines += [f"    {c.quarter}: {c.owed} / {c.on_time} / {c.late} / {c.missing}" for c in g.cells]
    return "\n".join(lines) + "\n"


def test_overview_counts_golden(facts: Facts, golden: Golden) -> None:
    golden.check("site/overview.2026-07-10.txt", overview_text(facts))


def test_library_rows_are_the_library_commands(facts: Facts) -> None:
    shown = json.loads(
        run_cli("library", "--ledger", str(EXAMPLE), "--as-of", AS_OF, "--format", "json").stdout
    )
    rows = library_page(facts).rows
    assert [(r.id, r.light) for r in rows] == [(p["id"], p["light"]) for p in shown["projects"]]
    expected_next = [(p["next_milestone"] or {}).get("due") for p in shown["projects"]]
    assert [r.next_due.isoformat() if r.next_due else None for r in rows] == expected_next
    left = library_page(facts).left
    assert {r.id for r in left} == {
        "river-chief",
        "invest-90days",
        "education-community",
        "social-security-onething",
        "yrd-demo-zone",
    }


def test_due_page_is_the_due_commands(facts: Facts) -> None:
    shown = json.loads(run_cli("due", "--ledger", str(EXAMPLE), "--as-of", AS_OF, "--format", "json").stdout)
    page = due_page(facts)
    flat = [(g.unit_id, r.due.isoformat(), r.title) for g in page.groups for r in g.rows]
    expected = [(ob["owner"], ob["due"], ob["title"]) for ob in shown["obligations"]]
    assert sorted(flat) == sorted(expected)
    # Grouped by unit in order of each unit's most urgent obligation; overdue first within a unit.
    firsts = [g.rows[0].due for g in page.groups]
    assert firsts == sorted(firsts)
    assert page.groups[0].rows[0].state == "overdue"


def test_project_page_states(facts: Facts) -> None:
    page = project_page(facts, "zuiduo-paoyici", project_statuses(facts)["zuiduo-paoyici"])
    assert (page.status, page.status_words) == ("red", "严重滞后")  # xiuzhou's rectification is overdue
    milestones = [(m.n, m.state) for m in page.parts.milestones]
    assert milestones == [(1, "done"), (2, "done"), (3, "done"), (4, "due-soon"), (5, "open")]
    reports = {r.period: (r.state, r.words) for r in page.parts.reports}
    assert reports["2026-Q2"] == ("overdue", "未报送（逾期10天）")
    assert reports["2026-Q1"] == ("done", "按时报送")
    assert reports["2026-Q3"] == ("open", "未到期")
    findings = [(fd.problem[:8], fd.state) for fd in page.parts.findings]
    assert ("秀洲区镇街便民服", "overdue") in findings
    assert [h.id for h in page.parts.handovers] == ["data-sharing"]  # assigned to a partner, 市大数据局
    rules = {(ob.rule, ob.period, ob.state) for ob in page.parts.obligations}
    assert ("效果评估", "效果评估", "done") in rules  # owed by the key-points task that is this project


def test_pilot_page(facts: Facts) -> None:
    page = pilot_page(facts, "jiashan-demo")
    assert (page.status, page.status_words) == ("pilot-running", "实施中")
    fields = {f.name: f.value for f in page.fields}
    assert fields["试点层级"] == "国家级" and fields["牵头单位"] == "嘉善县"
    assert [e.kind for e in page.parts.evaluations] == ["阶段性评估"]


def test_handovers_of_the_lead_unit(facts: Facts) -> None:
    page = project_page(facts, "public-data", project_statuses(facts)["public-data"])
    assert [h.id for h in page.parts.handovers] == ["data-sharing"]  # assigned to 市大数据局
    assert page.parts.handovers[0].state == "due-soon"


def test_repository_link(tmp_path: Path, example_copy: Path) -> None:
    settings = example_copy / "ledger.yaml"
    settings.write_text(
        settings.read_text(encoding="utf-8") + "repository: https://example.org/a/b/blob/main/ledger/\n",
        encoding="utf-8",
    )
    ledger = load(example_copy).ledger
    day = date.fromisoformat(AS_OF)
    f = gather(ledger, day, "zh-CN", compute_obligations(ledger, day))
    link = pilot_page(f, "jiashan-demo").link
    assert link == "https://example.org/a/b/blob/main/ledger/pilots/jiashan-demo.yaml"


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "ftp://example.org/x", 'https://example.org/"onmouseover=x', "https://a b"]
)
def test_repository_must_be_an_http_url(example_copy: Path, url: str) -> None:
    settings = example_copy / "ledger.yaml"
    settings.write_text(
        settings.read_text(encoding="utf-8") + f"repository: {json.dumps(url)}\n", encoding="utf-8"
    )
    result = run_cli("check", "--ledger", str(example_copy))
    assert result.exit_code == 1
    assert "ledger.yaml:11:" in result.stdout and "repository" in result.stdout, result.stdout
