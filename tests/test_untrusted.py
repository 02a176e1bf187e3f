"""Nothing outside the ledger is read and nothing hangs (SPEC §5, §9): links out, FIFOs, devices
and sockets are positioned `check` errors and never opened; templates that come with the ledger
compile in the sandbox or are reported, and render under limits; no ledger value reaches a
terminal as a control sequence."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from reformctl.cli import templates
from tests.conftest import EXAMPLE, ROOT, run_cli

AS_OF = "2026-07-10"


@pytest.fixture
def ledger(tmp_path: Path) -> Path:
    target = tmp_path / "ledger"
    shutil.copytree(EXAMPLE, target)
    return target


def _reformctl(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """A run in its own process, so that a hang fails the test instead of stopping the suite."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "100", "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "reformctl", *args], capture_output=True, text=True, timeout=timeout, env=env
    )


@pytest.mark.parametrize("where", ["handovers/fifo.yaml", "2026/reports.yaml", "projects/x.yaml"])
def test_a_fifo_is_reported_and_never_opened(ledger: Path, where: str) -> None:
    path = ledger / where
    path.unlink(missing_ok=True)
    os.mkfifo(path)
    checked = _reformctl("check", "--ledger", str(ledger))
    assert checked.returncode == 1
    assert f"{where}:1:1: error[not-a-file]: a FIFO (named pipe); expected a regular file" in checked.stdout
    due = _reformctl("due", "--ledger", str(ledger), "--as-of", AS_OF)
    assert due.returncode == 1 and where in due.stdout  # the banner names it; nothing hung


def test_a_socket_and_a_broken_link_are_reported(ledger: Path, tmp_path: Path) -> None:
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    here = os.getcwd()
    os.chdir(ledger / "projects")  # a short path: socket paths are limited to about 100 bytes
    try:
        sock.bind("s.yaml")
    finally:
        os.chdir(here)
    (ledger / "pilots" / "gone.yaml").symlink_to("nothing-here.yaml")
    result = run_cli("check", "--ledger", str(ledger))
    sock.close()
    assert "projects/s.yaml:1:1: error[not-a-file]: a socket" in result.stdout
    assert "pilots/gone.yaml:1:1: error[not-a-file]: a link that points to nothing" in result.stdout


def test_a_link_out_of_the_ledger_is_never_read(ledger: Path) -> None:
    (ledger / "handovers" / "passwd.yaml").symlink_to("/etc/passwd")
    (ledger / "projects" / "zero.yaml").symlink_to("/dev/zero")
    result = run_cli("check", "--ledger", str(ledger))
    assert "handovers/passwd.yaml:1:1: error[outside-ledger]" in result.stdout
    assert "projects/zero.yaml:1:1: error[outside-ledger]" in result.stdout
    assert "root:" not in result.output


def test_a_template_linked_out_of_the_ledger_is_never_read(ledger: Path) -> None:
    (ledger / "templates").mkdir()
    (ledger / "templates" / "bulletin.zh-CN.md.j2").symlink_to("/etc/passwd")
    checked = run_cli("check", "--ledger", str(ledger))
    assert "templates/bulletin.zh-CN.md.j2:1:1: error[outside-ledger]" in checked.stdout
    result = run_cli("bulletin", "--ledger", str(ledger), "--quarter", "2026-Q2", "--as-of", AS_OF)
    assert result.exit_code != 0 and "root:" not in result.output


def test_check_reports_a_template_that_does_not_compile(ledger: Path) -> None:
    (ledger / "templates").mkdir()
    (ledger / "templates" / "bulletin.zh-CN.md.j2").write_text(
        "# {{ title }}\n\n{% for x in %}\n", encoding="utf-8"
    )
    (ledger / "templates" / "report.zh-CN.md.j2").write_text("{{ year }}\n", encoding="utf-8")
    result = run_cli("check", "--ledger", str(ledger))
    assert result.exit_code == 1
    assert "templates/bulletin.zh-CN.md.j2:3:1: error[template]:" in result.stdout
    assert "report.zh-CN" not in result.stdout


HOSTILE = {
    "nested-loops": "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
    "repeat": "{{ 'x' * 3000000000 }}",
    "power": "{{ 2 ** 100000000 }}",
    "lipsum": "{{ lipsum(n=2000000) }}",
    "big-number": "{{ 'x'.ljust(2000000000) }}",
    "recursion": "{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}",
    "output": "{% for i in range(100000) %}{{ 'x' * 100 }}{% endfor %}",
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_hostile_template_stops_with_a_clear_error(ledger: Path, name: str) -> None:
    (ledger / "templates").mkdir()
    (ledger / "templates" / "bulletin.zh-CN.md.j2").write_text(HOSTILE[name], encoding="utf-8")
    result = _reformctl(
        "bulletin", "--ledger", str(ledger), "--quarter", "2026-Q2", "--as-of", AS_OF, timeout=60
    )
    assert result.returncode == 1, result.stderr
    assert "templates/bulletin.zh-CN.md.j2 stopped" in result.stderr and "Traceback" not in result.stderr
    assert result.stdout == ""


def test_lipsum_is_not_there(ledger: Path) -> None:
    (ledger / "templates").mkdir()
    (ledger / "templates" / "bulletin.zh-CN.md.j2").write_text("{{ lipsum() }}", encoding="utf-8")
    result = run_cli("bulletin", "--ledger", str(ledger), "--quarter", "2026-Q2", "--as-of", AS_OF)
    assert result.exit_code == 2 and "lipsum" in result.stderr and result.stdout == ""


def test_a_template_that_runs_too_long_is_stopped(ledger: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(templates, "TIME_LIMIT", 1.0)
    (ledger / "templates").mkdir()
    loops = "{% set s = 'x' * 10000 %}{% for a in s %}{% for b in s %}{% for c in s %}{% endfor %}{% endfor %}{% endfor %}"
    (ledger / "templates" / "bulletin.zh-CN.md.j2").write_text(loops, encoding="utf-8")
    result = run_cli("bulletin", "--ledger", str(ledger), "--quarter", "2026-Q2", "--as-of", AS_OF)
    assert result.exit_code == 1 and "ran for more than 1 seconds" in result.stderr


def test_a_template_that_takes_too_much_memory_is_stopped(
    ledger: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not Path("/proc/self/statm").exists():
        pytest.skip("memory limits need /proc (Linux)")
    monkeypatch.setattr(templates, "MEMORY_LIMIT", 200 << 20)
    (ledger / "templates").mkdir()
    doubling = (
        "{% set ns = namespace(s='x' * 1000000) %}"
        "{% for i in range(12) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s | length }}"
    )
    (ledger / "templates" / "bulletin.zh-CN.md.j2").write_text(doubling, encoding="utf-8")
    result = run_cli("bulletin", "--ledger", str(ledger), "--quarter", "2026-Q2", "--as-of", AS_OF)
    assert result.exit_code == 1 and "needs too much memory" in result.stderr


def test_control_characters_in_values_never_reach_the_terminal(ledger: Path) -> None:
    path = ledger / "projects" / "zuiduo-paoyici.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace('title: 深化"最多跑一次"改革', 'title: "改革\\e]52;c;ZXZpbA==\\a\\u009b31m"')
    )
    for args in (("due",), ("due", "--format", "md"), ("library",), ("library", "--format", "md")):
        result = run_cli(*args, "--ledger", str(ledger), "--as-of", AS_OF)
        assert "\x1b" not in result.stdout and "\x07" not in result.stdout and "\x9b" not in result.stdout
        if args != ("library",):  # (its narrow table may fold the escaped text over lines)
            assert "u001b" in result.stdout and "ZXZpbA==" in result.stdout, args  # shown as \\u001b


def test_a_file_name_cannot_forge_an_output_line(ledger: Path) -> None:
    (ledger / "projects" / "x\nledger.yaml:1:1: error[forged]: y.yaml").write_text(
        "title: x\n", encoding="utf-8"
    )
    result = run_cli("check", "--ledger", str(ledger))
    assert not any(line.startswith("ledger.yaml:1:1: error[forged]") for line in result.stdout.splitlines())
