"""简体中文: the titles of obligations that no record names (periodic duties)."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    "title.keypoints": "{year}年度改革要点",
    "title.workplan": "{unit}{year}年专项改革年度工作计划",
    "title.supervision-plan": "{year}年重大改革项目督察工作计划",
    "title.annual-summary": "{year}年全面深化改革情况总结报告",
    "title.halfyear-report": "{unit}{period}改革进展情况报送",
    "title.bulletin": "{period}全面深化改革工作季通报",
    "title.monthly-contact": "{unit}{period}调研指导联系",
    "title.supervision-report": "{title}督察报告",
    "title.milestone": "{title}：{what}",
}
