"""`due --format ics`: an event's UID never depends on a milestone's position.

A milestone's UID comes from its `id`, else from its `what`. Inserting, deleting or reordering
milestones and changing their dates keep every other event's UID, so a subscribed calendar
neither renames nor moves an existing event (tests/ledgers/calendar is the base ledger).
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from reformctl.model.blocks import Milestone
from reformctl.rules.plans import milestone_anchors
from tests.conftest import EXAMPLE, LEDGERS, run_cli

BASE = LEDGERS / "calendar"
AS_OF = "2026-01-15"
HEAD = (BASE / "projects" / "p1.yaml").read_text(encoding="utf-8").split("milestones:\n")[0]


@dataclass(frozen=True)
class Node:
    what: str
    due: date
    id: str | None = None


def _yaml(nodes: list[Node]) -> str:
    lines = [HEAD.rstrip("\n"), "milestones:" if nodes else "milestones: []"]
    for n in nodes:
        lines += [f"  - due: {n.due.isoformat()}", f"    what: {n.what}"]
        if n.id is not None:
            lines.append(f"    id: {n.id}")
    return "\n".join(lines) + "\n"


def events(ledger: Path, *, as_of: str = AS_OF) -> dict[str, str]:
    """The ics output's milestone events: UID by the milestone's `what` (from the summary)."""
    ran = run_cli("due", "--ledger", str(ledger), "--as-of", as_of, "--format", "ics")
    assert ran.exit_code == 0, ran.output
    found: dict[str, str] = {}
    uids = []
    for event in Calendar.from_ical(ran.stdout).walk("VEVENT"):
        uids.append(str(event["UID"]))
        if str(event["CATEGORIES"].to_ical(), "utf-8") == "milestone":
            found[str(event["SUMMARY"]).rsplit("：", 1)[1]] = str(event["UID"])
    assert len(set(uids)) == len(uids), "every event of a calendar has its own UID"
    return found


@pytest.fixture
def ledger(tmp_path: Path) -> Path:
    target = tmp_path / "ledger"
    shutil.copytree(BASE, target)
    return target


def _write(ledger: Path, nodes: list[Node]) -> None:
    (ledger / "projects" / "p1.yaml").write_text(_yaml(nodes), encoding="utf-8")


WHATS = [f"节点{i}{'ABCDEFGHIJKLMNOP'[i]}项工作" for i in range(16)]
DUES = st.dates(date(2026, 2, 1), date(2027, 12, 31))


@st.composite
def edits(draw: st.DrawFn) -> tuple[list[Node], list[Node]]:
    """A project's milestones before and after an edit: some kept (perhaps with another date, in
    another order), some deleted, some inserted anywhere. Every `what` is unique; a milestone that
    has an id keeps it."""
    whats = draw(st.lists(st.sampled_from(WHATS), min_size=1, max_size=10, unique=True))
    ids = draw(st.lists(st.booleans(), min_size=len(whats), max_size=len(whats)))
    before = [
        Node(w, draw(DUES), f"m-{WHATS.index(w)}" if has else None) for w, has in zip(whats, ids, strict=True)
    ]
    kept = [n for n in before if draw(st.booleans())]
    kept = [replace(n, due=draw(DUES)) if draw(st.booleans()) else n for n in kept]
    kept = draw(st.permutations(kept))
    fresh = [w for w in WHATS if w not in whats]
    new = draw(st.lists(st.sampled_from(fresh), max_size=3, unique=True)) if fresh else []
    after = list(kept)
    for w in new:
        node = Node(w, draw(DUES), f"n-{WHATS.index(w)}" if draw(st.booleans()) else None)
        after.insert(draw(st.integers(0, len(after))), node)
    return before, after


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits())
def test_edits_keep_every_other_events_uid(ledger: Path, change: tuple[list[Node], list[Node]]) -> None:
    before, after = change
    _write(ledger, before)
    first = events(ledger)
    assert set(first) == {n.what for n in before}
    _write(ledger, after)
    second = events(ledger)
    assert set(second) == {n.what for n in after}
    for what in set(first) & set(second):
        assert first[what] == second[what], what
    added = {n.what for n in after} - {n.what for n in before}
    assert not {second[w] for w in added} & set(first.values())


def test_inserting_a_milestone_keeps_the_example_ledgers_uids(tmp_path: Path) -> None:
    """The issue's case on the example ledger: a milestone inserted before the existing ones."""
    ledger = tmp_path / "ledger"
    shutil.copytree(EXAMPLE, ledger)
    as_of = "2026-07-10"
    first = events(ledger, as_of=as_of)
    project = ledger / "projects" / "zuiduo-paoyici.yaml"
    text = project.read_text(encoding="utf-8")
    project.write_text(
        text.replace("milestones:\n", "milestones:\n  - due: 2026-08-31\n    what: 新增的时间节点\n", 1),
        encoding="utf-8",
    )
    second = events(ledger, as_of=as_of)
    assert set(second) == set(first) | {"新增的时间节点"}
    assert {w: second[w] for w in first} == first


def test_an_id_keeps_the_uid_when_what_is_edited(ledger: Path) -> None:
    nodes = [Node("出台实施方案", date(2026, 3, 31), "plan"), Node("开展中期评估", date(2026, 12, 31))]
    _write(ledger, nodes)
    first = events(ledger)
    _write(ledger, [replace(nodes[0], what="出台实施方案（修订）"), replace(nodes[1], what="开展年中评估")])
    second = events(ledger)
    assert second["出台实施方案（修订）"] == first["出台实施方案"]  # the id holds it
    assert second["开展年中评估"] != first["开展中期评估"]  # documented: no id, new what, new UID


def test_anchors() -> None:
    """id first; else a digest of `what`; the same `what` twice without id is told apart."""
    day = date(2026, 6, 30)
    anchors = milestone_anchors(
        [
            Milestone(due=day, what="出台细则", id="rules"),
            Milestone(due=day, what="出台细则"),
            Milestone(due=day, what="出台细则"),
            Milestone(due=day, what="rules"),
        ]
    )
    assert anchors[0] == "id:rules"
    assert anchors[1].startswith("what:") and anchors[2] == anchors[1] + "#2"
    assert anchors[3].startswith("what:") and anchors[3] != anchors[1]
    assert len(set(anchors)) == 4
