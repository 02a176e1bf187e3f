"""The command line validates without pydantic plugins.

When it builds its first validator, pydantic looks for plugins (hooks that observe validation,
such as a tracing service's) among the entry points of every installed distribution, and imports
`importlib.metadata` to do so: 30 ms on the path of every run that validates a file, among the
tenths of a second a run after an edit takes. reformctl's command line takes no plugin, as if
`PYDANTIC_DISABLE_PLUGINS=__all__` were set: `off` puts in place of pydantic's plugin loader a
module that finds none, before pydantic looks. Anything else asked of that module is the real
loader's (imported then), so that a pydantic which asks more of it still works. Used as a
library, reformctl leaves pydantic as it is.
"""

from __future__ import annotations

import sys
import types
from typing import Any

LOADER = "pydantic.plugin._loader"


class _NoPlugins(types.ModuleType):
    """pydantic's plugin loader, finding no plugin."""

    @staticmethod
    def get_plugins() -> tuple[()]:
        return ()

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        import importlib

        if sys.modules.get(LOADER) is self:
            del sys.modules[LOADER]
        return getattr(importlib.import_module(LOADER), name)


def off() -> None:
    """Run this process's validators without plugins (unless pydantic has looked for them)."""
    if LOADER not in sys.modules:
        sys.modules[LOADER] = _NoPlugins(LOADER)
