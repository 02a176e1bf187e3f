"""Tests of the write commands (`record`, `log`, `init`) against real git repositories.

Shared helpers live here so that every test module of the folder can use them.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
from pathlib import Path
from typing import Any

from tests.conftest import run_cli

AS_OF = "2026-07-10"


def git_out(cwd: Path, *args: str) -> str:
    """`git ARGS` in `cwd`; stdout (raises on a non-zero exit)."""
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


def state(repo: Path) -> str:
    """A digest of everything a refused write must leave alone: every file of the working tree
    (outside .git), HEAD, the staged changes and the index's entries, and `git status`."""
    digest = hashlib.sha256()
    for path in sorted(p for p in repo.rglob("*") if ".git" not in p.relative_to(repo).parts):
        digest.update(path.relative_to(repo).as_posix().encode())
        digest.update(b"\0D\0" if path.is_dir() else b"\0F\0" + path.read_bytes())
    head = subprocess.run(
        ["git", "rev-parse", "--verify", "-q", "HEAD"], cwd=repo, capture_output=True, text=True
    )
    digest.update(head.stdout.encode())  # empty in a repository without commits
    for args in (
        ("diff", "--cached", "--binary"),
        ("ls-files", "-s"),
        ("status", "--porcelain=v1", "--untracked-files=all"),
    ):
        digest.update(git_out(repo, *args).encode())
    return digest.hexdigest()


def commit_count(repo: Path) -> int:
    return int(git_out(repo, "rev-list", "--count", "HEAD").strip())


def changed_files(repo: Path, rev: str = "HEAD") -> list[str]:
    """The paths the commit `rev` touched, from `git show --name-only`."""
    out = git_out(repo, "show", "--name-only", "--format=", rev)
    return [line for line in out.splitlines() if line]


def check_exit(ledger: Path) -> tuple[int, str]:
    result = run_cli("check", "--ledger", str(ledger))
    return result.exit_code, result.output


def obligations(ledger: Path, as_of: str = AS_OF) -> list[dict[str, Any]]:
    result = run_cli("due", "--all", "--as-of", as_of, "--format", "json", "--ledger", str(ledger))
    assert result.exit_code == 0, result.output
    return list(json.loads(result.stdout)["obligations"])


def find(found: list[dict[str, Any]], rule: str, subject: str, period: str | None) -> list[dict[str, Any]]:
    return [o for o in found if o["rule"] == rule and o["subject"] == subject and o["period"] == period]


def comment_lines(text: str) -> list[str]:
    """Every line that holds a comment (whole-line or trailing)."""
    return [line for line in text.splitlines() if "#" in line]
