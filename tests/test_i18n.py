"""The catalogues (reformctl.i18n): every text in both languages, with the same placeholders, and
the rule that picks the language."""

from __future__ import annotations

import string

import pytest

from reformctl.i18n import CATALOGUES, LANGS, UNSAID, language, system_language, text


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_text_is_in_both_languages_with_the_same_placeholders() -> None:
    zh, en = CATALOGUES["zh-CN"], CATALOGUES["en"]
    assert sorted(set(zh) ^ set(en)) == []
    said = {
        lang: {k: _fields(t) | UNSAID[lang].get(k, frozenset()) for k, t in CATALOGUES[lang].items()}
        for lang in LANGS
    }
    assert [k for k in zh if said["zh-CN"][k] != said["en"][k]] == []
    assert all(zh[k].strip() and en[k].strip() for k in zh)


def test_what_a_language_leaves_unsaid_is_given_to_a_text_that_does_not_say_it() -> None:
    """`UNSAID` names only keys of the catalogue and values their text indeed leaves out, and
    which the other language says."""
    for lang, other in (("zh-CN", "en"), ("en", "zh-CN")):
        for key, names in UNSAID[lang].items():
            assert key in CATALOGUES[lang], key
            assert names and not names & _fields(CATALOGUES[lang][key]), key
            assert names <= _fields(CATALOGUES[other][key]), key


def test_chinese_texts_are_chinese() -> None:
    """A zh-CN text that is all ASCII letters is most likely an English text left untranslated
    (codes, dates and numbers excepted)."""
    zh, en = CATALOGUES["zh-CN"], CATALOGUES["en"]

    def words(template: str) -> str:
        return "".join(literal for literal, _, _, _ in string.Formatter().parse(template))

    ascii_words = [
        k for k, v in zh.items() if words(v).isascii() and any(c.isalpha() for c in words(v)) and v == en[k]
    ]
    assert ascii_words == []


@pytest.mark.parametrize(
    ("option", "env", "expected"),
    [
        ("en", {"REFORMCTL_LANG": "zh-CN", "LANG": "zh_CN.UTF-8"}, "en"),
        (None, {"REFORMCTL_LANG": "zh-CN", "LANG": "en_US.UTF-8"}, "zh-CN"),
        (None, {"LANG": "zh_CN.UTF-8"}, "zh-CN"),
        (None, {"LC_ALL": "en_US.UTF-8", "LANG": "zh_CN.UTF-8"}, "en"),
        (None, {"LC_MESSAGES": "zh_TW.UTF-8", "LANG": "en_US.UTF-8"}, "zh-CN"),
        (None, {"LANG": "C.UTF-8"}, "en"),
        (None, {}, "en"),
        ("fr", {"LANG": "zh_CN.UTF-8"}, "zh-CN"),
    ],
)
def test_the_language_is_chosen_by_option_variable_locale(
    option: str | None, env: dict[str, str], expected: str
) -> None:
    assert language(option, env) == expected


def test_system_language_and_text() -> None:
    assert system_language({"LANG": "zh_CN.GB2312"}) == "zh-CN"
    assert text("en", "state.overdue") == "overdue" and text("zh-CN", "state.overdue") == "已逾期"
    assert text("en", "days.overdue", n=3) == "3 days overdue"
    assert text("en", "no.such.key") == "no.such.key"
