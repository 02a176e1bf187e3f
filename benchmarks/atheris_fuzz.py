"""Coverage-guided fuzzing of the read path with atheris (SPEC §9): no input raises, hangs or writes.

    pip install -e '.[fuzz]'
    python -m benchmarks.atheris_fuzz -max_total_time=600 [corpus dirs] [other libFuzzer flags]
    python -m benchmarks.atheris_fuzz --make-corpus DIR

An input is one byte that picks the kind of ledger file (`KINDS[data[0] % len(KINDS)]`) followed by
that file's content, which is written into a scratch ledger folder and read as its kind by
`read_record` (parse and validate), as `benchmarks.fuzz` does. A normal outcome is a record and/or
problems; any exception is a crash, and so is a file appearing in the ledger folder, or a hang
(libFuzzer's -timeout, 10 s unless given). Half the mutations are libFuzzer's, half are those of
`benchmarks.fuzz.mutate` (YAML punctuation, bit flips, deletions, duplicated lines).

The seeds are the example ledger's files, each prefixed with its kind byte. Without a corpus
folder on the command line they are written to a temporary one (what the run adds to it is lost);
`--make-corpus DIR` writes them to DIR, to pass as the corpus and keep.
"""

from __future__ import annotations

import atexit
import os
import random
import shutil
import sys
import tempfile
from collections.abc import Sequence
from hashlib import sha1
from pathlib import Path

try:
    import atheris
except ImportError:  # pragma: no cover - depends on the installed extras
    raise ModuleNotFoundError(
        "benchmarks.atheris_fuzz needs atheris: pip install -e '.[fuzz]'", name="atheris"
    ) from None

with atheris.instrument_imports(include=["reformctl"]):
    from reformctl.load.layout import Entry, Kind, scan
    from reformctl.load.loader import read_record

from benchmarks.fuzz import EXAMPLE, appeared, mutate

KINDS: tuple[Kind, ...] = tuple(Kind)
DEFAULT_TIMEOUT = "-timeout=10"


def _example_entries() -> dict[Kind, Entry]:
    """One example file of each kind (the first in the ledger's order): where inputs are written."""
    entries, _ = scan(EXAMPLE)
    out: dict[Kind, Entry] = {}
    for entry in entries:
        out.setdefault(entry.kind, entry)
    missing = [k.value for k in KINDS if k not in out]
    if missing:
        raise RuntimeError(f"the example ledger has no file of kind {', '.join(missing)}")
    return out


def seed_inputs() -> list[bytes]:
    """Every file of the example ledger, prefixed with its kind byte, in the ledger's order."""
    entries, _ = scan(EXAMPLE)
    return [bytes([KINDS.index(e.kind)]) + (EXAMPLE / e.rel).read_bytes() for e in entries]


class _Scratch:
    """A scratch ledger folder holding one file per kind (at the example's path for that kind)."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self.entries = _example_entries()
        for entry in self.entries.values():
            path = self.root / entry.rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(b"")
        self.known = frozenset(e.rel for e in self.entries.values())


_scratch: _Scratch | None = None


def TestOneInput(data: bytes) -> None:
    """Read `data[1:]` as a file of kind `KINDS[data[0] % len(KINDS)]`; raise on any failure."""
    global _scratch
    if not data:
        return
    if _scratch is None:  # imported (by the tests) rather than run by `main`
        folder = tempfile.mkdtemp(prefix="reformctl-atheris-")
        atexit.register(shutil.rmtree, folder, True)
        _scratch = _Scratch(Path(folder))
    entry = _scratch.entries[KINDS[data[0] % len(KINDS)]]
    (_scratch.root / entry.rel).write_bytes(data[1:])
    record, problems, _ = read_record(_scratch.root, entry)
    if record is None and not problems:
        raise AssertionError(f"{entry.kind.value}: no record and no problem")
    new = appeared(_scratch.root, _scratch.known)
    if new:
        raise AssertionError(f"reading {entry.rel} wrote files in the ledger: {new}")


def custom_mutator(data: bytes, max_size: int, seed: int) -> bytes:
    """libFuzzer's mutations or, half the time, `benchmarks.fuzz.mutate` of the content (kind byte kept)."""
    rng = random.Random(seed)
    if len(data) < 2 or rng.random() < 0.5:
        return atheris.Mutate(data, max_size)
    return (data[:1] + mutate(rng, data[1:]))[:max_size]


def make_corpus(folder: Path) -> int:
    """Write the seed inputs to `folder` (named by content hash, as libFuzzer does); their count."""
    folder.mkdir(parents=True, exist_ok=True)
    seeds = seed_inputs()
    for seed in seeds:
        (folder / sha1(seed).hexdigest()).write_bytes(seed)
    return len(seeds)


def _fuzz_in_child(args: list[str]) -> int:
    """Run libFuzzer in a child process and return its exit code.

    At the end of a run libFuzzer leaves the process without Python's exit handlers, so the
    temporary folders are removed by this (waiting) process. The child ends as atheris ends it
    (a crash is reported and saved on the way out): it never returns from `atheris.Fuzz`.
    """
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:
        atheris.Setup(args, TestOneInput, custom_mutator=custom_mutator)
        atheris.Fuzz()
        os._exit(1)  # not reached
    while True:
        try:
            _, status = os.waitpid(pid, 0)
        except KeyboardInterrupt:
            continue  # the child has the same Ctrl-C and stops by itself
        return os.waitstatus_to_exitcode(status)


def main(argv: Sequence[str]) -> int:
    global _scratch
    args = list(argv)
    if len(args) >= 2 and args[1] == "--make-corpus":
        if len(args) != 3:
            print("usage: python -m benchmarks.atheris_fuzz --make-corpus DIR", file=sys.stderr)
            return 2
        count = make_corpus(Path(args[2]))
        print(f"{count} seed inputs written to {args[2]}")
        return 0
    if not any(a.startswith("-timeout=") for a in args[1:]):
        args.append(DEFAULT_TIMEOUT)
    with tempfile.TemporaryDirectory(prefix="reformctl-atheris-") as work:
        _scratch = _Scratch(Path(work) / "ledger")
        if not any(not a.startswith("-") for a in args[1:]):
            make_corpus(Path(work) / "seeds")
            args.append(str(Path(work) / "seeds"))
        return _fuzz_in_child(args)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
