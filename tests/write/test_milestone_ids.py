"""Milestone ids (SPEC §2.3) through the write commands: `new … --milestone "[ID:]DATE WHAT"`,
`record milestone SUBJECT N|ID [--id ID]`; a duplicate id is refused with its position."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.write import check_exit, commit_count, find, git_out, obligations, state

PROJECT = (
    "--title",
    "数字政府改革",
    "--group",
    "sg-government",
    "--lead",
    "dept-reform-admin",
    "--leader",
    "sun-wei",
    "--team",
    "gu-hua",
    "--entered",
    "2026-07-01",
    "--stage",
    "new",
    "--deadline",
    "2027-06-30",
)


def test_new_project_with_milestones(git_repo: Path) -> None:
    result = run_cli(
        "new",
        "project",
        "digital-gov",
        *PROJECT,
        "--milestone",
        "platform:2026-09-30 平台上线",
        "--milestone",
        "2026-12-31 完成第一批事项：网上办",
        cwd=git_repo,
    )
    assert result.exit_code == 0, result.output
    text = (git_repo / "ledger" / "projects" / "digital-gov.yaml").read_text(encoding="utf-8")
    assert text.endswith(
        "deadline: 2027-06-30\n"
        "milestones:\n"
        "  - due: 2026-09-30\n"
        "    what: 平台上线\n"
        "    id: platform\n"
        "  - due: 2026-12-31\n"
        "    what: 完成第一批事项：网上办\n"
    )
    assert check_exit(git_repo / "ledger")[0] == 0
    found = find(obligations(git_repo / "ledger"), "milestone", "projects/digital-gov", "m1")
    assert [(o["due"], o["state"]) for o in found] == [("2026-09-30", "open")]


@pytest.mark.parametrize(
    ("milestones", "message"),
    [
        (("x:2026-09-30 平台上线", "x:2026-12-31 第二批"), "milestone id 'x' is also milestone 1's"),
        (("2026-09-31 平台上线",), "--milestone '2026-09-31' is not a date"),
        (("平台上线",), "'YYYY-MM-DD what is due' or 'ID:YYYY-MM-DD what is due'"),
        (("Bad_Id:2026-09-30 平台上线",), "is not understood"),
    ],
)
def test_new_refuses_bad_milestones(git_repo: Path, milestones: tuple[str, ...], message: str) -> None:
    before = state(git_repo)
    args = [a for m in milestones for a in ("--milestone", m)]
    result = run_cli("new", "project", "digital-gov", *PROJECT, *args, cwd=git_repo)
    assert result.exit_code in (1, 2)
    assert message in result.stderr, result.stderr
    assert "Traceback" not in result.output
    assert state(git_repo) == before


def test_duplicate_ids_are_refused_at_their_position(git_repo: Path) -> None:
    result = run_cli(
        "new",
        "project",
        "digital-gov",
        *PROJECT,
        "--milestone",
        "x:2026-09-30 平台上线",
        "--milestone",
        "x:2026-12-31 第二批",
        cwd=git_repo,
    )
    assert result.exit_code == 1
    assert "ledger/projects/digital-gov.yaml:16:9: error[duplicate-id]: milestone id 'x'" in result.stderr


def test_new_handover_takes_no_milestone(git_repo: Path) -> None:
    result = run_cli("new", "handover", "h9", "--milestone", "2026-09-30 x", cwd=git_repo)
    assert result.exit_code == 2
    assert "--milestone is not a key of a new handover" in result.stderr
    assert "did you mean" not in result.stderr


def test_record_milestone_gives_it_an_id_then_names_it_by_id(git_repo: Path) -> None:
    project = git_repo / "ledger" / "projects" / "zuiduo-paoyici.yaml"
    first = run_cli(
        "record",
        "milestone",
        "projects/zuiduo-paoyici",
        "4",
        "--date",
        "2026-07-08",
        "--id",
        "v2",
        cwd=git_repo,
    )
    assert first.exit_code == 0, first.output
    assert "milestone 4 (v2) done 2026-07-08" in git_out(git_repo, "log", "-1", "--format=%s")
    assert '上线"一件事"集成服务2.0版\n    done: 2026-07-08\n    id: v2\n' in project.read_text(
        encoding="utf-8"
    )
    # the id names the milestone from now on, wherever it moves
    text = project.read_text(encoding="utf-8")
    project.write_text(
        text.replace(
            "milestones:\n", "milestones:\n  - due: 2026-08-31\n    what: 新增节点\n    id: new\n", 1
        ),
        encoding="utf-8",
    )
    git_out(git_repo, "commit", "-qam", "a milestone inserted first")
    second = run_cli(
        "record", "milestone", "projects/zuiduo-paoyici", "new", "--date", "2026-07-09", cwd=git_repo
    )
    assert second.exit_code == 0, second.output
    assert "milestone 1 (new) done 2026-07-09" in git_out(git_repo, "log", "-1", "--format=%s")
    assert check_exit(git_repo / "ledger")[0] == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("milestone", "projects/zuiduo-paoyici", "nope"), "no milestone with id 'nope'"),
        (("milestone", "projects/zuiduo-paoyici", "4", "--id", "Bad_Id"), "--id 'Bad_Id' is not a valid id"),
        (("report", "projects/zuiduo-paoyici", "2026-Q3", "--id", "x"), "--id names a milestone"),
        (("milestone", "projects/zuiduo-paoyici", "No!"), "needs the milestone's number or id"),
    ],
)
def test_record_milestone_refusals(git_repo: Path, args: tuple[str, ...], message: str) -> None:
    before = state(git_repo)
    result = run_cli("record", *args, "--date", "2026-07-20", cwd=git_repo)
    assert result.exit_code == 2
    assert message in result.stderr, result.stderr
    assert state(git_repo) == before and commit_count(git_repo) == 1


def test_record_refuses_another_id_and_a_duplicate(git_repo: Path) -> None:
    project = git_repo / "ledger" / "projects" / "zuiduo-paoyici.yaml"
    text = project.read_text(encoding="utf-8")
    project.write_text(
        text.replace(
            "    what: 开展改革满意度第三方测评\n", "    what: 开展改革满意度第三方测评\n    id: survey\n"
        ),
        encoding="utf-8",
    )
    git_out(git_repo, "commit", "-qam", "milestone 5 has an id")
    before = state(git_repo)
    other = run_cli(
        "record",
        "milestone",
        "projects/zuiduo-paoyici",
        "5",
        "--date",
        "2026-07-20",
        "--id",
        "poll",
        cwd=git_repo,
    )
    assert other.exit_code == 2
    assert "milestone 5 already has the id 'survey'" in other.stderr
    twice = run_cli(
        "record",
        "milestone",
        "projects/zuiduo-paoyici",
        "4",
        "--date",
        "2026-07-20",
        "--id",
        "survey",
        cwd=git_repo,
    )
    assert twice.exit_code == 1
    assert "error[duplicate-id]: milestone id 'survey' is also milestone 4's" in twice.stderr
    assert state(git_repo) == before
