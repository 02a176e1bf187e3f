"""A long fuzz campaign of the read path (SPEC §9): no input raises, hangs or writes.

    python -m benchmarks.fuzz --n 100000 [--seed 1]

Each input is a random mutation (bit flips, inserted YAML punctuation or bytes, deletions,
duplicated lines) of one file of the example ledger, read as its kind by `read_record` (parse and
validate). Every 500th input is also loaded as a whole ledger and run through the checks and the
rules. Prints the counts of problem codes seen and the slowest input; exits 1 on any exception.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from reformctl.check import run_checks
from reformctl.load.layout import scan
from reformctl.load.loader import load_ledger, read_record
from reformctl.rules.engine import compute_obligations

EXAMPLE = Path(__file__).resolve().parent.parent / "ledger"
BITS = [
    b":",
    b": ",
    b"- ",
    b"[",
    b"]",
    b"{",
    b"}",
    b"&a ",
    b"*a",
    b"!!str ",
    b"!x ",
    b"|",
    b">",
    b"'",
    b'"',
    b"\t",
    b"\n",
    b"  ",
    b"#",
    b"---\n",
    b"%YAML 1.1\n",
    b"\xff",
    b"\x00",
    b"2026-02-30",
    b"null",
    b"9" * 30,
]


def mutate(rng: random.Random, raw: bytes) -> bytes:
    data = bytearray(raw)
    for _ in range(rng.randint(1, 4)):
        i = rng.randrange(len(data) + 1)
        op = rng.randrange(4)
        if op == 0 and data:
            data[min(i, len(data) - 1)] ^= 1 << rng.randrange(8)
        elif op == 1:
            data[i:i] = rng.choice(BITS)
        elif op == 2:
            del data[i : i + rng.randint(1, 8)]
        else:
            start = data.rfind(b"\n", 0, i) + 1
            end = data.find(b"\n", i)
            end = len(data) if end < 0 else end + 1
            data[start:start] = data[start:end]
    return bytes(data)


def appeared(root: Path, known: Iterable[str]) -> list[str]:
    """Files under `root` that are not among `known` (ledger-relative paths): what a read wrote."""
    top = str(root)
    files = {os.path.join(d, f)[len(top) + 1 :].replace(os.sep, "/") for d, _, fs in os.walk(top) for f in fs}
    return sorted(files - set(known))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    codes: Counter[str] = Counter()
    slowest = (0.0, "")
    failures = 0
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "ledger"
        shutil.copytree(EXAMPLE, root)
        entries, _ = scan(root)
        originals = {e.rel: (root / e.rel).read_bytes() for e in entries}
        for n in range(args.n):
            entry = rng.choice(entries)
            raw = mutate(rng, originals[entry.rel])
            (root / entry.rel).write_bytes(raw)
            t = time.perf_counter()
            try:
                problems = read_record(root, entry).problems
                codes.update(p.code for p in problems)
                if n % 500 == 0:
                    ledger, _ = load_ledger(root)
                    run_checks(ledger)
                    compute_obligations(ledger, date(2026, 7, 10))
            except Exception:
                failures += 1
                print(f"input {n} ({entry.rel}) raised:\n{traceback.format_exc()}{raw!r}", file=sys.stderr)
            took = time.perf_counter() - t
            if took > slowest[0]:
                slowest = (took, entry.rel)
            (root / entry.rel).write_bytes(originals[entry.rel])
        new = appeared(root, originals)
        if new:
            print(f"files appeared in the ledger: {new}", file=sys.stderr)
            failures += 1
    print(
        f"{args.n} inputs in {time.perf_counter() - started:.1f} s, {failures} failure(s); "
        f"slowest input {slowest[0] * 1000:.1f} ms ({slowest[1]})"
    )
    print("problem codes:", ", ".join(f"{c} {k}" for c, k in codes.most_common()))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
