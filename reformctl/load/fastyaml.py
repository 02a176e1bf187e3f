"""The read path: libyaml events → plain data with the position of every key and value.

Reads never use the round-trip parser. The YAML is treated as untrusted: anchors, aliases and
tags are refused, nesting and size are bounded, duplicate keys are reported, and scalars are
resolved with the YAML 1.2 core schema (`yes`/`on` stay strings), as ruamel.yaml does.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from reformctl.errors import Problem, ReformctlError
from reformctl.i18n import Term
from reformctl.source import PathKey, Span, SpanMap

if TYPE_CHECKING:
    import yaml


@functools.cache
def _yaml() -> tuple[Any, Any]:
    """PyYAML and its loader (libyaml's when PyYAML has it), imported on first use: a run whose
    files were all parsed ahead (`reformctl.load.ahead`) or served from a cache does not load it."""
    import yaml

    return yaml, getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader


MAX_DEPTH = 32
MAX_NODES = 200_000
MAX_BYTES = 2 * 1024 * 1024
"""The default size limit of a ledger file; `REFORMCTL_MAX_FILE_BYTES` sets another."""
MAX_BYTES_VAR = "REFORMCTL_MAX_FILE_BYTES"


def positive_env(name: str, what: str, env: Mapping[str, str] | None = None) -> int | None:
    """A setting of whoever runs reformctl: the environment variable `name` as a whole number of 1
    or more, None when unset; anything else is an error that says it is not `what` (a catalogue
    key)."""
    value = (os.environ if env is None else env).get(name, "").strip()
    if not value:
        return None
    if not (value.isascii() and value.isdigit() and int(value) > 0):
        raise ReformctlError("error.env-number", name=name, value=value, what=Term(what))
    return int(value)


def max_file_bytes(env: Mapping[str, str] | None = None) -> int:
    """The size limit of a ledger file: `REFORMCTL_MAX_FILE_BYTES` (a whole number of bytes, set by
    whoever runs reformctl, never by the ledger), else `MAX_BYTES`."""
    limit = positive_env(MAX_BYTES_VAR, "what.env-size", env)
    return MAX_BYTES if limit is None else limit


_NULL = frozenset({"", "~", "null", "Null", "NULL"})
_TRUE = frozenset({"true", "True", "TRUE"})
_FALSE = frozenset({"false", "False", "FALSE"})
_INT = re.compile(r"^[-+]?[0-9]+$")
_INT_OTHER = re.compile(r"^0o[0-7]+$|^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")
_SPECIAL_FLOAT = frozenset({".inf", ".Inf", ".INF", "+.inf", "-.inf", ".nan", ".NaN", ".NAN"})
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_DATE_LIKE = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}$")
_STR_TAG = "tag:yaml.org,2002:str"
_MAX_INT_DIGITS = 1000


class YamlError(Exception):
    """The document cannot be read; carries one positioned problem."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


class BadScalar(YamlError):
    """A scalar that reads as YAML but is not a valid value (a date like 2026-02-30)."""


@dataclass(frozen=True, slots=True)
class Document:
    """A parsed document: plain data (dicts, tuples, scalars) and its positions."""

    data: Any
    spans: SpanMap
    problems: tuple[Problem, ...]
    bad_paths: frozenset[PathKey] = frozenset()
    """Paths of scalars already reported (so validation does not report them again)."""


def _span(file: str, mark: Any) -> Span:
    return Span(file, mark.line + 1, mark.column + 1)


def decode_position(raw: bytes, error: UnicodeDecodeError) -> tuple[int, int]:
    """Line and column (1-based) of the first byte that is not UTF-8."""
    head = raw[: error.start]
    line = head.count(b"\n") + 1
    last = head.rfind(b"\n")
    col = len(head[last + 1 :].decode("utf-8", errors="replace")) + 1
    return line, col


def check_bytes(raw: bytes, file: str, max_bytes: int = MAX_BYTES) -> None:
    """Refuse files over the size limit and bytes that are not UTF-8."""
    if len(raw) > max_bytes:
        raise YamlError(
            Problem(
                Span(file, 1, 1),
                "too-large",
                f"file is larger than {max_bytes} bytes; expected a smaller file",
            )
        )
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line, col = decode_position(raw, err)
        raise YamlError(
            Problem(
                Span(file, line, col),
                "encoding",
                f"byte 0x{raw[err.start]:02x} is not UTF-8; expected a UTF-8 text file",
            )
        ) from None


def resolve_scalar(value: str, plain: bool, file: str, mark: Any) -> Any:
    """YAML 1.2 core schema resolution of a plain scalar; quoted scalars are strings."""
    if not plain:
        return value
    if value in _NULL:
        return None
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    if _INT.match(value):
        if len(value) > _MAX_INT_DIGITS:  # int() refuses more than 4300 digits
            raise BadScalar(
                Problem(
                    _span(file, mark),
                    "bad-value",
                    f"a number of {len(value)} digits is too long; expected at most {_MAX_INT_DIGITS} digits",
                )
            )
        return int(value)
    if _INT_OTHER.match(value):
        return int(value, 0)
    m = _DATE.match(value)
    if m:
        try:
            return date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            raise BadScalar(
                Problem(
                    _span(file, mark),
                    "bad-date",
                    f"'{value}' is not a calendar date; expected a real date YYYY-MM-DD",
                )
            ) from None
    if _DATE_LIKE.match(value):
        raise BadScalar(
            Problem(
                _span(file, mark),
                "bad-date",
                f"'{value}' is not written YYYY-MM-DD; expected two-digit month and day",
            )
        )
    if _FLOAT.match(value):
        return float(value)
    if value in _SPECIAL_FLOAT:
        return float(value.replace(".", "", 1))
    return value


def _check_tag(tag: str | None, file: str, mark: Any, allowed: str | None = None) -> None:
    if tag is None or tag == "!" or tag == allowed:
        return
    shown = "!!" + tag[len("tag:yaml.org,2002:") :] if tag.startswith("tag:yaml.org,2002:") else tag
    raise YamlError(
        Problem(
            _span(file, mark),
            "yaml-tag",
            f"tag '{shown}' is not allowed; expected plain YAML without tags",
        )
    )


def parse(raw: bytes, file: str, max_bytes: int = MAX_BYTES) -> Document:
    """Parse one YAML document from `raw` into plain data and positions.

    Raises YamlError for anything that stops reading (syntax, encoding, aliases, tags, limits).
    Duplicate keys do not stop reading: the first value wins and a problem is recorded.
    """
    check_bytes(raw, file, max_bytes)
    values: dict[PathKey, tuple[int, int]] = {}
    keys: dict[PathKey, tuple[int, int]] = {}
    problems: list[Problem] = []
    bad_paths: set[PathKey] = set()
    # Each frame: [container, path, pending_key, key_mark, seen_keys]
    stack: list[list[Any]] = []
    root: Any = None
    documents = 0
    nodes = 0
    yaml, loader = _yaml()
    try:
        events: Iterator[Any] = yaml.parse(raw, Loader=loader)
        for event in events:
            kind = type(event)
            if (
                kind is yaml.ScalarEvent
                or kind is yaml.MappingStartEvent
                or (kind is yaml.SequenceStartEvent)
            ):
                nodes += 1
                if nodes > MAX_NODES:
                    raise YamlError(
                        Problem(
                            _span(file, event.start_mark),
                            "too-large",
                            f"document has more than {MAX_NODES} nodes; expected a smaller file",
                        )
                    )
                if event.anchor is not None:
                    raise YamlError(
                        Problem(
                            _span(file, event.start_mark),
                            "yaml-anchor",
                            f"anchor '&{event.anchor}' is not allowed; "
                            "expected each value written out in full",
                        )
                    )
            if kind is yaml.ScalarEvent:
                frame = stack[-1] if stack else None
                if frame is not None and isinstance(frame[0], dict) and frame[2] is None:
                    # A mapping key.
                    _check_tag(event.tag, file, event.start_mark, _STR_TAG)
                    key = event.value
                    frame[2] = key
                    frame[3] = event.start_mark
                    continue
                _check_tag(event.tag, file, event.start_mark, _STR_TAG)
                try:
                    value = resolve_scalar(event.value, not event.style, file, event.start_mark)
                except BadScalar as bad:
                    problems.append(bad.problem)
                    bad_paths.add(_child_path(stack))
                    value = event.value
                _attach(stack, value, event.start_mark, values, keys, problems, file)
                if not stack:
                    root = value
            elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                _check_tag(event.tag, file, event.start_mark)
                if len(stack) >= MAX_DEPTH:
                    raise YamlError(
                        Problem(
                            _span(file, event.start_mark),
                            "too-deep",
                            f"nesting deeper than {MAX_DEPTH} levels; expected a flatter document",
                        )
                    )
                frame = stack[-1] if stack else None
                if frame is not None and isinstance(frame[0], dict) and frame[2] is None:
                    raise YamlError(
                        Problem(
                            _span(file, event.start_mark),
                            "yaml-key",
                            "a mapping key is a collection; expected a plain key",
                        )
                    )
                container: Any = {} if kind is yaml.MappingStartEvent else []
                path = _child_path(stack)
                values[path] = (event.start_mark.line + 1, event.start_mark.column + 1)
                if frame is not None and isinstance(frame[0], dict):
                    keys[path] = (frame[3].line + 1, frame[3].column + 1)
                stack.append([container, path, None, None, {}])
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                done = stack.pop()
                value = done[0] if isinstance(done[0], dict) else tuple(done[0])
                if stack:
                    _store(stack, value, problems, file, done[1])
                else:
                    root = value
            elif kind is yaml.AliasEvent:
                raise YamlError(
                    Problem(
                        _span(file, event.start_mark),
                        "yaml-alias",
                        f"alias '*{event.anchor}' is not allowed; expected each value written out in full",
                    )
                )
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise YamlError(
                        Problem(
                            _span(file, event.start_mark),
                            "yaml-documents",
                            "a second YAML document; expected one document per file",
                        )
                    )
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        span = _span(file, mark) if mark is not None else Span(file, 1, 1)
        what = (err.problem or "invalid YAML").strip()
        if "maximum nesting depth" in what:  # libyaml's own limit, met while scanning ahead
            raise YamlError(
                Problem(
                    span,
                    "too-deep",
                    f"nesting deeper than {MAX_DEPTH} levels; expected a flatter document",
                )
            ) from None
        if _char_at(raw, mark) == "\t":
            what = "a tab character; expected spaces for indentation (YAML forbids tabs there)"
            raise YamlError(Problem(span, "yaml-syntax", what)) from None
        start = err.context_mark
        if (
            err.context
            and start is not None
            and (mark is None or start.line != mark.line or (start.column != mark.column))
        ):
            what += f" {err.context.strip()} that began at line {start.line + 1}, column {start.column + 1}"
        raise YamlError(Problem(span, "yaml-syntax", f"{what}; expected valid YAML")) from None
    except yaml.reader.ReaderError as err:  # a character YAML does not allow (control characters)
        raise YamlError(_reader_problem(raw, file, err)) from None
    except yaml.YAMLError as err:  # other errors without a mark
        what = " ".join(str(err).split())
        raise YamlError(Problem(Span(file, 1, 1), "yaml-syntax", f"{what}; expected valid YAML")) from None
    if documents == 0:
        root = None
    return Document(root, SpanMap(file, values, keys), tuple(problems), frozenset(bad_paths))


def _char_at(raw: bytes, mark: Any) -> str:
    """The character at a libyaml mark (line and character column), or '' when out of range."""
    if mark is None:
        return ""
    lines = raw.decode("utf-8").split("\n")
    if mark.line >= len(lines) or mark.column >= len(lines[mark.line]):
        return ""
    return str(lines[mark.line][mark.column])


def _reader_problem(raw: bytes, file: str, err: yaml.reader.ReaderError) -> Problem:
    """Position a character YAML refuses; libyaml gives a byte offset, PyYAML a character index."""
    yaml, loader = _yaml()
    text = raw.decode("utf-8")
    offset = err.position
    if loader is not getattr(yaml, "SafeLoader", None):
        offset = len(raw[: err.position].decode("utf-8", errors="ignore"))
    head = text[:offset]
    line = head.count("\n") + 1
    col = offset - (head.rfind("\n") + 1) + 1
    char = err.character if isinstance(err.character, int) else ord(str(err.character)[:1] or "?")
    return Problem(
        Span(file, line, col),
        "bad-character",
        f"character U+{char:04X} is not allowed in YAML ({err.reason}); "
        "expected printable text (write it out or remove it)",
    )


def _child_path(stack: list[list[Any]]) -> PathKey:
    if not stack:
        return ()
    frame = stack[-1]
    if isinstance(frame[0], dict):
        return (*frame[1], frame[2])
    return (*frame[1], len(frame[0]))


def _attach(
    stack: list[list[Any]],
    value: Any,
    mark: Any,
    values: dict[PathKey, tuple[int, int]],
    keys: dict[PathKey, tuple[int, int]],
    problems: list[Problem],
    file: str,
) -> None:
    if not stack:
        values[()] = (mark.line + 1, mark.column + 1)
        return
    path = _child_path(stack)
    values[path] = (mark.line + 1, mark.column + 1)
    frame = stack[-1]
    if isinstance(frame[0], dict):
        keys[path] = (frame[3].line + 1, frame[3].column + 1)
    _store(stack, value, problems, file, path)


def _store(stack: list[list[Any]], value: Any, problems: list[Problem], file: str, path: PathKey) -> None:
    frame = stack[-1]
    container = frame[0]
    if isinstance(container, dict):
        key = frame[2]
        mark = frame[3]
        seen: dict[str, int] = frame[4]
        if key in seen:
            problems.append(
                Problem(
                    _span(file, mark),
                    "duplicate-key",
                    f"key {key!r} appears twice in this mapping (first at line {seen[key]}); "
                    "expected each key once",
                )
            )
        else:
            seen[key] = mark.line + 1
            container[key] = value
        frame[2] = None
        frame[3] = None
    else:
        container.append(value)
