"""Finding, checking and rendering the office's document templates.

A document is rendered from `--template FILE`, else `<ledger>/templates/<stem>.<locale>.md.j2`,
else the template shipped with reformctl. A template that comes with the ledger (or from the
command line) may be hostile, since ledgers take pull requests: it is read only when it is a
regular file inside the ledger, and rendered in a child process that is stopped after
`TIME_LIMIT` seconds or when it asks for more than `MEMORY_LIMIT` bytes, on top of the
sandbox's own limits (`reformctl.render.sandbox`).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from reformctl.errors import EXIT_USAGE, Problem, ReformctlError, UsageError
from reformctl.i18n import plain
from reformctl.load.files import FileProblem, read_inside, read_limited
from reformctl.message import Msg, msg
from reformctl.render.sandbox import TemplateLimit, compile_problems, render_template
from reformctl.source import Span

MAX_TEMPLATE_BYTES = 1_000_000
TIME_LIMIT = 10.0
"""Seconds a template from the ledger may render for."""
MEMORY_LIMIT = 1 << 30
"""Bytes of memory a template from the ledger may take, beyond what its process starts with."""
FOLDER = "templates"


@dataclass(frozen=True, slots=True)
class Template:
    source: str
    name: str
    """Where it comes from, as messages name it."""
    shipped: bool
    """Whether it is one of reformctl's own templates (rendered in this process)."""


def find_template(root: Path, stem: str, locale: str, given: Path | None) -> Template:
    """`--template FILE`, else the ledger's `templates/<stem>.<locale>.md.j2`, else the shipped one."""
    from reformctl.resources import templates

    name = f"{stem}.{locale}.md.j2"
    if given is not None and not os.path.lexists(given):
        raise UsageError("error.template-missing", path=given)
    try:
        if given is not None:
            return Template(
                _text(read_limited(str(given), str(given), MAX_TEMPLATE_BYTES), str(given)), str(given), False
            )
        rel = f"{FOLDER}/{name}"
        if os.path.lexists(root / rel):
            return Template(_text(read_inside(root, rel, MAX_TEMPLATE_BYTES), rel), str(root / rel), False)
        shipped = templates() / name
        return Template(
            _text(read_limited(str(shipped), str(shipped), MAX_TEMPLATE_BYTES), str(shipped)),
            str(shipped),
            True,
        )
    except FileProblem as err:
        raise UsageError(
            "error.template-problem", path=err.problem.span.path, message=err.problem.says
        ) from None


def _text(raw: bytes, name: str) -> str:
    if len(raw) > MAX_TEMPLATE_BYTES:
        raise UsageError("error.template-large", path=name, limit=MAX_TEMPLATE_BYTES)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise UsageError("error.template-not-utf8", path=name) from None


def template_problems(root: Path) -> list[Problem]:
    """`check` of `<ledger>/templates/`: each file is a regular file inside the ledger, UTF-8, and
    compiles in the sandbox; a positioned problem for each that is not."""
    folder = root / FOLDER
    if not folder.is_dir():
        return []
    problems: list[Problem] = []
    for path in sorted(folder.iterdir()):
        rel = f"{FOLDER}/{path.name}"
        if path.name.startswith(".") or (path.is_dir() and not path.is_symlink()):
            continue
        try:
            raw = read_inside(root, rel, MAX_TEMPLATE_BYTES)
        except FileProblem as err:
            problems.append(err.problem)
            continue
        if len(raw) > MAX_TEMPLATE_BYTES:
            says = msg("problem.template.too-large", limit=MAX_TEMPLATE_BYTES)
            problems.append(Problem(Span(rel, 1, 1), "template", says))
            continue
        try:
            source = raw.decode("utf-8")
        except UnicodeDecodeError:
            problems.append(Problem(Span(rel, 1, 1), "template", Msg("problem.template.encoding")))
            continue
        problems += compile_problems(source, rel)
    return problems


def render_document(template: Template, context: dict[str, Any]) -> str:
    """Render `template` with `context`: a shipped one here, any other in a child process under
    the time and memory limits."""
    if template.shipped:
        return render_template(context, template.source, template.name)
    spawn = multiprocessing.get_context("spawn")
    receiving, sending = spawn.Pipe(duplex=False)
    child = spawn.Process(
        target=_render_in_child, args=(sending, template, context, MEMORY_LIMIT), daemon=True
    )
    child.start()
    sending.close()
    try:
        if not receiving.poll(TIME_LIMIT):
            raise TemplateLimit("error.template-time", path=template.name, seconds=f"{TIME_LIMIT:.0f}")
        ok, answer, code = receiving.recv()
    except EOFError:  # the child ended without an answer: its memory ran out
        raise TemplateLimit("error.template-memory", path=template.name) from None
    finally:
        child.kill()
        child.join()
        receiving.close()
    if not ok:
        key, values = answer
        raise (TemplateLimit if code != EXIT_USAGE else ReformctlError)(key, **values)
    return str(answer)


def _render_in_child(sending: Connection, template: Template, context: dict[str, Any], memory: int) -> None:
    _limit_memory(memory)
    try:
        sending.send((True, render_template(context, template.source, template.name), 0))
    except ReformctlError as err:  # its key and values, as text, for the parent to show
        sending.send((False, (err.key, {name: plain(v) for name, v in err.values.items()}), err.exit_code))
    sending.close()


def _limit_memory(memory: int) -> None:
    """Cap this process's address space at what it has plus `memory` bytes (where the system lets
    a process do so)."""
    with contextlib.suppress(ImportError, OSError, ValueError):
        import resource

        with open("/proc/self/statm", encoding="ascii") as statm:
            pages = int(statm.read().split()[0])
        limit = pages * os.sysconf("SC_PAGE_SIZE") + memory
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
