"""The year-end report (年报告, seed §2(2)) as document blocks, from `report_context` (the data the
Markdown templates get): the same sections and sentences as `templates/report.*.md.j2`. A report
to the leading group has no masthead: title, addressee, body, signature and the closing block."""

from __future__ import annotations

from typing import Any

from reformctl.render.docx.blocks import (
    Addressee,
    Blank,
    Block,
    Document,
    Heading,
    Run,
    Signature,
    Table,
    Title,
    para,
    typeset_document,
)
from reformctl.render.docx.parts import closing
from reformctl.render.labels import plural

Data = dict[str, Any]


def _counts(d: Data, zh: bool) -> str:
    if zh:
        return (
            f"已按期完成{d['done']}项、逾期完成{d['late']}项、逾期未完成{d['overdue']}项、推进中{d['open']}项"
        )
    return f"{d['done']} completed on time, {d['late']} completed late, {d['overdue']} overdue, {d['open']} in progress"


def _status_table(rows: list[Data], zh: bool) -> Table:
    head = (
        ("序号", "任务", "牵头单位", "完成时限", "完成情况")
        if zh
        else ("No.", "Task", "Lead unit", "Deadline", "Status")
    )
    return Table(
        head,
        tuple(
            (str(n), i["title"], i["lead"], i["deadline"] or "—", i["status"])
            for n, i in enumerate(rows, start=1)
        ),
        (True, False, False, False, False),
    )


def _plans(c: Data, zh: bool) -> list[Block]:
    k, y = c["keypoints"], c["year"]
    out: list[Block] = [
        Heading(1, "一、年度改革要点和工作计划完成情况" if zh else "1. Annual key points and work plans"),
        Heading(2, "（一）年度改革要点" if zh else "(1) Annual key points"),
    ]
    if k["approved"]:
        out.append(
            para(
                f"{y}年度改革要点于{k['approved']}经市委全面深化改革领导小组审议通过，共{k['total']}项任务：{_counts(k, zh)}。"
                if zh
                else f"The {y} key points were approved by the leading group on {k['approved']}, with {plural(k['total'], 'task')}: {_counts(k, zh)}."
            )
        )
    else:
        out.append(
            para(
                f"{y}年度改革要点尚未经市委全面深化改革领导小组审议通过。"
                if zh
                else f"The {y} key points have not been approved by the leading group."
            )
        )
    if k["rows"]:
        out.append(_status_table(k["rows"], zh))
    out.append(Heading(2, "（二）专项小组年度工作计划" if zh else "(2) Special groups' work plans"))
    for n, p in enumerate(c["workplans"], start=1):
        if not p["approved"]:
            out.append(
                para(
                    f"{n}. {p['group']}：年度工作计划尚未经审议批准。"
                    if zh
                    else f"{n}. {p['group']}: work plan not approved yet."
                )
            )
            continue
        late = [
            f"{i['title']}（{i['lead']}）" if zh else f"{i['title']} ({i['lead']})"
            for i in p["rows"]
            if i["outcome"] == "overdue"
        ]
        tail = (
            (f"；逾期未完成的是：{'、'.join(late)}" if zh else f"; overdue: {', '.join(late)}")
            if late
            else ""
        )
        out.append(
            para(
                f"{n}. {p['group']}：年度工作计划于{p['approved']}经审议批准，共{p['total']}项任务，{_counts(p, zh)}{tail}。"
                if zh
                else f"{n}. {p['group']}: work plan approved on {p['approved']}, {plural(p['total'], 'item')}: {_counts(p, zh)}{tail}."
            )
        )
    if not c["workplans"]:
        out.append(
            para(
                "本年度专项小组无年度工作计划。"
                if zh
                else f"No special group has an annual work plan for {y}."
            )
        )
    return out


def _library(c: Data, zh: bool) -> list[Block]:
    lib, lights = c["library"], c["library"]["lights"]
    if zh:
        text = (
            f"截至{c['day_text']}，项目库在库项目{lib['in_library']}项，其中按计划推进{lights['green']}项、进度滞后{lights['yellow']}项、严重滞后{lights['red']}项。"
            if lib["in_library"]
            else f"截至{c['day_text']}，项目库无在库项目。"
        )
        text += (
            f"全年新入库项目{len(lib['entered'])}项："
            + "、".join(f"{e['title']}（{e['date']}入库，{e['lead']}牵头）" for e in lib["entered"])
            + "。"
            if lib["entered"]
            else "全年无新入库项目。"
        )
        text += (
            f"全年出库项目{len(lib['exited'])}项："
            + "；".join(f"{e['title']}（{e['date']}，{e['reason']}）" for e in lib["exited"])
            + "。"
            if lib["exited"]
            else "全年无项目出库。"
        )
        if lib["completed"]:
            text += f"其中完成改革任务的项目{len(lib['completed'])}项：{'、'.join(lib['completed'])}。"
        head: tuple[str, ...] = (
            "序号",
            "项目",
            "归口专项小组",
            "牵头单位",
            "联系市领导",
            "计划完成时限",
            "年末状态",
        )
    else:
        text = (
            f"On {c['day_text']} the library held {plural(lib['in_library'], 'project')}: {lights['green']} on schedule, {lights['yellow']} lagging, {lights['red']} seriously lagging. "
            if lib["in_library"]
            else f"On {c['day_text']} the library held no project. "
        )
        text += (
            f"{len(lib['entered'])} entered during the year: "
            + "; ".join(f"{e['title']} ({e['date']}, led by {e['lead']})" for e in lib["entered"])
            + ". "
            if lib["entered"]
            else "No project entered during the year. "
        )
        text += (
            f"{len(lib['exited'])} left: "
            + "; ".join(f"{e['title']} ({e['date']}, {e['reason']})" for e in lib["exited"])
            + "."
            if lib["exited"]
            else "No project left during the year."
        )
        if lib["completed"]:
            text += f" Completed: {'; '.join(lib['completed'])}."
        head = (
            "No.",
            "Project",
            "Special group",
            "Lead unit",
            "Liaison leader",
            "Deadline",
            "Status at year end",
        )
    out: list[Block] = [
        Heading(1, "二、重点突破改革项目库运行情况" if zh else "2. The key-breakthrough project library"),
        para(text),
    ]
    if lib["table"]:
        rows = tuple(
            (str(n), p["title"], p["group"], p["lead"], p["leader"], p["deadline"], p["status"])
            for n, p in enumerate(lib["table"], start=1)
        )
        out.append(Table(head, rows, (True, False, False, False, False, False, False)))
    return out


def _pilots(c: Data, zh: bool) -> list[Block]:
    out: list[Block] = [Heading(1, "三、改革试点推进情况" if zh else "3. Reform pilots")]
    running = [p for p in c["pilots"] if p["count"]]
    for n, p in enumerate(running, start=1):
        e = p["evaluations"]
        if zh:
            text = f"{n}. {p['level']}改革试点{p['count']}项（{'、'.join(p['titles'])}）。"
            if e["owed"]:
                text += f"年内应完成阶段性评估和总结评估{e['owed']}项，按期完成{e['on_time']}项、逾期完成{e['late']}项、尚未完成{e['missing']}项。"
            if p["evaluations_later"]:
                text += f"年内另有{p['evaluations_later']}项评估尚未到期。"
            if p["ended"]:
                text += (
                    "年内结束的试点："
                    + "；".join(f"{x['title']}（{x['date']}{x['how']}）" for x in p["ended"])
                    + "。"
                )
        else:
            text = f"{n}. {plural(p['count'], p['level'] + ' pilot')}: {'; '.join(p['titles'])}."
            if e["owed"]:
                text += f" Phase and summary evaluations due during the year: {e['owed']}, {e['on_time']} done on time, {e['late']} done late, {e['missing']} not done."
            if p["evaluations_later"]:
                text += f" {p['evaluations_later']} more fall due later in the year."
            if p["ended"]:
                text += (
                    " Ended during the year: "
                    + "; ".join(f"{x['title']} ({x['date']}, {x['how']})" for x in p["ended"])
                    + "."
                )
        out.append(para(text))
    if not running:
        out.append(para("全年没有在实施的改革试点。" if zh else "No pilot ran during the year."))
    return out


def _supervision_text(c: Data, zh: bool) -> str:
    """Supervisions, rectifications and re-inspections of the year in a paragraph; a sentence for
    what the year had none of."""
    s, y = c["supervision"], c["year"]
    r, carried, missing = s["rectifications"], s["special"] + s["daily"], s["reinspections"]["missing"]
    later = s["rectifications_later"]
    if zh:
        text = (
            f"{y}年度督察工作计划于{s['plan_approved']}印发，列入督察事项{s['plan_items']}项。"
            if s["plan_approved"]
            else f"{y}年度督察工作计划尚未印发。"
        )
        text += (
            f"全年开展专项督察{s['special']}次、日常督察{s['daily']}次，发现问题{s['findings']}个，下发整改通知{s['notices']}份。"
            if carried
            else "全年未开展重大改革项目督察。"
        )
        if r["owed"]:
            text += f"已到整改期限的{r['owed']}项中，按期整改到位{r['on_time']}项、逾期整改到位{r['late']}项、尚未整改到位{r['missing']}项"
            text += f"；另有{later}项尚未到整改期限。" if later else "。"
        elif later:
            text += f"{later}项整改尚未到整改期限。"
        if s["reinspected"] or missing:
            text += f"已复查{s['reinspected']}项"
            text += f"，其中复查未通过{s['reinspection_failed']}项" if s["reinspection_failed"] else ""
            text += f"；已到复查期限尚未复查{missing}项" if missing else ""
            text += "。"
        return text
    text = (
        f"The {y} supervision plan was issued on {s['plan_approved']} with {plural(s['plan_items'], 'item')}."
        if s["plan_approved"]
        else f"The {y} supervision plan has not been issued."
    )
    text += (
        f" {s['special']} special and {s['daily']} daily {'supervision' if carried == 1 else 'supervisions'} found "
        f"{plural(s['findings'], 'problem')}; {plural(s['notices'], 'rectification notice')} "
        f"{'was' if s['notices'] == 1 else 'were'} issued."
        if carried
        else " No supervision was carried out during the year."
    )
    if r["owed"]:
        text += (
            f" Of the {plural(r['owed'], 'rectification')} past the deadline, {r['on_time']} "
            f"{'was' if r['on_time'] == 1 else 'were'} rectified on time, {r['late']} late and {r['missing']} not yet"
        )
        text += f"; {later} more {'is' if later == 1 else 'are'} not due yet." if later else "."
    elif later:
        text += f" {plural(later, 'rectification')} {'is' if later == 1 else 'are'} not due yet."
    if s["reinspected"] or missing:
        text += f" {plural(s['reinspected'], 'finding')} {'was' if s['reinspected'] == 1 else 'were'} re-inspected"
        text += f", {s['reinspection_failed']} of them not passed" if s["reinspection_failed"] else ""
        text += (
            f"; {plural(missing, 're-inspection')} past the deadline {'is' if missing == 1 else 'are'} not done"
            if missing
            else ""
        )
        text += "."
    return text


def _supervision(c: Data, zh: bool) -> list[Block]:
    h = c["handovers"]
    text = _supervision_text(c, zh)
    out: list[Block] = [
        Heading(1, "四、督察整改情况" if zh else "4. Supervision and rectification"),
        Heading(2, "（一）重大改革项目督察" if zh else "(1) Supervision of major reforms"),
        para(text),
        Heading(2, "（二）问题交办单办理" if zh else "(2) Hand-over sheets"),
    ]
    if not h["total"]:
        out.append(para("全年没有交办问题。" if zh else "No problem was handed over during the year."))
        return out
    out.append(
        para(
            f"全年交办问题{h['total']}件：按期办结{h['done']}件，逾期办结{h['late']}件，逾期未办结{h['overdue']}件，正在办理{h['open']}件。"
            if zh
            else f"{plural(h['total'], 'problem')} {'was' if h['total'] == 1 else 'were'} handed over during the year: {h['done']} resolved on time, {h['late']} resolved late, {h['overdue']} overdue, {h['open']} in progress."
        )
    )
    for n, i in enumerate(h["rows"], start=1):
        out.append(
            para(
                f"{n}. {i['title']}（{i['lead']}承办，期限{i['deadline']}）：{i['status']}。"
                if zh
                else f"{n}. {i['title']} (assigned to {i['lead']}, deadline {i['deadline']}): {i['status']}."
            )
        )
    return out


def _reporting(c: Data, zh: bool) -> list[Block]:
    r, b = c["reporting_total"], c["bulletins"]
    if zh:
        text = (
            f"各专项小组、牵头单位和县（市、区）全年应报送季度和半年进展情况{r['owed']}项，按时报送{r['on_time']}项、逾期报送{r['late']}项、未报送{r['missing']}项。"
            if r["owed"]
            else "全年无应报送的季度和半年进展情况。"
        )
        text += (
            f"市委改革办全年应印发季通报{b['owed']}期，按时印发{b['on_time']}期、逾期印发{b['late']}期"
            + (f"、尚未印发{b['missing']}期" if b["missing"] else "")
            + "。"
            if b["owed"]
            else "全年尚无到期的季通报。"
        )
        head: tuple[str, ...] = ("单位", "应报", "按时", "逾期", "未报", "按时报送率")
    else:
        text = (
            f"The special groups, lead units, counties and zones owed "
            f"{plural(r['owed'], 'quarterly or half-year progress report', 'quarterly and half-year progress reports')} "
            f"during the year: {r['on_time']} came in on time, {r['late']} late, {r['missing']} not at all."
            if r["owed"]
            else "No quarterly or half-year progress report was owed during the year."
        )
        text += (
            f" The office owed {plural(b['owed'], 'quarterly bulletin')}: {b['on_time']} issued on time, {b['late']} late"
            + (f", {b['missing']} not yet" if b["missing"] else "")
            + "."
            if b["owed"]
            else " No quarterly bulletin was due yet."
        )
        head = ("Unit", "Owed", "On time", "Late", "Missing", "On-time rate")
    out: list[Block] = [Heading(1, "五、进展情况报送" if zh else "5. Progress reporting"), para(text)]
    if c["reporting"]:
        rows = tuple(
            (u["unit"], str(u["owed"]), str(u["on_time"]), str(u["late"]), str(u["missing"]), f"{u['rate']}%")
            for u in c["reporting"]
        )
        out.append(Table(head, rows, (False, True, True, True, True, True)))
    return out


def _closing_sections(c: Data, zh: bool) -> list[Block]:
    y, cases = c["year"], c["exemplary"]
    out: list[Block] = [Heading(1, "六、示范案例" if zh else "6. Exemplary cases")]
    if cases:
        items = [
            f"{x['title']}（{x['kind']}，{x['lead']}）" if zh else f"{x['title']} ({x['kind']}, {x['lead']})"
            for x in cases
        ]
        out.append(
            para(
                f"{y}年度确定示范案例{len(cases)}个：{'、'.join(items)}。"
                if zh
                else f"{plural(len(cases), 'exemplary case')} {'was' if len(cases) == 1 else 'were'} chosen for {y}: {'; '.join(items)}."
            )
        )
    else:
        out.append(
            para(f"{y}年度尚未确定示范案例。" if zh else f"No exemplary case has been chosen for {y}.")
        )
    out.append(Heading(1, "七、需结转下一年度的逾期事项" if zh else "7. Overdue going into the next year"))
    if c["overdue"]:
        out.append(
            para(
                f"截至{c['as_of_text']}，共有{c['overdue_count']}项工作逾期未完成，涉及{c['overdue_units']}个单位，请有关单位抓紧办理："
                if zh
                else f"On {c['as_of_text']}, {plural(c['overdue_count'], 'obligation')} of {plural(c['overdue_units'], 'unit')} "
                f"{'is' if c['overdue_count'] == 1 else 'are'} overdue:"
            )
        )
        for n, u in enumerate(c["overdue"], start=1):
            items = [
                f"{i['what']}应于{i['due']}前{i['verb']}，已逾期{i['days']}天"
                if zh
                else f"{i['what']}, due {i['due']}, {plural(i['days'], 'day')} overdue"
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
                f"截至{c['as_of_text']}，没有逾期未完成的工作。"
                if zh
                else f"On {c['as_of_text']} nothing is overdue."
            )
        )
    return out


def _opening(c: Data, zh: bool) -> str:
    k, w, lib, r, y = c["keypoints"], c["workplan_total"], c["library"], c["reporting_total"], c["year"]
    if zh:
        tasks = (
            f"全市年度改革要点共{k['total']}项任务，{_counts(k, zh)}"
            if k["total"]
            else "全市年度改革要点未列任务"
        )
        items = (
            f"专项小组年度工作计划共{w['total']}项任务，{_counts(w, zh)}"
            if w["total"]
            else "专项小组年度工作计划未列任务"
        )
        reports = (
            f"各单位全年应报送进展情况{r['owed']}项，按时报送{r['on_time']}项。"
            if r["owed"]
            else "全年无应报送的进展情况。"
        )
        return (
            f"{y}年，{tasks}；{items}。"
            f"重点突破改革项目库全年入库{len(lib['entered'])}项、出库{len(lib['exited'])}项，截至{c['day_text']}在库{lib['in_library']}项。"
            f"{reports}现将{y}年度全面深化改革工作情况报告如下（数据截至{c['as_of_text']}）。"
        )
    tasks = (
        f"the annual key points held {plural(k['total'], 'task')}: {_counts(k, zh)}"
        if k["total"]
        else "the annual key points held no task"
    )
    items = (
        f"The special groups' work plans held {plural(w['total'], 'item')}: {_counts(w, zh)}."
        if w["total"]
        else "The special groups' work plans held no item."
    )
    reports = (
        f"Of the {plural(r['owed'], 'progress report')} owed during the year, {r['on_time']} came in on time."
        if r["owed"]
        else "No progress report was owed during the year."
    )
    return (
        f"In {y} {tasks}. {items} {plural(len(lib['entered']), 'project')} entered the key-breakthrough project "
        f"library during the year and {len(lib['exited'])} left it; {lib['in_library']} "
        f"{'was' if lib['in_library'] == 1 else 'were'} in it on {c['day_text']}. {reports} This report gives the "
        f"details (figures as of {c['as_of_text']})."
    )


def report_document(c: Data) -> Document:
    """The report's blocks from `reformctl.render.report.report_context` output."""
    zh = c["locale"] == "zh-CN"
    opening = _opening(c, zh)
    warnings = [para(Run(line.strip(), bold=True), indent=False) for line in c.get("warnings", ())]
    blocks: list[Block] = [
        *warnings,  # a preview of a ledger with errors says first what was left out
        Title(c["title"]),
        Blank(),
        Addressee(c["addressee"]),
        para(opening),
        *_plans(c, zh),
        *_library(c, zh),
        *_pilots(c, zh),
        *_supervision(c, zh),
        *_reporting(c, zh),
        *_closing_sections(c, zh),
    ]
    if zh:
        blocks.append(para("特此报告。"))
    blocks += [Blank(), Signature(c["office"], c["date"])]
    return typeset_document(Document(tuple(blocks), closing(c), c["title"]), c["locale"])
