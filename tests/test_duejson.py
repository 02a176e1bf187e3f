"""`due --format json` writes each obligation in SPEC §8's shape; an obligation and a problem
survive the outcome store's rows of plain data unchanged."""

from __future__ import annotations

import json
from datetime import date

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reformctl.errors import Problem, Severity, problem_from_row
from reformctl.load.store import encode
from reformctl.message import Either, Msg, Names
from reformctl.model.rule_ids import RuleId
from reformctl.render.duejson import render_json
from reformctl.rules.obligation import STATES, Obligation, obligation_from_row
from reformctl.source import Span

TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12) | st.sampled_from(
    ['深化"最多跑一次"改革', "line\nbreak", "},\n    {", "\\", "m2", "m10", "2026-Q2", ""]
)
DAYS = st.dates(date(2020, 1, 1), date(2030, 12, 31))
OBLIGATIONS = st.builds(
    Obligation,
    rule=st.sampled_from(list(RuleId)),
    subject=st.sampled_from(["projects/a", "projects/b", "pilots/a", "2026/keypoints#k1"]),
    title=TEXT,
    period=st.none() | st.sampled_from(["m1", "m2", "m10", "2026-Q1", "2026", "effect"]) | TEXT,
    owner=st.sampled_from(["u1", "u2", "dept-reform-admin"]),
    route=st.none() | st.lists(st.sampled_from(["u1", "u2"]), max_size=3).map(tuple),
    due=DAYS,
    done=st.none() | DAYS,
    state=st.sampled_from(STATES),
    days=st.integers(-4000, 4000),
    file=st.sampled_from(["projects/a.yaml", "ledger.yaml"]),
    line=st.none() | st.integers(1, 10_000),
    anchor=st.none() | st.sampled_from(["id:rules", "what:0123abcd"]) | TEXT,
)


@settings(max_examples=200, deadline=None)
@given(st.lists(OBLIGATIONS, max_size=8), st.text(max_size=8), DAYS)
def test_each_obligation_in_the_spec_shape(obligations: list[Obligation], name: str, as_of: date) -> None:
    document = json.loads(render_json(obligations, name, as_of))
    assert document["as_of"] == as_of.isoformat() and document["ledger"] == name
    assert document["obligations"] == [
        {
            "rule": ob.rule.value,
            "subject": ob.subject,
            "title": ob.title,
            "period": ob.period,
            "owner": ob.owner,
            "route": None if ob.route is None else list(ob.route),
            "due": ob.due.isoformat(),
            "done": None if ob.done is None else ob.done.isoformat(),
            "state": ob.state,
            "days": ob.days,
            "file": ob.file,
            "line": ob.line,
        }
        for ob in obligations
    ]


@settings(max_examples=300, deadline=None)
@given(OBLIGATIONS)
def test_an_obligation_round_trips_through_a_stored_row(ob: Obligation) -> None:
    assert obligation_from_row(orjson.loads(encode(ob))) == ob


KEYS = ["problem.unknown-unit", "problem.field.lead", "problem.hint.did-you-mean", "no.such.key"]
NAMES = st.sampled_from(["field", "value", "hint", "n", "given"]) | TEXT
VALUES = st.recursive(
    TEXT | st.integers(-(10**9), 10**9),
    lambda inner: (
        st.builds(Names, st.lists(inner, max_size=3).map(tuple))
        | st.builds(Either, st.lists(inner, max_size=3).map(tuple))
        | st.builds(
            Msg,
            st.sampled_from(KEYS) | TEXT,
            st.lists(st.tuples(NAMES, inner), max_size=3, unique_by=lambda pair: pair[0]).map(tuple),
        )
    ),
    max_leaves=8,
)
TEXTS = st.builds(
    Msg,
    st.sampled_from(KEYS) | TEXT,
    st.lists(st.tuples(NAMES, VALUES), max_size=4, unique_by=lambda pair: pair[0]).map(tuple),
)
PROBLEMS = st.builds(
    Problem,
    span=st.builds(
        Span, st.sampled_from(["projects/a.yaml", "ledger.yaml"]), st.integers(1, 9999), st.integers(1, 999)
    ),
    code=st.sampled_from(["unknown-unit", "bad-date", "yaml-syntax"]),
    says=TEXTS,
    severity=st.sampled_from(list(Severity)),
)


@settings(max_examples=300, deadline=None)
@given(PROBLEMS)
def test_a_problem_round_trips_through_a_stored_row(problem: Problem) -> None:
    assert problem_from_row(orjson.loads(encode(problem))) == problem


@pytest.mark.parametrize(
    "row",
    [
        None,
        [],
        ["milestone"] * 12,
        ["milestone", "projects/a", "t", None, "u", None, "2026-02-30", None, "open", 1, "f", 1],
        ["nope", "projects/a", "t", None, "u", None, "2026-02-03", None, "open", 1, "f", 1],
        ["milestone", "projects/a", "t", None, "u", [1], "2026-02-03", None, "open", 1, "f", 1],
        ["milestone", "projects/a", "t", None, "u", None, "2026-02-03", None, "gone", 1, "f", 1],
        ["milestone", "projects/a", "t", None, "u", None, "2026-02-03", None, "open", True, "f", 1],
    ],
)
def test_a_stored_row_that_is_no_obligation_is_refused(row: object) -> None:
    with pytest.raises(ValueError):
        obligation_from_row(row)


@pytest.mark.parametrize(
    "row",
    [
        None,
        [1, 2, 3],
        [["f", "1", 1], "c", "m", "error"],
        [["f", 1, 1], "c", "m", "fatal"],
        [["f", 1, 1], "c", {"key": "k", "values": {}}, "fatal"],
        [["f", 1, 1], "c", {"key": "k", "values": {"x": [1]}}, "error"],
        [["f", 1, 1], "c", {"key": "k", "values": {"x": {"names": [True]}}}, "error"],
        [["f", 1, 1], "c", {"key": 1, "values": {}}, "error"],
        [["f", 1, 1], "c", {"key": "k"}, "error"],
        ["f", 1, 1, "c", "m", "error"],
    ],
)
def test_a_stored_row_that_is_no_problem_is_refused(row: object) -> None:
    with pytest.raises(ValueError):
        problem_from_row(row)
