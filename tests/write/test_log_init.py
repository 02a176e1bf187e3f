"""`reformctl log SUBJECT` and `reformctl init [DIR] [--example]`."""

from __future__ import annotations

import filecmp
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE, run_cli
from tests.write import check_exit, git_out, state


def _record(repo: Path, *args: str) -> None:
    result = run_cli("record", *args, cwd=repo)
    assert result.exit_code == 0, result.output


def test_log_lists_newest_first(git_repo: Path) -> None:
    _record(git_repo, "report", "projects/zuiduo-paoyici", "2026-Q2", "--submitted", "2026-07-05")
    _record(git_repo, "rectified", "2026/supervision/s01#f2", "--date", "2026-07-08")
    _record(git_repo, "milestone", "projects/zuiduo-paoyici", "4", "--date", "2026-07-08")
    result = run_cli("log", "projects/zuiduo-paoyici", cwd=git_repo)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == 3, lines
    assert "record(projects/zuiduo-paoyici): milestone 4 done 2026-07-08" in lines[0]
    assert "record(projects/zuiduo-paoyici): 2026-Q2 report submitted 2026-07-05" in lines[1]
    assert "initial ledger" in lines[2]
    assert all("王芳" in line for line in lines)
    shas = git_out(git_repo, "log", "--format=%h", "--", "ledger/projects/zuiduo-paoyici.yaml")
    for line, sha in zip(lines, shas.split(), strict=True):
        assert sha[:7] in line
    # the rectification touched another file: not in this record's history
    assert "rectified" not in result.stdout


@pytest.mark.parametrize(
    ("subject", "newest"),
    [
        ("2026/supervision/s01#f2", "record(2026/supervision/s01#f2): rectified 2026-07-08"),
        ("2026/reports", "record(units/haiyan): 2026-H1 half-year report submitted 2026-07-08"),
        ("2026/keypoints", "record(2026/keypoints#kp-11): plan filed 2026-07-08"),
        ("2026/keypoints#kp-11", "record(2026/keypoints#kp-11): plan filed 2026-07-08"),
    ],
)
def test_log_of_other_subjects(git_repo: Path, subject: str, newest: str) -> None:
    _record(git_repo, "rectified", "2026/supervision/s01#f2", "--date", "2026-07-08")
    _record(git_repo, "halfyear", "haiyan", "2026-H1", "--date", "2026-07-08")
    _record(git_repo, "plan", "2026/keypoints#kp-11", "filed", "--date", "2026-07-08")
    result = run_cli("log", subject, cwd=git_repo)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert newest in lines[0] and "initial ledger" in lines[-1] and len(lines) == 2


@pytest.mark.parametrize("subject", ["projects/no-such-project", "units/nanhu", "bad subject!"])
def test_log_of_an_unknown_subject(git_repo: Path, subject: str) -> None:
    result = run_cli("log", subject, cwd=git_repo)
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("reformctl: error:")
    assert "Traceback" not in result.output and "internal error" not in result.output


def test_log_outside_a_repository(example_copy: Path) -> None:
    result = run_cli("log", "projects/zuiduo-paoyici", "--ledger", str(example_copy))
    assert result.exit_code == 2
    assert "git repository" in result.stderr


@pytest.fixture
def isolated_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    work = tmp_path / "work"
    work.mkdir()
    return work


def test_init_example_in_an_empty_folder(isolated_git: Path) -> None:
    target = isolated_git / "台账"
    result = run_cli("init", str(target), "--example", cwd=isolated_git)
    assert result.exit_code == 0, result.output
    assert (target / ".git").is_dir()
    assert git_out(target, "rev-parse", "--show-toplevel").strip() == str(target.resolve())
    pre_commit = (target / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    assert "reformctl check" in pre_commit
    ledger = target / "ledger"
    assert (ledger / "ledger.yaml").is_file()
    # a full copy of the example ledger
    expected = sorted(p.relative_to(EXAMPLE) for p in EXAMPLE.rglob("*") if p.is_file())
    got = sorted(p.relative_to(ledger) for p in ledger.rglob("*") if p.is_file())
    assert got == expected
    _, mismatch, errors = filecmp.cmpfiles(EXAMPLE, ledger, [str(p) for p in expected], False)
    assert mismatch == [] and errors == []
    code, output = check_exit(ledger)
    assert code == 0, output

    before = state(target)
    again = run_cli("init", str(target), "--example", cwd=isolated_git)
    assert again.exit_code == 2
    assert "already holds a ledger" in again.stderr
    assert state(target) == before
    assert run_cli("init", str(target), cwd=isolated_git).exit_code == 2
    assert state(target) == before


def test_init_here_without_example(isolated_git: Path) -> None:
    result = run_cli("init", cwd=isolated_git)
    assert result.exit_code == 0, result.output
    assert (isolated_git / ".git").is_dir()
    assert (isolated_git / ".pre-commit-config.yaml").is_file()
    code, output = check_exit(isolated_git / "ledger")
    assert code == 0, output
    assert run_cli("init", cwd=isolated_git).exit_code == 2


def test_init_inside_an_existing_repository_makes_no_new_one(git_repo: Path) -> None:
    sub = git_repo / "other"
    result = run_cli("init", str(sub), "--example", cwd=git_repo)
    assert result.exit_code == 0, result.output
    assert not (sub / ".git").exists()
    assert "initialised" not in result.output
    # nothing is committed or staged by init
    assert git_out(git_repo, "diff", "--cached") == ""
    assert git_out(git_repo, "rev-list", "--count", "HEAD").strip() == "1"


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
    before = sorted((p.as_posix(), p.is_file()) for p in isolated_git.rglob("*"))
    for extra in ((), ("--example",)):
        result = run_cli("init", str(target), *extra, cwd=isolated_git)
        assert result.exit_code == 2, result.output
        assert result.stderr.startswith("reformctl: error:"), result.stderr
        assert "internal error" not in result.output
    assert sorted((p.as_posix(), p.is_file()) for p in isolated_git.rglob("*")) == before


def test_init_into_an_empty_ledger_folder(isolated_git: Path) -> None:
    (isolated_git / "d" / "ledger").mkdir(parents=True)
    result = run_cli("init", str(isolated_git / "d"), "--example", cwd=isolated_git)
    assert result.exit_code == 0, result.output
    code, output = check_exit(isolated_git / "d" / "ledger")
    assert code == 0, output
