"""`reformctl new project|pilot|handover|supervision ID --key value …`: a new record file.

Values come from `--key value` pairs named after the model's keys (`--approved-by` for
`approved_by`); list keys repeat (`--team a --team b`) or take commas (`--team a,b`). Projects and
pilots take their time nodes as `--milestone "[ID:]YYYY-MM-DD WHAT"`, repeatable, in order (the
optional ID is the milestone's stable `id`, SPEC §2.3). The record is validated as its model
before the ledger-wide validation of the write.
"""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, get_args, get_origin

from pydantic import BaseModel, ValidationError
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from reformctl.edit.record import schema_order
from reformctl.edit.yamlio import dump_rt
from reformctl.errors import UsageError, close_to
from reformctl.model.handover import Handover
from reformctl.model.patterns import ID_RE
from reformctl.model.pilot import Pilot
from reformctl.model.project import Project
from reformctl.model.supervision import Supervision


@dataclass(frozen=True, slots=True)
class NewKind:
    name: str
    model: type[BaseModel]
    folder: str
    """Where the file goes; `{year}` is the year of the record's first date (supervision)."""
    year_from: str | None = None


KINDS: dict[str, NewKind] = {
    "project": NewKind("project", Project, "projects"),
    "pilot": NewKind("pilot", Pilot, "pilots"),
    "handover": NewKind("handover", Handover, "handovers"),
    "supervision": NewKind("supervision", Supervision, "{year}/supervision", year_from="start"),
}

# Keys that `new` does not set: blocks are added later with `record` or in an editor.
_BLOCKS = frozenset({"plan", "milestones", "reports", "evaluations", "results", "exit", "findings", "report"})


def settable(kind: NewKind) -> list[str]:
    return [name for name in schema_order(kind.name, kind.model) if name not in _BLOCKS]


def required(kind: NewKind) -> list[str]:
    return [f.alias or name for name, f in kind.model.model_fields.items() if f.is_required()]


def parse_pairs(args: Sequence[str]) -> dict[str, list[str]]:
    """`--key value` and `--key=value` pairs; a key may repeat."""
    out: dict[str, list[str]] = {}
    i = 0
    while i < len(args):
        arg = args[i]
        if not arg.startswith("--") or len(arg) == 2:
            raise UsageError("error.new-not-option", value=arg)
        if "=" in arg:
            key, value = arg[2:].split("=", 1)
            i += 1
        else:
            if i + 1 >= len(args):
                raise UsageError("error.option-needs-value", option=arg)
            key, value = arg[2:], args[i + 1]
            i += 2
        out.setdefault(key.replace("-", "_"), []).append(value)
    return out


def _base(annotation: Any) -> Any:
    """The annotation without Optional and Annotated."""
    while True:
        origin = get_origin(annotation)
        if origin is typing.Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            annotation = next(a for a in get_args(annotation) if a is not type(None))
        else:
            return annotation


def _scalar(key: str, text: str, annotation: Any) -> Any:
    base = _base(annotation)
    if base is date:
        try:
            if len(text) != 10:
                raise ValueError
            return date.fromisoformat(text)
        except ValueError:
            raise UsageError("error.not-a-date", option=f"--{key}", value=text) from None
    if base is int:
        if not text.lstrip("-").isdigit():
            raise UsageError("error.not-a-number", name=f"--{key}", value=text)
        return int(text)
    if base is bool:
        if text not in ("true", "false"):
            raise UsageError("error.not-a-bool", option=f"--{key}", value=text)
        return text == "true"
    return text


MILESTONE = re.compile(
    r"(?:(?P<id>[a-z0-9][a-z0-9-]{0,63}):)?(?P<due>[0-9]{4}-[0-9]{2}-[0-9]{2})\s+(?P<what>\S.*)", re.S
)


def takes_milestones(kind: NewKind) -> bool:
    return "milestones" in kind.model.model_fields


def milestone(text: str) -> dict[str, Any]:
    """`--milestone "[ID:]YYYY-MM-DD WHAT"` as a milestone's keys, in the order SPEC §2.3 writes them."""
    found = MILESTONE.fullmatch(text.strip())
    if found is None:
        raise UsageError("error.milestone-bad", value=text)
    out: dict[str, Any] = {
        "due": _scalar("milestone", found["due"], date),
        "what": found["what"].strip(),
    }
    if found["id"]:
        out["id"] = found["id"]
    return out


def convert(kind: NewKind, pairs: dict[str, list[str]]) -> dict[str, Any]:
    """Typed values by key, as the model expects them."""
    allowed = settable(kind)
    by_key = {f.alias or name: f for name, f in kind.model.model_fields.items()}
    out: dict[str, Any] = {}
    for key, texts in pairs.items():
        if key == "milestone" and takes_milestones(kind):
            out["milestones"] = tuple(milestone(text) for text in texts)
            continue
        if key not in allowed:
            options = ["--" + k.replace("_", "-") for k in allowed] + (
                ["--milestone"] if takes_milestones(kind) else []
            )
            given = "--" + key.replace("_", "-")
            raise UsageError(
                "error.new-key-unknown",
                option=given,
                kind=kind.name,
                choices=options,
                suggestion=close_to(given, options),
            )
        annotation = _base(by_key[key].annotation)
        if get_origin(annotation) is tuple:
            item = get_args(annotation)[0]
            out[key] = tuple(
                _scalar(key, part.strip(), item) for text in texts for part in text.split(",") if part.strip()
            )
        elif len(texts) > 1:
            raise UsageError("error.new-key-twice", option="--" + key.replace("_", "-"), count=len(texts))
        else:
            out[key] = _scalar(key, texts[0], annotation)
    return out


def ask_missing(
    kind: NewKind, values: dict[str, Any], prompt: Callable[[str], str] | None, lang: str = "en"
) -> dict[str, Any]:
    """Ask for missing required keys (only when a prompt is available, i.e. on a TTY): each
    prompt names the key's meaning (`reformctl.schema_text`) in `lang`."""
    from reformctl.i18n import text
    from reformctl.schema_text import describe

    missing = [key for key in required(kind) if key not in values]
    if missing and prompt is None:
        raise UsageError(
            "error.new-missing", options=["--" + k.replace("_", "-") for k in missing], kind=kind.name
        )
    for key in missing:
        asked = text(
            lang,
            "prompt.new-key",
            meaning=describe(kind.model.__name__, key, lang),
            option="--" + key.replace("_", "-"),
        )
        values |= convert(kind, {key: [prompt(asked) if prompt else ""]})
    return values


def build_record(kind_name: str, record_id: str, values: dict[str, Any]) -> tuple[str, str]:
    """The new file's path (relative to the ledger) and text, validated as its model."""
    kind = KINDS[kind_name]
    if not ID_RE.fullmatch(record_id):
        raise UsageError("error.id-bad", option="ID", value=record_id)
    try:
        kind.model.model_validate(values)
    except ValidationError as err:
        first = err.errors(include_url=False)[0]
        loc = first["loc"]
        if loc[0] == "milestones" and len(loc) > 2:
            where = f"--milestone {int(loc[1]) + 1}: {loc[2]}"
        else:
            where = "--" + ".".join(str(p) for p in loc).replace("_", "-")
        raise UsageError("error.new-invalid", where=where, message=first["msg"].lower()) from None
    year = values[kind.year_from].year if kind.year_from else None
    rel = f"{kind.folder.format(year=year)}/{record_id}.yaml"
    doc = CommentedMap()
    for key in schema_order(kind.name, kind.model):
        if key in values:
            value = values[key]
            if key == "milestones":
                doc[key] = CommentedSeq(CommentedMap(m) for m in value)
            else:
                doc[key] = CommentedSeq(value) if isinstance(value, tuple) else value
    return rel, dump_rt(doc)
