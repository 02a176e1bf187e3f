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
    typeset_document,
)
from reformctl.render.docx.bulletin_issues import issues, supervision
from reformctl.render.docx.parts import closing, join_items, sub_number
from reformctl.render.labels import plural

Data = dict[str, Any]


def _overview(c: Data, zh: bool) -> list[Block]:
    s = c["summary"]
    stages = [st for st in c["stages"] if st["count"]]
    if zh:
        held = f"在库项目{s['in_library']}项" if s["in_library"] else "项目库无在库项目"
        lib = f"（一）重点突破改革项目库。截至{c['quarter_end']}，{held}"
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
        held = plural(s["in_library"], "project") if s["in_library"] else "no project"
        lib = f"(1) The project library. On {c['quarter_end']} the library held {held}"
        lib += "".join(
            (": " if i == 0 else ", ") + f"{st['count']} {st['name'].lower()}" for i, st in enumerate(stages)
        )
        lib += ". "
        lib += (
            f"{plural(s['exited'], 'project')} left the library in the quarter: {s['exited_completed']} completed, "
            f"{s['exited_time_limit']} at the time limit of the approval, {s['exited_adjusted']} by dynamic adjustment."
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
        "报市委改革办；未列入专项小组年度工作计划的省级及以上改革试点直报市委改革办。"
        + ("本季度报送情况如下：" if c["reporting"] else "本季度无应报送的季度进展情况。")
        if zh
        else "(2) Quarterly reporting. Lead units report each quarter to their special group, which reviews the report "
        "and passes it to the reform office; provincial and national pilots outside every group's plan report straight "
        "to the office." + ("" if c["reporting"] else " No quarterly progress report was owed this quarter.")
    )
    head = (
        ("归口", "应报", "按时", "逾期", "未报", "按时报送率")
        if zh
        else ("Reviewed by", "Owed", "On time", "Late", "Missing", "On-time rate")
    )
    out: list[Block] = [
        Heading(1, "一、总体进展" if zh else "1. Overview"),
        para(lib),
        Table(
            ("指标", "数量") if zh else ("Indicator", "Count"),
            tuple((k, str(v)) for k, v in rows),
            (False, True),
        ),
        para(reporting),
    ]
    if not c["reporting"]:  # nothing owed: no empty table, no chart without bars
        return out
    return [
        *out,
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
    if not c["groups"]:
        out.append(
            para(
                "本季度重点突破改革项目库无在库项目。"
                if zh
                else "No project was in the library this quarter."
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
                f" {e['kind'][:1].upper() + e['kind'][1:]} due by {e['due']}"
                + (f": {e['status']}" if e["status"] else "")
                + "."
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
                    + (
                        f"本季度进展应报送{w['owed']}项，按时报送{w['on_time']}项、逾期报送{w['late']}项、尚未报送{w['missing']}项。"
                        if w["owed"]
                        else "本季度无应报送的季度进展情况。"
                    )
                    if zh
                    else f"The {y} work plan was approved by the leading group on {w['approved']}: {plural(w['count'], 'item')}, "
                    f"{w['completed']} completed. "
                    + (
                        f"Quarterly reports: {w['owed']} owed, {w['on_time']} on time, {w['late']} late, {w['missing']} missing."
                        if w["owed"]
                        else "No quarterly report was owed this quarter."
                    )
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
    if not c["workplans"]:
        out.append(
            para(
                "本年度专项小组无年度工作计划。"
                if zh
                else f"No special group has an annual work plan for {c['year']}."
            )
        )
    return out


def _opening(c: Data, zh: bool) -> str:
    """The opening paragraph: the quarter in numbers (a sentence for what it has none of)."""
    s = c["summary"]
    if zh:
        held = (
            f"在库项目{s['in_library']}项，其中按计划推进{s['on_schedule']}项、进度滞后{s['lagging']}项、严重滞后{s['seriously_lagging']}项"
            + (f"、已完成{s['completed']}项" if s["completed"] else "")
            if s["in_library"]
            else "项目库无在库项目"
        )
        pilots = f"省级及以上改革试点{s['pilots']}项" if s["pilots"] else "无省级及以上改革试点"
        reports = (
            f"本季度应报送季度进展情况{s['reports_owed']}项，按时报送{s['reports_on_time']}项、"
            f"逾期报送{s['reports_late']}项、尚未报送{s['reports_missing']}项。"
            if s["reports_owed"]
            else "本季度无应报送的季度进展情况。"
        )
        return (
            f"{c['quarter_name']}，重点突破改革项目库新入库项目{s['entered']}项、出库{s['exited']}项。"
            f"截至{c['quarter_end']}，{held}；{pilots}。{reports}现将有关情况通报如下。"
        )
    held = (
        f"On {c['quarter_end']} the library held {plural(s['in_library'], 'project')}: {s['on_schedule']} on schedule, "
        f"{s['lagging']} lagging and {s['seriously_lagging']} seriously lagging"
        + (f", {s['completed']} completed" if s["completed"] else "")
        + "."
        if s["in_library"]
        else f"On {c['quarter_end']} the library held no project."
    )
    pilots = (
        f"{plural(s['pilots'], 'pilot')} at provincial level and above {'is' if s['pilots'] == 1 else 'are'} under way."
        if s["pilots"]
        else "No pilot at provincial level or above is under way."
    )
    reports = (
        f"Of the {plural(s['reports_owed'], 'quarterly progress report')} owed for the quarter, {s['reports_on_time']} "
        f"{'was' if s['reports_on_time'] == 1 else 'were'} submitted on time, {s['reports_late']} late and "
        f"{s['reports_missing']} not at all."
        if s["reports_owed"]
        else "No quarterly progress report was owed for the quarter."
    )
    return (
        f"In {c['quarter_name']}, {plural(s['entered'], 'project')} entered the key-breakthrough project library and "
        f"{s['exited']} left it. {held} {pilots} {reports} The details follow."
    )


def _library_table(c: Data, zh: bool, head: tuple[str, ...]) -> Block:
    """The attachment's table of the library, or a sentence when the library was empty."""
    if not c["library"]:
        return para(
            f"截至{c['quarter_end']}，项目库无在库项目。"
            if zh
            else f"No project was in the library on {c['quarter_end']}."
        )
    rows = tuple(
        (str(n), p["title"], p["group"], p["lead"], p["leader"], p["stage"], p["deadline"], p["status"])
        for n, p in enumerate(c["library"], start=1)
    )
    return Table(head, rows, (True, False, False, False, False, False, False, False))


def bulletin_document(c: Data) -> Document:
    """The bulletin's blocks from `reformctl.render.bulletin.bulletin_context` output."""
    zh = c["locale"] == "zh-CN"
    opening = _opening(c, zh)
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
        *supervision(c, zh),
        *issues(c, zh),
        Blank(),
        para(f"附件：{attachment}" if zh else f"Attachment: {attachment}"),
        Blank(),
        Signature(c["office"], c["date"]),
        PageBreak(),
        Label("附件" if zh else "Attachment"),
        Blank(),
        Title(f"{attachment}（截至{c['quarter_end']}）" if zh else f"{attachment} on {c['quarter_end']}"),
        Blank(),
        _library_table(c, zh, library_head),
    ]
    return typeset_document(Document(tuple(blocks), closing(c), c["title"]), c["locale"])
