"""Building two-commit ledger repositories for `reformctl diff` tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from reformctl.diff.render import OBLIGATION_GROUPS
from tests.conftest import git, run_cli

AS_OF = "2026-07-10"
PROJECT = "ledger/projects/zuiduo-paoyici.yaml"


def edit(repo: Path, rel: str, old: str, new: str) -> None:
    """Replace the first `old` in a file of the repository (which must contain it)."""
    path = repo / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {rel}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def commit_all(repo: Path, message: str) -> str:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)
    return sha(repo, "HEAD")


def sha(repo: Path, rev: str) -> str:
    return git(repo, "rev-parse", rev).strip()


def diff_json(repo: Path, *args: str, exit_code: int = 0) -> dict[str, Any]:
    result = run_cli("diff", *args, "--as-of", AS_OF, "--format", "json", cwd=repo)
    assert result.exit_code == exit_code, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def no_obligation_changes() -> dict[str, list[Any]]:
    return {name: [] for name in OBLIGATION_GROUPS}


def obligation_keys(data: dict[str, Any], group: str) -> list[tuple[Any, ...]]:
    """(rule, subject, period, owner, state) of each obligation of a group."""
    return [
        (o["rule"], o["subject"], o["period"], o["owner"], o["state"]) for o in data["obligations"][group]
    ]


def submit_q2_report(repo: Path) -> None:
    """The lead of zuiduo-paoyici submits its 2026-Q2 quarterly report on 2026-07-05."""
    edit(
        repo,
        PROJECT,
        "  # 2026-Q2 进展尚未报送",
        "  2026-Q2:\n    submitted: 2026-07-05\n  # 2026-Q2 进展尚未报送",
    )
