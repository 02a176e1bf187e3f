"""Benchmarks of the read path: prints figures and ratios.

    python -m benchmarks.run [--sizes 1000,10000]

For each size: the floor (reading every file's bytes and parsing it with libyaml's CSafeLoader in
one process), then `check` and `due` end to end in a fresh process, cold, and their ratio to the
floor. Run on an idle machine; figures go in docs/performance.md.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from benchmarks.generate import generate


def floor_seconds(root: Path) -> float:
    start = time.perf_counter()
    for path in root.rglob("*.yaml"):
        yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
    return time.perf_counter() - start


def command_seconds(*args: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "reformctl", *args], check=False, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,10000")
    args = parser.parse_args()
    print(f"reformctl --version: {command_seconds('--version'):.3f} s")
    with tempfile.TemporaryDirectory() as tmp:
        for size in (int(s) for s in args.sizes.split(",")):
            root = Path(tmp) / f"ledger-{size}"
            files = generate(root, size)
            floor = floor_seconds(root)
            check = command_seconds("check", "--ledger", str(root))
            due = command_seconds("due", "--ledger", str(root), "--as-of", "2026-07-10", "--format", "json")
            print(
                f"{size:>6} projects, {files:>6} files: floor {floor:6.2f} s | "
                f"check {check:6.2f} s ({check / floor:4.2f}x, {check / files * 1000:.3f} ms/file) | "
                f"due {due:6.2f} s ({due / floor:4.2f}x)"
            )


if __name__ == "__main__":
    main()
