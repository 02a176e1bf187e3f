"""Yearly, half-yearly, quarterly and monthly duties (SPEC §3: keypoints, workplan,
supervision-plan, annual-summary, halfyear-report, bulletin, monthly-contact)."""

from __future__ import annotations

from pathlib import Path

from tests.rules.helpers import D, build, bulletin, facts, keys, obligations, one, periods, workplan


def test_periods_arise_on_their_first_day(tmp_path: Path) -> None:
    ledger = build(tmp_path, {"2026": None})
    assert obligations(ledger, "2025-12-31") == []
    first = obligations(ledger, "2026-01-01")
    assert sorted(keys(first)) == sorted(
        [
            ("keypoints", "2026/keypoints", "2026", "office"),
            ("workplan", "2026/workplans/sg-a", "2026", "sg-a"),
            ("workplan", "2026/workplans/sg-b", "2026", "sg-b"),
            ("supervision-plan", "2026/supervision/plan", "2026", "office"),
            ("annual-summary", "2026/reports", "2026", "office"),
            ("halfyear-report", "units/sg-a", "2026-H1", "sg-a"),
            ("halfyear-report", "units/sg-b", "2026-H1", "sg-b"),
            ("halfyear-report", "units/county-a", "2026-H1", "county-a"),
            ("halfyear-report", "units/zone-a", "2026-H1", "zone-a"),
            ("bulletin", "2026/bulletins", "2026-Q1", "office"),
            ("monthly-contact", "units/sg-a", "2026-01", "sg-a"),
            ("monthly-contact", "units/sg-b", "2026-01", "sg-b"),
        ]
    )
    # Jan 1 → Mar 31 is 30 + 28 + 31 = 89 days
    kp = one(obligations(ledger, "2026-01-01", "keypoints"))
    assert facts(kp) == ("2026-03-31", None, "open", 89)
    assert (kp.file, kp.line) == ("2026/keypoints.yaml", None)  # the file does not exist yet


def test_only_ledger_years_count(tmp_path: Path) -> None:
    ledger = build(tmp_path, {"2026": None})
    later = obligations(ledger, "2027-06-01")
    assert later and all(ob.period is not None and ob.period.startswith("2026") for ob in later)


def test_keypoints_done_late_open(tmp_path: Path) -> None:
    for approved, expected in [
        ("2026-03-31", ("2026-03-31", "2026-03-31", "done", 0)),
        ("2026-04-01", ("2026-03-31", "2026-04-01", "late", 1)),
        # approved after the as-of date: not yet; Mar 31 → Jul 10 is 101 days
        ("2026-07-11", ("2026-03-31", None, "overdue", -101)),
    ]:
        ledger = build(tmp_path / approved, {"2026/keypoints.yaml": {"year": 2026, "approved": D(approved)}})
        ob = one(obligations(ledger, "2026-07-10", "keypoints"))
        assert facts(ob) == expected
        assert ob.file == "2026/keypoints.yaml"
        assert ob.line == 2  # the `approved` line


def test_workplan_per_special_group(tmp_path: Path) -> None:
    ledger = build(tmp_path, {"2026/workplans/sg-a.yaml": workplan("sg-a", 2026, approved=D("2026-03-15"))})
    obs = obligations(ledger, "2026-07-10", "workplan")
    assert facts(one(obs, owner="sg-a")) == ("2026-03-31", "2026-03-15", "done", -16)
    missing = one(obs, owner="sg-b")
    assert facts(missing) == ("2026-03-31", None, "overdue", -101)
    assert (missing.subject, missing.file, missing.line) == (
        "2026/workplans/sg-b",
        "2026/workplans/sg-b.yaml",
        None,
    )


def test_supervision_plan(tmp_path: Path) -> None:
    ledger = build(tmp_path, {"2025/supervision/plan.yaml": {"year": 2025, "approved": D("2025-04-08")}})
    ob = one(obligations(ledger, "2026-07-10", "supervision-plan"))
    assert (ob.subject, ob.owner) == ("2025/supervision/plan", "office")
    assert facts(ob) == ("2025-03-31", "2025-04-08", "late", 8)


def test_annual_summary(tmp_path: Path) -> None:
    ledger = build(tmp_path, {"2026/reports.yaml": {"annual_summary": D("2027-01-05")}})
    ob = one(obligations(ledger, "2027-02-01", "annual-summary"))
    assert (ob.subject, ob.period, ob.owner) == ("2026/reports", "2026", "office")
    assert facts(ob) == ("2026-12-31", "2027-01-05", "late", 5)
    # as of 2026-12-31 the summary dated 2027-01-05 has not been written yet
    assert facts(one(obligations(ledger, "2026-12-31", "annual-summary"))) == (
        "2026-12-31",
        None,
        "due-soon",
        0,
    )


def test_halfyear_reports(tmp_path: Path) -> None:
    ledger = build(
        tmp_path,
        {
            "2026/reports.yaml": {
                "halfyear": {"2026-H1": {"county-a": D("2026-07-02"), "sg-a": D("2026-06-30")}}
            }
        },
    )
    h1 = obligations(ledger, "2026-06-30", "halfyear-report")
    # special groups, counties and zones; not departments, the office or the inspection office
    assert sorted(ob.owner for ob in h1) == ["county-a", "sg-a", "sg-b", "zone-a"]
    assert set(periods(h1)) == {"2026-H1"}
    assert facts(one(h1, owner="county-a")) == ("2026-06-30", None, "due-soon", 0)
    assert facts(one(h1, owner="sg-a")) == ("2026-06-30", "2026-06-30", "done", 0)
    later = obligations(ledger, "2026-07-10", "halfyear-report")
    assert facts(one(later, "2026-H1", "county-a")) == ("2026-06-30", "2026-07-02", "late", 2)
    assert facts(one(later, "2026-H1", "zone-a")) == ("2026-06-30", None, "overdue", -10)
    assert facts(one(later, "2026-H2", "zone-a")) == ("2026-12-31", None, "open", 174)
    assert one(later, "2026-H1", "county-a").subject == "units/county-a"


def test_bulletins(tmp_path: Path) -> None:
    ledger = build(
        tmp_path,
        {
            "2026/bulletins/Q1.md": bulletin("2026-Q1", D("2026-04-16")),
            "2026/bulletins/Q2.md": bulletin("2026-Q2", D("2026-07-15")),
        },
    )
    obs = obligations(ledger, "2026-09-30", "bulletin")
    assert periods(obs) == ["2026-Q1", "2026-Q2", "2026-Q3"]
    assert facts(obs[0]) == ("2026-04-15", "2026-04-16", "late", 1)
    assert facts(obs[1]) == ("2026-07-15", "2026-07-15", "done", 0)
    assert facts(obs[2]) == ("2026-10-15", None, "open", 15)
    assert (obs[0].file, obs[0].line) == ("2026/bulletins/Q1.md", 2)
    assert (obs[2].file, obs[2].line) == ("2026/bulletins/Q3.md", None)
    # Q4 arises on 2026-10-01 and is due across the year end
    q4 = one(obligations(ledger, "2026-10-01", "bulletin"), "2026-Q4")
    assert facts(q4) == ("2027-01-15", None, "open", 106)
    # as of 2026-07-14 the Q2 bulletin issued 2026-07-15 is not out yet
    q2 = one(obligations(ledger, "2026-07-14", "bulletin"), "2026-Q2")
    assert facts(q2) == ("2026-07-15", None, "due-soon", 1)


def test_monthly_contacts_earliest_wins(tmp_path: Path) -> None:
    contacts = [
        {"date": D("2026-03-20"), "by": "sg-a", "with": "county-a", "note": "第二次"},
        {"date": D("2026-03-05"), "by": "sg-a", "with": "county-a", "note": "第一次"},
        {"date": D("2026-03-02"), "by": "dept-a", "note": "部门联系不算"},
        {"date": D("2026-03-03"), "by": "office", "note": "改革办联系不算"},
        {"date": D("2026-02-27"), "by": "sg-b"},
    ]
    ledger = build(tmp_path, {"2026/reports.yaml": {"contacts": contacts}})
    obs = obligations(ledger, "2026-07-10", "monthly-contact")
    assert len(obs) == 2 * 7  # two groups × Jan … Jul
    march = one(obs, "2026-03", "sg-a")
    assert facts(march) == ("2026-03-31", "2026-03-05", "done", -26)
    text = (tmp_path / "ledger/2026/reports.yaml").read_text(encoding="utf-8").splitlines()
    assert text[march.line - 1].lstrip("- ").startswith("date: 2026-03-05")  # type: ignore[operator]
    assert facts(one(obs, "2026-03", "sg-b")) == ("2026-03-31", None, "overdue", -101)
    assert facts(one(obs, "2026-02", "sg-b")) == ("2026-02-28", "2026-02-27", "done", -1)
    assert facts(one(obs, "2026-02", "sg-a")) == ("2026-02-28", None, "overdue", -132)
    # as of 2026-03-04 no contact by sg-a has happened in March yet
    early = one(obligations(ledger, "2026-03-04", "monthly-contact"), "2026-03", "sg-a")
    assert facts(early) == ("2026-03-31", None, "open", 27)
    # as of 2026-03-10 the later record (03-20) does not count, the earlier one does
    mid = one(obligations(ledger, "2026-03-10", "monthly-contact"), "2026-03", "sg-a")
    assert facts(mid) == ("2026-03-31", "2026-03-05", "done", -26)


def test_monthly_contact_month_ends(tmp_path: Path) -> None:
    ledger = build(tmp_path, {"2024": None, "2025": None})
    obs = obligations(ledger, "2025-03-01", "monthly-contact", "units/sg-a")
    due = {ob.period: ob.due.isoformat() for ob in obs}
    assert due["2024-02"] == "2024-02-29"
    assert due["2025-02"] == "2025-02-28"
    assert due["2024-04"] == "2024-04-30"
    assert due["2024-12"] == "2024-12-31"
    assert max(due) == "2025-03"  # March arises on its first day, April not yet
    assert facts(one(obs, "2025-03")) == ("2025-03-31", None, "open", 30)
