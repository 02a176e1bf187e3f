"""What `reformctl new KIND -h` and `reformctl record KIND -h` add to the help: the fields of that
kind, each with its meaning (the descriptions of the JSON Schemas, `reformctl.schema_text`), in
the language of the help; and, for `new`, the completion of its `--key value` options."""

from __future__ import annotations

import typing
from datetime import date
from typing import Any, get_args, get_origin

from typer import _click
from typer._click.shell_completion import CompletionItem

from reformctl.cli import helpfmt
from reformctl.cli.localized import LocalCommand
from reformctl.i18n import text
from reformctl.schema_text import describe

UNIT_KEYS = frozenset({"group", "lead", "partners", "raised_by", "assigned", "coordinator", "with"})
PERSON_KEYS = frozenset({"leader", "team"})

Section = tuple[str, list[str]]


def _metavar(key: str, annotation: Any, lang: str) -> str:
    from reformctl.edit.new import _base

    base = _base(annotation)
    if get_origin(base) is tuple:
        base = _base(get_args(base)[0])
    if key in UNIT_KEYS:
        name = "unit"
    elif key in PERSON_KEYS:
        name = "person"
    elif key == "subjects":
        name = "subject"
    elif base is date:
        name = "date"
    elif base is int:
        name = "year" if key == "exemplary" else "number"
    elif get_origin(base) is typing.Literal:
        return "|".join(str(v) for v in get_args(base))
    else:
        name = "text"
    return text(lang, f"metavar.{name}")


def new_fields(kind_name: str, lang: str) -> list[tuple[str, str]]:
    """`(--key VALUE, meaning)` for each key `reformctl new KIND` sets."""
    from reformctl.edit.new import KINDS, _base, required, settable, takes_milestones

    kind = KINDS[kind_name]
    fields = kind.model.model_fields
    by_key = {f.alias or name: f for name, f in fields.items()}
    needed = set(required(kind))
    rows = []
    for key in settable(kind):
        annotation = by_key[key].annotation
        notes = [describe(kind.model.__name__, key, lang)]
        if key in needed:
            notes.append(text(lang, "help.new.required"))
        if get_origin(_base(annotation)) is tuple:
            notes.append(text(lang, "help.new.repeatable"))
        meaning = text(lang, "cli.sentence-join").join(n for n in notes if n)
        rows.append((f"--{key.replace('_', '-')} {_metavar(key, annotation, lang)}", meaning))
    if takes_milestones(kind):
        rows.append((text(lang, "help.new.milestone-term"), text(lang, "help.new.milestone")))
    return rows


RECORD_FIELDS: dict[str, tuple[tuple[str, str, str, str], ...]] = {
    "report": (("--submitted", "date", "Report", "submitted"), ("--summary", "text", "Report", "summary")),
    "milestone": (("--date", "date", "Milestone", "done"), ("--id", "id", "Milestone", "id")),
    "plan": (("--date", "date", "", "help.record.plan-date"),),
    "rectified": (("--date", "date", "Finding", "rectified"),),
    "reinspection": (("--date", "date", "Reinspection", "date"), ("--failed", "", "", "help.record.failed")),
    "resolved": (
        ("--date", "date", "Handover", "resolved"),
        ("--resolution", "text", "Handover", "resolution"),
    ),
    "evaluation": (
        ("--kind", "eval-kind", "Evaluation", "kind"),
        ("--by", "who", "Evaluation", "by"),
        ("--date", "date", "Evaluation", "date"),
        ("--third-party", "", "Evaluation", "third_party"),
        ("--summary", "text", "Evaluation", "summary"),
    ),
    "results": (("--date", "date", "Results", "submitted"), ("--summary", "text", "Results", "summary")),
    "contact": (
        ("--date", "date", "Contact", "date"),
        ("--with", "unit", "Contact", "with"),
        ("--note", "text", "Contact", "note"),
    ),
    "halfyear": (("--date", "date", "", "help.record.halfyear-date"),),
    "complete": (("--date", "date", "Project", "completed"),),
    "exit": (("--date", "date", "Exit", "date"), ("--reason", "text", "Exit", "reason")),
}
"""For each record kind, the options that fill its fields: (option, metavar, model, key), where
the meaning is the schema's description of the model's key, or a catalogue key when the model
is empty."""


def record_fields(kind: str, lang: str) -> list[tuple[str, str]]:
    rows = []
    for option, metavar, model, key in RECORD_FIELDS[kind]:
        meaning = describe(model, key, lang) if model else text(lang, key)
        term = f"{option} {text(lang, f'metavar.{metavar}')}" if metavar else option
        rows.append((term, meaning))
    return rows


class NewCommand(LocalCommand):
    """`reformctl new`: its help lists the kinds, or with a kind the fields it takes."""

    def sections(self, ctx: _click.Context) -> list[Section]:
        from reformctl.edit.new import KINDS

        width = ctx.make_formatter().width
        given = self.given(ctx)
        if given and given[0] in KINDS:
            kind = given[0]
            title = text(self.lang, "help.new.fields", kind=kind)
            return [(title, helpfmt.definitions(new_fields(kind, self.lang), width))]
        rows = [(k, text(self.lang, f"help.new.kind.{k}")) for k in KINDS]
        return [(text(self.lang, "help.new.kinds"), helpfmt.definitions(rows, width))]

    def shell_complete(self, ctx: _click.Context, incomplete: str) -> list[CompletionItem]:
        """After `new KIND`: its `--key` options, and after a unit or person key, the ledger's ids."""
        from reformctl.cli import complete
        from reformctl.edit.new import KINDS

        kind = ctx.params.get("kind")
        if kind not in KINDS:
            return super().shell_complete(ctx, incomplete)
        if incomplete.startswith("-"):
            options = [row[0].split(" ")[0] for row in new_fields(str(kind), self.lang)]
            return [CompletionItem(o) for o in options if o.startswith(incomplete)]
        last = ctx.args[-1] if ctx.args else ""
        key = last.removeprefix("--").replace("-", "_")
        if last.startswith("--") and key in UNIT_KEYS:
            return [CompletionItem(v, help=h) for v, h in complete.units(ctx, incomplete)]
        if last.startswith("--") and key in PERSON_KEYS:
            return [CompletionItem(v, help=h) for v, h in complete.people(ctx, incomplete)]
        return []


class RecordCommand(LocalCommand):
    """`reformctl record`: its help lists the kinds, or with a kind what it takes and records."""

    def sections(self, ctx: _click.Context) -> list[Section]:
        from reformctl.cli.write import KINDS

        width = ctx.make_formatter().width
        given = self.given(ctx)
        if given and given[0] in KINDS:
            kind = given[0]
            lines = helpfmt.paragraph(text(self.lang, f"help.record.about.{kind}"), width)
            lines += ["", *helpfmt.definitions(record_fields(kind, self.lang), width)]
            return [(text(self.lang, "help.record.fields", kind=kind), lines)]
        rows = [(k, text(self.lang, f"help.record.kind.{k}")) for k in KINDS]
        return [(text(self.lang, "help.record.kinds"), helpfmt.definitions(rows, width))]
