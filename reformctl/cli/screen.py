"""The terminal a table is laid out for: its width and whether it takes colour. Read here, at
the edge, and handed to the renderers (which never read the environment)."""

from __future__ import annotations

import os

PIPE_WIDTH = 100
"""The width of a table when nothing says otherwise (output into a pipe or a file, no terminal)."""


def width() -> int:
    """`COLUMNS` when it is a positive number; else the width of the terminal that standard
    output, standard error or standard input is (so `reformctl due | less` fits the screen);
    else `PIPE_WIDTH`."""
    given = os.environ.get("COLUMNS", "")
    if given.strip().isdigit() and int(given) > 0:
        return int(given)
    for fd in (1, 2, 0):
        try:
            if os.isatty(fd):
                columns = os.get_terminal_size(fd).columns
                if columns > 0:
                    return columns
        except OSError:
            continue
    return PIPE_WIDTH


def colours(terminal: bool) -> bool:
    """Whether output for a terminal is coloured: not when `NO_COLOR` is set (no-color.org) or
    the terminal is `dumb`."""
    return terminal and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"
