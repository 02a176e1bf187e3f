"""Writing binary documents (docx, xlsx): to --output FILE, or to standard output when it is not
a terminal (`reformctl scorecard --format xlsx > card.xlsx`); never as bytes onto a terminal."""

from __future__ import annotations

import sys
from pathlib import Path

from reformctl.errors import ReformctlError, UsageError


def require_output(fmt: str, output: Path | None) -> None:
    """A usage error (exit 2), before any work, when binary output would go to a terminal."""
    if output is None and sys.stdout.isatty():
        raise UsageError(
            f"--format {fmt} writes a binary file; name it with --output FILE (or redirect standard output)"
        )


def emit_bytes(data: bytes, output: Path | None) -> None:
    if output is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    try:
        output.write_bytes(data)
    except OSError as err:
        raise ReformctlError(f"cannot write {output}: {err.strerror}") from None
