"""Benchmarks of the read path: prints figures and ratios in one run.

    python -m benchmarks.run [--sizes 1000,10000] [--big] [--python PATH]

--big adds 50,000 projects. --python times the reformctl of another interpreter, e.g. of a venv
with `pip install .` as the README's Quick start installs it (this checkout's development venv has
an editable install, whose import hook adds about 25 ms to the start of every run).

For each size (N projects, N/5 pilots …, see benchmarks/generate.py): the floor (reading every
file's bytes and parsing it with libyaml's CSafeLoader in one process), then `check` and `due`
end to end in a fresh process — cold (`--no-cache`; timed in turns with the floor, best of 3),
warm (nothing changed: the stored result is replayed), computed with the caches filled but no
stored result to replay, and right after one project file changed — their ratios to the floor and
the time per file;
in-process loading with 1 and 2 parsing processes; `due` on the largest size generated with
nobody reporting (`--unreported`, a worst case for the output); a realistic ledger of about 200
files; and `--version`. The cache goes to a temporary folder (REFORMCTL_CACHE_DIR); reformctl's
bytecode is compiled first, as an installed package has it. Run on an idle machine; figures go in
docs/performance.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from benchmarks.generate import generate

AS_OF = "2026-07-10"
ROUNDS = 3
PYTHON = [sys.executable]
"""The interpreter whose reformctl is timed (`--python`)."""
WHERE = tempfile.gettempdir()
"""The current folder of the timed runs: not this checkout, whose `reformctl/` folder `python -m`
would import instead of the installed package."""


def floor_seconds(root: Path) -> float:
    start = time.perf_counter()
    for path in root.rglob("*.yaml"):
        yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
    return time.perf_counter() - start


def command_seconds(*args: str, repeat: int = 1) -> float:
    """The best of `repeat` runs of `reformctl ARGS` in a fresh process."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run([*PYTHON, "-m", "reformctl", *args], check=False, capture_output=True, cwd=WHERE)
        best = min(best, time.perf_counter() - start)
    return best


def load_seconds(root: Path, jobs: int) -> float:
    code = (
        "import sys, time; from pathlib import Path; from reformctl.load.loader import load_ledger; "
        f"t = time.perf_counter(); load_ledger(Path(sys.argv[1]), jobs={jobs}); print(time.perf_counter() - t)"
    )
    out = subprocess.run(
        [*PYTHON, "-c", code, str(root)], check=True, capture_output=True, text=True, cwd=WHERE
    )
    return float(out.stdout)


def age(root: Path, seconds: float = 3600) -> None:
    """Give every file an old mtime, as a checked-out ledger has (recent files are not cached), and
    wait until their change times are older than the caches' racy window too."""
    old = time.time() - seconds
    for path in root.rglob("*"):
        if path.is_file():
            os.utime(path, (old, old))
    time.sleep(2.1)


def drop_results() -> None:
    """Forget stored command results (the other caches stay): the next run computes again."""
    shutil.rmtree(Path(os.environ["REFORMCTL_CACHE_DIR"]) / "results", ignore_errors=True)


def computed_seconds(*args: str, repeat: int = 1) -> float:
    """Like `command_seconds`, with the caches filled but no stored result to replay."""
    best = float("inf")
    for _ in range(repeat):
        drop_results()
        best = min(best, command_seconds(*args))
    return best


def changed_seconds(root: Path, args: tuple[str, ...], first: int = 0) -> float:
    """`reformctl ARGS` right after one project file changed (another file each time, from
    project number `first`), best of ROUNDS."""
    best = float("inf")
    for n in range(first, first + ROUNDS):
        target = root / "projects" / f"p{n:06d}.yaml"
        target.write_text(
            target.read_text(encoding="utf-8").replace("title: ", "title: 改", 1), encoding="utf-8"
        )
        best = min(best, command_seconds(*args))
    return best


def worst_case(root: Path, size: int) -> str:
    """`due` cold and after one change on a ledger where nobody reported (a very long output)."""
    generate(root, size, reported=False)
    age(root)
    due_args = ("due", "--ledger", str(root), "--as-of", AS_OF, "--format", "json")
    floor = due_cold = float("inf")
    for _ in range(ROUNDS):
        floor = min(floor, floor_seconds(root))
        due_cold = min(due_cold, command_seconds("--no-cache", *due_args))
    command_seconds(*due_args)
    due_warm = command_seconds(*due_args, repeat=3)
    return (
        f"worst case (nobody reported), {size:,} projects: floor {floor:.2f} s, due cold {due_cold:.2f} s "
        f"({due_cold / floor:.2f}×), warm {due_warm:.2f} s, 1 file changed {changed_seconds(root, due_args):.2f} s"
    )


def machine() -> str:
    return (
        f"{platform.machine()}, {os.cpu_count()} CPU(s), Python {platform.python_version()}, "
        f"PyYAML {yaml.__version__} (libyaml {'yes' if hasattr(yaml, 'CSafeLoader') else 'no'})"
    )


def bench(root: Path, size: int, rows: list[str]) -> float:
    files = generate(root, size)
    age(root)
    due_args = ("due", "--ledger", str(root), "--as-of", AS_OF, "--format", "json")
    # The floor and the cold runs are timed in turns, best of ROUNDS each: on a shared machine the
    # speed drifts, and turns expose all three to the same drift.
    floor = check_cold = due_cold = float("inf")
    for _ in range(ROUNDS):
        floor = min(floor, floor_seconds(root))
        check_cold = min(check_cold, command_seconds("--no-cache", "check", "--ledger", str(root)))
        due_cold = min(due_cold, command_seconds("--no-cache", *due_args))
    command_seconds("check", "--ledger", str(root))  # fills the caches and stores the result
    command_seconds(*due_args)
    check_warm = command_seconds("check", "--ledger", str(root), repeat=3)
    due_warm = command_seconds(*due_args, repeat=3)
    check_records = computed_seconds("check", "--ledger", str(root))
    due_records = computed_seconds(*due_args)
    due_changed = changed_seconds(root, due_args)
    check_changed = changed_seconds(root, ("check", "--ledger", str(root)), first=ROUNDS)
    serial, parallel = load_seconds(root, 1), load_seconds(root, 2)
    per_file = check_cold / files * 1000
    rows.append(
        f"| {size:,} | {files:,} | {floor:.2f} s | {check_cold:.2f} s ({check_cold / floor:.2f}×) | "
        f"{due_cold:.2f} s ({due_cold / floor:.2f}×) | {check_warm:.2f} s | {due_warm:.2f} s | "
        f"{check_records:.2f} / {due_records:.2f} s | {check_changed:.2f} / {due_changed:.2f} s | "
        f"{serial:.2f} / {parallel:.2f} s | "
        f"{per_file:.3f} ms |"
    )
    print(rows[-1], flush=True)
    return per_file


def installed() -> str:
    """Where the timed reformctl comes from, and how it is installed."""
    code = (
        "import importlib.metadata as m, json, reformctl; d = m.distribution('reformctl'); "
        "u = json.loads(d.read_text('direct_url.json') or '{}'); "
        "print(reformctl.__file__, 'editable' if u.get('dir_info', {}).get('editable') else 'installed')"
    )
    out = subprocess.run([*PYTHON, "-c", code], check=True, capture_output=True, text=True, cwd=WHERE)
    return f"{PYTHON[0]}: {out.stdout.strip()}"


def compile_bytecode() -> None:
    """Compile reformctl's modules, as an installed package has them: an editable install run with
    PYTHONDONTWRITEBYTECODE set would otherwise compile its ninety modules on every run."""
    package = Path(__file__).resolve().parent.parent / "reformctl"
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(package)], check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--big", action="store_true", help="also 50,000 projects (several minutes)")
    parser.add_argument("--python", help="time the reformctl installed for this interpreter")
    args = parser.parse_args()
    if args.python:
        PYTHON[:] = [args.python]
    sizes = [int(s) for s in args.sizes.split(",")] + ([50_000] if args.big else [])
    print(f"machine: {machine()}")
    print(f"reformctl timed: {installed()}")
    if not args.python:  # this checkout, as an installed package has it
        compile_bytecode()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["REFORMCTL_CACHE_DIR"] = str(Path(tmp) / "cache")
        version = command_seconds("--version", repeat=5)
        print(f"reformctl --version: {version:.3f} s (target ≤ 0.15 s)")
        small = Path(tmp) / "ledger-small"
        files = generate(small, 150)
        age(small)
        due_args = ("due", "--ledger", str(small), "--as-of", AS_OF, "--format", "json")
        table_args = ("due", "--ledger", str(small), "--as-of", AS_OF)
        cold = command_seconds("--no-cache", *due_args, repeat=3)
        command_seconds(*due_args)
        command_seconds(*table_args)
        warm = command_seconds(*due_args, repeat=3)
        table = command_seconds(*table_args, repeat=3)
        records = computed_seconds(*due_args, repeat=3)
        records_table = computed_seconds(*table_args, repeat=3)
        print(
            f"realistic ledger, {files} files: due --format json cold {cold:.3f} s, warm {warm:.3f} s, "
            f"computed {records:.3f} s; due (table) warm {table:.3f} s, computed "
            f"{records_table:.3f} s (target ≤ 0.25 s)"
        )
        print(
            "| projects | files | floor | check cold | due cold | check warm | due warm "
            "| check / due, computed, no stored result | check / due, 1 file changed | load 1 / 2 procs | check ms/file |"
        )
        print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        rows: list[str] = []
        per_file = [bench(Path(tmp) / f"ledger-{size}", size, rows) for size in sizes]
        print(worst_case(Path(tmp) / "ledger-unreported", sizes[-1]), flush=True)
        if len(per_file) > 1:
            print(
                f"time per file, largest / smallest size: {max(per_file[1:]) / per_file[0]:.2f}× (target ≤ 1.5×)"
            )


if __name__ == "__main__":
    main()
