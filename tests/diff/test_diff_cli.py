"""`reformctl diff` end to end, on real temporary git repositories (two commits each)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE, Golden, git, run_cli
from tests.diff.helpers import (
    AS_OF,
    PROJECT,
    commit_all,
    diff_json,
    edit,
    no_obligation_changes,
    obligation_keys,
    sha,
    submit_q2_report,
)

PROJECT_TITLE = '深化"最多跑一次"改革'


def test_quarterly_report_submitted_fulfils_it_late(git_repo: Path) -> None:
    base = sha(git_repo, "HEAD")
    submit_q2_report(git_repo)
    head = commit_all(git_repo, "2026-Q2 report of zuiduo-paoyici")

    data = diff_json(git_repo, "HEAD~1", "HEAD")

    assert data == {
        "from": "HEAD~1",
        "from_commit": base,
        "to": "HEAD",
        "to_commit": head,
        "ledger": "ledger",
        "as_of": AS_OF,
        "records": {
            "added": [],
            "removed": [],
            "changed": [
                {
                    "kind": "project",
                    "subject": "projects/zuiduo-paoyici",
                    "title": PROJECT_TITLE,
                    "file": "projects/zuiduo-paoyici.yaml",
                    "line": 2,
                    "fields": [
                        {
                            "path": "reports.2026-Q2.submitted",
                            "line": 60,
                            "old": None,
                            "new": "2026-07-05",
                            "added": [],
                            "removed": [],
                            "names": {},
                        }
                    ],
                }
            ],
            "unreadable": [],
        },
        "obligations": {
            **no_obligation_changes(),
            "fulfilled": [
                {
                    "rule": "quarterly-report",
                    "subject": "projects/zuiduo-paoyici",
                    "title": PROJECT_TITLE,
                    "period": "2026-Q2",
                    "owner": "dept-reform-admin",
                    "route": ["dept-reform-admin", "sg-government", "reform-office"],
                    "due": "2026-06-30",
                    "done": "2026-07-05",
                    "state": "late",
                    "days": 5,
                    "file": "projects/zuiduo-paoyici.yaml",
                    "line": 60,
                    "before": {
                        "owner": "dept-reform-admin",
                        "due": "2026-06-30",
                        "done": None,
                        "state": "overdue",
                        "days": -10,
                    },
                }
            ],
        },
        "library": {"entered": [], "exited": []},
        "problems": {"added": [], "fixed": []},
    }


def test_quarterly_report_md_golden(git_repo: Path, golden: Golden) -> None:
    submit_q2_report(git_repo)
    edit(git_repo, PROJECT, "lead: dept-reform-admin", "lead: dept-finance")
    edit(git_repo, PROJECT, "  - zhang-yu\n", "  - qian-li\n")
    commit_all(git_repo, "report, new lead and team")

    result = run_cli("diff", "HEAD~1", "--as-of", AS_OF, "--format", "md", cwd=git_repo)

    assert result.exit_code == 0, result.output
    golden.check("diff/report-and-lead.zh-CN.md", result.stdout)
    english = run_cli("diff", "HEAD~1", "--as-of", AS_OF, "--format", "md", "--locale", "en", cwd=git_repo)
    golden.check("diff/report-and-lead.en.md", english.stdout)


def test_milestone_done(git_repo: Path) -> None:
    edit(
        git_repo,
        PROJECT,
        '    what: 上线"一件事"集成服务2.0版\n',
        '    what: 上线"一件事"集成服务2.0版\n    done: 2026-07-08\n',
    )
    commit_all(git_repo, "milestone 4 done")

    data = diff_json(git_repo, "HEAD~1", "HEAD")

    [changed] = data["records"]["changed"]
    assert changed["fields"] == [
        {
            "path": "milestones[4].done",
            "line": 39,
            "old": None,
            "new": "2026-07-08",
            "added": [],
            "removed": [],
            "names": {},
        }
    ]
    [fulfilled] = data["obligations"]["fulfilled"]
    assert (fulfilled["rule"], fulfilled["period"], fulfilled["state"], fulfilled["done"]) == (
        "milestone",
        "m4",
        "done",
        "2026-07-08",
    )
    assert fulfilled["before"] == {
        "owner": "dept-reform-admin",
        "due": "2026-07-18",
        "done": None,
        "state": "due-soon",
        "days": 8,
    }
    assert {k: v for k, v in data["obligations"].items() if k != "fulfilled"} == {
        k: v for k, v in no_obligation_changes().items() if k != "fulfilled"
    }


NEW_PROJECT = """\
title: 新型农村集体经济发展改革
group: sg-economy
lead: dept-finance
leader: li-qiang
team: [qian-li]
entered: 2026-07-01
stage: new
deadline: 2027-06-30
"""


def test_project_entering_the_library(git_repo: Path) -> None:
    (git_repo / "ledger/projects/collective-economy.yaml").write_text(NEW_PROJECT, encoding="utf-8")
    commit_all(git_repo, "new project")

    data = diff_json(git_repo, "HEAD~1", "HEAD")

    assert data["records"] == {
        "added": [
            {
                "kind": "project",
                "subject": "projects/collective-economy",
                "title": "新型农村集体经济发展改革",
                "file": "projects/collective-economy.yaml",
                "line": 1,
            }
        ],
        "removed": [],
        "changed": [],
        "unreadable": [],
    }
    assert data["library"] == {
        "entered": [
            {
                "id": "collective-economy",
                "subject": "projects/collective-economy",
                "title": "新型农村集体经济发展改革",
                "date": "2026-07-01",
            }
        ],
        "exited": [],
    }
    assert obligation_keys(data, "created") == [
        ("project-plan", "projects/collective-economy", None, "dept-finance", "open"),
        ("quarterly-report", "projects/collective-economy", "2026-Q3", "dept-finance", "open"),
        ("results-report", "projects/collective-economy", None, "sg-economy", "open"),
    ]
    assert data["obligations"]["removed"] == [] and data["problems"] == {"added": [], "fixed": []}


def test_project_exiting_the_library(git_repo: Path) -> None:
    edit(
        git_repo,
        PROJECT,
        "deadline: 2026-12-31\n",
        "deadline: 2026-12-31\nexit: {date: 2026-07-01, reason: 调整出库}\n",
    )
    commit_all(git_repo, "zuiduo-paoyici taken out of the library")

    data = diff_json(git_repo, "HEAD~1", "HEAD")

    assert data["library"] == {
        "entered": [],
        "exited": [
            {
                "id": "zuiduo-paoyici",
                "subject": "projects/zuiduo-paoyici",
                "title": PROJECT_TITLE,
                "date": "2026-07-01",
                "reason": "adjusted",
                "note": "调整出库",
            }
        ],
    }
    assert [(f["path"], f["old"], f["new"]) for f in data["records"]["changed"][0]["fields"]] == [
        ("exit.date", None, "2026-07-01"),
        ("exit.reason", None, "调整出库"),
    ]
    # what it would have owed after leaving is no longer owed; the results report neither (exit)
    assert obligation_keys(data, "removed") == [
        ("milestone", "projects/zuiduo-paoyici", "m4", "dept-reform-admin", "due-soon"),
        ("quarterly-report", "projects/zuiduo-paoyici", "2026-Q3", "dept-reform-admin", "open"),
        ("milestone", "projects/zuiduo-paoyici", "m5", "dept-reform-admin", "open"),
        ("results-report", "projects/zuiduo-paoyici", None, "sg-government", "open"),
    ]


def test_renamed_field_is_a_new_check_error_and_exit_1(git_repo: Path) -> None:
    edit(git_repo, PROJECT, "deadline: 2026-12-31", "deadlne: 2026-12-31")
    commit_all(git_repo, "typo")

    data = diff_json(git_repo, "HEAD~1", "HEAD", exit_code=1)

    assert data["problems"]["fixed"] == []
    assert [
        (p["path"], p["line"], p["column"], p["severity"], p["code"]) for p in data["problems"]["added"]
    ] == [("ledger/projects/zuiduo-paoyici.yaml", 15, 1, "error", "unknown-key")]
    assert data["problems"]["added"][0]["message"] == (
        "unknown key 'deadlne'; did you mean 'deadline'? (a required key, missing here)"
    )
    # the file no longer loads: its records and obligations are not compared (not "removed")
    assert data["records"] == {
        "added": [],
        "removed": [],
        "changed": [],
        "unreadable": ["projects/zuiduo-paoyici.yaml"],
    }
    assert data["obligations"] == no_obligation_changes()

    text = run_cli("diff", "HEAD~1", "HEAD", "--as-of", AS_OF, cwd=git_repo)
    assert text.exit_code == 1
    line = "ledger/projects/zuiduo-paoyici.yaml:15:1: 错误[unknown-key]：键“deadlne”不属于此处；是否应为“deadline”？（必填键，此处缺少）"
    assert line.replace(" ", "") in "".join(text.stdout.split())  # the table may wrap the line
    assert "本次变更新增了检查错误" in text.stdout


def test_fixing_an_error_is_listed_as_fixed_and_exits_0(git_repo: Path) -> None:
    edit(git_repo, PROJECT, "deadline: 2026-12-31", "deadlne: 2026-12-31")
    commit_all(git_repo, "typo")
    edit(git_repo, PROJECT, "deadlne: 2026-12-31", "deadline: 2026-12-31")

    data = diff_json(git_repo, "HEAD")

    assert [p["code"] for p in data["problems"]["fixed"]] == ["unknown-key"]
    assert data["problems"]["added"] == []
    assert data["records"]["unreadable"] == ["projects/zuiduo-paoyici.yaml"]


def test_file_deleted(git_repo: Path) -> None:
    git(git_repo, "rm", "-q", "ledger/handovers/data-sharing.yaml")
    commit_all(git_repo, "hand-over sheet withdrawn")

    data = diff_json(git_repo, "HEAD~1", "HEAD")

    assert data["records"]["removed"] == [
        {
            "kind": "handover",
            "subject": "handovers/data-sharing",
            "title": "基层公共数据回流共享接口不足",
            "file": "handovers/data-sharing.yaml",
            "line": 2,
        }
    ]
    assert data["records"]["added"] == data["records"]["changed"] == []
    assert obligation_keys(data, "removed") == [
        ("handover", "handovers/data-sharing", None, "dept-data", "due-soon"),
        ("handover", "handovers/data-sharing", None, "nanhu", "due-soon"),
    ]
    assert data["obligations"]["created"] == []


def test_changed_lead_shows_unit_names(git_repo: Path) -> None:
    edit(
        git_repo,
        "ledger/handovers/eco-compensation.yaml",
        "coordinator: reform-office",
        "coordinator: dept-ecology",
    )
    edit(git_repo, PROJECT, "lead: dept-reform-admin", "lead: dept-finance")
    commit_all(git_repo, "new lead")

    data = diff_json(git_repo, "HEAD~1", "HEAD")
    fields = {c["subject"]: c["fields"] for c in data["records"]["changed"]}
    assert fields["projects/zuiduo-paoyici"] == [
        {
            "path": "lead",
            "line": 4,
            "old": "dept-reform-admin",
            "new": "dept-finance",
            "added": [],
            "removed": [],
            "names": {"dept-finance": "市财政局", "dept-reform-admin": "市审管办"},
        }
    ]
    # the obligations change hands: reassigned, not removed and created
    reassigned = data["obligations"]["reassigned"]
    assert len(reassigned) == 14
    assert {(o["before"]["owner"], o["owner"]) for o in reassigned} == {("dept-reform-admin", "dept-finance")}
    assert (
        "quarterly-report",
        "projects/zuiduo-paoyici",
        "2026-Q2",
        "dept-finance",
        "overdue",
    ) in obligation_keys(data, "reassigned")
    assert data["obligations"]["created"] == data["obligations"]["removed"] == []

    text = run_cli("diff", "HEAD~1", "HEAD", "--as-of", AS_OF, cwd=git_repo).stdout
    assert "lead: dept-reform-admin (市审管办) → dept-finance (市财政局)" in text
    assert "coordinator: reform-office (市委改革办) → dept-ecology (市生态环境局)" in text


def test_default_is_merge_base_with_main_to_working_tree(git_repo: Path) -> None:
    base = sha(git_repo, "HEAD")
    git(git_repo, "checkout", "-q", "-b", "feature")
    submit_q2_report(git_repo)
    commit_all(git_repo, "report on the feature branch")
    git(git_repo, "checkout", "-q", "main")
    edit(git_repo, "ledger/ledger.yaml", "upcoming_days: 14", "upcoming_days: 21")
    commit_all(git_repo, "main moves on")
    git(git_repo, "checkout", "-q", "feature")
    # not committed yet: the working tree is what is compared
    edit(git_repo, PROJECT, "lead: dept-reform-admin", "lead: dept-finance")

    data = diff_json(git_repo)

    assert (data["from"], data["from_commit"], data["to"], data["to_commit"]) == (
        base,
        base,
        "working tree",
        None,
    )
    [changed] = data["records"]["changed"]
    assert [f["path"] for f in changed["fields"]] == [
        "lead",
        "reports.2026-Q2.submitted",
    ]  # not main's settings

    text = run_cli("diff", "--as-of", AS_OF, cwd=git_repo).stdout
    assert text.startswith(
        f"嘉兴市全面深化改革工作台账：HEAD 与 main 的合并基点 {base[:8]} → 工作区 的变更（截至2026-07-10）"
    )


def test_default_prefers_origin_head(git_repo: Path, tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(git_repo), str(clone))
    git(clone, "checkout", "-q", "-b", "feature")
    submit_q2_report(clone)

    data = diff_json(clone)

    assert data["from"] == sha(git_repo, "HEAD")
    assert run_cli("diff", "--as-of", AS_OF, cwd=clone).stdout.startswith(
        "嘉兴市全面深化改革工作台账：HEAD 与 origin/main 的合并基点"
    )


def test_one_revision_compares_with_the_working_tree(git_repo: Path) -> None:
    submit_q2_report(git_repo)
    commit_all(git_repo, "report")
    edit(git_repo, PROJECT, "lead: dept-reform-admin", "lead: dept-finance")

    assert [f["path"] for f in diff_json(git_repo, "HEAD")["records"]["changed"][0]["fields"]] == ["lead"]
    assert [f["path"] for f in diff_json(git_repo, "HEAD~1", "HEAD")["records"]["changed"][0]["fields"]] == [
        "reports.2026-Q2.submitted"
    ]


def test_no_change(git_repo: Path) -> None:
    result = run_cli("diff", "HEAD", "--as-of", AS_OF, cwd=git_repo)
    assert result.exit_code == 0, result.output
    assert "没有影响台账的变更。" in result.stdout
    md = run_cli("diff", "HEAD", "--as-of", AS_OF, "--format", "md", "--locale", "en", cwd=git_repo)
    assert md.stdout.endswith("\n\nNo changes to the ledger.\n")


def test_ledger_absent_at_the_old_revision(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "gitconfig"))
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.name", "王芳")
    git(repo, "config", "user.email", "wangfang@example.org")
    (repo / "README.md").write_text("台账\n", encoding="utf-8")
    commit_all(repo, "readme")
    shutil.copytree(EXAMPLE, repo / "ledger")
    commit_all(repo, "ledger")

    data = diff_json(repo, "HEAD~1", "HEAD")

    added = data["records"]["added"]
    assert {
        "kind": "settings",
        "subject": "ledger",
        "title": "嘉兴市全面深化改革工作台账",
        "file": "ledger.yaml",
        "line": 3,
    } in added
    assert sum(r["kind"] == "project" for r in added) == len(list((EXAMPLE / "projects").iterdir()))
    assert data["records"]["removed"] == data["records"]["changed"] == []
    assert data["obligations"]["created"] and not data["obligations"]["removed"]
    assert data["problems"] == {"added": [], "fixed": []}
    text = run_cli("diff", "HEAD~1", "HEAD", "--as-of", AS_OF, "--locale", "en", cwd=repo).stdout
    assert "(no ledger at this revision)" in text.splitlines()[0]


def test_missing_revision_exit_2(git_repo: Path) -> None:
    result = run_cli("diff", "no-such-branch", cwd=git_repo)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "revision 'no-such-branch' is not in this repository" in result.stderr
    assert "git fetch" in result.stderr


def test_too_many_revisions_exit_2(git_repo: Path) -> None:
    result = run_cli("diff", "HEAD", "HEAD", "HEAD", cwd=git_repo)
    assert result.exit_code == 2
    assert "at most two revisions" in result.stderr


def test_shallow_clone(git_repo: Path, tmp_path: Path) -> None:
    submit_q2_report(git_repo)
    commit_all(git_repo, "second")
    edit(git_repo, PROJECT, "lead: dept-reform-admin", "lead: dept-finance")
    commit_all(git_repo, "third")
    clone = tmp_path / "shallow"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", git_repo.resolve().as_uri(), str(clone)],
        check=True,
        capture_output=True,
    )

    missing = run_cli("diff", "HEAD~2", cwd=clone)
    assert missing.exit_code == 2
    assert "revision 'HEAD~2' is not in this repository" in missing.stderr
    assert "shallow clone" in missing.stderr and "fetch-depth: 0" in missing.stderr
    assert "git fetch --deepen" in missing.stderr

    clone_project = clone / PROJECT
    clone_project.write_text(
        clone_project.read_text(encoding="utf-8").replace("stage: implementing", "stage: new")
    )
    data = diff_json(clone, "HEAD")
    [changed] = data["records"]["changed"]
    assert [(f["path"], f["old"], f["new"]) for f in changed["fields"]] == [("stage", "implementing", "new")]


def test_not_a_git_repository_exit_2(
    example_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    result = run_cli("diff", "--ledger", str(example_copy))
    assert result.exit_code == 2
    assert "is not in a git repository" in result.stderr
    assert "Traceback" not in result.output


def test_output_file_and_english_table(git_repo: Path) -> None:
    submit_q2_report(git_repo)
    target = git_repo.parent / "diff.md"

    result = run_cli(
        "diff", "--as-of", AS_OF, "--format", "md", "--locale", "en", "--output", str(target), cwd=git_repo
    )

    assert result.exit_code == 0 and result.stdout == ""
    text = target.read_text(encoding="utf-8")
    assert "### Obligations" in text and "#### Fulfilled by this change (1)" in text
    table = run_cli("diff", "--as-of", AS_OF, "--locale", "en", cwd=git_repo).stdout
    assert "reports.2026-Q2.submitted: — → 2026-07-05" in table
    assert "overdue (10 days overdue)" in table and "→ late (5 days late)" in table


def test_bad_locale_exit_2(git_repo: Path) -> None:
    result = run_cli("diff", "--locale", "fr", cwd=git_repo)
    assert result.exit_code == 2 and "--locale 'fr'" in result.stderr


def test_ledger_at_the_repository_top(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "gitconfig"))
    repo = tmp_path / "top"
    shutil.copytree(EXAMPLE, repo)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.name", "王芳")
    git(repo, "config", "user.email", "wangfang@example.org")
    commit_all(repo, "ledger at the top")
    submit_q2_report_at = repo / "projects/zuiduo-paoyici.yaml"
    text = submit_q2_report_at.read_text(encoding="utf-8")
    submit_q2_report_at.write_text(
        text.replace("lead: dept-reform-admin", "lead: dept-finance"), encoding="utf-8"
    )

    data = diff_json(repo, "HEAD")

    assert data["ledger"] == "."
    assert [c["subject"] for c in data["records"]["changed"]] == ["projects/zuiduo-paoyici"]
    assert json.dumps(data["problems"]) == '{"added": [], "fixed": []}'


def test_pull_request_comment_with_every_section_golden(git_repo: Path, golden: Golden) -> None:
    """One pull request: a project enters, another exits, a hand-over sheet is withdrawn and another
    gets a typo; the comment shows all of it and the command exits 1 (a new check error)."""
    git(git_repo, "checkout", "-q", "-b", "units/q2-updates")
    (git_repo / "ledger/projects/collective-economy.yaml").write_text(NEW_PROJECT, encoding="utf-8")
    edit(
        git_repo,
        PROJECT,
        "deadline: 2026-12-31\n",
        "deadline: 2026-12-31\nexit:\n  date: 2026-07-01\n  reason: 调整出库\n",
    )
    git(git_repo, "rm", "-q", "ledger/handovers/data-sharing.yaml")
    edit(git_repo, "ledger/handovers/eco-compensation.yaml", "deadline:", "deadlne:")
    commit_all(git_repo, "Q2 updates")

    result = run_cli("diff", "main", "--as-of", AS_OF, "--format", "md", cwd=git_repo)

    assert result.exit_code == 1, result.output
    golden.check("diff/pull-request.zh-CN.md", result.stdout)
    assert (
        run_cli("diff", "--as-of", AS_OF, "--format", "md", cwd=git_repo).stdout.split("\n")[1:]
        == (result.stdout.split("\n")[1:])
    )  # the default (merge base with main) is the same change
