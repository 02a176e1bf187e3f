"""A file that failed validation, validated again without the fields that failed, so that `check`
reports in one run its schema errors and what the checks find in the fields that did validate
(SPEC §5: all problems in one run). The file stays left out: nothing is computed from it.

Each place an error names (pydantic's error `loc`) is left out: an unknown key or a mapping entry
whose key is invalid is dropped; any other value, present or missing, is replaced by a *stand-in*
of its type, once a low one and once a high one (no value or an empty list, then a value or a
one-item list; the earliest date, then the latest; …). This gives two records. The checks run on
both (`reformctl.check.salvage`), and a problem is reported only when both runs find it, word for
word, and not at a left-out place: a problem that a stand-in causes changes with the stand-in, so
no problem of the salvage itself is ever reported.

One kind of problem does not change with a stand-in: a reference to a name the file itself
defines (a person's `id` in `units.yaml`, named by a unit's `leader`) fails with any stand-in. So
when a left-out place holds ids, the file's reference problems are not reported (`names`).
"""

from __future__ import annotations

import functools
import types
import typing
from collections.abc import Iterable
from datetime import date
from typing import Any, NamedTuple, Union, get_args, get_origin

from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic.fields import FieldInfo

from reformctl.load.fastyaml import Document
from reformctl.source import Located, PathKey

_DATES = (date(1900, 1, 1), date(2999, 12, 31))
_NUMBERS = (0, 1, 50, 999, 2000, 2100, 3650)
_WORDS = (
    "stand-in-a",
    "2001-01",
    "2001",
    "2001-Q1",
    "2001-H1",
    "01-01",
    "projects/stand-in-a",
    "https://stand-in-a.example",
    "https://stand-in-z.example",
    "pilots/stand-in-z",
    "12-31",
    "2999-H2",
    "2999-Q4",
    "2999",
    "2999-12",
    "stand-in-z",
)
"""Texts of which the first and last that fit a pattern (ids, periods, subjects, month-days, web
addresses) are its stand-ins."""


class Partial(NamedTuple):
    """A file's record with its failed fields replaced by low and by high stand-ins, the positions
    (line, column) of what was left out, and whether a left-out place holds ids."""

    low: Located[Any]
    high: Located[Any]
    left_out: frozenset[tuple[int, int]]
    names: bool


class _Stuck(Exception):
    """The data does not have the shape the error's place says."""


_DROP = object()


def salvage(doc: Document, error: ValidationError, model: type[BaseModel]) -> Partial | None:
    """`doc`'s record without the places `error` names, or None when one cannot be left out."""
    places: dict[PathKey, bool] = {}  # path → whether to drop it (else replace it)
    for err in error.errors(include_url=False):
        loc = tuple(err["loc"])
        if "[key]" in loc:
            places[loc[: loc.index("[key]")]] = True
        else:
            places[loc] = err["type"] == "extra_forbidden"
    chosen = [p for p in sorted(places, key=len) if not any(p[: len(q)] == q for q in places if q != p)]
    if not chosen or () in chosen:
        return None
    low, high = doc.data, doc.data
    names = False
    try:
        for path in chosen:
            if places[path]:
                low, high = _put(low, path, _DROP), _put(high, path, _DROP)
                continue
            annotation = _annotation_at(model, path)
            pair = None if annotation is None else stand_ins(annotation)
            if pair is None:
                return None
            low, high = _put(low, path, pair[0]), _put(high, path, pair[1])
            names = names or path[-1] == "id" or _holds_ids(annotation)
        records = (model.model_validate(low), model.model_validate(high))
    except (_Stuck, ValidationError):
        return None
    return Partial(
        Located(records[0], doc.spans), Located(records[1], doc.spans), _positions(doc, chosen), names
    )


def _holds_ids(annotation: Any) -> bool:
    """Whether values of this type hold records with an `id` (a list of people, a task)."""
    inner = inner_type(annotation)
    if isinstance(inner, type) and issubclass(inner, BaseModel):
        return any(
            (f.alias or name) == "id" or _holds_ids(f.annotation) for name, f in inner.model_fields.items()
        )
    return any(_holds_ids(arg) for arg in get_args(inner) if arg is not type(None))


def _positions(doc: Document, paths: Iterable[PathKey]) -> frozenset[tuple[int, int]]:
    """Where each of `paths` and everything under it is (or would be, when missing)."""
    spans = doc.spans
    found: set[tuple[int, int]] = set()
    for path in paths:
        for span in (spans.value(*path), spans.key(*path)):
            found.add((span.line, span.col))
        for known in (spans.values, spans.keys):
            found.update(pos for p, pos in known.items() if p[: len(path)] == path)
    return frozenset(found)


def _put(data: Any, path: PathKey, value: Any) -> Any:
    """`data` with the value at `path` replaced by `value` (or dropped, for `_DROP`)."""
    if not path:
        return value
    head, rest = path[0], path[1:]
    if isinstance(data, dict):
        if not rest:
            return {k: v for k, v in data.items() if k != head} if value is _DROP else {**data, head: value}
        if head not in data:
            raise _Stuck
        return {**data, head: _put(data[head], rest, value)}
    if isinstance(data, tuple) and isinstance(head, int) and 0 <= head < len(data) and value is not _DROP:
        return (*data[:head], _put(data[head], rest, value), *data[head + 1 :])
    raise _Stuck


def _field_type(field: FieldInfo) -> Any:
    """A model field's type with its constraints (patterns, bounds)."""
    return typing.Annotated[(field.annotation, *field.metadata)] if field.metadata else field.annotation


def inner_type(annotation: Any) -> Any:
    """`annotation` without Annotated and without `| None`."""
    while True:
        origin = get_origin(annotation)
        if origin is typing.Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (Union, types.UnionType):
            args = [a for a in get_args(annotation) if a is not type(None)]
            if len(args) != 1:
                return annotation
            annotation = args[0]
        else:
            return annotation


def _annotation_at(model: type[BaseModel], path: PathKey) -> Any | None:
    """The type of the value at `path` in plain data of `model`; None when no field is there."""
    current: Any = model
    for part in path:
        inner = inner_type(current)
        origin = get_origin(inner)
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            field = next((f for name, f in inner.model_fields.items() if (f.alias or name) == part), None)
            if field is None:
                return None
            current = _field_type(field)
        elif origin is tuple and isinstance(part, int):
            current = get_args(inner)[0]
        elif origin is dict and isinstance(part, str):
            current = get_args(inner)[1]
        else:
            return None
    return current


def stand_ins(annotation: Any) -> tuple[Any, Any] | None:
    """A low and a high value of the type `annotation`, different, as plain data (what the YAML
    reader gives); None when the type does not have two this module can make."""
    adapter = _adapter(annotation)
    fitting = [value for value in _candidates(annotation) if _fits(adapter, value)]
    if len(fitting) < 2 or fitting[0] == fitting[-1]:
        return None
    return fitting[0], fitting[-1]


@functools.lru_cache(maxsize=512)
def _adapter(annotation: Any) -> TypeAdapter[Any]:
    return TypeAdapter(annotation)


def _fits(adapter: TypeAdapter[Any], value: Any) -> bool:
    try:
        adapter.validate_python(value, strict=True)
    except ValidationError:
        return False
    return True


def _candidates(annotation: Any) -> list[Any]:
    """Values of the kind of `annotation`, lowest first; `stand_ins` keeps those that fit it."""
    origin = get_origin(annotation)
    args = get_args(annotation)
    if origin is typing.Annotated:
        return _candidates(args[0])
    if origin in (Union, types.UnionType):
        return [value for arg in args for value in _candidates(arg)]
    if origin is typing.Literal:
        return list(args)
    if origin is tuple:
        item = stand_ins(args[0])
        return [()] if item is None else [(), (item[0],), (item[1],)]
    if origin is dict:
        key, value = stand_ins(args[0]), stand_ins(args[1])
        return [{}] if key is None or value is None else [{}, {key[0]: value[0]}, {key[1]: value[1]}]
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return _model_candidates(annotation)
    simple: dict[Any, tuple[Any, ...]] = {
        type(None): (None,),
        bool: (False, True),
        int: _NUMBERS,
        float: (0.0, 1.0),
        date: _DATES,
        str: _WORDS,
    }
    return list(simple.get(annotation, ()))


def _model_candidates(model: type[BaseModel]) -> list[Any]:
    """A model's low stand-in (its required fields' low stand-ins) and high one (every field's
    high stand-in)."""
    low: dict[str, Any] = {}
    high: dict[str, Any] = {}
    for name, field in model.model_fields.items():
        pair = stand_ins(_field_type(field))
        if pair is None:
            if field.is_required():
                return []
            continue
        if field.is_required():
            low[field.alias or name] = pair[0]
        high[field.alias or name] = pair[1]
    return [low, high]
