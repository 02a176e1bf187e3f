"""Titles of obligations that no record names (periodic duties), in the ledger's locale."""

from __future__ import annotations

TITLES: dict[str, dict[str, str]] = {
    "zh-CN": {
        "keypoints": "{year}年度改革要点",
        "workplan": "{unit}{year}年专项改革年度工作计划",
        "supervision-plan": "{year}年重大改革项目督察工作计划",
        "annual-summary": "{year}年全面深化改革情况总结报告",
        "halfyear-report": "{unit}{period}改革进展情况报送",
        "bulletin": "{period}全面深化改革工作季通报",
        "monthly-contact": "{unit}{period}调研指导联系",
        "supervision-report": "{title}督察报告",
        "milestone": "{title}：{what}",
    },
    "en": {
        "keypoints": "Annual reform key points {year}",
        "workplan": "{unit} annual work plan {year}",
        "supervision-plan": "Supervision plan {year}",
        "annual-summary": "Year-end reform summary {year}",
        "halfyear-report": "{unit} half-year progress report {period}",
        "bulletin": "Quarterly bulletin {period}",
        "monthly-contact": "{unit} monthly contact {period}",
        "supervision-report": "Supervision report: {title}",
        "milestone": "{title}: {what}",
    },
}


def title(locale: str, key: str, **values: object) -> str:
    table = TITLES.get(locale, TITLES["zh-CN"])
    return table[key].format(**values)
