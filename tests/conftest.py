"""Shared fixtures: run the CLI end to end, copy ledgers, make temporary git repositories."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from reformctl.cli.app import build_app
from reformctl.cli.main import lang_value
from reformctl.i18n import language

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "ledger"
LEDGERS = Path(__file__).resolve().parent / "ledgers"
GOLDEN = Path(__file__).resolve().parent / "golden"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite golden files from the current output (review the diff by hand)",
    )


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def run_cli(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> Result:
    """Run `reformctl ARGS` in-process (CliRunner) with stdout and stderr kept apart, with the app
    built in the language the entry point would pick (`--lang` before the command, else the
    environment: English unless a test asks for Chinese)."""
    runner = CliRunner()
    old = Path.cwd()
    if cwd is not None:
        os.chdir(cwd)
    full_env = {"COLUMNS": "100", "NO_COLOR": "1", **(env or {})}
    app = build_app(language(lang_value(args), {**os.environ, **full_env}))
    try:
        result = runner.invoke(app, list(args), env=full_env, prog_name="reformctl")
    finally:
        os.chdir(old)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Result(result.exit_code, result.stdout, result.stderr)


@pytest.fixture
def cli() -> type[Result] | object:
    return run_cli


@pytest.fixture
def example_copy(tmp_path: Path) -> Path:
    """A private copy of the example ledger (folder `ledger/` inside tmp_path)."""
    target = tmp_path / "ledger"
    shutil.copytree(EXAMPLE, target)
    return target


class Golden:
    def __init__(self, update: bool) -> None:
        self.update = update

    def check(self, name: str, actual: str) -> None:
        path = GOLDEN / name
        if self.update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(actual, encoding="utf-8", newline="")
            return
        assert path.exists(), f"golden file {path} is missing; run pytest --update-golden and review it"
        expected = path.read_text(encoding="utf-8")
        assert actual == expected, f"output differs from {path}"


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Golden:
    return Golden(bool(request.config.getoption("--update-golden")))


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def git_repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A temporary git repository holding a copy of the example ledger, one commit."""
    repo = tmp_path / "repo"
    repo.mkdir()
    shutil.copytree(EXAMPLE, repo / "ledger")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.name", "王芳")
    git(repo, "config", "user.email", "wangfang@example.org")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "initial ledger")
    yield repo


@pytest.fixture(autouse=True)
def private_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test has its own cache folder: none reads or fills the user's cache."""
    folder = tmp_path_factory.mktemp("reformctl-cache")
    monkeypatch.setenv("REFORMCTL_CACHE_DIR", str(folder))
    monkeypatch.delenv("REFORMCTL_NO_CACHE", raising=False)
    return folder


@pytest.fixture(autouse=True)
def english_messages(monkeypatch: pytest.MonkeyPatch) -> None:
    """Help and messages in English and human outputs in the ledger's language, whatever the
    machine's locale: tests that want Chinese ask for it (`--lang zh-CN`, `REFORMCTL_LANG`)."""
    for name in ("LC_ALL", "LC_MESSAGES", "REFORMCTL_LANG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
