"""Titles of obligations that no record names (periodic duties), in the ledger's locale."""

from __future__ import annotations

from reformctl.i18n import text


def title(locale: str, key: str, **values: object) -> str:
    return text(locale, f"title.{key}", **values)
