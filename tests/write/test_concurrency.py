"""Two `reformctl record` processes at once on one ledger: both succeed, one after the other
(the writers' lock), and neither loses the other's change or corrupts a file (SPEC §7)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from reformctl.load.fastyaml import parse
from tests.conftest import ROOT
from tests.write import changed_files, check_exit, commit_count, git_out

SAME_FILE = (
    ("report", "projects/zuiduo-paoyici", "2026-Q2", "--submitted", "2026-07-05"),
    ("milestone", "projects/zuiduo-paoyici", "4", "--date", "2026-07-08"),
)
SAME_FILE_SAME_LIST = (
    ("rectified", "2026/supervision/s01#f2", "--date", "2026-07-08"),
    ("reinspection", "2026/supervision/s01#f4", "--date", "2026-07-08"),
)
OTHER_FILES = (
    ("report", "projects/zuiduo-paoyici", "2026-Q2", "--submitted", "2026-07-05"),
    ("resolved", "handovers/medical-insurance-settlement", "--date", "2026-07-08"),
)
REPORTS_YAML = (
    ("contact", "sg-party", "--date", "2026-07-08", "--with", "nanhu"),
    ("halfyear", "haiyan", "2026-H1", "--date", "2026-07-08"),
)


def _start(repo: Path, args: tuple[str, ...]) -> subprocess.Popen[str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return subprocess.Popen(
        [sys.executable, "-m", "reformctl", "record", *args],
        cwd=repo,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _data(repo: Path, rel: str) -> dict:
    return parse((repo / "ledger" / rel).read_bytes(), rel).data


@pytest.mark.parametrize(
    "pair",
    [SAME_FILE, SAME_FILE_SAME_LIST, OTHER_FILES, REPORTS_YAML],
    ids=["same-file", "same-list", "other-files", "reports-yaml"],
)
def test_two_writers_at_once(git_repo: Path, pair: tuple[tuple[str, ...], ...]) -> None:
    procs = [_start(git_repo, args) for args in pair]
    outputs = [proc.communicate(timeout=120) for proc in procs]
    for proc, (_out, err) in zip(procs, outputs, strict=True):
        assert proc.returncode == 0, err
        assert "Traceback" not in err

    assert commit_count(git_repo) == 3
    for rev in ("HEAD", "HEAD~1"):
        assert len(changed_files(git_repo, rev)) == 1
    fsck = subprocess.run(["git", "fsck", "--full", "--strict"], cwd=git_repo, capture_output=True, text=True)
    assert fsck.returncode == 0, fsck.stdout + fsck.stderr
    assert "error" not in fsck.stdout + fsck.stderr
    assert git_out(git_repo, "status", "--porcelain=v1", "--untracked-files=all") == ""
    assert not list(git_repo.rglob("*.tmp"))

    code, output = check_exit(git_repo / "ledger")
    assert code == 0, output
    if pair is SAME_FILE or pair is OTHER_FILES:
        project = _data(git_repo, "projects/zuiduo-paoyici.yaml")
        assert str(project["reports"]["2026-Q2"]["submitted"]) == "2026-07-05"
    if pair is SAME_FILE:
        assert str(project["milestones"][3]["done"]) == "2026-07-08"
    if pair is SAME_FILE_SAME_LIST:
        findings = {f["id"]: f for f in _data(git_repo, "2026/supervision/s01.yaml")["findings"]}
        assert str(findings["f2"]["rectified"]) == "2026-07-08"
        assert str(findings["f4"]["reinspection"]["date"]) == "2026-07-08"
    if pair is OTHER_FILES:
        handover = _data(git_repo, "handovers/medical-insurance-settlement.yaml")
        assert str(handover["resolved"]) == "2026-07-08"
    if pair is REPORTS_YAML:
        reports = _data(git_repo, "2026/reports.yaml")
        assert str(reports["halfyear"]["2026-H1"]["haiyan"]) == "2026-07-08"
        assert any(c["by"] == "sg-party" and str(c["date"]) == "2026-07-08" for c in reports["contacts"])


def test_the_same_record_twice_at_once(git_repo: Path) -> None:
    """Both try to record the same report: one wins, the other is refused cleanly."""
    args = ("report", "projects/zuiduo-paoyici", "2026-Q2", "--submitted", "2026-07-05")
    procs = [_start(git_repo, args) for _ in range(2)]
    outputs = [proc.communicate(timeout=120) for proc in procs]
    codes = sorted(proc.returncode for proc in procs)
    assert codes == [0, 1], outputs  # already recorded: a data refusal
    assert any("already recorded" in err for _, err in outputs)
    assert commit_count(git_repo) == 2
    assert git_out(git_repo, "status", "--porcelain=v1", "--untracked-files=all") == ""
    code, output = check_exit(git_repo / "ledger")
    assert code == 0, output
