"""Rendering the office's document templates in a Jinja2 sandbox.

Every printed value passes through `escape_md` (the environment's `finalize`): ledger text comes
out literally and Markdown tables keep their columns. Reading template files is the CLI's job.
"""

from __future__ import annotations

import re
from typing import Any

from jinja2 import StrictUndefined, TemplateError
from jinja2.sandbox import SandboxedEnvironment

from reformctl.errors import ReformctlError
from reformctl.render.markdown import escape_md


class Verbatim(str):
    """Text already made safe by one of our filters; `finalize` leaves it as it is."""


_MERMAID_UNSAFE = re.compile(r"[\"`\[\]{}<>|;#&\\:,%\n\r]")


def _finalize(value: object) -> str:
    if isinstance(value, Verbatim):
        return str(value)
    return escape_md(value)


def _mermaid(value: object) -> Verbatim:
    """A label or number for a Mermaid chart: quotes, brackets and separators removed."""
    return Verbatim(_MERMAID_UNSAFE.sub(" ", "—" if value is None else str(value)).strip() or "—")


def _md(value: object) -> Verbatim:
    return Verbatim(escape_md(value))


def make_environment() -> SandboxedEnvironment:
    env = SandboxedEnvironment(
        autoescape=False,
        undefined=StrictUndefined,
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["mermaid"] = _mermaid
    env.filters["md"] = _md
    return env


def render_template(context: dict[str, Any], source: str, name: str) -> str:
    """Render a template source; a template error becomes a clear ReformctlError (exit 2)."""
    env = make_environment()
    try:
        template = env.from_string(source)
        text = template.render(**context)
    except TemplateError as err:
        line = getattr(err, "lineno", None)
        where = f"{name}:{line}" if line else name
        raise ReformctlError(f"template {where}: {type(err).__name__}: {err.message or err}") from None
    except (ArithmeticError, TypeError, ValueError, LookupError, AttributeError) as err:
        raise ReformctlError(f"template {name}: {type(err).__name__}: {err}") from None
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.rstrip("\n") + "\n"
