"""The README's Quick start has exactly two command lines, and CI runs the second one."""

from __future__ import annotations

import re

from tests.conftest import ROOT


def quick_start_lines() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```bash\n(.*?)```", section, re.S)
    assert block is not None
    return [line for line in block.group(1).splitlines() if line.strip()]


def test_quick_start_has_two_lines() -> None:
    lines = quick_start_lines()
    assert len(lines) == 2
    assert lines[0].endswith("reformctl due")
    assert lines[1].endswith("pytest")


def test_ci_runs_the_readme_test_line() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "set -euo pipefail" in ci
    assert quick_start_lines()[1] in ci.splitlines()
