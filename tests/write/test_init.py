"""`reformctl init [DIR] [--example]`: the ledger, its repository, and its first commit."""

from __future__ import annotations

import filecmp
import json
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE, run_cli
from tests.write import AS_OF, changed_files, check_exit, commit_count, git_out, state

AUTHOR = ("李明", "liming@example.org")


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    """The recorded dates below are in the past whatever the machine's clock says."""
    monkeypatch.setenv("REFORMCTL_TODAY", "2026-12-01")


def _config(tmp_path: Path, *pairs: tuple[str, str]) -> None:
    for key, value in pairs:
        git_out(tmp_path, "config", "--file", str(tmp_path / "gitconfig"), key, value)


@pytest.fixture
def isolated_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder outside any repository; git's global configuration is a file of the test's own,
    holding an identity."""
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    _config(tmp_path, ("user.name", AUTHOR[0]), ("user.email", AUTHOR[1]))
    work = tmp_path / "work"
    work.mkdir()
    return work


def _files(folder: Path) -> list[str]:
    """Every file under `folder` outside .git, relative, sorted."""
    return sorted(
        p.relative_to(folder).as_posix()
        for p in folder.rglob("*")
        if p.is_file() and ".git" not in p.relative_to(folder).parts
    )


def _tree(folder: Path) -> list[tuple[str, bool]]:
    return sorted((p.as_posix(), p.is_file()) for p in folder.rglob("*"))


def test_init_example_in_an_empty_folder(isolated_git: Path) -> None:
    target = isolated_git / "台账"
    result = run_cli("init", str(target), "--example", cwd=isolated_git)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert (target / ".git").is_dir()
    assert git_out(target, "rev-parse", "--show-toplevel").strip() == str(target.resolve())
    pre_commit = (target / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    assert "reformctl check" in pre_commit
    ledger = target / "ledger"
    # a full copy of the example ledger
    expected = sorted(p.relative_to(EXAMPLE) for p in EXAMPLE.rglob("*") if p.is_file())
    got = sorted(p.relative_to(ledger) for p in ledger.rglob("*") if p.is_file())
    assert got == expected
    _, mismatch, errors = filecmp.cmpfiles(EXAMPLE, ledger, [str(p) for p in expected], False)
    assert mismatch == [] and errors == []
    code, output = check_exit(ledger)
    assert code == 0, output

    # the first commit: on main, everything init wrote and nothing else, by the configured identity
    assert git_out(target, "symbolic-ref", "--short", "HEAD").strip() == "main"
    assert commit_count(target) == 1
    assert git_out(target, "log", "-1", "--format=%an|%ae|%s").strip() == (
        f"{AUTHOR[0]}|{AUTHOR[1]}|init(ledger): example ledger created"
    )
    assert sorted(git_out(target, "ls-files", "-z").split("\0")[:-1]) == _files(target)
    assert git_out(target, "status", "--porcelain=v1", "--untracked-files=all") == ""
    sha = git_out(target, "rev-parse", "HEAD").strip()
    assert f"reformctl: initialised a git repository in {target} (branch main)\n" in result.stderr
    assert f"reformctl: created {ledger} and committed {sha[:8]} on branch main\n" in result.stderr

    before = state(target)
    again = run_cli("init", str(target), "--example", cwd=isolated_git)
    assert again.exit_code == 1, again.output  # it exists already: a data refusal
    assert "already holds a ledger" in again.stderr
    assert state(target) == before
    assert run_cli("init", str(target), cwd=isolated_git).exit_code == 1
    assert state(target) == before


def test_init_here_without_example(isolated_git: Path) -> None:
    result = run_cli("init", cwd=isolated_git, env={"REFORMCTL_TODAY": "2027-03-01"})
    assert result.exit_code == 0, result.output
    assert (isolated_git / ".git").is_dir()
    assert (isolated_git / ".pre-commit-config.yaml").is_file()
    assert (isolated_git / "ledger" / "2027" / "reports.yaml").is_file()
    code, output = check_exit(isolated_git / "ledger")
    assert code == 0, output
    assert git_out(isolated_git, "log", "--format=%D|%s").strip() == (
        "HEAD -> main|init(ledger): ledger created"
    )
    assert sorted(git_out(isolated_git, "ls-files", "-z").split("\0")[:-1]) == _files(isolated_git)
    assert git_out(isolated_git, "status", "--porcelain=v1", "--untracked-files=all") == ""
    assert run_cli("init", cwd=isolated_git).exit_code == 1


def test_init_keeps_other_files_of_the_folder_out_of_the_commit(isolated_git: Path) -> None:
    (isolated_git / "会议纪要.txt").write_text("草稿\n", encoding="utf-8")
    result = run_cli("init", cwd=isolated_git)
    assert result.exit_code == 0, result.output
    assert "会议纪要.txt" not in git_out(isolated_git, "ls-files")
    assert git_out(isolated_git, "status", "--porcelain=v1", "-z").split("\0")[:-1] == ["?? 会议纪要.txt"]


def test_init_commits_on_git_s_default_branch_and_diff_finds_it(isolated_git: Path) -> None:
    _config(isolated_git.parent, ("init.defaultBranch", "trunk"))
    target = isolated_git / "ledger-repo"
    result = run_cli("init", str(target), "--example", cwd=isolated_git)
    assert result.exit_code == 0, result.output
    assert "on branch trunk" in result.stderr
    assert git_out(target, "branch", "--format=%(refname:short)").split() == ["trunk"]
    base = git_out(target, "rev-parse", "HEAD").strip()

    # the weekly routine: a branch, a record, and `diff` without a revision compares with trunk
    git_out(target, "checkout", "-q", "-b", "weekly")
    record = run_cli(
        "record", "report", "projects/zuiduo-paoyici", "2026-Q2", "--submitted", "2026-07-05", cwd=target
    )
    assert record.exit_code == 0, record.output
    assert changed_files(target) == ["ledger/projects/zuiduo-paoyici.yaml"]
    diff = run_cli("diff", "--as-of", AS_OF, "--format", "json", cwd=target)
    assert diff.exit_code == 0, diff.output
    data = json.loads(diff.stdout)
    assert (data["from"], data["to"]) == (base, "working tree")
    [changed] = data["records"]["changed"]
    assert [f["path"] for f in changed["fields"]] == ["reports.2026-Q2.submitted"]
    table = run_cli("diff", "--as-of", AS_OF, cwd=target)
    assert table.stdout.startswith(f"嘉兴市全面深化改革工作台账：HEAD 与 trunk 的合并基点 {base[:8]}")


def test_diff_falls_back_to_the_current_branch(isolated_git: Path) -> None:
    """A repository whose only branch is none of the usual names: diff compares HEAD with the working
    tree, naming that branch."""
    target = isolated_git / "r"
    assert run_cli("init", str(target), "--example", cwd=isolated_git).exit_code == 0
    git_out(target, "branch", "-m", "main", "ledger-2026")
    head = git_out(target, "rev-parse", "HEAD").strip()
    result = run_cli("diff", "--as-of", AS_OF, "--format", "json", cwd=target)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["from"] == head


def test_init_inside_an_existing_repository_commits_just_its_files(git_repo: Path) -> None:
    units = git_repo / "ledger" / "units.yaml"
    units.write_text(units.read_text(encoding="utf-8") + "# 待补充\n", encoding="utf-8")
    (git_repo / "notes.txt").write_text("会议纪要\n", encoding="utf-8")
    sub = git_repo / "other"
    result = run_cli("init", str(sub), "--example", cwd=git_repo)
    assert result.exit_code == 0, result.output
    assert not (sub / ".git").exists()
    assert "initialised" not in result.output
    assert f"reformctl: created {sub / 'ledger'} and committed" in result.stderr
    assert "on branch main" in result.stderr
    assert commit_count(git_repo) == 2
    assert git_out(git_repo, "log", "-1", "--format=%an|%s").strip() == (
        "王芳|init(other/ledger): example ledger created"
    )
    assert changed_files(git_repo) == [f"other/{rel}" for rel in _files(sub)]
    status = git_out(git_repo, "status", "--porcelain=v1", "--untracked-files=all")
    assert status == " M ledger/units.yaml\n?? notes.txt\n"


def test_init_keeps_an_existing_pre_commit_configuration(git_repo: Path) -> None:
    mine = "repos: []  # 本仓库自己的配置\n"
    (git_repo / "other").mkdir()
    (git_repo / "other" / ".pre-commit-config.yaml").write_text(mine, encoding="utf-8")
    git_out(git_repo, "add", "other/.pre-commit-config.yaml")
    git_out(git_repo, "commit", "-q", "-m", "pre-commit")
    result = run_cli("init", str(git_repo / "other"), cwd=git_repo)
    assert result.exit_code == 0, result.output
    assert (git_repo / "other" / ".pre-commit-config.yaml").read_text(encoding="utf-8") == mine
    assert "other/.pre-commit-config.yaml" not in changed_files(git_repo)


def _stage_other(repo: Path) -> None:
    (repo / "notes.txt").write_text("会议纪要\n", encoding="utf-8")
    git_out(repo, "add", "notes.txt")


def _merge_head(repo: Path) -> None:
    (repo / ".git" / "MERGE_HEAD").write_text(git_out(repo, "rev-parse", "HEAD"), encoding="utf-8")


def _index_lock(repo: Path) -> None:
    (repo / ".git" / "index.lock").write_bytes(b"")


def _branch_lock(repo: Path) -> None:
    (repo / ".git" / "refs" / "heads" / "main.lock").write_bytes(b"")


@pytest.mark.parametrize(
    ("make", "says"),
    [
        (_stage_other, "other files are staged (notes.txt)"),
        (_merge_head, "in the middle of a merge"),
        (_index_lock, "index.lock exists"),
        (_branch_lock, "refs/heads/main.lock exists"),
    ],
    ids=["staged", "merge", "index-lock", "branch-lock"],
)
def test_init_inside_a_repository_that_refuses_writes(git_repo: Path, make: object, says: str) -> None:
    assert callable(make)
    make(git_repo)
    before = state(git_repo)
    result = run_cli("init", str(git_repo / "other"), "--example", cwd=git_repo)
    assert result.exit_code == 2, result.output
    assert says in result.stderr, result.stderr
    assert "Traceback" not in result.output and "internal error" not in result.output
    assert state(git_repo) == before
    assert not (git_repo / "other").exists()


def test_init_without_a_git_identity_creates_nothing(isolated_git: Path) -> None:
    gitconfig = isolated_git.parent / "gitconfig"
    gitconfig.write_text("[user]\n\tuseConfigOnly = true\n", encoding="utf-8")
    before = _tree(isolated_git)
    for target in (isolated_git / "new", isolated_git):
        result = run_cli("init", str(target), "--example", cwd=isolated_git)
        assert result.exit_code == 2, result.output
        [line] = [ln for ln in result.stderr.splitlines() if ln.startswith("reformctl: error:")]
        assert "git does not know who you are" in line and "git config user.name" in line
        assert _tree(isolated_git) == before  # no folder, no .git, no file


def test_init_whose_commit_fails_puts_everything_back(git_repo: Path) -> None:
    hook = git_repo / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\necho 'refused by the office hook' >&2\nexit 1\n", encoding="utf-8")
    hook.chmod(0o755)
    before = state(git_repo)
    result = run_cli("init", str(git_repo / "other"), "--example", cwd=git_repo)
    assert result.exit_code == 2, result.output
    assert "git commit failed" in result.stderr
    assert state(git_repo) == before
    assert not (git_repo / "other").exists()


def test_files_git_ignores_are_written_not_committed(isolated_git: Path) -> None:
    excludes = isolated_git.parent / "excludes"
    excludes.write_text(".vscode/\n", encoding="utf-8")
    _config(isolated_git.parent, ("core.excludesFile", str(excludes)))
    target = isolated_git / "r"
    result = run_cli("init", str(target), cwd=isolated_git)
    assert result.exit_code == 0, result.output
    assert (target / ".vscode" / "settings.json").is_file()
    assert ".vscode/settings.json" not in git_out(target, "ls-files")
    assert "reformctl: git ignores .vscode/settings.json: written, not committed" in result.stderr


def test_an_ignored_ledger_folder_is_refused(git_repo: Path) -> None:
    (git_repo / ".gitignore").write_text("other/\n", encoding="utf-8")
    git_out(git_repo, "add", ".gitignore")
    git_out(git_repo, "commit", "-q", "-m", "ignore other/")
    before = state(git_repo)
    result = run_cli("init", str(git_repo / "other"), cwd=git_repo)
    assert result.exit_code == 2, result.output
    assert "git ignores other/ledger/" in result.stderr
    assert state(git_repo) == before


@pytest.mark.parametrize("what", ["non-empty-ledger-folder", "file-in-the-way", "dir-is-a-file"])
def test_init_refuses_what_is_in_the_way(isolated_git: Path, what: str) -> None:
    target = isolated_git / "d"
    if what == "dir-is-a-file":
        target.write_text("x\n", encoding="utf-8")
    else:
        target.mkdir()
        if what == "file-in-the-way":
            (target / "ledger").write_text("x\n", encoding="utf-8")
        else:
            (target / "ledger" / "2026").mkdir(parents=True)
            (target / "ledger" / "notes.txt").write_text("草稿\n", encoding="utf-8")
    before = _tree(isolated_git)
    for extra in ((), ("--example",)):
        result = run_cli("init", str(target), *extra, cwd=isolated_git)
        assert result.exit_code == 2, result.output
        assert result.stderr.startswith("reformctl: error:"), result.stderr
        assert "internal error" not in result.output
    assert _tree(isolated_git) == before


def test_init_into_an_empty_ledger_folder(isolated_git: Path) -> None:
    (isolated_git / "d" / "ledger").mkdir(parents=True)
    result = run_cli("init", str(isolated_git / "d"), "--example", cwd=isolated_git)
    assert result.exit_code == 0, result.output
    code, output = check_exit(isolated_git / "d" / "ledger")
    assert code == 0, output
    assert git_out(isolated_git / "d", "status", "--porcelain=v1", "--untracked-files=all") == ""
