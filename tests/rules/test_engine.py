"""The rule registry, and the rule that lets the outcome store keep outcomes per file: an item
file's problems and obligations depend only on that file and the ledger's context, and the
context's never on an item file's content (docs/performance.md, "What a file's outcomes depend
on"). Computed over the context and any subset of the item files, the rules and checks give
exactly the whole ledger's outcomes that name those files and the context files."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks.generate import generate
from reformctl.check import WHOLE_LEDGER_CHECKS, run_checks
from reformctl.load.loader import load_ledger
from reformctl.model.ledger import Ledger
from reformctl.model.rule_ids import RuleId
from reformctl.rules.engine import RULES, compute_obligations, per_file, rule_settings
from reformctl.rules.settings import Days, Yearly, Years
from tests.conftest import EXAMPLE, LEDGERS

DAYS = [date(2025, 3, 31), date(2026, 7, 10), date(2027, 1, 15)]
ITEM_FOLDERS = ("projects/", "pilots/", "handovers/")


def test_every_rule_id_has_one_registry_entry() -> None:
    assert list(RULES) == list(RuleId)


def test_every_rule_keeps_its_outcomes_per_file() -> None:
    assert per_file() and not WHOLE_LEDGER_CHECKS


def test_defaults_follow_the_spec() -> None:
    defaults = rule_settings(load_ledger(EXAMPLE)[0].settings.value).defaults
    assert defaults[RuleId.KEYPOINTS] == Yearly("03-31")
    assert defaults[RuleId.ANNUAL_SUMMARY] == Yearly("12-31")
    assert defaults[RuleId.PROJECT_PLAN] == Days(90)
    assert defaults[RuleId.FILING] == Days(7)
    assert defaults[RuleId.BULLETIN] == Days(15)
    assert defaults[RuleId.REINSPECTION] == Days(30)
    assert defaults[RuleId.EFFECT_EVALUATION] == Years(1)
    assert RuleId.MILESTONE not in defaults


@pytest.fixture(scope="module")
def ledgers(tmp_path_factory: pytest.TempPathFactory) -> list[Ledger]:
    roots = [EXAMPLE]
    for reported in (True, False):
        root = tmp_path_factory.mktemp("generated") / "ledger"
        generate(root, 40, seed=11, reported=reported)
        roots.append(root)
    roots.append(LEDGERS / "broken" / "many-problems")  # files that do not validate: salvaged checks
    return [load_ledger(root)[0] for root in roots]


def _items(ledger: Ledger) -> list[str]:
    return sorted(
        [f"projects/{i}.yaml" for i in ledger.projects]
        + [f"pilots/{i}.yaml" for i in ledger.pilots]
        + [f"handovers/{i}.yaml" for i in ledger.handovers]
    )


def _with_items(ledger: Ledger, files: set[str]) -> Ledger:
    """The ledger with only the item records of `files` (its listing unchanged)."""
    return dataclasses.replace(
        ledger,
        projects={k: v for k, v in ledger.projects.items() if f"projects/{k}.yaml" in files},
        pilots={k: v for k, v in ledger.pilots.items() if f"pilots/{k}.yaml" in files},
        handovers={k: v for k, v in ledger.handovers.items() if f"handovers/{k}.yaml" in files},
        salvaged=tuple(
            dataclasses.replace(s, left_out={f: v for f, v in s.left_out.items() if _kept(f, files)})
            for s in ledger.salvaged
        ),
    )


def _kept(file: str, files: set[str]) -> bool:
    return not file.startswith(ITEM_FOLDERS) or file in files


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), day=st.sampled_from(DAYS), which=st.integers(0, 3))
def test_outcomes_of_some_item_files_are_theirs_in_the_whole_ledger(
    ledgers: list[Ledger], data: st.DataObject, day: date, which: int
) -> None:
    ledger = ledgers[which]
    salvaged = sorted(f for s in ledger.salvaged for f in s.left_out)
    files = data.draw(st.sets(st.sampled_from(_items(ledger) + salvaged)))
    part = _with_items(ledger, files)
    every = compute_obligations(ledger, day)
    assert compute_obligations(part, day) == tuple(ob for ob in every if _kept(ob.file, files))
    problems = run_checks(ledger)
    assert run_checks(part) == [p for p in problems if _kept(p.span.path, files)]


@pytest.mark.parametrize("day", DAYS, ids=str)
def test_item_files_and_context_files_both_have_obligations(ledgers: list[Ledger], day: date) -> None:
    """The property above is not empty: both kinds of file have obligations on these days."""
    for ledger in ledgers[:3]:
        files = {ob.file for ob in compute_obligations(ledger, day)}
        assert any(f.startswith(ITEM_FOLDERS) for f in files)
        assert any(not f.startswith(ITEM_FOLDERS) for f in files)


def test_every_rule_has_its_words_in_both_languages() -> None:
    from reformctl.render.labels import LABELS

    for locale in ("zh-CN", "en"):
        for rule in RuleId:
            for kind in ("rule", "phrase", "verb"):
                assert LABELS[locale].get(f"{kind}.{rule.value}"), (locale, kind, rule)
