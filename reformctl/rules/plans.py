"""Plans and time nodes: `project-plan` (§1(3)), `filing` (§4(2)), `milestone` (§1(3), §2(1))."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence

from reformctl.model.blocks import Milestone
from reformctl.model.rule_ids import RuleId
from reformctl.rules.calendar import add_days
from reformctl.rules.context import Context, at
from reformctl.rules.items import items
from reformctl.rules.obligation import Obligation
from reformctl.rules.titles import title


def project_plans(ctx: Context) -> Iterator[Obligation]:
    """§1(3) 对新启动的项目，抓紧制订方案: a library project in stage `new` or with a plan owes an
    issued plan by `entered` + 90 days; done at `plan.issued`."""
    days = ctx.settings.days(RuleId.PROJECT_PLAN)
    for pid, rec in sorted(ctx.ledger.projects.items()):
        p = rec.value
        if ctx.known(p.entered) is None or (p.stage != "new" and p.plan is None):
            continue
        yield ctx.obligation(
            RuleId.PROJECT_PLAN,
            f"projects/{pid}",
            p.title,
            None,
            p.lead,
            add_days(p.entered, days),
            p.plan.issued if p.plan else None,
            at(rec.spans, ("plan", "issued"), ("plan",), ("entered",)),
        )


def filings(ctx: Context) -> Iterator[Obligation]:
    """§4(2) 列入年度改革要点和省级及以上试点的改革方案，相关责任单位应在印发后一周内向市委改革办备案:
    issued + 7 days; done at `plan.filed`. A plan issued after its item left (a project out of
    the library, a pilot past its end or terminated) owes no filing."""
    days = ctx.settings.days(RuleId.FILING)
    for item in items(ctx):
        plan = item.plan
        if not item.files_plan or plan is None or ctx.known(plan.issued) is None:
            continue
        assert plan.issued is not None
        if item.left(plan.issued):
            continue  # issued after the item left: an inactive item owes nothing new (SPEC §3)
        yield ctx.obligation(
            RuleId.FILING,
            item.subject,
            item.title,
            None,
            item.lead,
            add_days(plan.issued, days),
            plan.filed,
            at(item.spans, item.path("plan", "filed"), item.path("plan", "issued")),
        )


def milestone_anchors(milestones: Sequence[Milestone]) -> list[str]:
    """What each milestone of an item is, whatever its position: `id:<id>` for a milestone with an
    `id`, else `what:<digest of what>` (the k-th milestone without id with the same `what` adds
    `#k`). The calendar's event UIDs come from these, so inserting, deleting or reordering
    milestones, or changing their dates, leaves every other event's UID as it was."""
    seen: dict[str, int] = {}
    out = []
    for m in milestones:
        if m.id is not None:
            out.append(f"id:{m.id}")
            continue
        key = "what:" + hashlib.sha256(m.what.encode("utf-8", "surrogatepass")).hexdigest()[:24]
        seen[key] = seen.get(key, 0) + 1
        out.append(key if seen[key] == 1 else f"{key}#{seen[key]}")
    return out


def milestones(ctx: Context) -> Iterator[Obligation]:
    """§1(3) 按照时间节点要求加大力度: each milestone of an item active on its `due` date."""
    for item in items(ctx):
        anchors = milestone_anchors(item.milestones)
        for n, m in enumerate(item.milestones, start=1):
            if not item.active(m.due):
                continue
            yield ctx.obligation(
                RuleId.MILESTONE,
                item.subject,
                title(ctx.locale, "milestone", title=item.title, what=m.what),
                f"m{n}",
                item.lead,
                m.due,
                m.done,
                at(item.spans, item.path("milestones", n - 1)),
                anchor=anchors[n - 1],
            )
