"""The English (en) catalogue: every text reformctl shows a person, by key."""

from __future__ import annotations

from reformctl.i18n.en import (
    cli,
    documents,
    documents_report,
    errors,
    help,
    help_write,
    output,
    problems,
    problems_checks,
    site,
    titles,
)

MESSAGES: dict[str, str] = {
    **output.MESSAGES,
    **titles.MESSAGES,
    **cli.MESSAGES,
    **errors.MESSAGES,
    **help.MESSAGES,
    **help_write.MESSAGES,
    **problems.MESSAGES,
    **problems_checks.MESSAGES,
    **documents.MESSAGES,
    **documents_report.MESSAGES,
    **site.MESSAGES,
}
UNSAID: dict[str, frozenset[str]] = {**documents.UNSAID, **documents_report.UNSAID}
"""Values a text of this language leaves unsaid, by key (`reformctl.i18n.UNSAID`)."""
