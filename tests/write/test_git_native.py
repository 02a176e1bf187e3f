"""Writes go through the git command, so whatever git supports works: index version 4 (also from
`feature.manyFiles`), a split index, an identity given only by environment variables, linked
worktrees; and the locks an interrupted git command leaves are found before anything is written."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.write import AS_OF, changed_files, commit_count, git_out, state

REPORT = ("record", "report", "projects/zuiduo-paoyici", "2026-Q2", "--submitted", "2026-07-05")
MESSAGE = "record(projects/zuiduo-paoyici): 2026-Q2 report submitted 2026-07-05"
TOUCHED = "ledger/projects/zuiduo-paoyici.yaml"
NEW_HANDOVER = (
    "new",
    "handover",
    "data-standards",
    "--title",
    "跨部门数据标准不统一",
    "--raised",
    "2026-07-08",
    "--raised-by",
    "sg-government",
    "--assigned",
    "dept-data",
    "--coordinator",
    "reform-office",
    "--deadline",
    "2026-09-30",
)


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    """The recorded dates below are in the past whatever the machine's clock says."""
    monkeypatch.setenv("REFORMCTL_TODAY", "2026-12-01")


def _index_v4(repo: Path) -> None:
    git_out(repo, "update-index", "--index-version", "4")


def _many_files(repo: Path) -> None:
    git_out(repo, "config", "feature.manyFiles", "true")
    (repo / ".git" / "index").unlink()
    git_out(repo, "reset", "-q")  # a new index, written as the feature says (version 4)


def _split_index(repo: Path) -> None:
    git_out(repo, "update-index", "--split-index")


def _index_version(repo: Path) -> int:
    return int.from_bytes((repo / ".git" / "index").read_bytes()[4:8], "big")


INDEXES: dict[str, Callable[[Path], None]] = {
    "index-v4": _index_v4,
    "many-files": _many_files,
    "split-index": _split_index,
}


@pytest.mark.parametrize("kind", list(INDEXES))
def test_writes_log_and_diff_with_any_index_git_writes(git_repo: Path, kind: str) -> None:
    INDEXES[kind](git_repo)
    if kind != "split-index":
        assert _index_version(git_repo) == 4
    else:
        assert list((git_repo / ".git").glob("sharedindex.*"))
    commits = commit_count(git_repo)

    result = run_cli(*REPORT, cwd=git_repo)
    assert result.exit_code == 0, result.output
    assert commit_count(git_repo) == commits + 1
    assert git_out(git_repo, "log", "-1", "--format=%an|%ae|%s").strip() == (
        f"王芳|wangfang@example.org|{MESSAGE}"
    )
    assert changed_files(git_repo) == [TOUCHED]

    created = run_cli(*NEW_HANDOVER, cwd=git_repo)
    assert created.exit_code == 0, created.output
    assert changed_files(git_repo) == ["ledger/handovers/data-standards.yaml"]
    assert git_out(git_repo, "status", "--porcelain=v1", "--untracked-files=all") == ""
    if kind != "split-index":
        assert _index_version(git_repo) == 4  # git kept the user's index format

    # refusals still see what is staged and what changed
    (git_repo / "notes.txt").write_text("会议纪要\n", encoding="utf-8")
    git_out(git_repo, "add", "notes.txt")
    before = state(git_repo)
    refused = run_cli(
        "record", "milestone", "projects/zuiduo-paoyici", "4", "--date", "2026-07-08", cwd=git_repo
    )
    assert refused.exit_code == 2, refused.output
    assert "other files are staged (notes.txt)" in refused.stderr
    assert state(git_repo) == before
    git_out(git_repo, "reset", "-q")

    log = run_cli("log", "projects/zuiduo-paoyici", cwd=git_repo)
    assert log.exit_code == 0, log.output
    assert MESSAGE in log.stdout.splitlines()[0]

    git_out(git_repo, "checkout", "-q", "-b", "weekly", "HEAD~2")
    git_out(git_repo, "checkout", "-q", "main", "--", TOUCHED)  # the change, uncommitted, on a branch
    diff = run_cli("diff", "--as-of", AS_OF, "--format", "json", cwd=git_repo)
    assert diff.exit_code == 0, diff.output
    [changed] = json.loads(diff.stdout)["records"]["changed"]
    assert [f["path"] for f in changed["fields"]] == ["reports.2026-Q2.submitted"]


def _no_config_identity(repo: Path) -> None:
    git_out(repo, "config", "--unset", "user.name")
    git_out(repo, "config", "--unset", "user.email")
    git_out(repo, "config", "user.useConfigOnly", "true")  # and no guess from the host name


def test_an_identity_from_the_environment_only(git_repo: Path) -> None:
    _no_config_identity(git_repo)
    env = {
        "GIT_AUTHOR_NAME": "赵敏",
        "GIT_AUTHOR_EMAIL": "zhaomin@example.org",
        "GIT_COMMITTER_NAME": "改革办机器人",
        "GIT_COMMITTER_EMAIL": "bot@example.org",
    }
    result = run_cli(*REPORT, cwd=git_repo, env=env)
    assert result.exit_code == 0, result.output
    assert git_out(git_repo, "log", "-1", "--format=%an|%ae|%cn|%ce|%s").strip() == (
        f"赵敏|zhaomin@example.org|改革办机器人|bot@example.org|{MESSAGE}"
    )
    assert changed_files(git_repo) == [TOUCHED]


def test_no_identity_at_all_is_one_clear_line(git_repo: Path) -> None:
    _no_config_identity(git_repo)
    before = state(git_repo)
    result = run_cli(*REPORT, cwd=git_repo)
    assert result.exit_code == 2, result.output
    assert result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith("reformctl: error: git does not know who you are")
    assert "git config user.name" in result.stderr and "git config user.email" in result.stderr
    assert state(git_repo) == before


def test_an_identity_from_an_include_if_config(git_repo: Path, tmp_path: Path) -> None:
    _no_config_identity(git_repo)
    office = tmp_path / "office.gitconfig"
    office.write_text("[user]\n\tname = 孙伟\n\temail = sunwei@example.org\n", encoding="utf-8")
    git_out(git_repo, "config", f"includeIf.gitdir:{git_repo}/.git.path", str(office))
    result = run_cli(*REPORT, cwd=git_repo)
    assert result.exit_code == 0, result.output
    assert git_out(git_repo, "log", "-1", "--format=%an|%ae").strip() == "孙伟|sunwei@example.org"


def test_a_commit_hook_runs_as_for_git_commit(git_repo: Path) -> None:
    """git's own hooks run: a commit-msg hook that refuses makes the write fail, and everything stays
    as it was."""
    hook = git_repo / ".git" / "hooks" / "commit-msg"
    hook.write_text("#!/bin/sh\necho '提交说明须写明文号' >&2\nexit 1\n", encoding="utf-8")
    hook.chmod(0o755)
    before = state(git_repo)
    result = run_cli(*REPORT, cwd=git_repo)
    assert result.exit_code == 2, result.output
    assert "git commit failed" in result.stderr and "Traceback" not in result.output
    assert state(git_repo) == before


def test_a_write_in_a_linked_worktree(git_repo: Path, tmp_path: Path) -> None:
    worktree = tmp_path / "weekly"
    git_out(git_repo, "worktree", "add", "-q", "-b", "weekly", str(worktree))
    result = run_cli(*REPORT, cwd=worktree)
    assert result.exit_code == 0, result.output
    assert git_out(git_repo, "log", "-1", "--format=%s", "weekly").strip() == MESSAGE
    assert commit_count(git_repo) == 1  # main did not move
    assert git_out(worktree, "status", "--porcelain=v1", "--untracked-files=all") == ""


# ---------------------------------------------------------------------------------------------
# locks left by an interrupted git command


def _refused_by_lock(repo: Path, lock: Path, cwd: Path | None = None) -> None:
    lock.write_bytes(b"")
    before = state(repo)
    result = run_cli(*REPORT, cwd=cwd or repo)
    assert result.exit_code == 2, result.output
    [line] = result.stderr.splitlines()
    assert f"{lock} exists" in line, line
    assert "remove it once no git command is running" in line
    assert state(repo) == before


@pytest.mark.parametrize("name", ["index.lock", "HEAD.lock", "refs/heads/main.lock"])
def test_a_left_over_lock_is_refused_before_writing(git_repo: Path, name: str) -> None:
    _refused_by_lock(git_repo, git_repo / ".git" / name)
    (git_repo / ".git" / name).unlink()
    assert run_cli(*REPORT, cwd=git_repo).exit_code == 0  # once removed, the write goes through


def test_the_lock_of_another_branch_is_no_matter(git_repo: Path) -> None:
    git_out(git_repo, "branch", "other")
    (git_repo / ".git" / "refs" / "heads" / "other.lock").write_bytes(b"")
    assert run_cli(*REPORT, cwd=git_repo).exit_code == 0


def test_a_branch_lock_in_the_common_folder_of_a_worktree(git_repo: Path, tmp_path: Path) -> None:
    worktree = tmp_path / "weekly"
    git_out(git_repo, "worktree", "add", "-q", "-b", "weekly", str(worktree))
    _refused_by_lock(worktree, git_repo / ".git" / "refs" / "heads" / "weekly.lock", cwd=worktree)


def test_the_index_lock_of_a_worktree_is_its_own(git_repo: Path, tmp_path: Path) -> None:
    worktree = tmp_path / "weekly"
    git_out(git_repo, "worktree", "add", "-q", "-b", "weekly", str(worktree))
    _refused_by_lock(worktree, git_repo / ".git" / "worktrees" / "weekly" / "index.lock", cwd=worktree)
    (git_repo / ".git" / "worktrees" / "weekly" / "index.lock").unlink()
    (git_repo / ".git" / "index.lock").write_bytes(b"")  # the main worktree's: no matter here
    assert run_cli(*REPORT, cwd=worktree).exit_code == 0
