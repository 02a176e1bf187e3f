"""Messages of the command line in Chinese and English: a representative error of each kind,
"did you mean", values written as in the ledger (never Python reprs), and which language wins."""

from __future__ import annotations

import re
import string
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reformctl.cli.main import lang_of, lang_value
from reformctl.errors import DataRefusal, ReformctlError, UsageError
from reformctl.i18n import CATALOGUES, Term, plain
from tests.conftest import EXAMPLE, run_cli

REPR = re.compile(r"datetime\.|\{'|'\}|\[\'|\(\'|CommentedMap|CommentedSeq|<[a-z_.]+ object at")


@pytest.mark.parametrize(
    ("args", "english", "chinese"),
    [
        (  # UsageError raised by a command
            ("due", "--as-of", "2026-07-10", "--owner", "nobody"),
            "reformctl: error: --owner 'nobody' is not a unit; expected an id from units.yaml",
            "reformctl：错误：--owner 的值“nobody”不是已登记的单位，应填写 units.yaml 中的单位编号",
        ),
        (  # a usage error of the command-line framework
            ("due", "--ownr", "x"),
            "reformctl: error: no option --ownr; did you mean '--owner'?",
            "reformctl：错误：没有 --ownr 这个选项；是否应为“--owner”？",
        ),
        (
            ("due", "--within", "abc"),
            "reformctl: error: --within 'abc' is not a whole number",
            "reformctl：错误：--within 的值“abc”不是整数",
        ),
        (
            ("due", "--within", "-3"),
            "reformctl: error: --within -3 is out of range; expected a number of at least 0",
            "reformctl：错误：--within 的值 -3 超出范围，应为不小于 0 的整数",
        ),
        (
            ("bulletin",),
            "reformctl: error: missing --quarter (required)",
            "reformctl：错误：缺少必填选项 --quarter",
        ),
        (
            ("recrod",),
            "reformctl: error: no command 'recrod'; see reformctl --help for the commands; did you mean 'record'?",
            "reformctl：错误：没有“recrod”这个命令；可用的命令见 reformctl --help；是否应为“record”？",
        ),
        (
            ("due", "--as-of", "10/07/2026"),
            "reformctl: error: --as-of '10/07/2026' is not a date; expected YYYY-MM-DD",
            "reformctl：错误：--as-of 的值“10/07/2026”不是日期，应按 YYYY-MM-DD 填写（如 2026-07-10）",
        ),
    ],
)
def test_errors_in_both_languages(args: tuple[str, ...], english: str, chinese: str) -> None:
    en = run_cli(*args, cwd=EXAMPLE.parent)
    zh = run_cli("--lang", "zh-CN", *args, cwd=EXAMPLE.parent)
    assert en.exit_code == zh.exit_code == 2
    assert english in en.stderr.splitlines(), en.stderr
    assert chinese in zh.stderr.splitlines(), zh.stderr
    assert en.stdout == zh.stdout == ""


def test_usage_errors_show_the_usage_and_the_hint_in_the_language(tmp_path: Path) -> None:
    zh = run_cli("--lang", "zh-CN", "due", "--ownr", "x")
    assert zh.stderr.startswith("用法：reformctl due [选项]\n运行“reformctl due -h”查看帮助。\n")
    en = run_cli("due", "--ownr", "x")
    assert en.stderr.startswith("Usage: reformctl due [OPTIONS]\nTry 'reformctl due -h' for help.\n")


def test_no_ledger_found_in_both_languages(tmp_path: Path) -> None:
    en = run_cli("check", cwd=tmp_path)
    zh = run_cli("--lang", "zh-CN", "check", cwd=tmp_path)
    assert en.exit_code == zh.exit_code == 2
    assert "reformctl: error: no ledger found in" in en.stderr
    assert "reformctl：错误：在" in zh.stderr and "均未找到台账" in zh.stderr


def test_a_refusal_shows_what_is_recorded_as_the_file_writes_it(git_repo: Path) -> None:
    args = ("record", "report", "projects/zuiduo-paoyici", "2026-Q1", "--submitted", "2026-04-01")
    en = run_cli(*args, cwd=git_repo, env={"REFORMCTL_TODAY": "2026-07-10"})
    zh = run_cli("--lang", "zh-CN", *args, cwd=git_repo, env={"REFORMCTL_TODAY": "2026-07-10"})
    assert en.exit_code == zh.exit_code == 1
    assert "the 2026-Q1 report is already recorded ({submitted: 2026-03-30" in en.stderr
    assert "2026-Q1 的进展报告已登记（{submitted: 2026-03-30" in zh.stderr
    results = ("record", "results", "projects/yrd-demo-zone", "--date", "2026-07-01")
    again = run_cli("--lang", "zh-CN", *results, cwd=git_repo, env={"REFORMCTL_TODAY": "2026-07-10"})
    assert again.exit_code == 1
    assert "projects/yrd-demo-zone：成果报送已登记（{submitted: 2026-06-26, summary:" in again.stderr
    for out in (en.stderr, zh.stderr, again.stderr):
        assert not REPR.search(out), out


def test_a_git_refusal_in_both_languages(example_copy: Path) -> None:
    args = ("record", "rectified", "2026/supervision/s01#f2", "--date", "2026-07-01")
    env = {"REFORMCTL_TODAY": "2026-07-10"}
    en = run_cli(*args, cwd=example_copy.parent, env=env)
    zh = run_cli("--lang", "zh-CN", *args, cwd=example_copy.parent, env=env)
    assert en.exit_code == zh.exit_code == 2
    assert "is not inside a git repository; run 'git init'" in en.stderr
    assert "不在 git 仓库中；请先运行 git init" in zh.stderr


@pytest.mark.parametrize(
    ("args", "close"),
    [
        (("due", "--rule", "milstone"), "milestone"),
        (("due", "--format", "mdx"), "md"),
        (("library", "--stage", "implementng"), "implementing"),
        (("library", "--group", "sg-economi"), "sg-economy"),
        (("scorecard", "--year", "2026", "--unit", "nanhuu"), "nanhu"),
        (("record", "reprot", "projects/zuiduo-paoyici", "2026-Q2"), "report"),
        (("new", "projct", "x", "--title", "t"), "project"),
        (("record", "plan", "projects/zuiduo-paoyici", "isued"), "issued"),
        (("record", "rectified", "2026/supervision/s01#f22"), "f2"),
        (("due", "--locale", "zh"), "zh-CN"),
    ],
)
def test_did_you_mean_in_both_languages(args: tuple[str, ...], close: str, git_repo: Path) -> None:
    env = {"REFORMCTL_TODAY": "2026-07-10"}
    en = run_cli(*args, cwd=git_repo, env=env)
    zh = run_cli("--lang", "zh-CN", *args, cwd=git_repo, env=env)
    assert en.exit_code == 2 and zh.exit_code == 2, en.output
    assert f"did you mean '{close}'?" in en.stderr, en.stderr
    assert f"是否应为“{close}”？" in zh.stderr, zh.stderr


def test_nothing_close_gives_no_suggestion() -> None:
    result = run_cli("due", "--rule", "zzzz", cwd=EXAMPLE.parent)
    assert result.exit_code == 2 and "did you mean" not in result.stderr


def test_every_error_key_is_in_both_catalogues_and_shows_no_repr() -> None:
    """A sweep over the refusals the code can raise: each key is in both catalogues, and with
    dates, mappings and lists for values no message shows a Python repr."""
    root = Path(__file__).resolve().parents[2] / "reformctl"
    used = set()
    for path in root.rglob("*.py"):
        used |= set(re.findall(r"\"(error\.[a-z0-9-]+)\"", path.read_text(encoding="utf-8")))
    assert used
    values = {
        "day": date(2026, 6, 26),
        "recorded": {"submitted": date(2026, 6, 26), "summary": "完成"},
        "choices": ["a", "b"],
        "paths": ["projects/a.yaml"],
        "what": Term("what.reports"),
    }
    for key in sorted(used):
        for lang in ("en", "zh-CN"):
            assert key in CATALOGUES[lang], (lang, key)
            fields = {name for _, name, _, _ in string.Formatter().parse(CATALOGUES[lang][key]) if name}
            message = UsageError(key, **{f: values.get(f, "x") for f in fields}).text(lang)
            assert not REPR.search(message), (key, message)


values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.dates() | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner, max_size=3),
    max_leaves=8,
)


@given(values)
def test_values_are_written_as_in_the_ledger(value: object) -> None:
    for lang in ("en", "zh-CN"):
        shown = plain(value, lang)
        assert "datetime" not in shown and "None" not in shown.replace("null", "")
        if isinstance(value, (dict, list)) and not REPR.search(str(value).replace("'", "")):
            assert not REPR.search(shown.replace("'", ""))
    assert plain(date(2026, 6, 26)) == "2026-06-26"
    assert plain({"submitted": date(2026, 6, 26)}) == "{submitted: 2026-06-26}"
    assert plain(["a", "b"], "zh-CN") == "a、b" and plain(["a", "b"]) == "a, b"
    assert plain(True) == "true" and plain(None) == "null"


def test_str_of_an_error_is_english_and_text_is_in_the_asked_language() -> None:
    err = DataRefusal(
        "error.already-recorded", subject="projects/x", what=Term("what.exit"), recorded=date(2026, 1, 2)
    )
    assert str(err) == "projects/x: exit is already recorded (2026-01-02); edit the file to change it"
    assert err.text("zh-CN") == "projects/x：出库已登记（2026-01-02）；如需更改，请直接修改文件"
    assert str(ReformctlError("git commit failed: disk full")) == "git commit failed: disk full"


@pytest.mark.parametrize(
    ("args", "env", "expected"),
    [
        (["--lang", "en", "due"], {"REFORMCTL_LANG": "zh-CN", "LANG": "zh_CN.UTF-8"}, "en"),
        (["--lang=zh-CN", "due"], {"REFORMCTL_LANG": "en"}, "zh-CN"),
        (["due"], {"REFORMCTL_LANG": "zh-CN", "LANG": "en_US.UTF-8"}, "zh-CN"),
        (["due"], {"REFORMCTL_LANG": "en", "LANG": "zh_CN.UTF-8"}, "en"),
        (["due"], {"LANG": "zh_CN.UTF-8"}, "zh-CN"),
        (["due"], {"LANG": "C.UTF-8"}, "en"),
        (["due", "--lang", "zh-CN"], {"LANG": "C.UTF-8"}, "en"),  # after the command: not the global one
    ],
)
def test_language_precedence(
    args: list[str], env: dict[str, str], expected: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert lang_of(args) == expected
    word = "reformctl：错误：" if expected == "zh-CN" else "reformctl: error: "
    result = run_cli(*[a for a in args if a != "due"], "due", "--owner", "nobody", cwd=EXAMPLE.parent)
    if args[-2:] != ["--lang", "zh-CN"]:
        assert result.stderr.startswith(word), result.stderr


def test_lang_value_reads_only_before_the_command() -> None:
    assert lang_value(["--lang", "en", "due"]) == "en"
    assert lang_value(["--debug", "--lang=zh-CN", "due"]) == "zh-CN"
    assert lang_value(["due", "--lang", "en"]) is None
    assert lang_value(["--lang"]) is None


def test_an_unknown_lang_is_a_usage_error() -> None:
    result = run_cli("--lang", "fr", "due")
    assert result.exit_code == 2
    assert "reformctl: error: --lang 'fr' is not supported; expected zh-CN or en" in result.stderr


def test_output_follows_locale_then_lang_then_the_ledger() -> None:
    base = ("due", "--as-of", "2026-07-10", "--format", "md")
    ledger = run_cli(*base, cwd=EXAMPLE.parent, env={"LANG": "en_US.UTF-8"})
    assert "| 状态 |" in ledger.stdout or "状态" in ledger.stdout  # the ledger's own language
    chosen = run_cli("--lang", "en", *base, cwd=EXAMPLE.parent)
    assert "State" in chosen.stdout and "状态" not in chosen.stdout.split("\n\n")[0]
    variable = run_cli(*base, cwd=EXAMPLE.parent, env={"REFORMCTL_LANG": "en"})
    assert variable.stdout == chosen.stdout
    option = run_cli("--lang", "en", *base, "--locale", "zh-CN", cwd=EXAMPLE.parent)
    assert option.stdout == ledger.stdout
    system = run_cli(*base, cwd=EXAMPLE.parent, env={"LANG": "zh_CN.UTF-8"})
    assert system.stdout == ledger.stdout  # the system's locale does not change a ledger's outputs


def test_an_internal_error_is_reported_in_the_language_and_debug_shows_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import reformctl.cli.due

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(reformctl.cli.due, "run_due", broken)
    en = run_cli("due", cwd=EXAMPLE.parent)
    zh = run_cli("--lang", "zh-CN", "due", cwd=EXAMPLE.parent)
    assert en.exit_code == zh.exit_code == 2
    assert en.stderr.startswith("reformctl: internal error: RuntimeError: boom\nThis is a bug in reformctl.")
    assert zh.stderr.startswith("reformctl：内部错误：RuntimeError：boom\n这是 reformctl 自身的缺陷。")
    with pytest.raises(RuntimeError, match="boom"):
        run_cli("--debug", "due", cwd=EXAMPLE.parent)
