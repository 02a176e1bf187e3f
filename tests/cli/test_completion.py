"""Shell completion, driven as the shells' scripts drive it: `_REFORMCTL_COMPLETE` with the
words typed so far (bash: COMP_WORDS and COMP_CWORD; zsh, fish, PowerShell: _TYPER_COMPLETE_ARGS),
values read from the ledger found from the current folder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE, ROOT, run_cli


def bash(words: str, cwd: Path = EXAMPLE.parent) -> list[str]:
    """What bash's completion function gets for the last word of `words` (a trailing space: a
    new word)."""
    parts = words.split(" ")
    env = {"_REFORMCTL_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": str(len(parts) - 1)}
    result = run_cli(cwd=cwd, env=env)
    assert result.exit_code == 0 and result.stderr == "", result.output
    return [line for line in result.stdout.splitlines() if line]


def test_commands_and_options() -> None:
    assert bash("reformctl rec") == ["record"]
    assert "due" in bash("reformctl ") and "bulletin" in bash("reformctl ")
    assert bash("reformctl due --ow") == ["--owner"]
    assert "--lang" in bash("reformctl --")


def test_unit_ids_rule_ids_quarters_and_stages_from_the_ledger() -> None:
    assert bash("reformctl due --owner dept-reform-") == ["dept-reform-admin"]
    assert "sg-economy" in bash("reformctl library --group sg-")
    assert "nanhu" not in bash("reformctl library --group ")  # only special groups
    assert bash("reformctl due --rule quarterly") == ["quarterly-report"]
    assert bash("reformctl bulletin --quarter 2026-Q") == ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]
    assert bash("reformctl library --stage aw") == ["awaiting-approval"]
    assert bash("reformctl scorecard --unit nan") == ["nanhu"]
    assert bash("reformctl --lang z") == ["zh-CN"]


def test_record_subjects_and_their_items() -> None:
    assert bash("reformctl record rep") == ["report"]
    assert "projects/zuiduo-paoyici" in bash("reformctl record report projects/zui")
    assert "pilots/jiashan-demo" in bash("reformctl log pilots/")
    found = bash("reformctl record rectified 2026/supervision/s01#")
    assert "2026/supervision/s01#f2" in found and all(f.startswith("2026/supervision/s01#") for f in found)
    assert "2026/keypoints#kp-01" in bash("reformctl due --subject 2026/keypoints#kp-0")


def test_new_completes_the_keys_of_the_kind_and_unit_ids_after_a_unit_key() -> None:
    assert bash("reformctl new project x --le") == ["--lead", "--leader"]
    assert "dept-reform-admin" in bash("reformctl new handover x --assigned ")
    assert "li-qiang" in bash("reformctl new project x --leader ")


def test_outside_a_ledger_completion_is_silent(tmp_path: Path) -> None:
    assert bash("reformctl due --owner ", cwd=tmp_path) == []
    assert bash("reformctl record report ", cwd=tmp_path) == []


def test_zsh_fish_and_powershell_get_the_values_in_their_forms() -> None:
    zsh = run_cli(
        cwd=EXAMPLE.parent,
        env={"_REFORMCTL_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "reformctl due --owner nan"},
    )
    assert zsh.stdout.startswith("_arguments '*: :((") and '"nanhu":"南湖区"' in zsh.stdout
    fish = run_cli(
        cwd=EXAMPLE.parent,
        env={
            "_REFORMCTL_COMPLETE": "complete_fish",
            "_TYPER_COMPLETE_FISH_ACTION": "get-args",
            "_TYPER_COMPLETE_ARGS": "reformctl due --owner nan",
        },
    )
    assert fish.stdout.strip() == "nanhu\t南湖区"
    powershell = run_cli(
        cwd=EXAMPLE.parent,
        env={
            "_REFORMCTL_COMPLETE": "complete_powershell",
            "_TYPER_COMPLETE_ARGS": "reformctl due --owner nan",
            "_TYPER_COMPLETE_WORD_TO_COMPLETE": "nan",
        },
    )
    assert powershell.stdout.strip() == "nanhu:::南湖区"


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish", "powershell"])
def test_the_completion_script_of_each_shell(shell: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION", "1")  # name the shell
    result = run_cli("--show-completion", shell)
    assert result.exit_code == 0, result.output
    assert "_REFORMCTL_COMPLETE" in result.stdout and "reformctl" in result.stdout


def test_the_installed_program_completes_as_the_bash_script_calls_it() -> None:
    """The bash script runs the program itself with the variables set: so does this test."""
    env = {
        **os.environ,
        "_REFORMCTL_COMPLETE": "complete_bash",
        "COMP_WORDS": "reformctl due --owner dept-reform-",
        "COMP_CWORD": "3",
    }
    done = subprocess.run(
        [sys.executable, "-m", "reformctl"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0 and done.stderr == ""
    assert done.stdout.split() == ["dept-reform-admin"]
