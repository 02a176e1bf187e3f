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
from reformctl.message import Msg, msg
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


_SYNTAX = {
    "mapping values are not allowed in this context": "problem.yaml.mapping-values",
    "found unexpected end of stream": "problem.yaml.end-of-stream",
    "found character that cannot start any token": "problem.yaml.bad-start",
    "did not find expected key": "problem.yaml.no-key",
    "did not find expected '-' indicator": "problem.yaml.no-dash",
    "could not find expected ':'": "problem.yaml.no-colon",
    "did not find expected node content": "problem.yaml.no-content",
    "block sequence entries are not allowed in this context": "problem.yaml.no-entries",
    "found unknown escape character": "problem.yaml.bad-escape",
}
"""libyaml's words for the syntax errors met most, and their catalogue keys (others are shown as
libyaml words them)."""
_WHILE = {
    "while scanning a quoted scalar": "problem.yaml.while.quoted",
    "while scanning a plain scalar": "problem.yaml.while.plain",
    "while scanning a block scalar": "problem.yaml.while.block-scalar",
    "while scanning a simple key": "problem.yaml.while.simple-key",
    "while parsing a block mapping": "problem.yaml.while.mapping",
    "while parsing a block collection": "problem.yaml.while.collection",
    "while parsing a flow sequence": "problem.yaml.while.flow-sequence",
    "while parsing a flow mapping": "problem.yaml.while.flow-mapping",
    "while parsing a block node": "problem.yaml.while.node",
}
_READER = {
    "control characters are not allowed": "problem.yaml.control",
    "special characters are not allowed": "problem.yaml.special",
}


def _known(words: Mapping[str, str], said: str) -> Msg | str:
    """libyaml's `said` as a catalogue text when `words` has it, else as it is."""
    key = words.get(said)
    return Msg(key) if key is not None else said


def _shown(key: object) -> str:
    """A mapping key as a message shows it: on one line."""
    return str(key).replace("\n", "\\n").replace("\r", "\\r")


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
            Problem(Span(file, 1, 1), "too-large", msg("problem.too-large.file", limit=max_bytes))
        )
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line, col = decode_position(raw, err)
        raise YamlError(
            Problem(Span(file, line, col), "encoding", msg("problem.encoding", byte=f"{raw[err.start]:02x}"))
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
                    msg("problem.number-too-long", digits=len(value), limit=_MAX_INT_DIGITS),
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
                Problem(_span(file, mark), "bad-date", msg("problem.bad-date.calendar", value=value))
            ) from None
    if _DATE_LIKE.match(value):
        raise BadScalar(Problem(_span(file, mark), "bad-date", msg("problem.bad-date.format", value=value)))
    if _FLOAT.match(value):
        return float(value)
    if value in _SPECIAL_FLOAT:
        return float(value.replace(".", "", 1))
    return value


def _check_tag(tag: str | None, file: str, mark: Any, allowed: str | None = None) -> None:
    if tag is None or tag == "!" or tag == allowed:
        return
    shown = "!!" + tag[len("tag:yaml.org,2002:") :] if tag.startswith("tag:yaml.org,2002:") else tag
    raise YamlError(Problem(_span(file, mark), "yaml-tag", msg("problem.yaml-tag", tag=shown)))


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
                            msg("problem.too-large.nodes", limit=MAX_NODES),
                        )
                    )
                if event.anchor is not None:
                    raise YamlError(
                        Problem(
                            _span(file, event.start_mark),
                            "yaml-anchor",
                            msg("problem.yaml-anchor", name=event.anchor),
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
                            msg("problem.too-deep", limit=MAX_DEPTH),
                        )
                    )
                frame = stack[-1] if stack else None
                if frame is not None and isinstance(frame[0], dict) and frame[2] is None:
                    raise YamlError(
                        Problem(_span(file, event.start_mark), "yaml-key", msg("problem.yaml-key"))
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
                        msg("problem.yaml-alias", name=event.anchor),
                    )
                )
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise YamlError(
                        Problem(
                            _span(file, event.start_mark), "yaml-documents", msg("problem.yaml-documents")
                        )
                    )
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        span = _span(file, mark) if mark is not None else Span(file, 1, 1)
        what = (err.problem or "invalid YAML").strip()
        if "maximum nesting depth" in what:  # libyaml's own limit, met while scanning ahead
            raise YamlError(Problem(span, "too-deep", msg("problem.too-deep", limit=MAX_DEPTH))) from None
        if _char_at(raw, mark) == "\t":
            raise YamlError(Problem(span, "yaml-syntax", msg("problem.yaml-tab"))) from None
        said: Msg | str = _known(_SYNTAX, what)
        start = err.context_mark
        if (
            err.context
            and start is not None
            and (mark is None or start.line != mark.line or (start.column != mark.column))
        ):
            context = _known(_WHILE, err.context.strip())
            said = msg(
                "problem.yaml.began", what=said, context=context, line=start.line + 1, column=start.column + 1
            )
        raise YamlError(Problem(span, "yaml-syntax", msg("problem.yaml-syntax", what=said))) from None
    except yaml.reader.ReaderError as err:  # a character YAML does not allow (control characters)
        raise YamlError(_reader_problem(raw, file, err)) from None
    except yaml.YAMLError as err:  # other errors without a mark
        what = " ".join(str(err).split())
        raise YamlError(
            Problem(Span(file, 1, 1), "yaml-syntax", msg("problem.yaml-syntax", what=what))
        ) from None
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
    reason = _known(_READER, str(err.reason))
    return Problem(
        Span(file, line, col),
        "bad-character",
        msg("problem.bad-character", code=f"{char:04X}", reason=reason),
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
                    msg("problem.duplicate-key", name=_shown(key), line=seen[key]),
                )
            )
        else:
            seen[key] = mark.line + 1
            container[key] = value
        frame[2] = None
        frame[3] = None
    else:
        container.append(value)
