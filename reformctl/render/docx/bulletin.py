"""The quarterly bulletin (季通报, seed §2(2)) as document blocks, from `bulletin_context` (the data
the Markdown templates get): the same sections and sentences as `templates/bulletin.*.md.j2`."""

from __future__ import annotations

from typing import Any

from reformctl.render.docx.blocks import (
    Addressee,
    BarChart,
    Blank,
    Block,
    Document,
    Heading,
    Label,
    Masthead,
    PageBreak,
    Run,
    Signature,
    Table,
    Title,
    para,
)
from reformctl.render.docx.parts import closing, join_items, sub_number

Data = dict[str, Any]


def _overview(c: Data, zh: bool) -> list[Block]:
    s = c["summary"]
    stages = [st for st in c["stages"] if st["count"]]
    if zh:
        lib = f"（一）重点突破改革项目库。截至{c['quarter_end']}，在库项目{s['in_library']}项"
        lib += "".join(
            ("，其中" if i == 0 else "、") + f"{st['name']}{st['count']}项" for i, st in enumerate(stages)
        )
        lib += "。"
        lib += (
            f"本季度出库{s['exited']}项，其中完成改革任务{s['exited_completed']}项、达到批复改革时限"
            f"{s['exited_time_limit']}项、动态调整{s['exited_adjusted']}项。"
            if s["exited"]
            else "本季度无项目出库。"
        )
    else:
        lib = f"(1) The project library. On {c['quarter_end']} the library held {s['in_library']} projects"
        lib += "".join(
            (": " if i == 0 else ", ") + f"{st['count']} {st['name'].lower()}" for i, st in enumerate(stages)
        )
        lib += ". "
        lib += (
            f"{s['exited']} projects left the library in the quarter: {s['exited_completed']} completed, "
            f"{s['exited_time_limit']} at the time limit of their approval, {s['exited_adjusted']} by dynamic adjustment."
            if s["exited"]
            else "No project left the library in the quarter."
        )
    rows = [
        ("在库项目" if zh else "Projects in the library", s["in_library"]),
        ("其中：按计划推进" if zh else "of which on schedule", s["on_schedule"]),
        ("进度滞后" if zh else "lagging", s["lagging"]),
        ("严重滞后" if zh else "seriously lagging", s["seriously_lagging"]),
        ("已完成" if zh else "completed", s["completed"]),
        ("本季度入库" if zh else "Entered in the quarter", s["entered"]),
        ("本季度出库" if zh else "Left in the quarter", s["exited"]),
        ("省级及以上改革试点" if zh else "Pilots at provincial level and above", s["pilots"]),
        ("季度进展应报送" if zh else "Quarterly reports owed", s["reports_owed"]),
        ("其中：按时报送" if zh else "of which on time", s["reports_on_time"]),
        ("逾期报送" if zh else "late", s["reports_late"]),
        ("尚未报送" if zh else "not submitted", s["reports_missing"]),
    ]
    reporting = (
        "（二）季度进展报送情况。按照“季通报”制度，各项目、试点和年度工作计划任务的季度进展由牵头单位报归口专项小组审核后"
        "报市委改革办；未列入专项小组年度工作计划的省级及以上改革试点直报市委改革办。本季度报送情况如下："
        if zh
        else "(2) Quarterly reporting. Lead units report each quarter to their special group, which reviews the report "
        "and passes it to the reform office; provincial and national pilots outside every group's plan report straight "
        "to the office."
    )
    head = (
        ("归口", "应报", "按时", "逾期", "未报", "按时报送率")
        if zh
        else ("Reviewed by", "Owed", "On time", "Late", "Missing", "On-time rate")
    )
    return [
        Heading(1, "一、总体进展" if zh else "1. Overview"),
        para(lib),
        Table(
            ("指标", "数量") if zh else ("Indicator", "Count"),
            tuple((k, str(v)) for k, v in rows),
            (False, True),
        ),
        para(reporting),
        Table(
            head,
            tuple(
                (r["group"], *(str(r[k]) for k in ("owed", "on_time", "late", "missing")), f"{r['rate']}%")
                for r in c["reporting"]
            ),
            (False, True, True, True, True, True),
        ),
        para(
            f"{c['quarter_name']}进展情况按时报送率："
            if zh
            else f"On-time quarterly reports, {c['quarter_name']}:"
        ),
        BarChart(
            ("归口", "按时报送率", "图示") if zh else ("Reviewed by", "On time", "Chart"),
            tuple(zip(c["chart"]["labels"], c["chart"]["rates"], strict=True)),
        ),
    ]


def _project(p: Data, n: int, zh: bool, exited: bool = False) -> list[Block]:
    if zh:
        text = f"{n}. {p['title']}（牵头单位：{p['lead']}；联系市领导：{p['leader']}同志）。"
        if p["milestones_done"]:
            text += (
                "本季度完成时间节点："
                + "；".join(f"{m['what']}（{m['date']}）" for m in p["milestones_done"])
                + "。"
            )
        if exited:
            text += f"{p['date']}{p['reason']}。状态："
        else:
            if p["progress"]:
                text += f"季度进展：{p['progress']}。"
            nm = p["next_milestone"]
            if nm and nm["overdue"]:
                text += f"时间节点“{nm['what']}”应于{nm['due']}前完成，目前尚未完成。"
            elif nm:
                text += f"下一时间节点：{nm['due']}前{nm['what']}。"
            text += f"本季度进展{p['report']}。状态："
        return [para(text, Run(p["status"], bold=True), "。")]
    text = f"{n}. {p['title']} (lead unit: {p['lead']}; liaison leader: {p['leader']}). "
    if p["milestones_done"]:
        text += (
            "Milestones reached this quarter: "
            + "; ".join(f"{m['what']} ({m['date']})" for m in p["milestones_done"])
            + ". "
        )
    if exited:
        text += f"{p['date']}: {p['reason']}. Status: "
    else:
        if p["progress"]:
            text += f"Progress: {p['progress']}. "
        nm = p["next_milestone"]
        if nm and nm["overdue"]:
            text += f"Milestone “{nm['what']}” was due by {nm['due']} and is not reached. "
        elif nm:
            text += f"Next milestone: {nm['what']} by {nm['due']}. "
        text += f"Quarterly report: {p['report']}. Status: "
    return [para(text, Run(p["status"], bold=True), ".")]


def _projects(c: Data, zh: bool) -> list[Block]:
    out: list[Block] = [Heading(1, "二、重点突破改革项目推进情况" if zh else "2. Key-breakthrough projects")]
    if c["entered"]:
        items = [
            f"{e['title']}（{e['date']}入库，{e['lead']}牵头）"
            if zh
            else f"{e['title']} ({e['date']}, led by {e['lead']})"
            for e in c["entered"]
        ]
        out.append(
            para(
                f"本季度新入库项目{len(items)}项：{join_items(items, zh)}。"
                if zh
                else f"Entered the library in the quarter ({len(items)}): {join_items(items, zh)}."
            )
        )
    else:
        out.append(para("本季度无新入库项目。" if zh else "No project entered the library in the quarter."))
    if c["exited"]:
        items = [
            f"{e['title']}（{e['date']}{e['reason']}）"
            if zh
            else f"{e['title']} ({e['date']}: {e['reason']})"
            for e in c["exited"]
        ]
        out.append(
            para(
                f"本季度出库项目{len(items)}项：{join_items(items, zh, '；')}。"
                if zh
                else f"Left the library ({len(items)}): {join_items(items, zh)}."
            )
        )
    for i, g in enumerate(c["groups"], start=1):
        out.append(
            Heading(2, f"{sub_number(i, zh)}{g['name']}" if zh else f"{sub_number(i, zh)} {g['name']}")
        )
        for n, p in enumerate(g["projects"], start=1):
            out += _project(p, n, zh)
        for n, p in enumerate(g["exited"], start=len(g["projects"]) + 1):
            out += _project(p, n, zh, exited=True)
    return out


def _pilots(c: Data, zh: bool) -> list[Block]:
    out: list[Block] = [
        Heading(1, "三、省级及以上改革试点推进情况" if zh else "3. Pilots at provincial level and above")
    ]
    for n, t in enumerate(c["pilots"], start=1):
        if zh:
            where = f"，归口{t['group']}" if t["group"] else "，进展直报市委改革办"
            text = f"{n}. {t['title']}（{t['level']}试点，{t['approved_by']}批复；{t['lead']}承担{where}；试点期{t['start']}至{t['end']}）。"
            if t["terminated"]:
                text += f"试点已于{t['terminated']}终止。"
            elif t["ended"]:
                text += f"试点已于{t['end']}期满。"
            text += f"本季度进展{t['report']}。"
            text += "；".join(
                f"{e['kind']}应于{e['due']}前完成" + (f"，{e['status']}" if e["status"] else "")
                for e in t["evaluations"]
            )
            text += "。" if t["evaluations"] else ""
        else:
            where = (
                f", in the plan of the {t['group']}" if t["group"] else ", reporting straight to the office"
            )
            text = f"{n}. {t['title']} ({t['level']} pilot approved by {t['approved_by']}; carried out by {t['lead']}{where}; period {t['start']} to {t['end']}). "
            if t["terminated"]:
                text += f"Terminated on {t['terminated']}. "
            elif t["ended"]:
                text += f"The pilot period ended on {t['end']}. "
            text += f"Quarterly report: {t['report']}."
            text += "".join(
                f" {e['kind']} due by {e['due']}" + (f": {e['status']}" if e["status"] else "") + "."
                for e in t["evaluations"]
            )
        out.append(para(text))
    if not c["pilots"]:
        out.append(
            para(
                "本季度无省级及以上改革试点。"
                if zh
                else "No pilot at provincial level or above in the quarter."
            )
        )
    return out


def _workplans(c: Data, zh: bool) -> list[Block]:
    out: list[Block] = [
        Heading(1, "四、专项小组年度工作计划推进情况" if zh else "4. Special groups' annual work plans")
    ]
    for i, w in enumerate(c["workplans"], start=1):
        out.append(
            Heading(2, f"{sub_number(i, zh)}{w['group']}" if zh else f"{sub_number(i, zh)} {w['group']}")
        )
        y = c["year"]
        if w["approved"]:
            out.append(
                para(
                    f"{y}年度工作计划于{w['approved']}经市委改革领导小组审议批准，共{w['count']}项任务，已完成{w['completed']}项；"
                    f"本季度进展应报送{w['owed']}项，按时报送{w['on_time']}项、逾期报送{w['late']}项、尚未报送{w['missing']}项。"
                    if zh
                    else f"The {y} work plan was approved by the leading group on {w['approved']}: {w['count']} items, "
                    f"{w['completed']} completed. Quarterly reports: {w['owed']} owed, {w['on_time']} on time, {w['late']} late, {w['missing']} missing."
                )
            )
        else:
            out.append(
                para(
                    f"{y}年度工作计划尚未经市委改革领导小组审议批准。"
                    if zh
                    else f"The {y} work plan has not been approved yet."
                )
            )
        for n, t in enumerate(w["tasks"], start=1):
            done = (
                (f"已于{t['completed']}完成" if zh else f"completed on {t['completed']}")
                if t["completed"]
                else ("推进中" if zh else "in progress")
            )
            out.append(
                para(
                    f"{n}. {t['title']}（{t['lead']}牵头，计划{t['deadline']}前完成）：{done}；本季度进展{t['report']}。"
                    if zh
                    else f"{n}. {t['title']} (led by {t['lead']}, due by {t['deadline']}): {done}; quarterly report: {t['report']}."
                )
            )
    return out


def _supervision(c: Data, zh: bool) -> list[Block]:
    out: list[Block] = [
        Heading(1, "五、督察整改情况" if zh else "5. Supervision and rectification"),
        Heading(2, "（一）重大改革项目督察" if zh else "(1) Supervisions"),
    ]
    for n, v in enumerate(c["supervisions"], start=1):
        if zh:
            with_ = f"会同{'、'.join(v['with'])}" if v["with"] else ""
            span = f"{v['start']}至{v['end']}" if v["end"] else f"{v['start']}起"
            text = f"{n}. {v['title']}（{v['kind']}，{v['lead']}{with_}，{span}）。共发现问题{len(v['findings'])}个，下发整改通知{v['notices']}份。"
            text += f"督察报告{v['report']}。" if v["report"] else ""
        else:
            with_ = f" with {', '.join(v['with'])}" if v["with"] else ""
            span = f"{v['start']} to {v['end']}" if v["end"] else f"{v['start']} onwards"
            text = f"{n}. {v['title']} ({v['kind']} supervision led by {v['lead']}{with_}, {span}): {len(v['findings'])} findings, {v['notices']} rectification notices."
            text += f" Supervision report: {v['report']}." if v["report"] else ""
        out.append(para(text))
    if not c["supervisions"]:
        out.append(
            para("本年度尚未开展重大改革项目督察。" if zh else "No supervision has started this year.")
        )
    rows = tuple(
        tuple(
            str(f[k]) if f[k] is not None else "—"
            for k in ("subject", "problem", "unit", "deadline", "rectification", "reinspection")
        )
        for v in c["supervisions"]
        for f in v["findings"]
        if f["notice"]
    )
    if rows:
        out.append(para("督察发现问题整改情况如下：" if zh else "Rectification of the findings:"))
        head = (
            ("督察对象", "问题", "整改单位", "整改期限", "整改情况", "复查情况")
            if zh
            else ("Subject", "Problem", "Unit", "Deadline", "Rectification", "Re-inspection")
        )
        out.append(Table(head, rows))
    out.append(Heading(2, "（二）问题交办单办理" if zh else "(2) Hand-over sheets"))
    for n, h in enumerate(c["handovers"], start=1):
        out.append(
            para(
                f"{n}. {h['title']}（{h['raised']}由{h['raised_by']}提出，交{'、'.join(h['assigned'])}办理，{h['coordinator']}协调，办理期限{h['deadline']}）：{h['status']}。"
                if zh
                else f"{n}. {h['title']} (raised on {h['raised']} by {h['raised_by']}, assigned to {', '.join(h['assigned'])}, "
                f"coordinated by {h['coordinator']}, due by {h['deadline']}): {h['status']}."
            )
        )
    if not c["handovers"]:
        out.append(para("目前没有未办结的问题交办单。" if zh else "No hand-over sheet is open."))
    return out


def _issues(c: Data, zh: bool) -> list[Block]:
    s = c["summary"]
    out: list[Block] = [Heading(1, "六、存在的问题" if zh else "6. Issues")]
    if c["problems"]:
        out.append(
            para(
                f"截至{c['date']}，共有{s['overdue']}项工作逾期未完成，涉及{s['overdue_units']}个单位："
                if zh
                else f"On {c['date']}, {s['overdue']} obligations of {s['overdue_units']} units were overdue:"
            )
        )
        for n, u in enumerate(c["problems"], start=1):
            items = [
                f"{i['what']}应于{i['due']}前{i['verb']}，已逾期{i['days']}天"
                if zh
                else f"the {i['what']}, due by {i['due']}, is {i['days']} days overdue"
                for i in u["entries"]
            ]
            out.append(
                para(
                    f"{n}. {u['unit']}：{'；'.join(items)}。"
                    if zh
                    else f"{n}. {u['unit']}: {'; '.join(items)}."
                )
            )
    else:
        out.append(
            para(
                f"截至{c['date']}，没有逾期未完成的工作。" if zh else f"On {c['date']}, nothing was overdue."
            )
        )
    if c["late"]:
        out.append(para("本季度以下工作逾期完成：" if zh else "Done late in the quarter:"))
        for n, u in enumerate(c["late"], start=1):
            items = [
                f"{i['what']}应于{i['due']}前{i['verb']}，{i['done']}方{i['verb']}"
                if zh
                else f"the {i['what']}, due by {i['due']}, was {i['verb']} on {i['done']}"
                for i in u["entries"]
            ]
            out.append(
                para(
                    f"{n}. {u['unit']}：{'；'.join(items)}。"
                    if zh
                    else f"{n}. {u['unit']}: {'; '.join(items)}."
                )
            )
    out.append(Heading(1, "七、下一步工作要求" if zh else "7. Next steps"))
    out.append(
        para(
            "请各有关单位对照本通报点名的问题，抓紧整改落实，并按以下时间节点完成相关工作："
            if zh
            else "The units named above are asked to put the issues right without delay, and to meet the following deadlines:"
        )
    )
    for n, step in enumerate(c["next_steps"], start=1):
        if step["entries"]:
            what = ("；" if zh else "; ").join(
                f"{i['unit']}{i['verb']}{i['what']}" if zh else f"{i['unit']}, the {i['what']}"
                for i in step["entries"]
            )
        else:
            more = (
                (f"等{step['unit_count']}个单位" if zh else f" and others, {step['unit_count']} units")
                if step["more_units"]
                else ""
            )
            units = "、".join(step["units"]) if zh else ", ".join(step["units"])
            what = (
                f"{step['rule']}{step['count']}项（{units}{more}）"
                if zh
                else f"{step['count']} × {step['rule']} ({units}{more})"
            )
        out.append(para(f"{n}. {step['due']}前：{what}。" if zh else f"{n}. By {step['due']}: {what}."))
    if not c["next_steps"]:
        out.append(para("下一季度暂无到期事项。" if zh else "Nothing falls due next quarter."))
    return out


def bulletin_document(c: Data) -> Document:
    """The bulletin's blocks from `reformctl.render.bulletin.bulletin_context` output."""
    zh = c["locale"] == "zh-CN"
    s = c["summary"]
    if zh:
        opening = (
            f"{c['quarter_name']}，重点突破改革项目库新入库项目{s['entered']}项、出库{s['exited']}项。截至{c['quarter_end']}，"
            f"在库项目{s['in_library']}项，其中按计划推进{s['on_schedule']}项、进度滞后{s['lagging']}项、严重滞后{s['seriously_lagging']}项"
            + (f"、已完成{s['completed']}项" if s["completed"] else "")
            + f"；省级及以上改革试点{s['pilots']}项。本季度应报送季度进展情况{s['reports_owed']}项，按时报送{s['reports_on_time']}项、"
            f"逾期报送{s['reports_late']}项、尚未报送{s['reports_missing']}项。现将有关情况通报如下。"
        )
    else:
        opening = (
            f"In {c['quarter_name']}, {s['entered']} projects entered the key-breakthrough project library and {s['exited']} left it. "
            f"On {c['quarter_end']} the library held {s['in_library']} projects: {s['on_schedule']} on schedule, {s['lagging']} lagging "
            f"and {s['seriously_lagging']} seriously lagging"
            + (f", {s['completed']} completed" if s["completed"] else "")
            + ". "
            f"{s['pilots']} pilots at provincial level and above reported this quarter. Of {s['reports_owed']} quarterly reports owed, "
            f"{s['reports_on_time']} came in on time, {s['reports_late']} late and {s['reports_missing']} not at all."
        )
    attachment = "重点突破改革项目库一览表" if zh else "The key-breakthrough project library"
    library_head = (
        ("序号", "项目", "归口专项小组", "牵头单位", "联系市领导", "阶段", "计划完成时限", "状态")
        if zh
        else ("No.", "Project", "Special group", "Lead unit", "Liaison leader", "Stage", "Deadline", "Status")
    )
    warnings = [para(Run(line.strip(), bold=True), indent=False) for line in c.get("warnings", ())]
    blocks: list[Block] = [
        *warnings,  # a preview of a ledger with errors says first what was left out
        Masthead(
            c["masthead"], f"第{c['number']}期" if zh else f"Issue {c['number']}", c["office"], c["date"]
        ),
        Blank(2),
        Title(c["title"]),
        Blank(),
        Addressee(c["addressee"]),
        para(opening),
        *_overview(c, zh),
        *_projects(c, zh),
        *_pilots(c, zh),
        *_workplans(c, zh),
        *_supervision(c, zh),
        *_issues(c, zh),
        Blank(),
        para(f"附件：{attachment}" if zh else f"Attachment: {attachment}"),
        Blank(),
        Signature(c["office"], c["date"]),
        PageBreak(),
        Label("附件" if zh else "Attachment"),
        Blank(),
        Title(f"{attachment}（截至{c['quarter_end']}）" if zh else f"{attachment} on {c['quarter_end']}"),
        Blank(),
        Table(
            library_head,
            tuple(
                (
                    str(n),
                    p["title"],
                    p["group"],
                    p["lead"],
                    p["leader"],
                    p["stage"],
                    p["deadline"],
                    p["status"],
                )
                for n, p in enumerate(c["library"], start=1)
            ),
            (True, False, False, False, False, False, False, False),
        ),
    ]
    return Document(tuple(blocks), closing(c), c["title"])
