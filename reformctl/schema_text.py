"""The descriptions the JSON Schemas give every key, in English and Chinese (`English — 中文`).

A key means one thing in most files (`lead`, `note`) and another in some (`title` is a project's
name but a person's position). `IN_MODEL` says what a key means in one model (by the model's class
name, as the schema's `title` of that object); `ANYWHERE` says it for every other model.
"""

from __future__ import annotations

from collections.abc import Mapping

ANYWHERE: Mapping[str, str] = {
    "city": "City — 城市",
    "office": "Unit id of the reform office — 市委改革办的单位编号",
    "locale": "Language of the bulletin and of table headings: zh-CN or en — 通报和表头的语言",
    "timezone": "Time zone in which 'today' is taken — 时区(“今天”按此时区计算)",
    "rules": "Overrides of the obligation rules — 规则设置",
    "repository": (
        "URL of the ledger folder in the repository's web view (http or https), for links from the site — "
        "台账文件在代码仓库网页中的地址"
    ),
    "upcoming_days": "Days ahead that count as due soon — 即将到期提醒天数",
    "red_after_days": "Days overdue after which a project's light turns red — 逾期多少天亮红灯",
    "enabled": "Whether the rule is computed — 是否启用该规则",
    "days": "Days counted by the rule — 天数",
    "years": "Years counted by the rule — 年数",
    "units": "Units — 单位",
    "people": "People — 人员",
    "secretary": "Party secretary, first responsible person: a person id — 党委(党组)书记(第一责任人)",
    "group": "Special group it belongs to — 归口专项小组",
    "lead": "Lead unit — 牵头单位",
    "partners": "Partner units — 配合单位",
    "team": "Team: person ids (one project, one team) — 工作团队(一个团队)",
    "entered": "Date the project entered the library — 入库日期",
    "stage": "Stage: implementing, new or awaiting-approval — 阶段(已实施/新启动/待批)",
    "approved_until": "Time limit in the approval — 批复明确的改革时限",
    "completed": "Date completed — 完成日期",
    "exit": "Taken out of the library by dynamic adjustment — 动态调整出库",
    "plan": "The reform plan — 改革方案",
    "scope": "Review scope (§1(2)): central-provincial, breakthrough, pilot, other or none — 报审范围",
    "drafted": "Date drafted — 起草日期",
    "office_review": "Date reviewed by the reform office — 改革办统筹审核日期",
    "deliberated": "Date deliberated by the leading group — 改革领导小组审议日期",
    "filed": "Date filed with the reform office — 备案日期",
    "assessment": "Assessments before the decision: third-party, hearing, expert-review — 决策前评估",
    "milestones": "Time nodes — 时间节点",
    "what": "What is due — 进度要求(节点内容)",
    "done": "Date done — 完成日期",
    "reports": "Quarter-end progress reports by period (2026-Q2 …) — 季度进展报送",
    "reviewed": "Date reviewed by the special group — 专项小组审核日期",
    "evaluations": "Evaluations — 评估",
    "third_party": "By a third party — 是否第三方评估",
    "results": "Results report — 成果报送",
    "exemplary": "Year chosen as an exemplary case — 入选示范案例的年份",
    "note": "Note — 备注",
    "level": "Level: national, provincial, municipal or local — 试点层级(国家级/省级/市级/自主)",
    "breaks": "What the pilot departs from (§4(1)): national-law, provincial-rules, local-rules or none — 试点突破事项",
    "approved_by": "Approving body — 批复单位",
    "terminated": "Date the pilot ended early — 提前终止日期",
    "raised": "Date raised — 交办日期",
    "raised_by": "Unit that raised it — 提出单位",
    "assigned": "Units the problem is assigned to — 承办单位",
    "coordinator": "Coordinating unit — 督促协调单位",
    "resolved": "Date resolved — 办结日期",
    "resolution": "Resolution — 办理结果",
    "year": "Year — 年度",
    "tasks": "Tasks — 改革任务",
    "project": "The library project this task is — 对应的重点突破改革项目",
    "subjects": "Subjects supervised: projects/<id>, pilots/<id> or <year>/keypoints#<task> — 督察对象",
    "participants": "Participants: NPC deputies, CPPCC members, experts — 参与督察的人大代表、政协委员、专家",
    "role": "Role: npc-deputy, cppcc-member, expert or other — 身份",
    "findings": "Problems found — 发现的问题",
    "problem": "The problem — 问题",
    "notice": "Rectification notice — 整改通知",
    "rectified": "Date rectified — 整改完成日期",
    "reinspection": "Re-inspection of the rectification — 整改复查",
    "passed": "Whether it passed — 是否通过",
    "halfyear": "Half-year progress reports by half year (2026-H1) and unit — 半年进展报送",
    "annual_summary": "Date of the office's year-end summary report — 年度总结报告日期",
    "contacts": "Monthly research and guidance contacts — 月联系(调研指导联系)",
    "quarter": "Quarter, e.g. 2026-Q2 — 季度",
    "as_of": "Date the figures are taken on — 数据截止日期",
    "number": "Issue number within the year — 期数",
    "scorecard": "Weights of the annual scorecard (optional) — 改革实绩考核计分权重",
    "base": "Points every unit starts from — 基础分",
    "weights": "Points per count, by scorecard column — 各项计分权重",
}

IN_MODEL: Mapping[tuple[str, str], str] = {
    ("LedgerSettings", "name"): "Name of the ledger — 台账名称",
    ("RuleOverride", "due"): "Due day of a yearly rule, MM-DD — 每年截止月日",
    ("Unit", "id"): "Unit id: lower-case letters, digits and '-' — 单位编号",
    ("Unit", "name"): "Name of the unit — 单位名称",
    ("Unit", "kind"): (
        "Kind: leading-group, office, special-group, department, county, zone or inspection-office — 单位类型"
    ),
    ("Unit", "leader"): "Leader of the special group: a person id — 专项小组组长",
    ("Person", "id"): "Person id: lower-case letters, digits and '-' — 人员编号",
    ("Person", "name"): "Name — 姓名",
    ("Person", "title"): "Position — 职务",
    ("Person", "unit"): "Unit the person works in — 所在单位",
    ("Project", "title"): "Name of the project — 项目名称",
    (
        "Project",
        "leader",
    ): "Liaison city leader: a person id (one project, one leader) — 对口联系市领导(一名领导)",
    ("Project", "deadline"): "Planned completion — 计划完成时限",
    ("Project", "completed"): "Date the reform task was completed — 改革任务完成日期",
    ("Exit", "date"): "Date taken out — 出库日期",
    ("Exit", "reason"): "Reason — 出库原因",
    ("Plan", "title"): "Title of the plan — 方案名称",
    ("Plan", "issued"): "Date issued — 印发日期",
    ("Milestone", "due"): "Due date — 时间节点(截止日期)",
    ("Milestone", "id"): (
        "Optional stable id, unique within the item; calendar UIDs use it, else `what` — "
        "节点编号(同一事项内唯一；日历事件标识优先用它)"
    ),
    ("Report", "submitted"): "Date submitted — 报送日期",
    ("Report", "summary"): "Summary of the progress — 进展摘要",
    ("Evaluation", "kind"): "Kind: effect, phase or summary — 评估类型(效果/阶段性/总结)",
    ("Evaluation", "date"): "Date of the evaluation — 评估日期",
    ("Evaluation", "by"): "Who evaluated — 评估机构",
    ("Evaluation", "summary"): "Conclusion — 评估结论",
    ("Results", "submitted"): "Date the results were submitted — 成果报送日期",
    ("Results", "summary"): "Summary of the results — 成果摘要",
    ("Pilot", "title"): "Name of the pilot — 试点名称",
    ("Pilot", "approved"): "Date approved — 批复日期",
    ("Pilot", "start"): "Start of the pilot — 试点开始日期",
    ("Pilot", "end"): "End of the pilot period — 试点结束日期",
    ("Pilot", "lead"): "Unit that carries the pilot out — 试点承担单位",
    ("Pilot", "group"): "Special group, when the pilot is in its work plan — 归口专项小组",
    ("Handover", "title"): "The problem handed over — 交办问题",
    ("Handover", "deadline"): "Deadline for resolving it — 办理时限",
    ("Keypoints", "approved"): "Date the leading group approved the key points — 改革领导小组审议通过日期",
    ("Task", "id"): "Task id, unique in the file (2026/keypoints#<id>) — 任务编号",
    ("Task", "title"): "The task — 改革任务",
    ("Task", "start"): "Implementation start (drives the effect evaluation) — 实施开始日期",
    ("Workplan", "group"): "The special group whose plan this is — 专项小组",
    ("Workplan", "approved"): "Date the leading group approved the work plan — 改革领导小组审议通过日期",
    ("Workplan", "items"): "Work items — 工作事项",
    ("WorkplanItem", "id"): "Item id, unique in the file — 事项编号",
    ("WorkplanItem", "title"): "The work item — 工作事项",
    ("WorkplanItem", "deadline"): "Deadline — 完成时限",
    ("SupervisionPlan", "approved"): "Date the supervision plan was approved — 督察计划审定日期",
    ("SupervisionPlan", "items"): "Planned supervisions — 督察事项",
    ("PlanItem", "subject"): "Subject: projects/<id>, pilots/<id> or <year>/keypoints#<task> — 督察对象",
    ("PlanItem", "lead"): "Unit that leads the supervision — 督察牵头单位",
    ("PlanItem", "kind"): "Kind: special or daily — 督察类型(专项督察/日常督察)",
    ("Supervision", "title"): "Title of the supervision — 督察名称",
    ("Supervision", "kind"): "Kind: special or daily — 督察类型(专项督察/日常督察)",
    ("Supervision", "lead"): "Supervision lead unit — 督察牵头单位",
    ("Supervision", "with"): "Co-leading units — 协同单位",
    ("Supervision", "start"): "Start of the supervision — 督察开始日期",
    ("Supervision", "end"): "End of the supervision — 督察结束日期",
    ("Supervision", "report"): "Supervision report to the leading group — 督察报告",
    ("Participant", "name"): "Name — 姓名",
    ("SupervisionReport", "submitted"): "Date the report went to the leading group — 督察报告报送日期",
    ("Finding", "id"): "Finding id, unique in the supervision — 问题编号",
    ("Finding", "subject"): "Subject the problem was found in — 问题所属督察对象",
    ("Notice", "unit"): "Unit notified to rectify — 整改责任单位",
    ("Notice", "issued"): "Date the notice was issued — 整改通知下发日期",
    ("Notice", "deadline"): "Deadline for the rectification — 整改时限",
    ("Reinspection", "date"): "Date of the re-inspection — 复查日期",
    ("Contact", "date"): "Date of the contact — 联系日期",
    ("Contact", "by"): "Special group that made the contact: a unit id — 联系单位(专项小组)",
    ("Contact", "with"): "Unit contacted — 联系对象",
    ("BulletinFront", "issued"): "Date the bulletin was issued — 通报印发日期",
    ("AnnualReportFront", "issued"): "Date the report was issued — 报告印发日期",
}


def describe(model: str, key: str, lang: str) -> str:
    """What `key` means in `model` (a model's class name), in `lang`: the English or the Chinese
    half of its description; "" when it has none."""
    found = IN_MODEL.get((model, key)) or ANYWHERE.get(key, "")
    english, _, chinese = found.partition(" — ")
    if lang == "zh-CN" and chinese:
        return chinese.replace("(", "（").replace(")", "）")  # full-width in Chinese text
    return english
