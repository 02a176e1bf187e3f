"""Where the shipped example ledger and templates are: inside the wheel, or in the source tree."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_SOURCE_ROOT = _PACKAGE.parent


def _find(shipped: str, source: str) -> Path:
    inside = _PACKAGE / "data" / shipped
    if inside.is_dir():
        return inside
    return _SOURCE_ROOT / source


def example_ledger() -> Path:
    return _find("example-ledger", "ledger")


def templates() -> Path:
    return _find("templates", "templates")
