"""The project library (SPEC §4): membership at its boundaries, lights, the command's outputs."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from reformctl.load.loader import load_ledger
from reformctl.model.project import Exit
from reformctl.render.library import library_view, team_warnings
from reformctl.rules.engine import compute_obligations
from reformctl.rules.library import in_library
from reformctl.rules.light import project_lights
from tests.conftest import EXAMPLE, ROOT, run_cli

D = date.fromisoformat


@pytest.fixture(scope="module")
def ledger():  # type: ignore[no-untyped-def]
    led, _problems = load_ledger(EXAMPLE)
    return led


def test_completion_day_is_out(ledger) -> None:  # type: ignore[no-untyped-def]
    p = ledger.projects["education-community"].value  # completed 2026-04-28
    assert in_library(p, D("2026-04-27"), D("2026-07-10"))
    assert not in_library(p, D("2026-04-28"), D("2026-07-10"))


def test_day_after_approved_until_is_out(ledger) -> None:  # type: ignore[no-untyped-def]
    p = ledger.projects["invest-90days"].value  # approved_until 2026-03-31
    assert in_library(p, D("2026-03-31"), D("2026-07-10"))
    assert not in_library(p, D("2026-04-01"), D("2026-07-10"))


def test_exit_day_is_out(ledger) -> None:  # type: ignore[no-untyped-def]
    p = ledger.projects["social-security-onething"].value  # exit 2026-05-15
    assert in_library(p, D("2026-05-14"), D("2026-07-10"))
    assert not in_library(p, D("2026-05-15"), D("2026-07-10"))


def test_completion_not_yet_known_keeps_it_in(ledger) -> None:  # type: ignore[no-untyped-def]
    p = ledger.projects["education-community"].value
    assert in_library(p, D("2026-04-28"), D("2026-04-27"))


def test_entry_mid_quarter_is_in_and_listed(ledger) -> None:  # type: ignore[no-untyped-def]
    day = D("2026-06-30")
    view = library_view(ledger, day, day, D("2026-04-01"), compute_obligations(ledger, day))
    assert "public-data" in [e.id for e in view.entries]  # entered 2026-04-20
    assert [m.id for m in view.entered] == ["public-data", "commercial-registration"]
    assert [(m.id, m.reason) for m in view.exited] == [
        ("invest-90days", "time-limit"),
        ("education-community", "completed"),
        ("social-security-onething", "adjusted"),
        ("yrd-demo-zone", "completed"),
    ]
    before = library_view(ledger, D("2026-04-19"), D("2026-04-19"), D("2026-04-01"), ())
    assert "public-data" not in [e.id for e in before.entries]


def test_lights_of_example(ledger) -> None:  # type: ignore[no-untyped-def]
    as_of = D("2026-07-10")
    lights = project_lights(ledger, compute_obligations(ledger, as_of), as_of)
    assert lights["homestead-reform"] == "red"  # project-plan 81 days overdue
    assert lights["zuiduo-paoyici"] == "red"  # overdue rectification of a finding on it
    assert lights["medical-community"] == "yellow"  # milestone 20 days overdue
    assert lights["mujun-yingxiong"] == "green"
    assert lights["education-community"] == "completed"


def test_light_threshold_is_strictly_more_than_red_after_days(ledger) -> None:  # type: ignore[no-untyped-def]
    # homestead-reform's project-plan is due 2026-04-20: 30 days overdue is yellow, 31 is red.
    for days, light in ((30, "yellow"), (31, "red")):
        as_of = D("2026-04-20") + timedelta(days=days)
        obs = [ob for ob in compute_obligations(ledger, as_of) if ob.subject == "projects/homestead-reform"]
        assert project_lights(ledger, obs, as_of)["homestead-reform"] == light


def test_rectification_red_only_for_its_subject(ledger) -> None:  # type: ignore[no-untyped-def]
    as_of = D("2026-07-10")
    obs = [ob for ob in compute_obligations(ledger, as_of) if ob.rule.value == "rectification"]
    lights = project_lights(ledger, obs, as_of)
    assert lights["zuiduo-paoyici"] == "red"
    assert lights["medical-community"] == "green"


def test_team_warnings(ledger) -> None:  # type: ignore[no-untyped-def]
    p = ledger.projects["zuiduo-paoyici"].value
    bad = p.model_copy(update={"team": (), "leader": "nobody"})
    keys = [w.key for w in team_warnings(ledger, "x", bad, "projects/x.yaml")]
    assert keys == ["lib.warn.leader-unknown", "lib.warn.no-team"]
    assert team_warnings(ledger, "x", p, "projects/x.yaml") == []
    adjusted = p.model_copy(update={"exit": Exit(date=D("2026-07-01"), reason="调整")})
    assert not in_library(adjusted, D("2026-07-01"), D("2026-07-10"))


@pytest.mark.parametrize("fmt", ["table", "json", "md"])
def test_library_golden_as_of(fmt: str, golden) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("library", "--as-of", "2026-07-10", "--format", fmt, cwd=ROOT)
    assert result.exit_code == 0, result.output
    golden.check(f"library/as-of-2026-07-10.{fmt}", result.stdout)


@pytest.mark.parametrize("fmt", ["table", "json", "md"])
def test_library_golden_quarter(fmt: str, golden) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("library", "--quarter", "2026-Q2", "--format", fmt, cwd=ROOT)
    assert result.exit_code == 0, result.output
    golden.check(f"library/quarter-2026-Q2.{fmt}", result.stdout)


def test_library_json_shape() -> None:
    data = json.loads(run_cli("library", "--as-of", "2026-07-10", "--format", "json", cwd=ROOT).stdout)
    assert data["as_of"] == "2026-07-10"
    assert sorted(p["id"] for p in data["projects"]) == sorted(
        [
            "mujun-yingxiong",
            "homestead-reform",
            "port-opening",
            "zuiduo-paoyici",
            "public-data",
            "commercial-registration",
            "medical-community",
            "cadre-incentive",
            "redboat-party",
        ]
    )
    first = data["projects"][0]
    assert set(first) == {
        "id",
        "title",
        "stage",
        "group",
        "lead",
        "leader",
        "team",
        "deadline",
        "light",
        "next_milestone",
        "file",
    }
    assert data["warnings"] == []


def test_library_english_and_filters() -> None:
    result = run_cli(
        "library",
        "--as-of",
        "2026-07-10",
        "--locale",
        "en",
        "--group",
        "sg-social",
        "--format",
        "md",
        cwd=ROOT,
    )
    assert result.exit_code == 0, result.output
    assert "Being implemented" in result.stdout and "lagging" in result.stdout
    assert '深化"亩均论英雄"改革' not in result.stdout


def test_library_usage_errors() -> None:
    both = run_cli("library", "--as-of", "2026-07-10", "--quarter", "2026-Q2", cwd=ROOT)
    assert both.exit_code == 2 and "not both" in both.stderr
    bad = run_cli("library", "--quarter", "2026-Q5", cwd=ROOT)
    assert bad.exit_code == 2 and "Traceback" not in bad.output
    stage = run_cli("library", "--stage", "done", cwd=ROOT)
    assert stage.exit_code == 2


def test_library_warning_for_project_without_team(example_copy: Path) -> None:
    f = example_copy / "projects" / "public-data.yaml"
    text = f.read_text(encoding="utf-8")
    start = text.index("team:")
    end = text.index("entered:")
    f.write_text(text[:start] + "team: []\n" + text[end:], encoding="utf-8")
    result = run_cli("library", "--ledger", str(example_copy), "--as-of", "2026-07-10", "--format", "json")
    assert result.exit_code == 1  # the ledger has an error (check); the library still shows
    data = json.loads(result.stdout)
    assert {
        "id": "public-data",
        "file": "projects/public-data.yaml",
        "message": "has no team members (one team)",
    } in data["warnings"]
