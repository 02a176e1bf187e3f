"""Turning plain data into models, and Pydantic errors into positioned problems that say what was
found and what is expected, with a "did you mean" when a known name is close (SPEC §5)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from typing import Any, NamedTuple, get_args, get_origin

from pydantic import BaseModel, ValidationError

from reformctl.errors import Problem
from reformctl.load.fastyaml import Document
from reformctl.load.salvage import Partial, inner_type, salvage
from reformctl.message import Either, Msg, Names, Value, did_you_mean, msg, nearest
from reformctl.model.patterns import (
    HALF_PATTERN,
    ID_PATTERN,
    MONTH_DAY_PATTERN,
    PERIOD_PATTERN,
    QUARTER_PATTERN,
    SUBJECT_PATTERN,
    URL_PATTERN,
)
from reformctl.source import Located, PathKey, Span

_PATTERNS = {
    ID_PATTERN: "problem.pattern.id",
    PERIOD_PATTERN: "problem.pattern.period",
    QUARTER_PATTERN: "problem.pattern.quarter",
    HALF_PATTERN: "problem.pattern.half",
    SUBJECT_PATTERN: "problem.pattern.subject",
    MONTH_DAY_PATTERN: "problem.pattern.month-day",
    URL_PATTERN: "problem.pattern.url",
}
"""What each pattern of the models expects, as a catalogue key."""

_QUOTED_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_LISTED = re.compile(r"'((?:[^'\\]|\\.)*)'")
"""A value in pydantic's list of a Literal's values: 'a', 'b' or 'c'."""


class Validated(NamedTuple):
    """A file's record (None when it did not validate), its problems, and for a file that did not
    validate, its record without the fields that failed (`reformctl.load.salvage`)."""

    record: Located[Any] | None
    problems: list[Problem]
    partial: Partial | None = None


def _shown(text: str, limit: int = 60) -> str:
    """User text as it may appear in a one-line message: line breaks escaped, long text cut."""
    text = text.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
    text = "".join(
        f"\\u{ord(c):04x}" if unicodedata.category(c)[0] == "C" or c in "\u2028\u2029" else c for c in text
    )
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _found(value: Any) -> Value:
    """What was found, as the user wrote it: text in quotes, a number or date as written."""
    if value is None:
        return Msg("problem.found.null")
    if isinstance(value, bool):
        return msg("problem.found.bool", value=str(value).lower())
    if isinstance(value, dict):
        return Msg("problem.found.mapping")
    if isinstance(value, tuple | list):
        return Msg("problem.found.list")
    if isinstance(value, str):
        return msg("problem.found.text", value=_shown(value))
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return _shown(str(value))


def _model_at(model: type[BaseModel], loc: PathKey) -> type[BaseModel] | None:
    """The model class that holds the field at `loc` (for listing expected keys)."""
    current: Any = model
    for part in loc:
        if isinstance(current, type) and issubclass(current, BaseModel):
            field = next(
                (f for name, f in current.model_fields.items() if (f.alias or name) == part),
                None,
            )
            if field is None:
                return None
            current = inner_type(field.annotation)
        else:
            origin = get_origin(current)
            if origin is tuple or origin is dict:
                current = inner_type(get_args(current)[-1 if origin is dict else 0])
            else:
                return None
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _keys_of(model: type[BaseModel]) -> list[str]:
    """The keys a model accepts, its own fields first (a pilot's title before shared plan)."""
    own = [n for n in vars(model).get("__annotations__", {}) if n in model.model_fields]
    names = own + [n for n in model.model_fields if n not in own]
    return [model.model_fields[n].alias or n for n in names]


def _at(data: Any, loc: PathKey) -> Any:
    """The plain data at `loc`, or None when there is none."""
    for part in loc:
        inside = isinstance(data, dict) and part in data
        inside = inside or (isinstance(data, tuple) and isinstance(part, int) and 0 <= part < len(data))
        if not inside:
            return None
        data = data[part]
    return data


def _field(loc: PathKey) -> Value:
    """How a message names the field at `loc`: its key, or "subjects item 2"."""
    if not loc:
        return Msg("problem.field.document")
    if len(loc) > 1 and isinstance(loc[-1], int):
        return msg("problem.field.item", field=_shown(str(loc[-2])), n=loc[-1] + 1)
    return _shown(str(loc[-1]))


def _typos(errors: list[Any]) -> dict[PathKey, str]:
    """Unknown keys that are a typo of a required key missing from the same mapping (`dealine:`
    for `deadline`), each with that key: one problem says both."""
    missing: dict[PathKey, list[str]] = {}
    unknown: list[PathKey] = []
    for err in errors:
        loc = tuple(err["loc"])
        if loc and isinstance(loc[-1], str) and "[key]" not in loc:
            if err["type"] == "missing":
                missing.setdefault(loc[:-1], []).append(loc[-1])
            elif err["type"] == "extra_forbidden":
                unknown.append(loc)
    pairs: dict[PathKey, str] = {}
    for loc in unknown:
        wanted = missing.get(loc[:-1], [])
        found = nearest(str(loc[-1]), wanted)
        if found is not None:
            pairs[loc] = found
            wanted.remove(found)
    return pairs


def problems_from(error: ValidationError, doc: Document, model: type[BaseModel]) -> list[Problem]:
    """One positioned problem per Pydantic error, in terms a ledger editor understands (a missing
    required key and the unknown key that is its typo make one problem)."""
    out: list[Problem] = []
    errors = error.errors(include_url=False)
    typos = _typos(errors)
    paired = {(*loc[:-1], name) for loc, name in typos.items()}
    for err in errors:
        loc: PathKey = tuple(p for p in err["loc"] if p != "[key]")
        is_key = "[key]" in err["loc"]
        if loc in doc.bad_paths or (err["type"] == "missing" and loc in paired):
            continue
        span: Span = doc.spans.key(*loc) if is_key else doc.spans.value(*loc)
        if err["type"] == "missing":
            span = doc.spans.value(*loc[:-1])
        elif err["type"] == "extra_forbidden":
            span = doc.spans.key(*loc)
        code, says = _problem(err, loc, is_key, doc, model, typos)
        out.append(Problem(span, code, says))
    return out


def _problem(
    err: Any, loc: PathKey, is_key: bool, doc: Document, model: type[BaseModel], typos: Mapping[PathKey, str]
) -> tuple[str, Msg]:
    """The code and text of one Pydantic error."""
    kind = err["type"]
    value = err.get("input")
    ctx = err.get("ctx", {})
    field = _field(loc)
    if kind == "missing":
        return "missing-key", _missing(loc, doc)
    if kind == "extra_forbidden":
        return "unknown-key", _unknown(loc, doc, model, typos)
    if kind in ("date_type", "date_parsing", "date_from_datetime_parsing"):
        if isinstance(value, str) and _QUOTED_DATE.match(value):
            return "bad-date", msg("problem.bad-date.quoted", field=field, value=value)
        return "bad-date", msg("problem.bad-date.found", field=field, found=_found(value))
    if kind == "string_pattern_mismatch":
        pattern = str(ctx.get("pattern", ""))
        expects = _PATTERNS.get(pattern)
        what = Msg(expects) if expects is not None else msg("problem.pattern.other", pattern=pattern)
        label = Msg("problem.field.key") if is_key else field
        hint = _as_id(value) if pattern == ID_PATTERN else ""
        says = msg("problem.pattern", field=label, value=_shown(str(value)), what=what, hint=hint)
        return ("bad-id" if pattern == ID_PATTERN else "bad-value"), says
    if kind == "literal_error":
        allowed = tuple(_LISTED.findall(str(ctx.get("expected", ""))))
        expected = Either(tuple(msg("problem.quoted", value=v) for v in allowed))
        hint = did_you_mean(value, allowed)
        return "bad-value", msg(
            "problem.not-allowed", field=field, found=_found(value), expected=expected, hint=hint
        )
    return _type_problem(kind, field, value, ctx, err)


def _missing(loc: PathKey, doc: Document) -> Msg:
    """A missing required key, with the keys the mapping has."""
    present = _at(doc.data, loc[:-1])
    keys = tuple(_shown(str(k)) for k in present) if isinstance(present, dict) else ()
    name = _shown(str(loc[-1]))
    if not keys:
        return msg("problem.missing-key.empty", name=name)
    return msg("problem.missing-key", name=name, present=Names(keys))


def _unknown(loc: PathKey, doc: Document, model: type[BaseModel], typos: Mapping[PathKey, str]) -> Msg:
    """An unknown key: the required key it misspells, else the allowed key not yet written that it
    is close to, else the keys allowed there."""
    given = _shown(str(loc[-1]))
    if loc in typos:
        return msg("problem.unknown-key.missing", given=given, name=typos[loc])
    where = _model_at(model, loc[:-1])
    accepted = _keys_of(where) if where is not None else []
    present = _at(doc.data, loc[:-1])
    written = set(present) if isinstance(present, dict) else set()
    found = nearest(str(loc[-1]), [k for k in accepted if k not in written])
    if found is not None:
        return msg("problem.unknown-key.close", given=given, name=found)
    return msg("problem.unknown-key", given=given, keys=Names(tuple(accepted)))


def _as_id(value: object) -> Msg | str:
    """ " (did you mean 'dept-data'?)" for an id written `Dept Data` or `dept_data`."""
    if not isinstance(value, str):
        return ""
    written = re.sub(r"[\s_]+", "-", value.strip().lower())
    return msg("problem.hint.did-you-mean", name=written) if re.fullmatch(ID_PATTERN, written) else ""


_TYPES = {
    "model_type": "problem.type.mapping",
    "model_attributes_type": "problem.type.mapping",
    "dict_type": "problem.type.mapping",
    "tuple_type": "problem.type.list",
    "list_type": "problem.type.list",
    "int_type": "problem.type.whole",
    "int_parsing": "problem.type.whole",
    "int_from_float": "problem.type.whole",
    "float_type": "problem.type.number",
    "float_parsing": "problem.type.number",
    "bool_type": "problem.type.bool",
}


def _type_problem(kind: str, field: Value, value: Any, ctx: Mapping[str, Any], err: Any) -> tuple[str, Msg]:
    """The code and text of an error of a value's type or size."""
    if kind in _TYPES:
        return "bad-type", msg(_TYPES[kind], field=field, found=_found(value))
    if kind == "string_type":
        hint: Value = Msg("problem.hint.quote-it") if isinstance(value, int | float | bool) else ""
        return "bad-type", msg("problem.type.text", field=field, found=_found(value), hint=hint)
    if kind == "string_too_short":
        return "bad-value", msg("problem.empty-text", field=field)
    if kind == "string_too_long":
        return "bad-value", msg("problem.text-too-long", field=field, limit=str(ctx.get("max_length", "")))
    if kind in ("greater_than_equal", "greater_than"):
        limit = ctx.get("ge", ctx.get("gt", ""))
        return "bad-value", msg("problem.too-small", field=field, value=_shown(str(value)), limit=str(limit))
    if kind in ("less_than_equal", "less_than"):
        limit = ctx.get("le", ctx.get("lt", ""))
        return "bad-value", msg("problem.too-big", field=field, value=_shown(str(value)), limit=str(limit))
    if kind == "too_short":
        return "bad-value", msg("problem.too-few", field=field, limit=str(ctx.get("min_length", "")))
    return "bad-value", msg("problem.other", field=field, detail=str(err["msg"]).lower())


def validate(doc: Document, model: type[BaseModel]) -> Validated:
    """Validate a parsed document as `model`; positioned problems instead of exceptions, and for
    a document that does not validate, what is left of it for the checks."""
    problems = list(doc.problems)
    if doc.data is None:
        problems.append(Problem(doc.spans.start(), "empty-file", Msg("problem.empty-file")))
        return Validated(None, problems)
    if not isinstance(doc.data, dict):
        problems.append(
            Problem(doc.spans.value(), "bad-type", msg("problem.document-type", found=_found(doc.data)))
        )
        return Validated(None, problems)
    try:
        value = model.model_validate(doc.data)
    except ValidationError as err:
        problems.extend(problems_from(err, doc, model))
        return Validated(None, problems, salvage(doc, err, model))
    return Validated(Located(value, doc.spans), problems)
