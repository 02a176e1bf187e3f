"""Turning plain data into models, and Pydantic errors into positioned problems."""

from __future__ import annotations

import re
import types
import typing
import unicodedata
from typing import Any, TypeVar, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from reformctl.errors import Problem
from reformctl.load.fastyaml import Document
from reformctl.source import Located, PathKey, Span

M = TypeVar("M", bound=BaseModel)

_PATTERNS = {
    r"^[a-z0-9][a-z0-9-]{0,63}$": "an id of lower-case letters, digits and '-' (at most 64)",
    r"^\d{4}(-(Q[1-4]|H[12]|(0[1-9]|1[0-2])))?$": "a period like 2026, 2026-H1, 2026-Q2 or 2026-06",
    r"^\d{4}-Q[1-4]$": "a quarter like 2026-Q2",
    r"^\d{4}-H[12]$": "a half year like 2026-H1",
    r"^((projects|pilots)/[a-z0-9][a-z0-9-]{0,63}|\d{4}/keypoints#[a-z0-9][a-z0-9-]{0,63})$": (
        "a subject like projects/<id>, pilots/<id> or 2026/keypoints#<task>"
    ),
    r"^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$": "a month and day like 03-31",
}


_QUOTED_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _shown(text: str, limit: int = 60) -> str:
    """User text as it may appear in a one-line message: line breaks escaped, long text cut."""
    text = text.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
    text = "".join(
        f"\\u{ord(c):04x}" if unicodedata.category(c)[0] == "C" or c in "\u2028\u2029" else c for c in text
    )
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _type_name(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, tuple | list):
        return "a list"
    if isinstance(value, str):
        return f"'{_shown(value)}'"
    return f"{value!r}" if not hasattr(value, "isoformat") else value.isoformat()


def _unwrap(annotation: Any) -> Any:
    """Strip Optional, Annotated, tuple[...] and dict[...] down to a model class, if any."""
    while True:
        origin = get_origin(annotation)
        if origin is typing.Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (Union, types.UnionType):
            args = [a for a in get_args(annotation) if a is not type(None)]
            annotation = args[0] if len(args) == 1 else annotation
            if len(args) != 1:
                return annotation
        else:
            return annotation


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
            current = _unwrap(field.annotation)
        else:
            origin = get_origin(current)
            if origin is tuple or origin is dict:
                current = _unwrap(get_args(current)[-1 if origin is dict else 0])
            else:
                return None
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _keys_of(model: type[BaseModel]) -> str:
    """The keys a model accepts, its own fields first (a pilot's title before shared plan)."""
    own = [n for n in vars(model).get("__annotations__", {}) if n in model.model_fields]
    names = own + [n for n in model.model_fields if n not in own]
    return ", ".join(model.model_fields[n].alias or n for n in names)


def problems_from(error: ValidationError, doc: Document, model: type[BaseModel]) -> list[Problem]:
    """One positioned problem per Pydantic error, in terms a ledger editor understands."""
    out: list[Problem] = []
    spans = doc.spans
    for err in error.errors(include_url=False):
        loc: PathKey = tuple(p for p in err["loc"] if p != "[key]")
        is_key = "[key]" in err["loc"]
        if loc in doc.bad_paths:
            continue
        kind = err["type"]
        value = err.get("input")
        field = _shown(str(loc[-1])) if loc else "document"
        if len(loc) > 1 and isinstance(loc[-1], int):  # a list item: "subjects item 2"
            field = f"{_shown(str(loc[-2]))} item {loc[-1] + 1}"
        span: Span = spans.key(*loc) if is_key else spans.value(*loc)
        if kind == "missing":
            span = spans.value(*loc[:-1])
            where = _model_at(model, loc[:-1])
            message = f"missing required key '{field}'"
            if where is not None:
                message += f" (keys here: {_keys_of(where)})"
            code = "missing-key"
        elif kind == "extra_forbidden":
            span = spans.key(*loc)
            where = _model_at(model, loc[:-1])
            expected = f"; expected one of: {_keys_of(where)}" if where is not None else ""
            message = f"unknown key '{field}'{expected}"
            code = "unknown-key"
        elif kind in ("date_type", "date_parsing", "date_from_datetime_parsing"):
            message = f"{field}: found {_type_name(value)}; expected a date YYYY-MM-DD"
            if isinstance(value, str) and _QUOTED_DATE.match(value):
                message = (
                    f"{field}: found the quoted text '{value}'; expected a date YYYY-MM-DD without quotes"
                )
            code = "bad-date"
        elif kind == "string_pattern_mismatch":
            pattern = str(err.get("ctx", {}).get("pattern", ""))
            what = _PATTERNS.get(pattern, f"text matching {pattern}")
            label = "key" if is_key else field
            message = f"{label}: '{_shown(str(value))}' is not valid; expected {what}"
            code = "bad-id" if pattern.startswith("^[a-z0-9]") else "bad-value"
        elif kind == "literal_error":
            expected = str(err.get("ctx", {}).get("expected", ""))
            message = f"{field}: {_type_name(value)} is not allowed; expected {expected}"
            code = "bad-value"
        elif kind in ("model_type", "model_attributes_type", "dict_type"):
            message = f"{field}: found {_type_name(value)}; expected a mapping of keys"
            code = "bad-type"
        elif kind in ("tuple_type", "list_type"):
            message = f"{field}: found {_type_name(value)}; expected a list"
            code = "bad-type"
        elif kind == "string_type":
            hint = " (quote it)" if isinstance(value, int | float | bool) else ""
            message = f"{field}: found {_type_name(value)}; expected text{hint}"
            code = "bad-type"
        elif kind in ("int_type", "int_parsing"):
            message = f"{field}: found {_type_name(value)}; expected a whole number"
            code = "bad-type"
        elif kind == "bool_type":
            message = f"{field}: found {_type_name(value)}; expected true or false"
            code = "bad-type"
        elif kind == "string_too_short":
            message = f"{field}: is empty; expected some text"
            code = "bad-value"
        elif kind == "string_too_long":
            message = f"{field}: text is too long; expected at most 2000 characters"
            code = "bad-value"
        else:
            message = f"{field}: {err['msg'].lower()}"
            code = "bad-value"
        out.append(Problem(span, code, message))
    return out


def validate(doc: Document, model: type[M]) -> tuple[Located[M] | None, list[Problem]]:
    """Validate a parsed document as `model`; positioned problems instead of exceptions."""
    problems = list(doc.problems)
    if doc.data is None:
        problems.append(Problem(doc.spans.start(), "empty-file", "file is empty; expected a mapping of keys"))
        return None, problems
    if not isinstance(doc.data, dict):
        problems.append(
            Problem(
                doc.spans.value(),
                "bad-type",
                f"document is {_type_name(doc.data)}; expected a mapping of keys",
            )
        )
        return None, problems
    try:
        value = model.model_validate(doc.data)
    except ValidationError as err:
        problems.extend(problems_from(err, doc, model))
        return None, problems
    return Located(value, doc.spans), problems
