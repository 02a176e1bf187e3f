"""The `reformctl` command line: one function per command; each returns an exit code.

`build_app(lang)` makes the Typer app with its help in `lang` (zh-CN or en): help texts are
fixed when the app is built, so the entry point (`reformctl.cli.main`) picks the language from
`--lang` and the environment first. `app` is the app in the language of the environment.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer

from reformctl import __version__
from reformctl.cli import complete
from reformctl.cli.common import (
    Options,
    command,
    default_lang,
    load,
    options,
    refuse_without_settings,
    warn,
    warn_left_out,
)
from reformctl.cli.issuing import check_as_of, issue_day, issued_note, refuse_with_errors
from reformctl.cli.options import (
    AsOfOpt,
    LedgerOpt,
    LocaleOpt,
    MessageOpt,
    NoCommitOpt,
    OutputOpt,
    output_locale,
    parse_date,
    resolve_as_of,
    today_in,
)
from reformctl.cli.output import emit, is_terminal
from reformctl.errors import EXIT_OK, EXIT_PROBLEMS, has_errors
from reformctl.i18n import Lang, known, text


def _version(value: bool) -> None:
    if value:
        typer.echo(f"reformctl {__version__}")
        raise typer.Exit(0)


def root(
    ctx: typer.Context,
    lang: Annotated[
        str | None,
        typer.Option("--lang", metavar="lang", autocompletion=complete.languages, show_default=False),
    ] = None,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True)] = False,
    debug: Annotated[bool, typer.Option("--debug")] = False,
    no_cache: Annotated[bool, typer.Option("--no-cache")] = False,
) -> None:
    if lang is not None and known(lang) is None:
        from reformctl.cli.localized import Localized

        shown = getattr(ctx.command, "lang", default_lang())
        raise Localized(text(shown, "error.lang-unknown", value=lang), ctx)
    ctx.obj = Options.of(lang, os.environ, debug=debug, cache=not no_cache)


class CheckFormat(str, Enum):
    text = "text"
    json = "json"
    github = "github"


@command
def check(
    ctx: typer.Context,
    ledger: LedgerOpt = None,
    fmt: Annotated[CheckFormat, typer.Option("--format", metavar="format")] = CheckFormat.text,
) -> int:
    """Check every file of the ledger (schema, references, dates, seed rules). Exit 1 on errors."""
    from reformctl.cli.common import store_file
    from reformctl.cli.compute import compute
    from reformctl.cli.progress import progress_bar
    from reformctl.load.discover import annotation_prefix, discover, display_prefix
    from reformctl.render import problems as render

    given = options(ctx)
    root = discover(ledger)
    with progress_bar(given.lang, fmt.value) as progress:
        outcome = compute(root, None, store_file(root, given), progress=progress)
    prefix = display_prefix(root)
    lang = given.lang
    if fmt is CheckFormat.json:
        emit(render.render_json(outcome.problems, prefix))
    elif fmt is CheckFormat.github:
        emit(render.render_github(outcome.problems, annotation_prefix(root), lang))
    else:
        emit(render.render_text(outcome.problems, prefix, len(outcome.ledger.files), lang), console=True)
    return EXIT_PROBLEMS if has_errors(outcome.problems) else EXIT_OK


class DueFormat(str, Enum):
    table = "table"
    json = "json"
    md = "md"
    csv = "csv"
    ics = "ics"


@command
def due(
    ctx: typer.Context,
    ledger: LedgerOpt = None,
    as_of: AsOfOpt = None,
    within: Annotated[int | None, typer.Option("--within", min=0, metavar="days")] = None,
    owner: Annotated[
        list[str] | None, typer.Option("--owner", metavar="unit", autocompletion=complete.units)
    ] = None,
    rule: Annotated[
        list[str] | None, typer.Option("--rule", metavar="rule", autocompletion=complete.rules)
    ] = None,
    subject: Annotated[
        str | None, typer.Option("--subject", metavar="subject", autocompletion=complete.subjects)
    ] = None,
    everything: Annotated[bool, typer.Option("--all")] = False,
    fail_on_overdue: Annotated[bool, typer.Option("--fail-on-overdue")] = False,
    fmt: Annotated[DueFormat, typer.Option("--format", metavar="format")] = DueFormat.table,
    locale: LocaleOpt = None,
    output: OutputOpt = None,
) -> int:
    """What each unit owes: open obligations due within the window, overdue first."""
    from reformctl.cli.due import run_due
    from reformctl.cli.progress import progress_bar

    given = options(ctx)
    with progress_bar(given.lang, fmt.value) as progress:
        result = run_due(
            given,
            ledger,
            as_of,
            within=within,
            owners=owner or [],
            rules=rule or [],
            subject=subject,
            everything=everything,
            fmt=fmt.value,
            locale=locale,
            color=output is None and is_terminal(),
            progress=progress,
        )
    if result.text is None:
        return EXIT_PROBLEMS
    emit(result.text, output, console=fmt is DueFormat.table)
    return EXIT_PROBLEMS if result.errors or (fail_on_overdue and result.overdue) else EXIT_OK


@command
def record_cmd(
    ctx: typer.Context,
    kind: Annotated[str, typer.Argument(metavar="kind", autocompletion=complete.record_kinds)],
    subject: Annotated[str, typer.Argument(metavar="subject", autocompletion=complete.subjects)],
    arg: Annotated[str | None, typer.Argument(metavar="record-arg", show_default=False)] = None,
    ledger: LedgerOpt = None,
    day: Annotated[str | None, typer.Option("--date", "--submitted", metavar="date")] = None,
    summary_text: Annotated[
        str | None, typer.Option("--summary", "--note", "--resolution", metavar="text")
    ] = None,
    eval_kind: Annotated[str | None, typer.Option("--kind", metavar="eval-kind")] = None,
    by: Annotated[str | None, typer.Option("--by", metavar="who")] = None,
    third_party: Annotated[bool, typer.Option("--third-party")] = False,
    with_unit: Annotated[
        str | None, typer.Option("--with", metavar="unit", autocompletion=complete.units)
    ] = None,
    failed: Annotated[bool, typer.Option("--failed")] = False,
    milestone_id: Annotated[str | None, typer.Option("--id", metavar="id")] = None,
    reason: Annotated[str | None, typer.Option("--reason", metavar="text")] = None,
    no_commit: NoCommitOpt = False,
    message: MessageOpt = None,
) -> int:
    """Record what came in (a report, a milestone done, a rectification …), validated and committed."""
    from reformctl.cli.write import record, report_written

    given = {
        "summary": summary_text,
        "reason": reason,
        "kind": eval_kind,
        "by": by,
        "with_unit": with_unit,
        "passed": not failed,
        "third_party": third_party,
        "milestone_id": milestone_id,
    }
    written = record(ledger, kind, subject, arg, day, given, commit=not no_commit, message=message)
    report_written(written, options(ctx).lang)
    return EXIT_OK


@command
def new_cmd(
    ctx: typer.Context,
    kind: Annotated[str, typer.Argument(metavar="kind", autocompletion=complete.new_kinds)],
    record_id: Annotated[str, typer.Argument(metavar="id")],
    ledger: LedgerOpt = None,
    no_commit: NoCommitOpt = False,
    message: MessageOpt = None,
) -> int:
    """Create a record from --key value options (e.g. --title … --lead … --team a --team b).

    Missing required keys are asked for on a terminal; elsewhere they are an error. An existing id
    is refused.
    """
    from reformctl.cli.write import new, report_written

    lang = options(ctx).lang
    prompt = typer.prompt if sys.stdin.isatty() and is_terminal() else None
    report_written(new(ledger, kind, record_id, list(ctx.args), not no_commit, message, prompt, lang), lang)
    return EXIT_OK


@command
def schema_cmd(
    ctx: typer.Context,
    output: Annotated[Path | None, typer.Option("--output", metavar="folder", show_default=False)] = None,
) -> int:
    """JSON Schema (draft 2020-12) of every ledger file kind, for editors and CI."""
    from reformctl.cli.schema import write_schemas
    from reformctl.render.jsonout import dumps
    from reformctl.schema import all_schemas

    if output is None:
        emit(dumps(all_schemas()))
        return EXIT_OK
    for path in write_schemas(output):
        warn(text(options(ctx).lang, "msg.wrote", path=path) + "\n")
    return EXIT_OK


@command
def log_cmd(
    ctx: typer.Context,
    subject: Annotated[str, typer.Argument(metavar="subject", autocompletion=complete.subjects)],
    ledger: LedgerOpt = None,
) -> int:
    """The git history of one record (date, author, message), newest first."""
    from reformctl.cli.write import log

    emit(log(ledger, subject), console=True)
    return EXIT_OK


@command
def init_cmd(
    ctx: typer.Context,
    directory: Annotated[Path, typer.Argument(metavar="folder", show_default=False)] = Path("."),
    example: Annotated[bool, typer.Option("--example")] = False,
) -> int:
    """Create a ledger folder (and a git repository if there is none) and commit it."""
    from reformctl.cli.init import init

    return init(directory, example, options(ctx).lang)


class LibraryFormat(str, Enum):
    table = "table"
    json = "json"
    md = "md"


@command
def library(
    ctx: typer.Context,
    ledger: LedgerOpt = None,
    as_of: AsOfOpt = None,
    quarter: Annotated[
        str | None, typer.Option("--quarter", metavar="quarter", autocompletion=complete.quarters)
    ] = None,
    stage: Annotated[
        list[str] | None, typer.Option("--stage", metavar="stage", autocompletion=complete.stages)
    ] = None,
    group: Annotated[
        list[str] | None, typer.Option("--group", metavar="group", autocompletion=complete.groups)
    ] = None,
    fmt: Annotated[LibraryFormat, typer.Option("--format", metavar="format")] = LibraryFormat.table,
    locale: LocaleOpt = None,
    output: OutputOpt = None,
) -> int:
    """The key-breakthrough project library: projects by stage with lights, entries, exits, warnings."""
    from reformctl.cli.library import run_library

    given = options(ctx)
    loaded = load(ledger)
    if refuse_without_settings(loaded, given.lang):
        return EXIT_PROBLEMS
    tz = loaded.ledger.settings.value.timezone
    chosen_locale = output_locale(locale, given, loaded.ledger.settings.value.locale)
    rendered = run_library(
        loaded,
        resolve_as_of(as_of, tz),
        as_of=parse_date(as_of) if as_of is not None else None,
        quarter=quarter,
        stages=stage or [],
        groups=group or [],
        fmt=fmt.value,
        locale=chosen_locale,
        color=output is None and is_terminal(),
    )
    emit(rendered, output, console=fmt is LibraryFormat.table)
    return EXIT_PROBLEMS if warn_left_out(loaded, chosen_locale) else EXIT_OK


@command
def bulletin(
    ctx: typer.Context,
    quarter: Annotated[str, typer.Option("--quarter", metavar="quarter", autocompletion=complete.quarters)],
    ledger: LedgerOpt = None,
    year: Annotated[
        int | None, typer.Option("--year", min=2000, max=2100, metavar="year", autocompletion=complete.years)
    ] = None,
    as_of: AsOfOpt = None,
    locale: LocaleOpt = None,
    template: Annotated[Path | None, typer.Option("--template", metavar="file")] = None,
    output: OutputOpt = None,
    issue: Annotated[bool, typer.Option("--issue")] = False,
    fmt: Annotated[
        str, typer.Option("--format", metavar="format", autocompletion=complete.document_formats)
    ] = "md",
    no_commit: Annotated[bool, typer.Option("--no-commit")] = False,
    day: Annotated[str | None, typer.Option("--date", metavar="date", show_default=False)] = None,
) -> int:
    """Render the quarterly bulletin (季通报) as Markdown; --issue writes and commits it."""
    from reformctl.cli import bulletin as run

    given = options(ctx)
    run.check_format(fmt, output)
    loaded = load(ledger)
    if refuse_without_settings(loaded, given.lang):
        return EXIT_PROBLEMS
    if issue and (refused := refuse_with_errors(loaded, given.lang)) is not None:
        return refused
    chosen_locale = output_locale(locale, given, loaded.ledger.settings.value.locale)
    issued = issue_day(day, today_in(loaded.ledger.settings.value.timezone))
    quarter_p, as_of_day = run.resolve(
        loaded.ledger, quarter, year, parse_date(as_of) if as_of else None, issued
    )
    if issue:
        check_as_of(as_of_day, issued)
    dated = issued if issue or day is not None else None
    rendered = run.render(loaded, quarter_p, as_of_day, dated, chosen_locale, template)
    if issue:
        target, sha = run.issue(loaded.root, rendered, issued, commit=not no_commit)
        warn(issued_note(given.lang, target, sha) + "\n")
        if output is not None:
            run.emit_rendered(rendered, fmt, output)
        return EXIT_OK
    run.emit_rendered(rendered, fmt, output)
    return EXIT_PROBLEMS if warn_left_out(loaded, chosen_locale) else EXIT_OK


class DiffFormat(str, Enum):
    table = "table"
    md = "md"
    json = "json"


@command
def diff(
    ctx: typer.Context,
    revs: Annotated[list[str] | None, typer.Argument(metavar="rev", show_default=False)] = None,
    ledger: LedgerOpt = None,
    as_of: AsOfOpt = None,
    fmt: Annotated[DiffFormat, typer.Option("--format", metavar="format")] = DiffFormat.table,
    locale: LocaleOpt = None,
    output: OutputOpt = None,
) -> int:
    """What a change means: records, obligations, library entries and exits, check problems. Exit 1
    when the change adds check errors."""
    from reformctl.cli.diff import run_diff

    given = options(ctx)
    rendered, adds_errors = run_diff(
        ledger,
        revs or [],
        as_of,
        fmt.value,
        lambda default: output_locale(locale, given, default),
        color=output is None and is_terminal(),
    )
    emit(rendered, output, console=fmt is DiffFormat.table)
    return EXIT_PROBLEMS if adds_errors else EXIT_OK


def _commands() -> list[tuple[str, Callable[..., Any], dict[str, Any]]]:
    """The commands, in the order `reformctl --help` lists them, with their context settings."""
    from reformctl.cli.report import report_cmd
    from reformctl.cli.scorecard import scorecard_cmd
    from reformctl.cli.site import site_cmd

    extra = {"allow_extra_args": True, "ignore_unknown_options": True}
    return [
        ("check", check, {}),
        ("due", due, {}),
        ("library", library, {}),
        ("bulletin", bulletin, {}),
        ("report", command(report_cmd), {}),
        ("scorecard", command(scorecard_cmd), {}),
        ("site", command(site_cmd), {}),
        ("record", record_cmd, {}),
        ("new", new_cmd, extra),
        ("log", log_cmd, {}),
        ("diff", diff, {}),
        ("init", init_cmd, {}),
        ("schema", schema_cmd, {}),
    ]


def build_app(lang: Lang) -> typer.Typer:
    """The `reformctl` app with its help, usage and usage errors in `lang`."""
    from reformctl.cli.fields import NewCommand, RecordCommand
    from reformctl.cli.localized import LocalCommand, command_class, group_class

    built = typer.Typer(
        name="reformctl",
        cls=group_class(lang),
        add_completion=True,
        no_args_is_help=True,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    built.callback()(root)
    bases: dict[str, type[LocalCommand]] = {"new": NewCommand, "record": RecordCommand}
    for name, fn, settings in _commands():
        cls = command_class(lang, name, bases.get(name, LocalCommand))
        built.command(name, cls=cls, context_settings=settings or None)(fn)
    return built


app = build_app(default_lang())
