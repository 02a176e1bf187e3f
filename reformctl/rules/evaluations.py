"""Evaluations (§5(1)): effect of key-point tasks, phase and summary of provincial-or-above pilots."""

from __future__ import annotations

from collections.abc import Iterator

from reformctl.model.blocks import Evaluation
from reformctl.model.rule_ids import RuleId
from reformctl.rules.calendar import add_years, exceeds_years, midpoint
from reformctl.rules.context import Context, at
from reformctl.rules.library import pilot_end
from reformctl.rules.obligation import Obligation
from reformctl.source import PathKey


def _first(
    ctx: Context, evaluations: tuple[Evaluation, ...], kind: str, prefix: PathKey
) -> tuple[object, int | None]:
    """The earliest evaluation of `kind` on or before the as-of date, and its index."""
    found = [(e.date, i) for i, e in enumerate(evaluations) if e.kind == kind and e.date <= ctx.as_of]
    if not found:
        return None, None
    day, index = min(found)
    return day, index


def effect_evaluations(ctx: Context) -> Iterator[Obligation]:
    """§5(1) 列入年度改革要点的改革任务，实施满一年后，由专项小组会同牵头单位开展改革效果评估:
    start + 1 year; owner the task's group."""
    years = ctx.settings.years(RuleId.EFFECT_EVALUATION)
    for year, kp, i, task in ctx.ledger.tasks():
        start = ctx.known(task.start)
        if start is None:
            continue
        done, index = _first(ctx, task.evaluations, "effect", ("tasks", i))
        yield ctx.obligation(
            RuleId.EFFECT_EVALUATION,
            f"{year}/keypoints#{task.id}",
            task.title,
            "effect",
            task.group,
            add_years(start, years),
            done,  # type: ignore[arg-type]
            at(
                kp.spans,
                ("tasks", i, "evaluations", index) if index is not None else ("tasks", i, "evaluations"),
                ("tasks", i, "start"),
            ),
        )


def phase_evaluations(ctx: Context) -> Iterator[Obligation]:
    """§5(1) 列入省级及以上改革试点，试点期超过3年的 … 开展阶段性评估: at the period's midpoint,
    unless the pilot was terminated before it."""
    for pid, rec in sorted(ctx.ledger.pilots.items()):
        p = rec.value
        if not p.provincial_or_above or ctx.known(p.start) is None:
            continue
        if not exceeds_years(p.start, p.end, 3):
            continue
        mid = midpoint(p.start, p.end)
        terminated = ctx.known(p.terminated)
        if terminated is not None and mid > terminated:
            continue
        done, index = _first(ctx, p.evaluations, "phase", ())
        yield ctx.obligation(
            RuleId.PHASE_EVALUATION,
            f"pilots/{pid}",
            p.title,
            "phase",
            p.lead,
            mid,
            done,  # type: ignore[arg-type]
            at(rec.spans, ("evaluations", index) if index is not None else ("evaluations",), ("end",)),
        )


def summary_evaluations(ctx: Context) -> Iterator[Obligation]:
    """§5(1) 试点结束时开展总结评估: at `end`, or at `terminated` when the pilot ended early."""
    for pid, rec in sorted(ctx.ledger.pilots.items()):
        p = rec.value
        if not p.provincial_or_above or ctx.known(p.start) is None:
            continue
        done, index = _first(ctx, p.evaluations, "summary", ())
        yield ctx.obligation(
            RuleId.SUMMARY_EVALUATION,
            f"pilots/{pid}",
            p.title,
            "summary",
            p.lead,
            pilot_end(p, ctx.as_of),
            done,  # type: ignore[arg-type]
            at(rec.spans, ("evaluations", index) if index is not None else ("evaluations",), ("end",)),
        )
