"""Built sites shared by the site's tests (one build each per session), a ledger with hostile
values, a running `--serve` server, and one headless Chromium for the whole session."""

from __future__ import annotations

import json
import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import EXAMPLE, ROOT, Result, run_cli

AS_OF = "2026-07-10"
HOSTILE = '<script>window.__pwned=1</script>"><img src=x onerror="window.__pwned=2">{{ 7*7 }}{% if 1 %}x{% endif %}\x01end'
"""A project title that tries markup, script, template syntax and a control character."""
HOSTILE_SHOWN = HOSTILE.replace("\x01", "\u2401")
"""How the site shows it: as text, the control character as its symbol (␁)."""
HOSTILE_UNIT = '市卫生健康委<svg onload="window.__pwned=3"></text><script>window.__pwned=4</script>&amp;'
HOSTILE_MARKDOWN = (
    "\n<script>window.__pwned=5</script>\n\n"
    '<img src=x onerror="window.__pwned=6">\n\n'
    "[click](javascript:window.__pwned=7)\n\n"
    "![a picture](http://example.org/x.png)\n"
)
REPOSITORY = "https://example.org/jiaxing/ledger/blob/main/ledger"
INSTALL = "apt-get install chromium"


def build_site(ledger: Path, output: Path, cache: Path, *extra: str) -> Result:
    return run_cli(
        "site",
        "--ledger",
        str(ledger),
        "--output",
        str(output),
        "--as-of",
        AS_OF,
        *extra,
        env={"REFORMCTL_CACHE_DIR": str(cache)},
    )


@dataclass(frozen=True)
class Built:
    ledger: Path
    folder: Path
    result: Result


def _built(tmp: pytest.TempPathFactory, ledger: Path, name: str, *extra: str) -> Built:
    folder = tmp.mktemp(name) / "public"
    result = build_site(ledger, folder, tmp.mktemp("cache"), *extra)
    assert result.exit_code == 0, result.output
    return Built(ledger, folder, result)


@pytest.fixture(scope="session")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return _built(tmp_path_factory, EXAMPLE, "site-zh")


@pytest.fixture(scope="session")
def english_site(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return _built(tmp_path_factory, EXAMPLE, "site-en", "--lang", "en")


def _set_line(path: Path, pattern: str, line: str) -> None:
    text = path.read_text(encoding="utf-8")
    new, n = re.subn(pattern, lambda _: line, text, count=1, flags=re.M)
    assert n == 1, (path, pattern)
    path.write_text(new, encoding="utf-8")


def make_hostile(target: Path) -> Path:
    """A copy of the example ledger whose values try to inject markup and script."""
    shutil.copytree(EXAMPLE, target)
    _set_line(target / "projects" / "public-data.yaml", r"^title: .*$", f"title: {json.dumps(HOSTILE)}")
    _set_line(
        target / "units.yaml",
        r"^(\s+)name: 市卫生健康委$",
        f"    name: {json.dumps(HOSTILE_UNIT, ensure_ascii=False)}",
    )
    _set_line(
        target / "projects" / "zuiduo-paoyici.yaml",
        r"^    what: 开展改革满意度第三方测评$",
        f"    what: {json.dumps(HOSTILE, ensure_ascii=False)}",
    )
    bulletin = target / "2026" / "bulletins" / "Q1.md"
    bulletin.write_text(bulletin.read_text(encoding="utf-8") + HOSTILE_MARKDOWN, encoding="utf-8")
    ledger_yaml = target / "ledger.yaml"
    ledger_yaml.write_text(
        ledger_yaml.read_text(encoding="utf-8") + f"repository: {REPOSITORY}\n", encoding="utf-8"
    )
    return target


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Built:
    ledger = make_hostile(tmp_path_factory.mktemp("hostile") / "ledger")
    return _built(tmp_path_factory, ledger, "site-hostile")


# A running server -----------------------------------------------------------------------------


class Server:
    """`reformctl site --serve --port 0` in a subprocess; its URL read from its first line."""

    def __init__(self, ledger: Path, tmp: Path) -> None:
        env = {**os.environ, "TMPDIR": str(tmp), "REFORMCTL_CACHE_DIR": str(tmp / "cache")}
        command = [sys.executable, "-m", "reformctl", "site", "--serve", "--port", "0"]
        self.process = subprocess.Popen(
            [*command, "--ledger", str(ledger), "--as-of", AS_OF],
            stderr=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stdin=subprocess.DEVNULL,
            text=True,
            env=env,
            cwd=ROOT,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        assert self.process.stderr is not None
        stream = self.process.stderr
        threading.Thread(target=lambda: [self.lines.put(line) for line in stream], daemon=True).start()
        first = self.lines.get(timeout=60)
        found = re.search(r"http://127\.0\.0\.1:\d+/", first)
        assert found, first
        self.url = found.group()

    def stop(self) -> tuple[int, str]:
        """Ctrl-C (SIGINT), then the exit code and what it printed after its first line."""
        self.process.send_signal(signal.SIGINT)
        code = self.process.wait(timeout=30)
        rest: list[str] = []
        while not self.lines.empty():
            rest.append(self.lines.get())
        return code, "".join(rest)


@pytest.fixture(scope="session")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    tmp = tmp_path_factory.mktemp("served")
    ledger = tmp / "ledger"
    shutil.copytree(EXAMPLE, ledger)
    server = Server(ledger, tmp)
    yield server
    server.stop()


# One browser per session ----------------------------------------------------------------------


def chromium_path() -> str | None:
    """$REFORMCTL_CHROMIUM, else Debian's `chromium` on the PATH."""
    named = os.environ.get("REFORMCTL_CHROMIUM")
    if named is not None:
        return named if named and Path(named).is_file() else None
    return shutil.which("chromium") or shutil.which("chromium-browser")


def browser_missing() -> str | None:
    """Why the browser tests cannot run here (with how to install what is missing), or None."""
    if chromium_path() is None:
        return f"the browser tests need Chromium: {INSTALL}"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the browser tests need Playwright: pip install -e '.[test]'"
    return None


def require_browser() -> None:
    """Skip the calling test module with one line when the browser is missing, except under
    CI=true, where .ci/run installs Chromium and a missing browser is a failure."""
    why = browser_missing()
    if why is None:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(why, pytrace=False)
    pytest.skip(why, allow_module_level=True)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Chromium for the whole session."""
    require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=chromium_path(), headless=True)
        yield chromium
        chromium.close()
