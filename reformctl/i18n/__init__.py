"""Every text reformctl shows a person, in Chinese (zh-CN) and English (en): one catalogue per
language (`reformctl/i18n/zh_CN/`, `reformctl/i18n/en/`), the same keys in both
(tests/test_i18n.py), and the rule that picks the language."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import PurePath
from typing import Literal, NamedTuple

from reformctl.i18n import en, zh_CN

Lang = Literal["zh-CN", "en"]
LANGS: tuple[Lang, ...] = ("zh-CN", "en")
CATALOGUES: Mapping[str, Mapping[str, str]] = {"zh-CN": zh_CN.MESSAGES, "en": en.MESSAGES}
UNSAID: Mapping[str, Mapping[str, frozenset[str]]] = {"zh-CN": zh_CN.UNSAID, "en": en.UNSAID}
"""Per language, the values a text is given but does not say, by key: a text has the same
placeholders in both languages, but for these (本年度专项小组无… names no year; "3 days overdue"
has no verb). tests/test_i18n.py holds every other difference an error."""


def text(lang: str, key: str, **values: object) -> str:
    """The text of `key` in `lang` (zh-CN for a language it does not know), with `values` filled
    in as a person writes them (`plain`); a key missing from the catalogue is shown as itself."""
    found = CATALOGUES.get(lang, CATALOGUES["zh-CN"]).get(key, key)
    return found.format(**{name: plain(v, lang) for name, v in values.items()}) if values else found


def system_language(env: Mapping[str, str]) -> Lang:
    """The language of the system's locale: `LC_ALL`, else `LC_MESSAGES`, else `LANG`; zh-CN when
    the first set of them starts with `zh`, else English."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "")
        if value:
            return "zh-CN" if value.lower().startswith("zh") else "en"
    return "en"


def language(option: str | None, env: Mapping[str, str]) -> Lang:
    """The language of help, messages and prompts: `--lang`, else `REFORMCTL_LANG`, else the
    system's locale, else English. An unknown name falls through to the next."""
    for value in (option, env.get("REFORMCTL_LANG")):
        chosen = known(value)
        if chosen is not None:
            return chosen
    return system_language(env)


def known(value: str | None) -> Lang | None:
    """`zh-CN` or `en` (also `zh`, `zh_CN`, `en_US` …), else None."""
    if not value:
        return None
    lowered = value.strip().lower().replace("_", "-")
    if lowered.startswith("zh"):
        return "zh-CN"
    if lowered.startswith("en"):
        return "en"
    return None


class Term(NamedTuple):
    """A word of the catalogue given as a value of a message (`what.subject`: subject / 对象),
    shown in the message's language."""

    key: str


def plain(value: object, lang: str = "en") -> str:
    """`value` as a person writes it in the ledger or on the command line: dates ISO, `true`,
    `null`, a mapping as YAML flow style (`{submitted: 2026-06-26}`), a list as its items joined
    (`a, b`; `a、b` in Chinese); never a Python repr."""
    if isinstance(value, Term):
        return text(lang, value.key)
    if isinstance(value, str):
        return value
    shown = getattr(value, "text", None)
    if callable(shown):
        return str(shown(lang))  # a ReformctlError, or a problem's text, inside another message
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, PurePath):
        return str(value)
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{plain(k, lang)}: {plain(v, lang)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value, key=str) if isinstance(value, (set, frozenset)) else value
        return text(lang, "sep.list").join(plain(v, lang) for v in items)
    return str(value)
