"""Docs that run: every `reformctl` command line shown in README.md and docs/*.md runs, in the
order its page shows it, against a fresh `reformctl init --example` repository (one per page, with
a copy of it as `origin`), and does what the page says: exit 0, or 1 where the line says so
(`--fail-on-overdue`, a comment naming exit 1). Synopsis lines (`[--option]`, `<id>`, `…`) and
`site --serve` (it serves until stopped) are not run."""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import ROOT, git, run_cli

PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
TODAY = "2026-07-31"
"""The day the examples run on: after the example ledger's events, so records of July 2026 are
not in the future."""
PLACEHOLDER = re.compile(r"\[|…|<[a-z]|\bDIR\b|\bFILE\b|\bPATH\b|\bDATE\b|\bREV\b")


@dataclass(frozen=True)
class Example:
    page: str
    line: int
    args: tuple[str, ...]
    exit_codes: frozenset[int]


def _blocks(text: str) -> list[tuple[int, list[str]]]:
    """Fenced shell blocks (```, ```bash, ```sh, ```console): (line number of the first line, lines)."""
    out = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        if re.fullmatch(r"```(bash|sh|shell|console)?", lines[i].strip()):
            j = i + 1
            while j < len(lines) and not lines[j].startswith("```"):
                j += 1
            out.append((i + 2, lines[i + 1 : j]))
            i = j
        i += 1
    return out


def examples(page: Path) -> list[Example]:
    found = []
    for first, lines in _blocks(page.read_text(encoding="utf-8")):
        k = 0
        while k < len(lines):
            number, line = first + k, lines[k].strip()
            while line.endswith("\\") and k + 1 < len(lines):
                k += 1
                line = line[:-1] + " " + lines[k].strip()
            k += 1
            line = line.removeprefix("$ ")
            if not line.startswith("reformctl "):
                continue
            command, _, comment = line.partition(" #")  # a comment starts a word; s01#f2 is a word
            words = shlex.split(command)
            if PLACEHOLDER.search(" ".join(words)) or "--serve" in words:
                continue
            args = tuple(words[1 : words.index(">")] if ">" in words else words[1:])
            codes = {0}
            if "--fail-on-overdue" in args or "exit 1" in comment:
                codes.add(1)
            found.append(Example(page.name, number, args, frozenset(codes)))
    return found


@pytest.fixture(scope="module")
def repository(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh example repository, with a copy of it as `origin`, to copy for each page."""
    base = tmp_path_factory.mktemp("docs")
    result = run_cli("init", str(base / "repo"), "--example", env=_env())
    assert result.exit_code == 0, result.output
    git(base, "clone", "-q", "--bare", str(base / "repo"), str(base / "origin.git"))
    git(base / "repo", "remote", "add", "origin", str(base / "origin.git"))
    git(base / "repo", "fetch", "-q", "origin")
    return base / "repo"


def _env() -> dict[str, str]:
    return {
        "REFORMCTL_TODAY": TODAY,
        "GIT_AUTHOR_NAME": "王芳",
        "GIT_AUTHOR_EMAIL": "wangfang@example.org",
        "GIT_COMMITTER_NAME": "王芳",
        "GIT_COMMITTER_EMAIL": "wangfang@example.org",
    }


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_every_example_of_a_page_runs(page: Path, repository: Path, tmp_path: Path) -> None:
    import shutil

    found = examples(page)
    if not found:
        pytest.skip(f"{page.name} shows no command to run")
    work = tmp_path / "repo"
    shutil.copytree(repository, work, symlinks=True)
    failed = []
    for example in found:
        result = run_cli(*example.args, cwd=work, env=_env())
        if result.exit_code not in example.exit_codes or "Traceback" in result.output:
            failed.append(
                f"{example.page}:{example.line}: reformctl {' '.join(example.args)} → exit {result.exit_code}\n{result.stderr[-500:]}"
            )
    assert failed == [], "\n".join(failed)


def test_the_examples_are_found() -> None:
    """The reader of the pages finds the README's lines, continuation lines included."""
    readme = examples(ROOT / "README.md")
    assert any(e.args[:2] == ("due", "--fail-on-overdue") and 1 in e.exit_codes for e in readme)
    assert len(readme) >= 15
