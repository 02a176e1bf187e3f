"""Every text reformctl shows a person, in Chinese (zh-CN) and English (en): one catalogue per
language (`reformctl/i18n/zh_CN/`, `reformctl/i18n/en/`), the same keys in both
(tests/test_i18n.py), and the rule that picks the language."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

from reformctl.i18n import en, zh_CN

Lang = Literal["zh-CN", "en"]
LANGS: tuple[Lang, ...] = ("zh-CN", "en")
CATALOGUES: Mapping[str, Mapping[str, str]] = {"zh-CN": zh_CN.MESSAGES, "en": en.MESSAGES}


def text(lang: str, key: str, **values: object) -> str:
    """The text of `key` in `lang` (zh-CN for a language it does not know), with `values` filled
    in; a key missing from the catalogue is shown as itself."""
    found = CATALOGUES.get(lang, CATALOGUES["zh-CN"]).get(key, key)
    return found.format(**values) if values else found


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
