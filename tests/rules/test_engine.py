"""Which rules name the tracked-item files (reformctl.rules.engine.ITEM_RULES): a run after an
edit, whose other files' obligations are stored, computes the item rules only
(reformctl.outcomes.derive), which is right only while no other rule names an item file and each
rule's obligations do not depend on the others'."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from benchmarks.generate import generate
from reformctl.load.layout import ITEM_KINDS, Kind
from reformctl.load.loader import load_ledger
from reformctl.model.rule_ids import RuleId
from reformctl.rules.engine import ITEM_RULES, RULES, compute_obligations, item_obligations
from tests.conftest import EXAMPLE

FOLDERS = {"projects": Kind.PROJECT, "pilots": Kind.PILOT, "handovers": Kind.HANDOVER}
DAYS = [date(2025, 3, 31), date(2026, 7, 10), date(2027, 1, 15)]


def _is_item(rel: str) -> bool:
    return FOLDERS.get(rel.split("/", 1)[0]) in ITEM_KINDS


@pytest.fixture(scope="module")
def ledgers(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    out = [EXAMPLE]
    for reported in (True, False):
        root = tmp_path_factory.mktemp("generated") / "ledger"
        generate(root, 60, seed=11, reported=reported)
        out.append(root)
    return out


def test_item_rules_are_rules() -> None:
    assert set(RULES) > ITEM_RULES and set(RULES) == set(RuleId)


@pytest.mark.parametrize("day", DAYS, ids=str)
def test_only_the_item_rules_name_item_files_and_alone_give_theirs(ledgers: list[Path], day: date) -> None:
    for root in ledgers:
        ledger, _ = load_ledger(root, jobs=1)
        every = compute_obligations(ledger, day)
        named = {ob.rule for ob in every if _is_item(ob.file)}
        assert named and named <= ITEM_RULES, root
        assert {ob.rule for ob in every} - ITEM_RULES, root  # the others have obligations here too
        assert compute_obligations(ledger, day, ITEM_RULES) == tuple(
            ob for ob in every if ob.rule in ITEM_RULES
        )
        files = {ob.file for ob in every if _is_item(ob.file)}
        assert item_obligations(ledger, day, files) == tuple(ob for ob in every if ob.file in files)
        for rule in RuleId:  # each rule's obligations are its own, computed alone or with the rest
            assert compute_obligations(ledger, day, {rule}) == tuple(ob for ob in every if ob.rule is rule)
