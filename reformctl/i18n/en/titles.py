"""English: the titles of obligations that no record names (periodic duties)."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    "title.keypoints": "Annual reform key points {year}",
    "title.workplan": "{unit} annual work plan {year}",
    "title.supervision-plan": "Supervision plan {year}",
    "title.annual-summary": "Year-end reform summary {year}",
    "title.halfyear-report": "{unit} half-year progress report {period}",
    "title.bulletin": "Quarterly bulletin {period}",
    "title.monthly-contact": "{unit} monthly contact {period}",
    "title.supervision-report": "Supervision report: {title}",
    "title.milestone": "{title}: {what}",
}
