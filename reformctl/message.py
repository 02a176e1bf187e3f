"""Texts for a person in either language, kept as a catalogue key and the values of its
placeholders (`reformctl.i18n`) until the language is known: problems are found long before a
command decides whether to show them in Chinese or in English, and the outcome store keeps them
for any later run.

A value is shown as it is (text, a number), in the same language (a nested `Msg`), or joined as
a list the way each language writes one (`Names`: "a, b, c" and "a、b、c"; `Either`: "a, b or c"
and "a、b或c")."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Any, NamedTuple, Union

from reformctl.i18n import text

CLOSE = 0.75
"""How alike two names must be (difflib's ratio) for one to be suggested for the other. Higher than
for the command line's options (`reformctl.errors.close_to`): ledger ids share long prefixes
(`dept-`, `sg-`), and 'dept-x' is no typo of 'dept-data'."""


class Names(NamedTuple):
    """Names listed: "title, group, lead" / "title、group、lead"."""

    items: tuple[Value, ...]


class Either(NamedTuple):
    """Names one of which is expected: "a, b or c" / "a、b或c"."""

    items: tuple[Value, ...]


Value = Union[str, int, "Msg", Names, Either]


class Msg(NamedTuple):
    """A text for a person: a catalogue key and the values of its placeholders, in order."""

    key: str
    values: tuple[tuple[str, Value], ...] = ()

    def text(self, lang: str) -> str:
        """The text in `lang` (zh-CN or en)."""
        return text(lang, self.key, **{name: shown(value, lang) for name, value in self.values})

    def data(self) -> dict[str, Any]:
        """As plain JSON data: `{"key": …, "values": {name: value}}`, a nested text as the same
        kind of object, a list as `{"names": […]}` or `{"either": […]}`."""
        return {"key": self.key, "values": {name: _data(value) for name, value in self.values}}


def msg(key: str, /, **values: Value) -> Msg:
    return Msg(key, tuple(values.items()))


def shown(value: Value, lang: str) -> str:
    """A placeholder's value as text in `lang`."""
    if isinstance(value, Msg):
        return value.text(lang)
    if isinstance(value, Names):
        return text(lang, "sep.list").join(shown(v, lang) for v in value.items)
    if isinstance(value, Either):
        items = [shown(v, lang) for v in value.items]
        if len(items) < 2:
            return "".join(items)
        return text(lang, "sep.or", items=text(lang, "sep.list").join(items[:-1]), last=items[-1])
    return str(value)


def _data(value: Value) -> object:
    if isinstance(value, Msg):
        return value.data()
    if isinstance(value, Names):
        return {"names": [_data(v) for v in value.items]}
    if isinstance(value, Either):
        return {"either": [_data(v) for v in value.items]}
    return value


def msg_from_data(data: object) -> Msg:
    """The text `Msg.data` gave; raises ValueError when `data` is not one."""
    if not (isinstance(data, dict) and set(data) == {"key", "values"}):
        raise ValueError("not a text")
    key, values = data["key"], data["values"]
    if not (isinstance(key, str) and isinstance(values, dict)):
        raise ValueError("not a text")
    return Msg(key, tuple((str(name), _value(value)) for name, value in values.items()))


def _value(data: object) -> Value:
    if isinstance(data, str) or (type(data) is int):
        return data
    if isinstance(data, dict) and set(data) == {"names"} and isinstance(data["names"], list):
        return Names(tuple(_value(v) for v in data["names"]))
    if isinstance(data, dict) and set(data) == {"either"} and isinstance(data["either"], list):
        return Either(tuple(_value(v) for v in data["either"]))
    return msg_from_data(data)


def nearest(name: str, names: Iterable[str]) -> str | None:
    """The known name closest to `name`, when one is close enough to be a typo of it."""
    found = difflib.get_close_matches(name, sorted(set(names) - {name}), n=1, cutoff=CLOSE)
    return found[0] if found else None


def did_you_mean(name: object, names: Iterable[str]) -> Msg | str:
    """ " (did you mean 'x'?)" when a known name is close to `name`, else nothing."""
    if not isinstance(name, str):
        return ""
    found = nearest(name, names)
    return msg("problem.hint.did-you-mean", name=found) if found is not None else ""
