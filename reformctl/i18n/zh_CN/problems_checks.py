"""简体中文: the problems that checks find in records that validated: references, unique ids, dates
in order, the seed rules (SPEC §5), and the names of the fields they speak of."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    # references and ids
    "problem.unknown-unit": "{field}“{value}”不在 units.yaml 中；应为 units.yaml 中的单位编号{hint}",
    "problem.wrong-unit-kind": "{field}“{value}”是{kind}；应为{kinds}",
    "problem.unknown-person": "{field}“{value}”不在 units.yaml 的人员名录（people）中；应为人员编号{hint}",
    "problem.unknown-subject": (
        "{field}“{value}”没有对应的记录；应为已有的 projects/…、pilots/… 或 <年份>/keypoints#<任务编号>{hint}"
    ),
    "problem.unknown-subject.not-supervised": "督察问题的对象“{value}”不在本次督察的对象中；应为下列之一：{subjects}",
    "problem.unknown-project": "项目“{value}”不在项目库中；应为 projects/ 下某个文件的编号{hint}",
    "problem.duplicate-id": "{what}编号“{value}”重复使用；编号应唯一",
    "problem.duplicate-id.person-unit": "人员编号“{value}”与单位编号相同；人员和单位的编号应互不相同",
    "problem.duplicate-id.assigned": "承办单位“{value}”重复列出；每个单位只应列出一次",
    "problem.duplicate-id.milestone": "时间节点编号“{value}”与第{n}个时间节点的编号相同；同一事项内的节点编号应唯一",
    "problem.empty-list.assigned": "assigned（承办单位）为空；应至少列出一个单位",
    "problem.file-mismatch.group": "group“{value}”与文件名“{stem}”不一致；应为 {stem}",
    "problem.file-mismatch.quarter": "quarter {value} 与文件 {file} 不一致；应为 {expected}",
    "problem.wrong-year.half": "半年 {half} 记在 {year} 文件夹中；应为 {year}-H1 或 {year}-H2",
    "problem.wrong-year.year": "year {value} 与所在文件夹 {year} 不一致；应为 {year}",
    "problem.wrong-year.contact": "联系日期 {date} 记在 {year} 文件夹中；应为 {year} 年内的日期",
    # dates in order
    "problem.date-order": "{later} {later_date} 早于 {earlier} {earlier_date}；{later} 应不早于 {earlier}",
    "problem.date-order.plan": (
        "方案 {step} {date} 早于 {previous} {previous_date}；"
        "应为 drafted ≤ office_review ≤ deliberated ≤ issued ≤ filed"
    ),
    "problem.date-order.report": "{period} 进展情况的报送日期 {date} 早于该期间开始；应不早于 {first}",
    "problem.date-order.reviewed": "审核日期 {reviewed} 早于报送日期 {submitted}；应先报送、后审核",
    "problem.date-order.halfyear": "{half} 半年进展情况的报送日期 {date} 早于该半年开始；应不早于 {first}",
    "problem.date-order.bulletin": "季通报印发日期 {date} 早于该季度开始；应不早于 {first}",
    "problem.date-order.annual": "年报告印发日期 {date} 早于该年开始；应不早于 {first}",
    "problem.missing-notice": "已记录 {field}，但该问题没有整改通知；应先记录整改通知（notice：unit、issued、deadline）",
    # the seed's rules
    "problem.plan-not-deliberated": (
        "报审范围为“{scope}”的方案于 {issued} 印发，未经改革领导小组审议；"
        "应在印发当日或之前审议（plan.deliberated，§1(2)）"
    ),
    "problem.pilot-level": "突破{breaks}的试点定为{level}；应为{need}（§4(1)）",
    "problem.pilot-level.or-higher": "突破{breaks}的试点定为{level}；应为{need}或更高层级（§4(1)）",
    "problem.project-team.empty": "团队（team）为空；应至少有一人（一个项目、一名领导、一个团队，§2(1)）",
    "problem.project-team.twice": "团队成员“{value}”重复列出；每人只应列出一次",
    "problem.reinspection-failed": "督察问题 {finding} 于 {date} 整改复查未通过；应重新下发整改通知或继续整改",
    "problem.rule-override": "规则 {rule} 不使用 {setting}，此设置不起作用（使用{what}的规则：{rules}）",
    "problem.override.due": "每年截止日期",
    "problem.override.days": "天数",
    "problem.override.years": "年数",
    "problem.ignored-block": "任务 {task} 即项目库项目“{project}”，其自身的 {setting} 不会被使用；应写在 projects/{project}.yaml 中",
    # the fields and things they speak of
    "problem.field.office": "改革办",
    "problem.field.unit": "所在单位",
    "problem.field.unit-leader": "负责领导",
    "problem.field.secretary": "书记",
    "problem.field.group": "归口专项小组",
    "problem.field.lead": "牵头单位",
    "problem.field.partner": "配合单位",
    "problem.field.leader": "联系市领导",
    "problem.field.team-member": "团队成员",
    "problem.field.raised-by": "提出单位",
    "problem.field.coordinator": "协调单位",
    "problem.field.assigned": "承办单位",
    "problem.field.co-lead": "联合牵头单位",
    "problem.field.subject": "督察对象",
    "problem.field.notified": "整改通知单位",
    "problem.field.reporting": "报送单位",
    "problem.field.by": "联系单位",
    "problem.field.with": "被联系单位",
    "problem.what.unit": "单位",
    "problem.what.person": "人员",
    "problem.what.task": "任务",
    "problem.what.item": "事项",
    "problem.what.finding": "督察问题",
    "problem.unit-kind.leading-group": "改革领导小组",
    "problem.unit-kind.office": "改革办",
    "problem.unit-kind.special-group": "专项小组",
    "problem.unit-kind.department": "部门",
    "problem.unit-kind.county": "县（市、区）",
    "problem.unit-kind.zone": "功能区",
    "problem.unit-kind.inspection-office": "督查考评办",
    "problem.level.national": "国家级（national）",
    "problem.level.provincial": "省级（provincial）",
    "problem.level.municipal": "市级（municipal）",
    "problem.level.local": "自主（local）",
    "problem.breaks.national-law": "国家法律法规（national-law）",
    "problem.breaks.provincial-rules": "省级法规规章（provincial-rules）",
    "problem.breaks.local-rules": "地方规定（local-rules）",
}
