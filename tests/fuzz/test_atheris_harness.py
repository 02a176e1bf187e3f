"""The atheris harness (`benchmarks/atheris_fuzz.py`) runs clean on its seeds and on random bytes.

Calls its `TestOneInput` directly (no libFuzzer run); skipped when atheris is not installed
(`pip install -e '.[fuzz]'`).
"""

from __future__ import annotations

import random

import pytest

pytest.importorskip("atheris")

from benchmarks.atheris_fuzz import KINDS, TestOneInput, seed_inputs


def test_every_kind_has_a_seed() -> None:
    seeds = seed_inputs()
    assert {KINDS[s[0]] for s in seeds} == set(KINDS)


@pytest.mark.parametrize("seed", seed_inputs(), ids=lambda s: f"{KINDS[s[0]].value}-{len(s)}")
def test_seed_inputs(seed: bytes) -> None:
    TestOneInput(seed)


def test_random_bytes() -> None:
    rng = random.Random(20261130)
    for _ in range(200):
        TestOneInput(rng.randbytes(rng.randrange(0, 300)))
    TestOneInput(b"")
