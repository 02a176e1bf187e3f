"""`check --format github`: `file=` is relative to the git repository's root, where GitHub reads it.

The ledger may sit in a subfolder of the repository and `check` may run from any folder; outside a
repository the paths stay relative to the current folder. Finding the root reads no git data.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import LEDGERS, git, run_cli

CASE = LEDGERS / "broken" / "unknown-unit"
ANNOTATION = (
    "::error file={path},line=4,col=7,title=unknown-unit::"
    "lead 'dept-x' is not a unit; expected an id from units.yaml\n"
)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repository whose ledger is in `sub/ledger/`."""
    root = tmp_path / "repo"
    shutil.copytree(CASE, root / "sub" / "ledger", ignore=shutil.ignore_patterns("expected.txt"))
    git(root, "init", "-q")
    return root


def github(cwd: Path, *extra: str) -> str:
    result = run_cli("check", "--format", "github", *extra, cwd=cwd)
    assert result.exit_code == 1, result.output
    return result.stdout


def test_from_a_folder_inside_the_ledger(repo: Path) -> None:
    assert github(repo / "sub" / "ledger" / "projects") == ANNOTATION.format(
        path="sub/ledger/projects/p1.yaml"
    )


def test_from_the_repository_root_and_from_outside(repo: Path) -> None:
    expected = ANNOTATION.format(path="sub/ledger/projects/p1.yaml")
    assert github(repo, "--ledger", "sub/ledger") == expected
    assert github(repo.parent, "--ledger", str(repo / "sub" / "ledger")) == expected
    assert github(repo / "sub", "--ledger", "ledger") == expected


def test_through_a_link_to_the_ledger(repo: Path, tmp_path: Path) -> None:
    link = tmp_path / "link"
    link.symlink_to(repo / "sub" / "ledger")
    assert github(tmp_path, "--ledger", "link") == ANNOTATION.format(path="sub/ledger/projects/p1.yaml")


def test_a_worktree_has_a_git_file(tmp_path: Path) -> None:
    worktree = tmp_path / "wt"
    shutil.copytree(CASE, worktree / "ledger", ignore=shutil.ignore_patterns("expected.txt"))
    (worktree / ".git").write_text("gitdir: /elsewhere/.git/worktrees/wt\n", encoding="utf-8")
    assert github(worktree / "ledger" / "projects") == ANNOTATION.format(path="ledger/projects/p1.yaml")


def test_outside_a_repository_paths_are_from_the_current_folder(tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    shutil.copytree(CASE, plain / "ledger", ignore=shutil.ignore_patterns("expected.txt"))
    assert github(plain) == ANNOTATION.format(path="ledger/projects/p1.yaml")
    assert github(plain / "ledger") == ANNOTATION.format(path="projects/p1.yaml")


def test_reads_no_git_library(repo: Path) -> None:
    """The root is found by walking up for `.git`; GitPython stays off the read path."""
    code = (
        "import runpy, sys\n"
        "sys.argv = ['reformctl', 'check', '--format', 'github']\n"
        "try:\n    runpy.run_module('reformctl', run_name='__main__')\n"
        "except SystemExit:\n    pass\n"
        "print('git' in sys.modules, file=sys.stderr)\n"
    )
    ran = subprocess.run(
        [sys.executable, "-c", code],
        cwd=repo / "sub" / "ledger" / "projects",
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
        check=False,
    )
    assert ran.stdout == ANNOTATION.format(path="sub/ledger/projects/p1.yaml")
    assert ran.stderr.strip().splitlines()[-1] == "False", ran.stderr
