"""Positions in ledger files: the only module that knows about lines and columns."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Generic, NamedTuple, TypeVar

PathKey = tuple[str | int, ...]
"""A path into a YAML document: mapping keys and 0-based list indexes."""


class Span(NamedTuple):
    """A position in a ledger file; `path` is relative to the ledger folder, line/col are 1-based."""

    path: str
    line: int
    col: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"


@dataclass(frozen=True, slots=True)
class SpanMap:
    """Positions of the keys and values of one YAML document.

    `values[path]` is where the value at `path` starts; `keys[path]` is where its mapping key
    starts. Lookups fall back to the nearest enclosing node, so every path has a position.
    """

    file: str
    values: Mapping[PathKey, tuple[int, int]] = field(default_factory=dict)
    keys: Mapping[PathKey, tuple[int, int]] = field(default_factory=dict)

    def value(self, *path: str | int) -> Span:
        """Where the value at `path` starts (or its nearest ancestor)."""
        p: PathKey = tuple(path)
        while p:
            pos = self.values.get(p)
            if pos is not None:
                return Span(self.file, *pos)
            p = p[:-1]
        pos = self.values.get((), (1, 1))
        return Span(self.file, *pos)

    def key(self, *path: str | int) -> Span:
        """Where the mapping key of `path` starts (falls back to the value's position)."""
        p: PathKey = tuple(path)
        pos = self.keys.get(p)
        if pos is not None:
            return Span(self.file, *pos)
        return self.value(*path)

    def start(self) -> Span:
        return Span(self.file, 1, 1)


T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Located(Generic[T]):
    """A validated record with the positions of the document it came from."""

    value: T
    spans: SpanMap

    @property
    def file(self) -> str:
        return self.spans.file
