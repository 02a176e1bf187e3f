"""Words shown to people, in the ledger's locale (zh-CN default, en available)."""

from __future__ import annotations

LABELS: dict[str, dict[str, str]] = {
    "zh-CN": {
        "state.open": "未到期",
        "state.due-soon": "即将到期",
        "state.overdue": "已逾期",
        "state.done": "按时完成",
        "state.late": "逾期完成",
        "rule.keypoints": "年度改革要点",
        "rule.workplan": "专项年度工作计划",
        "rule.project-plan": "项目改革方案",
        "rule.milestone": "时间节点",
        "rule.filing": "方案备案",
        "rule.quarterly-report": "季度进展报送",
        "rule.halfyear-report": "半年进展报送",
        "rule.annual-summary": "年度总结报告",
        "rule.bulletin": "季通报",
        "rule.monthly-contact": "月联系",
        "rule.supervision-plan": "督察工作计划",
        "rule.supervision-report": "督察报告",
        "rule.rectification": "问题整改",
        "rule.reinspection": "整改复查",
        "rule.handover": "问题交办",
        "rule.results-report": "成果报送",
        "rule.effect-evaluation": "效果评估",
        "rule.phase-evaluation": "阶段性评估",
        "rule.summary-evaluation": "总结评估",
        "col.state": "状态",
        "col.due": "截止日期",
        "col.days": "天数",
        "col.title": "事项",
        "col.rule": "类别",
        "col.period": "期间",
        "col.owner": "责任单位",
        "col.route": "报送路径",
        "col.done": "完成日期",
        "col.subject": "对象",
        "col.file": "文件",
        "days.overdue": "逾期{n}天",
        "days.left": "还有{n}天",
        "days.today": "今天到期",
        "days.late": "晚{n}天",
        "days.ontime": "按时",
        "due.heading": "{ledger}：截至{as_of}的待办事项",
        "due.none": "截至{as_of}，{window}天内没有到期或逾期的事项。",
        "due.summary": "共{total}项：已逾期{overdue}项，即将到期{soon}项。",
        "due.all-summary": "共{total}项：已逾期{overdue}项，即将到期{soon}项，未到期{open}项，按时完成{done}项，逾期完成{late}项。",
    },
    "en": {
        "state.open": "open",
        "state.due-soon": "due soon",
        "state.overdue": "overdue",
        "state.done": "done",
        "state.late": "late",
        "rule.keypoints": "annual key points",
        "rule.workplan": "annual work plan",
        "rule.project-plan": "project plan",
        "rule.milestone": "milestone",
        "rule.filing": "plan filing",
        "rule.quarterly-report": "quarterly report",
        "rule.halfyear-report": "half-year report",
        "rule.annual-summary": "year-end summary",
        "rule.bulletin": "bulletin",
        "rule.monthly-contact": "monthly contact",
        "rule.supervision-plan": "supervision plan",
        "rule.supervision-report": "supervision report",
        "rule.rectification": "rectification",
        "rule.reinspection": "re-inspection",
        "rule.handover": "hand-over sheet",
        "rule.results-report": "results report",
        "rule.effect-evaluation": "effect evaluation",
        "rule.phase-evaluation": "phase evaluation",
        "rule.summary-evaluation": "summary evaluation",
        "col.state": "State",
        "col.due": "Due",
        "col.days": "Days",
        "col.title": "What",
        "col.rule": "Kind",
        "col.period": "Period",
        "col.owner": "Owner",
        "col.route": "Route",
        "col.done": "Done",
        "col.subject": "Subject",
        "col.file": "File",
        "days.overdue": "{n} days overdue",
        "days.left": "in {n} days",
        "days.today": "due today",
        "days.late": "{n} days late",
        "days.ontime": "on time",
        "due.heading": "{ledger}: obligations as of {as_of}",
        "due.none": "Nothing due or overdue within {window} days of {as_of}.",
        "due.summary": "{total} obligations: {overdue} overdue, {soon} due soon.",
        "due.all-summary": "{total} obligations: {overdue} overdue, {soon} due soon, {open} open, {done} done, {late} late.",
    },
}


def label(locale: str, key: str, **values: object) -> str:
    table = LABELS.get(locale, LABELS["zh-CN"])
    text = table.get(key, key)
    return text.format(**values) if values else text


def days_text(locale: str, state: str, days: int) -> str:
    if state == "overdue":
        return label(locale, "days.overdue", n=-days)
    if state == "late":
        return label(locale, "days.late", n=days)
    if state == "done":
        return label(locale, "days.ontime")
    if days == 0:
        return label(locale, "days.today")
    return label(locale, "days.left", n=days)
