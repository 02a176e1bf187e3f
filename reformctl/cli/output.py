"""The one place that writes results: standard output, or `--output FILE`.

Files and file formats (JSON, CSV, calendars, Markdown, documents) are UTF-8 bytes whatever the
console's encoding, so that `reformctl due --format csv > due.csv` is the same file everywhere.
Text meant for a terminal (tables) is written in the console's encoding (GBK on a Chinese Windows
console), and as UTF-8 where the console claims plain ASCII, as the command-line framework
writes its help there, with a one-line hint. Standard output is written with the system call
itself, not through Python's buffer: a reader that goes away (`reformctl due | head`) ends the
run quietly with exit 1, and a closed or full output is a one-line error, exit 2.
"""

from __future__ import annotations

import codecs
import io
import os
import sys
from pathlib import Path

from reformctl.errors import ReformctlError, UsageError


def is_terminal() -> bool:
    """Whether standard output is a terminal (False when it is closed)."""
    try:
        return sys.stdout is not None and sys.stdout.isatty()
    except (ValueError, OSError):
        return False


def require_output(fmt: str, output: Path | None) -> None:
    """A usage error (exit 2), before any work, when binary output would go to a terminal."""
    if output is None and is_terminal():
        raise UsageError("error.binary-to-terminal", format=fmt)


def console_encoding() -> str:
    """The encoding of standard output (UTF-8 when it is closed or says nothing)."""
    name = getattr(sys.stdout, "encoding", None) or "utf-8"
    try:
        return codecs.lookup(name).name
    except LookupError:
        return "utf-8"


def emit(data: str | bytes, output: Path | None = None, *, console: bool = False) -> None:
    """Write a result: `data` as UTF-8 (bytes as they are), or `console` text in the console's
    encoding when it goes to standard output."""
    if output is not None:
        try:
            output.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
        except OSError as err:
            raise ReformctlError("error.cannot-write", path=output, reason=err.strerror) from None
        return
    if isinstance(data, str):
        data = _encoded(data, console)
    stream = sys.stdout
    if stream is None or stream.closed:
        raise ReformctlError("error.stdout-closed")
    try:
        stream.flush()  # what the framework wrote before, in order
        fd = stream.fileno()
    except io.UnsupportedOperation:  # a stream in memory (a test's, or a program's embedding us)
        stream.buffer.write(data)
        stream.buffer.flush()
        return
    except (ValueError, OSError):
        raise ReformctlError("error.stdout-closed") from None
    view = memoryview(data)
    try:
        while view:
            view = view[os.write(fd, view) :]
    except BrokenPipeError:
        raise
    except OSError as err:
        raise ReformctlError("error.cannot-write-stdout", reason=err.strerror) from None


def _encoded(text: str, console: bool) -> bytes:
    encoding = console_encoding()
    if not console or encoding == "utf-8":
        return text.encode("utf-8")
    if encoding == "ascii":
        if not text.isascii():
            from reformctl.i18n import language
            from reformctl.i18n import text as message

            sys.stderr.write(message(language(None, os.environ), "msg.ascii-terminal") + "\n")
        return text.encode("utf-8")
    return text.encode(encoding, errors="replace")
