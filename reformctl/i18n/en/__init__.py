"""The English (en) catalogue: every text reformctl shows a person, by key."""

from __future__ import annotations

from reformctl.i18n.en import output, titles

MESSAGES: dict[str, str] = {**output.MESSAGES, **titles.MESSAGES}
