"""The `reformctl` program: pick the language of help and messages, build the app in it, run it.

Help texts are fixed when the app is built (`reformctl.cli.app.build_app`), so the language is
read first from the command line (`--lang X` or `--lang=X` before the command), else from
`REFORMCTL_LANG`, else from the system's locale (`reformctl.i18n.language`); the root callback
reads the same option again for the messages of the command.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

from reformctl.i18n import Lang, language


def lang_value(args: Sequence[str]) -> str | None:
    """The value of `--lang` before the command (`--lang en`, `--lang=en`), or None."""
    for i, arg in enumerate(args):
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
        if arg == "--lang":
            return args[i + 1] if i + 1 < len(args) else None
        if arg == "--" or not arg.startswith("-"):
            return None  # the command: what follows is its own
    return None


def lang_of(args: Sequence[str]) -> Lang:
    """The language of help and messages for a command line."""
    return language(lang_value(args), os.environ)


def main() -> None:
    from reformctl.cli.app import build_app

    build_app(lang_of(sys.argv[1:]))(prog_name="reformctl")
