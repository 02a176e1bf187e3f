"""Help in Chinese and in English: every text from the catalogue, metavars a person reads, the
commands' summaries whole, examples, `-h`, and the fields of `new KIND` / `record KIND`."""

from __future__ import annotations

import pytest
import typer
from rich.cells import cell_len

from reformctl.cli.app import build_app
from reformctl.cli.localized import param_help
from reformctl.i18n import CATALOGUES, text
from tests.conftest import EXAMPLE, run_cli

COMMANDS = [
    "check", "due", "library", "bulletin", "report", "scorecard", "site",
    "record", "new", "log", "diff", "init", "schema",
]  # fmt: skip
LANGS = ["zh-CN", "en"]


def _group(lang: str) -> typer.core.TyperGroup:
    group = typer.main.get_command(build_app(lang))  # type: ignore[arg-type]
    assert isinstance(group, typer.core.TyperGroup)
    return group


def test_every_command_is_listed_in_both_languages() -> None:
    assert list(_group("en").commands) == COMMANDS
    assert list(_group("zh-CN").commands) == COMMANDS


@pytest.mark.parametrize("name", ["root", *COMMANDS])
def test_every_option_and_argument_has_its_own_help_in_each_language(name: str) -> None:
    """No parameter is left without help, and no Chinese help is the English one."""
    helps: dict[str, dict[str, str]] = {}
    for lang in LANGS:
        group = _group(lang)
        command = group if name == "root" else group.commands[name]
        ctx = command.make_context(name, [], resilient_parsing=True)
        params = command.get_params(ctx)
        helps[lang] = {p.name or "": param_help(p, lang, name) for p in params}
    assert helps["en"].keys() == helps["zh-CN"].keys()
    for param, english in helps["en"].items():
        chinese = helps["zh-CN"][param]
        assert english and chinese, f"{name} {param} has no help"
        assert chinese != english, f"{name} {param}: the Chinese help is the English one"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", COMMANDS)
def test_each_command_help_has_its_description_options_and_examples(name: str, lang: str) -> None:
    result = run_cli("--lang", lang, name, "--help", env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith(text(lang, "cli.usage", command=f"reformctl {name}"))
    assert text(lang, "cli.options") in out and text(lang, "cli.examples") in out
    assert f"  reformctl {name}" in out.split(text(lang, "cli.examples"))[1]
    for programmer in ("<str>", "<list[", "<int", "<path>", "[default:", "[x>=", "Show this message"):
        assert programmer not in out, (name, programmer)
    widest = max(out.splitlines(), key=cell_len)
    assert cell_len(widest) <= 80, f"{name} help is too wide at 80 columns: {widest}"  # the runner's width
    assert run_cli("--lang", lang, name, "-h", env={"COLUMNS": "80"}).stdout == out


def test_chinese_help_is_chinese_and_english_help_is_english() -> None:
    zh = run_cli("--lang", "zh-CN", "due", "-h").stdout
    en = run_cli("--lang", "en", "due", "-h").stdout
    assert "用法：reformctl due [选项]" in zh and "选项：" in zh and "示例：" in zh
    assert "--owner 单位" in zh and "--as-of 日期" in zh and "--format 格式" in zh and "--output 文件" in zh
    assert "Usage: reformctl due [OPTIONS]" in en
    assert "--owner UNIT" in en and "--as-of DATE" in en and "--within DAYS" in en and "--output FILE" in en
    assert not any("\u4e00" <= c <= "\u9fff" for c in en.split("Examples:")[0])
    bulletin = run_cli("--lang", "zh-CN", "bulletin", "-h").stdout
    assert "--quarter 季度" in bulletin and "--year 年份" in bulletin


@pytest.mark.parametrize("lang", LANGS)
def test_the_command_list_shows_every_summary_whole(lang: str) -> None:
    result = run_cli("--lang", lang, "--help", env={"COLUMNS": "80"})
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    for name in COMMANDS:
        summary = text(lang, f"help.{name}.summary")
        assert any(line.split() and line.split()[0] == name and line.endswith(summary) for line in lines), (
            name
        )
        assert not summary.endswith("...")
    assert "--install-completion" in result.stdout and "--lang" in result.stdout


def test_h_works_as_help_for_the_program() -> None:
    assert run_cli("-h").stdout == run_cli("--help").stdout
    assert run_cli("-h").exit_code == 0


def test_system_locale_gives_chinese_help() -> None:
    result = run_cli("--help", env={"LANG": "zh_CN.UTF-8"})
    assert result.stdout.startswith("用法：reformctl [选项] 命令 [参数]...")
    assert "各单位应办事项" in result.stdout


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("zh-CN", ["新建 project 可填的字段：", "--title 文字", "项目名称；必填", "--entered 日期", "入库日期；必填",
                   "--team 人员", "工作团队", "可重复给出", "--stage implementing|new|awaiting-approval",
                   "--milestone"]),
        ("en", ["Fields of a new project:", "--title TEXT", "Name of the project; required", "--entered DATE",
                "Date the project entered the library; required", "--team PERSON", "repeatable",
                "--approved-until DATE", "Time limit in the approval"]),
    ],
)  # fmt: skip
def test_new_kind_help_lists_the_fields_of_that_kind(lang: str, expected: list[str]) -> None:
    result = run_cli("--lang", lang, "new", "project", "--help")
    assert result.exit_code == 0, result.output
    for word in expected:
        assert word in result.stdout, word
    handover = run_cli("--lang", lang, "new", "handover", "-h").stdout
    fields = handover.split(text(lang, "help.new.fields", kind="handover"))[1].split(
        text(lang, "cli.examples")
    )[0]
    assert "--raised-by" in fields and "--title" in fields and "--team" not in fields
    assert "--milestone" not in fields


def test_new_help_without_a_kind_lists_the_kinds() -> None:
    zh = run_cli("--lang", "zh-CN", "new", "-h").stdout
    assert "记录类别：" in zh and "重点突破改革项目（projects/<编号>）" in zh and "可填的字段：" not in zh


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("--lang", "zh-CN", "record", "report", "-h"), ["record report：", "--submitted 日期", "报送日期", "进展摘要"]),
        (("--lang", "en", "record", "report", "-h"), ["record report:", "--submitted DATE", "Date submitted"]),
        (("--lang", "zh-CN", "record", "evaluation", "-h"), ["--kind 评估类型", "评估类型（效果/阶段性/总结）", "评估机构"]),
        (("--lang", "en", "record", "exit", "-h"), ["--reason TEXT", "Reason", "Date taken out"]),
        (("--lang", "zh-CN", "record", "-h"), ["登记类别：", "季末进展报告已报送", "问题交办单已办结"]),
    ],
)  # fmt: skip
def test_record_kind_help_lists_what_the_kind_takes(args: tuple[str, ...], expected: list[str]) -> None:
    result = run_cli(*args)
    assert result.exit_code == 0, result.output
    for word in expected:
        assert word in result.stdout, word


def test_the_help_catalogue_has_no_key_the_code_does_not_use() -> None:
    """Every command's summary, description and examples exist in both languages."""
    for lang in LANGS:
        for name in ("root", *COMMANDS):
            for part in ("text", "examples"):
                assert f"help.{name}.{part}" in CATALOGUES[lang], (lang, name, part)
            if name != "root":
                assert f"help.{name}.summary" in CATALOGUES[lang]


def test_help_needs_no_ledger() -> None:
    assert run_cli("due", "-h", cwd=EXAMPLE.parent.parent).exit_code == 0
