"""Rendering the office's document templates in a Jinja2 sandbox.

Every printed value passes through `escape_md` (the environment's `finalize`): ledger text comes
out literally and Markdown tables keep their columns. A template may come with the ledger, from a
pull request, so the sandbox also bounds what one render may do: `range` hands out at most
`MAX_ITERATIONS` numbers in all, no number over `MAX_NUMBER` reaches a function, `*` and `**`
cannot build huge values, `lipsum` is gone, and the output stops at `MAX_OUTPUT` characters (a
template from the ledger also runs under a time and memory limit, `reformctl.cli.templates`).
Reading template files is the CLI's job.
"""

from __future__ import annotations

import re
from typing import Any

from jinja2 import StrictUndefined, TemplateError, TemplateSyntaxError
from jinja2.runtime import Context
from jinja2.sandbox import SandboxedEnvironment

from reformctl.errors import EXIT_PROBLEMS, Problem, ReformctlError
from reformctl.message import msg
from reformctl.render.labels import plural
from reformctl.render.markdown import escape_md
from reformctl.render.typography import typeset_markdown
from reformctl.source import Span

MAX_OUTPUT = 5_000_000
"""Characters one render may write."""
MAX_ITERATIONS = 1_000_000
"""Numbers `range` may hand out in one render, all its calls together."""
MAX_NUMBER = 1_000_000
"""The largest number a template may pass to a function or repeat a text or list by."""


class TemplateLimit(ReformctlError):
    """A template went past one of the sandbox's limits."""

    exit_code = EXIT_PROBLEMS


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


def _plural(n: object, one: str, other: str | None = None) -> str:
    """`{{ count|plural("finding") }}`: "1 finding", "5 findings" (English documents)."""
    if not isinstance(n, int) or isinstance(n, bool):
        raise TypeError(f"plural needs a whole number, not {type(n).__name__}")
    return plural(n, str(one), None if other is None else str(other))


class _Bounded(SandboxedEnvironment):
    """The sandbox with the limits of one render."""

    intercepted_binops = frozenset({"*", "**"})

    def __init__(self) -> None:
        super().__init__(
            autoescape=False,
            undefined=StrictUndefined,
            finalize=_finalize,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        self.handed_out = 0
        del self.globals["lipsum"]
        self.globals["range"] = self._range
        self.filters["mermaid"] = _mermaid
        self.filters["md"] = _md
        self.filters["plural"] = _plural

    def _range(self, *args: int) -> range:
        numbers = range(*args)
        self.handed_out += len(numbers)
        if self.handed_out > MAX_ITERATIONS:
            raise TemplateLimit("error.template-loops", limit=f"{MAX_ITERATIONS:,}")
        return numbers

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and _number(right) and abs(right) > 64:
            raise TemplateLimit("error.template-power", power=str(right))
        if operator == "*":
            for size, times in ((left, right), (right, left)):
                if isinstance(size, str | list | tuple) and _number(times) and len(size) * times > MAX_NUMBER:
                    raise TemplateLimit("error.template-repeat", limit=f"{MAX_NUMBER:,}")
        return super().call_binop(context, operator, left, right)

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        for value in (*args, *kwargs.values()):
            if _number(value) and abs(value) > MAX_NUMBER:
                raise TemplateLimit("error.template-number", value=str(value), limit=f"{MAX_NUMBER:,}")
        return super().call(__context, __obj, *args, **kwargs)


def _number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def make_environment() -> SandboxedEnvironment:
    return _Bounded()


def compile_problems(source: str, rel: str) -> list[Problem]:
    """Whether a template compiles in the sandbox: a positioned problem when it does not."""
    try:
        make_environment().parse(source)
    except TemplateSyntaxError as err:
        says = msg("problem.template.syntax", detail=" ".join(str(err.message).split()))
        return [Problem(Span(rel, err.lineno or 1, 1), "template", says)]
    except (TemplateError, RecursionError, MemoryError) as err:
        return [Problem(Span(rel, 1, 1), "template", msg("problem.template.error", name=type(err).__name__))]
    return []


def render_template(context: dict[str, Any], source: str, name: str) -> str:
    """Render a template source within the sandbox's limits; a template error or a limit reached
    is a clear ReformctlError naming the template. The text is typeset for the context's
    `locale` (`reformctl.render.typography`: “” in Chinese documents)."""
    env = make_environment()
    try:
        template = env.from_string(source)
        parts: list[str] = []
        written = 0
        for part in template.generate(**context):
            written += len(part)
            if written > MAX_OUTPUT:
                raise TemplateLimit("error.template-output", limit=f"{MAX_OUTPUT:,}")
            parts.append(part)
        text = "".join(parts)
    except TemplateLimit as err:
        raise TemplateLimit("error.template-stopped", path=name, reason=err) from None
    except RecursionError:
        raise TemplateLimit("error.template-recursion", path=name) from None
    except MemoryError:
        raise TemplateLimit("error.template-memory", path=name) from None
    except TemplateError as err:
        line = getattr(err, "lineno", None)
        where = f"{name}:{line}" if line else name
        raise ReformctlError(
            "error.template-error", path=where, kind=type(err).__name__, reason=err.message or str(err)
        ) from None
    except (ArithmeticError, TypeError, ValueError, LookupError, AttributeError) as err:
        raise ReformctlError(
            "error.template-error", path=name, kind=type(err).__name__, reason=str(err)
        ) from None
    text = re.sub(r"\n{3,}", "\n\n", text)
    return typeset_markdown(text.rstrip("\n") + "\n", str(context.get("locale", "")))
