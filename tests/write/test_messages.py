"""Commit messages say what they seem to: a value with a line break or a control character never
reaches a generated subject line, and `--message` may span lines but carries no other control
character. Each refusal is one line naming the value, exit 2, nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reformctl.edit.message import given_message, shown, single_line
from reformctl.errors import UsageError
from tests.conftest import run_cli
from tests.write import changed_files, commit_count, git_out, state

MILESTONE = ("record", "milestone", "projects/zuiduo-paoyici", "4", "--date", "2026-07-08")


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    """The recorded dates below are in the past whatever the machine's clock says."""
    monkeypatch.setenv("REFORMCTL_TODAY", "2026-12-01")


def _refused(repo: Path, args: tuple[str, ...], says: str) -> None:
    before = state(repo)
    result = run_cli(*args, cwd=repo)
    assert result.exit_code == 2, result.output
    [line] = result.stderr.splitlines()
    assert line.startswith("reformctl: error: ") and says in line, line
    assert state(repo) == before


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (
            ("record", "report", "projects/zuiduo-paoyici\n", "2026-Q2", "--submitted", "2026-07-05"),
            "subject 'projects/zuiduo-paoyici\\n' contains a line break",
        ),
        (
            (
                "record",
                "milestone",
                "projects/zuiduo-paoyici\nCo-authored-by: x",
                "4",
                "--date",
                "2026-07-08",
            ),
            "subject 'projects/zuiduo-paoyici\\nCo-authored-by: x' contains",
        ),
        (
            ("record", "report", "projects/zuiduo-paoyici", "2026-Q2\r", "--submitted", "2026-07-05"),
            "'2026-Q2\\r' contains",
        ),
        (("record", "halfyear", "haiyan", "2026-H1\n", "--date", "2026-07-08"), "'2026-H1\\n' contains"),
        (("record", "contact", "units/haiyan\x1b[2J", "--date", "2026-07-08"), "'units/haiyan\\x1b[2J'"),
        (("record", "rectified", "2026/supervision/s01#f2\u2028", "--date", "2026-07-08"), "\\u2028"),
        (("new", "handover", "data-standards\n", "--title", "t"), "id 'data-standards\\n' contains"),
    ],
    ids=["subject-lf", "subject-trailer", "period-cr", "halfyear-lf", "unit-esc", "line-separator", "new-id"],
)
def test_a_value_bound_for_the_subject_line_is_one_line(
    git_repo: Path, args: tuple[str, ...], says: str
) -> None:
    _refused(git_repo, args, says)


@pytest.mark.parametrize(
    ("message", "says"),
    [
        ("已整改\x1b]52;c;ZWNobyBoaQ==\x07", "--message '已整改\\x1b]52;c;ZWNobyBoaQ==\\x07' contains"),
        ("已整改\r伪造的说明", "contains a control character (\\r)"),
        ("", "--message is empty"),
        ("  \n\t\n", "--message is empty"),
    ],
    ids=["osc-52", "carriage-return", "empty", "blank"],
)
def test_a_message_with_control_characters_or_none_is_refused(
    git_repo: Path, message: str, says: str
) -> None:
    _refused(git_repo, (*MILESTONE, "--message", message), says)


def test_a_message_may_span_lines(git_repo: Path) -> None:
    message = "秀洲区整改到位\n\n7月8日报送，附件见\tOA 第 123 号。"
    result = run_cli(*MILESTONE, "--message", message, cwd=git_repo)
    assert result.exit_code == 0, result.output
    assert git_out(git_repo, "log", "-1", "--format=%B").rstrip("\n") == message
    assert changed_files(git_repo) == ["ledger/projects/zuiduo-paoyici.yaml"]
    assert commit_count(git_repo) == 2
    # what the write says on stderr is the subject line only
    assert result.stderr.startswith("秀洲区整改到位: wrote projects/zuiduo-paoyici.yaml and committed")


def test_summary_and_reason_stay_out_of_the_subject_line(git_repo: Path) -> None:
    """--summary goes into the record, not into the commit message: a multi-line summary is kept
    in the file and the subject line is the generated one."""
    result = run_cli(
        "record",
        "report",
        "projects/zuiduo-paoyici",
        "2026-Q2",
        "--submitted",
        "2026-07-05",
        "--summary",
        "一、已上线\n二、待验收",
        cwd=git_repo,
    )
    assert result.exit_code == 0, result.output
    assert git_out(git_repo, "log", "-1", "--format=%B").strip() == (
        "record(projects/zuiduo-paoyici): 2026-Q2 report submitted 2026-07-05"
    )


@given(st.text())
def test_single_line_accepts_exactly_text_without_control_characters(text: str) -> None:
    controls = [c for c in text if ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0 or c in "\u2028\u2029"]
    try:
        assert single_line("value", text) == text
        assert not controls
    except UsageError as err:
        assert controls
        assert "\n" not in str(err) and "\r" not in str(err) and "\x1b" not in str(err)


@given(st.text())
def test_shown_is_printable_on_one_line(text: str) -> None:
    out = shown(text)
    assert not any(ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0 for c in out)


@given(st.text(alphabet=st.characters(blacklist_categories=["Cc"]) | st.sampled_from("\n\t"), min_size=1))
def test_given_message_keeps_lines_and_tabs(text: str) -> None:
    if text.strip() and "\u2028" not in text and "\u2029" not in text:
        assert given_message(text) == text
