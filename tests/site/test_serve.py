"""`reformctl site --serve` as a real server on 127.0.0.1 (a free port), read with urllib: it
serves the site, builds it again when a ledger file changes, and stops cleanly on Ctrl-C."""

from __future__ import annotations

import shutil
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE, ROOT, run_cli
from tests.site.conftest import Server


def get(url: str) -> tuple[int, str, dict[str, str]]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode("utf-8"), dict(response.headers)
    except urllib.error.HTTPError as err:
        return err.code, "", dict(err.headers)


@pytest.fixture
def server(tmp_path: Path) -> Server:
    shutil.copytree(EXAMPLE, tmp_path / "ledger")
    (tmp_path / "tmp").mkdir()
    return Server(tmp_path / "ledger", tmp_path / "tmp")


def test_serves_rebuilds_and_stops(server: Server, tmp_path: Path) -> None:
    assert server.url.startswith("http://127.0.0.1:")
    status, body, headers = get(server.url)
    assert status == 200 and "嘉兴市改革试点监测网" in body
    assert headers["Cache-Control"] == "no-store"
    assert get(server.url + "assets/site.css")[0] == 200
    assert get(server.url + "projects/no-such.html")[0] == 404
    assert [p.name for p in (tmp_path / "tmp").iterdir() if p.name.startswith("reformctl-site-")]

    project = tmp_path / "ledger" / "projects" / "zuiduo-paoyici.yaml"
    project.write_text(
        project.read_text(encoding="utf-8").replace(
            'title: 深化"最多跑一次"改革', "title: 最多跑一次（第二版）"
        ),
        encoding="utf-8",
    )
    assert "最多跑一次（第二版）" in get(server.url + "library.html")[1]

    project.write_text(project.read_text(encoding="utf-8").replace("lead:", "laed:", 1), encoding="utf-8")
    status, body, _ = get(server.url + "index.html")
    assert status == 200 and "未计入本次结果" in body and "projects/zuiduo-paoyici.yaml" in body

    code, said = server.stop()
    assert code == 0, said
    assert "site built again" in said and said.endswith("reformctl: stopped\n")
    assert not [p for p in (tmp_path / "tmp").iterdir() if p.name.startswith("reformctl-site-")]


def test_refuses_a_ledger_whose_settings_have_errors(tmp_path: Path) -> None:
    ledger = tmp_path / "ledger"
    shutil.copytree(EXAMPLE, ledger)
    bad = ledger / "units.yaml"
    bad.write_text(
        bad.read_text(encoding="utf-8").replace("kind: office", "kind: offise", 1), encoding="utf-8"
    )
    done = subprocess.run(
        [sys.executable, "-m", "reformctl", "site", "--serve", "--port", "0", "--ledger", str(ledger)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 1
    assert "units.yaml" in done.stderr and "serving" not in done.stderr


def test_a_bad_language_stops_before_serving() -> None:
    result = run_cli("site", "--serve", "--lang", "fr", "--ledger", str(EXAMPLE))
    assert result.exit_code == 2 and "--lang 'fr' is not supported" in result.stderr
    assert "serving" not in result.stderr
