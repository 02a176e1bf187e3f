"""The bulletin's sections five to seven as document blocks (supervision and rectification, issues,
next steps): the same sentences as `templates/bulletin.*.md.j2`."""

from __future__ import annotations

from typing import Any

from reformctl.render.docx.blocks import Block, Heading, Table, para
from reformctl.render.labels import plural

Data = dict[str, Any]


def supervision(c: Data, zh: bool) -> list[Block]:
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
            text = f"{n}. {v['title']} ({v['kind']} supervision led by {v['lead']}{with_}, {span}): {plural(len(v['findings']), 'finding')}, {plural(v['notices'], 'rectification notice')}."
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


def issues(c: Data, zh: bool) -> list[Block]:
    s = c["summary"]
    out: list[Block] = [Heading(1, "六、存在的问题" if zh else "6. Issues")]
    if c["problems"]:
        out.append(
            para(
                f"截至{c['date']}，共有{s['overdue']}项工作逾期未完成，涉及{s['overdue_units']}个单位："
                if zh
                else f"On {c['date']}, {plural(s['overdue'], 'obligation')} of {plural(s['overdue_units'], 'unit')} "
                f"{'was' if s['overdue'] == 1 else 'were'} overdue:"
            )
        )
        for n, u in enumerate(c["problems"], start=1):
            items = [
                f"{i['what']}应于{i['due']}前{i['verb']}，已逾期{i['days']}天"
                if zh
                else f"the {i['what']}, due by {i['due']}, is {plural(i['days'], 'day')} overdue"
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
            others = step["unit_count"] - len(step["units"])
            more = (
                (f"等{step['unit_count']}个单位" if zh else f" and {plural(others, 'other unit')}")
                if step["more_units"]
                else ""
            )
            units = "、".join(step["units"]) if zh else ", ".join(step["units"])
            what = (
                f"{step['rule']}{step['count']}项（{units}{more}）"
                if zh
                else f"{step['count']} {step['rule'] if step['count'] == 1 else step['rules']} ({units}{more})"
            )
        out.append(para(f"{n}. {step['due']}前：{what}。" if zh else f"{n}. By {step['due']}: {what}."))
    if not c["next_steps"]:
        out.append(para("下一季度暂无到期事项。" if zh else "Nothing falls due next quarter."))
    return out
