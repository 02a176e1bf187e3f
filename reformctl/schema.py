"""JSON Schemas (draft 2020-12) of every ledger file kind, generated from the models.

Editors (yaml-language-server, VS Code) use them for completion and inline errors; CI may use
them too. Each schema and each key carries an English and a Chinese description.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from reformctl.model.annual_report import AnnualReportFront
from reformctl.model.bulletin import BulletinFront
from reformctl.model.handover import Handover
from reformctl.model.keypoints import Keypoints
from reformctl.model.pilot import Pilot
from reformctl.model.project import Project
from reformctl.model.reports import YearReports
from reformctl.model.settings import LedgerSettings
from reformctl.model.supervision import Supervision, SupervisionPlan
from reformctl.model.units import UnitsFile
from reformctl.model.workplan import Workplan

DIALECT = "https://json-schema.org/draft/2020-12/schema"


@dataclass(frozen=True, slots=True)
class FileKind:
    name: str
    model: type[BaseModel]
    title: str
    globs: tuple[str, ...]
    """Where the files are, relative to the repository root (ledger in `ledger/`)."""


FILE_KINDS: tuple[FileKind, ...] = (
    FileKind("ledger", LedgerSettings, "Ledger settings — 台账设置", ("ledger/ledger.yaml",)),
    FileKind("units", UnitsFile, "Units and people — 单位和人员", ("ledger/units.yaml",)),
    FileKind("project", Project, "Key-breakthrough project — 重点突破改革项目", ("ledger/projects/*.yaml",)),
    FileKind("pilot", Pilot, "Reform pilot — 改革试点", ("ledger/pilots/*.yaml",)),
    FileKind("handover", Handover, "Problem hand-over sheet — 问题交办单", ("ledger/handovers/*.yaml",)),
    FileKind("keypoints", Keypoints, "Annual reform key points — 年度改革要点", ("ledger/*/keypoints.yaml",)),
    FileKind(
        "workplan",
        Workplan,
        "Special group's annual work plan — 专项改革年度工作计划",
        ("ledger/*/workplans/*.yaml",),
    ),
    FileKind("supervision-plan", SupervisionPlan, "Annual supervision plan — 重大改革项目督察工作计划", ()),
    FileKind("supervision", Supervision, "Supervision and its findings — 改革督察", ()),
    FileKind(
        "reports", YearReports, "Reports of the year — 年报告、半年报送、月联系", ("ledger/*/reports.yaml",)
    ),
    FileKind("bulletin", BulletinFront, "Front matter of an issued bulletin — 季通报", ()),
    FileKind("annual-report", AnnualReportFront, "Front matter of the issued year-end report — 年报告", ()),
)

# `plan.yaml` and `<id>.yaml` share a folder; one schema for the folder accepts either.
SUPERVISION_FOLDER = ("supervision-folder", ("ledger/*/supervision/*.yaml",))

DESCRIPTIONS: Mapping[str, str] = {
    "name": "Name — 名称",
    "city": "City — 城市",
    "office": "Unit id of the reform office — 市委改革办的单位编号",
    "locale": "Language of the bulletin and table headings — 通报和表头语言",
    "timezone": "Time zone in which 'today' is taken — 时区",
    "rules": "Overrides of the obligation rules — 规则设置",
    "repository": "URL of the ledger folder in the repository's web view (http or https), for links from the site — 台账文件在代码仓库网页中的地址",
    "upcoming_days": "Days ahead that count as due soon — 即将到期天数",
    "red_after_days": "Days overdue that turn a project red — 严重滞后天数",
    "enabled": "Whether the rule is computed — 是否启用",
    "due": "Due date — 截止日期",
    "days": "Days counted by the rule — 天数",
    "years": "Years counted by the rule — 年数",
    "units": "Units — 单位",
    "people": "People — 人员",
    "id": "Id: lower-case letters, digits and '-' — 编号",
    "kind": "Kind — 类型",
    "leader": "Liaison city leader (one project, one leader) — 对口联系市领导",
    "secretary": "Party secretary, first responsible person — 党委(党组)书记(第一责任人)",
    "unit": "Unit id — 单位编号",
    "title": "Title — 标题/职务",
    "group": "Special group — 归口专项小组",
    "lead": "Lead unit — 牵头单位",
    "partners": "Partner units — 配合单位",
    "team": "Team (one project, one team) — 工作团队",
    "entered": "Date the project entered the library — 入库日期",
    "stage": "Stage: implementing, new or awaiting approval — 阶段(已实施/新启动/待批)",
    "deadline": "Planned completion or deadline — 计划完成时限",
    "approved_until": "Time limit in the approval — 批复明确的改革时限",
    "completed": "Date the reform task was completed — 完成日期",
    "exit": "Taken out of the library by dynamic adjustment — 动态调整出库",
    "reason": "Reason — 原因",
    "plan": "The reform plan — 改革方案",
    "scope": "Review scope (§1(2)) — 报审范围",
    "drafted": "Drafted — 起草",
    "office_review": "Reviewed by the reform office — 改革办统筹审核",
    "deliberated": "Deliberated by the leading group — 改革领导小组审议",
    "issued": "Issued — 印发",
    "filed": "Filed with the reform office — 备案",
    "assessment": "Assessments before the decision — 决策前评估",
    "milestones": "Time nodes — 时间节点",
    "what": "What is due — 节点内容",
    "done": "Date done — 完成日期",
    "reports": "Quarter-end progress reports by period — 季度进展报送",
    "submitted": "Date submitted — 报送日期",
    "reviewed": "Date reviewed by the special group — 专项小组审核日期",
    "summary": "Summary — 摘要",
    "evaluations": "Evaluations — 评估",
    "date": "Date — 日期",
    "by": "By whom — 评估/联系单位",
    "third_party": "By a third party — 第三方评估",
    "results": "Results report — 成果报送",
    "exemplary": "Year chosen as an exemplary case — 示范案例年份",
    "note": "Note — 备注",
    "level": "Level: national, provincial, municipal, local — 试点层级",
    "breaks": "What the pilot departs from (§4(1)) — 试点突破事项",
    "approved_by": "Approving body — 批复单位",
    "approved": "Date approved — 批复/审议通过日期",
    "start": "Start — 开始日期",
    "end": "End — 结束日期",
    "terminated": "Date ended early — 提前终止日期",
    "raised": "Date raised — 交办日期",
    "raised_by": "Raised by — 提出单位",
    "assigned": "Units the problem is assigned to — 承办单位",
    "coordinator": "Coordinating unit — 督促协调单位",
    "resolved": "Date resolved — 办结日期",
    "resolution": "Resolution — 办理结果",
    "year": "Year — 年度",
    "tasks": "Tasks — 改革任务",
    "project": "The library project this task is — 对应的重点突破改革项目",
    "items": "Items — 事项",
    "subject": "Subject: projects/<id>, pilots/<id> or <year>/keypoints#<task> — 督察对象",
    "subjects": "Subjects — 督察对象",
    "with": "Co-leads or unit contacted — 协同单位/联系对象",
    "participants": "Participants (NPC deputies, CPPCC members) — 参与督察的人大代表、政协委员",
    "role": "Role — 身份",
    "report": "Supervision report — 督察报告",
    "findings": "Findings — 发现的问题",
    "problem": "Problem — 问题",
    "notice": "Rectification notice — 整改通知",
    "rectified": "Date rectified — 整改完成日期",
    "reinspection": "Re-inspection — 整改复查",
    "passed": "Passed — 是否通过",
    "halfyear": "Half-year progress reports by half year and unit — 半年进展报送",
    "annual_summary": "Date of the year-end summary report — 年度总结报告日期",
    "contacts": "Monthly research and guidance contacts — 月联系",
    "quarter": "Quarter, e.g. 2026-Q2 — 季度",
    "as_of": "Date the figures are taken — 数据截止日期",
    "number": "Issue number within the year — 期数",
    "scorecard": "Weights of the annual scorecard (optional) — 改革实绩考核权重",
    "base": "Points every unit starts from — 基础分",
    "weights": "Points per count, by scorecard column — 各项计分权重",
}


def _rule_descriptions() -> dict[str, str]:
    from reformctl.model.rule_ids import RuleId
    from reformctl.render.labels import label

    return {
        rule.value: f"Settings of the {label('en', f'rule.{rule.value}')} rule — {label('zh-CN', f'rule.{rule.value}')}规则设置"
        for rule in RuleId
    }


def _describe(node: Any) -> None:
    """Give every property its bilingual description, recursively."""
    if isinstance(node, dict):
        props = node.get("properties")
        if isinstance(props, dict):
            for key, sub in props.items():
                text = DESCRIPTIONS.get(key) or _RULES.get(key)
                if isinstance(sub, dict) and text:
                    sub["description"] = text
        for value in node.values():
            _describe(value)
    elif isinstance(node, list):
        for value in node:
            _describe(value)


_RULES = _rule_descriptions()


def schema_of(kind: FileKind) -> dict[str, Any]:
    schema = kind.model.model_json_schema(by_alias=True, mode="validation")
    _describe(schema)
    return {
        "$schema": DIALECT,
        "$id": f"https://reformctl.invalid/schema/{kind.name}.schema.json",
        **schema,
        "title": kind.title,
        "description": f"reformctl ledger file: {kind.title}",
    }


def all_schemas() -> dict[str, dict[str, Any]]:
    """Every file kind's schema by name, plus the supervision folder's (plan or supervision)."""
    out = {kind.name: schema_of(kind) for kind in FILE_KINDS}
    plan, record = out["supervision-plan"], out["supervision"]
    name, _ = SUPERVISION_FOLDER
    out[name] = {
        "$schema": DIALECT,
        "$id": f"https://reformctl.invalid/schema/{name}.schema.json",
        "title": "Supervision folder: plan.yaml or a supervision — 督察计划或督察记录",
        "$defs": {**plan.get("$defs", {}), **record.get("$defs", {})},
        "anyOf": [_embedded(plan), _embedded(record)],
    }
    return out


def _embedded(schema: dict[str, Any]) -> dict[str, Any]:
    """A schema as a branch of another: its `$defs` move to the root, where `#/$defs/…` points."""
    return {k: v for k, v in schema.items() if k not in ("$schema", "$id", "$defs")}


def editor_globs() -> dict[str, list[str]]:
    """Schema file name → the globs it applies to, for `yaml.schemas` in editor settings."""
    out = {f"{k.name}.schema.json": list(k.globs) for k in FILE_KINDS if k.globs}
    name, globs = SUPERVISION_FOLDER
    out[f"{name}.schema.json"] = list(globs)
    return out
