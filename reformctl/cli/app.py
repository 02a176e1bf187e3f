"""The `reformctl` command line: one function per command; each returns an exit code."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from reformctl import __version__
from reformctl.cli.common import (
    Options,
    command,
    load,
    options,
    refuse_without_settings,
    warn_left_out,
)
from reformctl.cli.issuing import check_as_of, issue_day, refuse_with_errors
from reformctl.cli.options import (
    AsOfOpt,
    LedgerOpt,
    LocaleOpt,
    MessageOpt,
    NoCommitOpt,
    OutputOpt,
    locale_of,
    parse_date,
    resolve_as_of,
    today_in,
)
from reformctl.cli.output import emit, is_terminal
from reformctl.errors import EXIT_OK, EXIT_PROBLEMS, has_errors

app = typer.Typer(
    name="reformctl",
    help="The reform work ledger of a municipal reform office (市委改革办): check it, see what is due, "
    "show the project library, render the quarterly bulletin.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"reformctl {__version__}")
        raise typer.Exit(0)


@app.callback()
def root(
    ctx: typer.Context,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks of internal errors.")] = False,
    no_cache: Annotated[
        bool,
        typer.Option(
            "--no-cache", help="Parse every file; do not read or write the cache (also REFORMCTL_NO_CACHE=1)."
        ),
    ] = False,
) -> None:
    ctx.obj = Options(debug=debug, cache=not no_cache)


class CheckFormat(str, Enum):
    text = "text"
    json = "json"
    github = "github"


@app.command()
@command
def check(
    ctx: typer.Context,
    ledger: LedgerOpt = None,
    fmt: Annotated[
        CheckFormat, typer.Option("--format", help="text, json or github (workflow annotations).")
    ] = CheckFormat.text,
) -> int:
    """Check every file of the ledger (schema, references, dates, seed rules). Exit 1 on errors."""
    from reformctl.cli.common import store_file
    from reformctl.cli.compute import compute
    from reformctl.load.discover import annotation_prefix, discover, display_prefix
    from reformctl.render import problems as render

    root = discover(ledger)
    outcome = compute(root, None, store_file(root, options(ctx)))
    prefix = display_prefix(root)
    if fmt is CheckFormat.json:
        emit(render.render_json(outcome.problems, prefix))
    elif fmt is CheckFormat.github:
        emit(render.render_github(outcome.problems, annotation_prefix(root)))
    else:
        emit(render.render_text(outcome.problems, prefix, len(outcome.ledger.files)), console=True)
    return EXIT_PROBLEMS if has_errors(outcome.problems) else EXIT_OK


class DueFormat(str, Enum):
    table = "table"
    json = "json"
    md = "md"
    csv = "csv"
    ics = "ics"


@app.command()
@command
def due(
    ctx: typer.Context,
    ledger: LedgerOpt = None,
    as_of: AsOfOpt = None,
    within: Annotated[
        int | None,
        typer.Option("--within", min=0, help="Days ahead to include (default: upcoming_days, 14)."),
    ] = None,
    owner: Annotated[
        list[str] | None, typer.Option("--owner", help="Only this unit id (repeatable).")
    ] = None,
    rule: Annotated[list[str] | None, typer.Option("--rule", help="Only this rule id (repeatable).")] = None,
    subject: Annotated[
        str | None, typer.Option("--subject", help="Only this subject, e.g. projects/zuiduo-paoyici.")
    ] = None,
    everything: Annotated[
        bool, typer.Option("--all", help="Every obligation with its state, done and late included.")
    ] = False,
    fail_on_overdue: Annotated[
        bool, typer.Option("--fail-on-overdue", help="Exit 1 when anything is overdue.")
    ] = False,
    fmt: Annotated[
        DueFormat, typer.Option("--format", help="table, json, md, csv or ics.")
    ] = DueFormat.table,
    locale: LocaleOpt = None,
    output: OutputOpt = None,
) -> int:
    """What each unit owes: open obligations due within the window, overdue first."""
    from reformctl.cli.due import run_due

    result = run_due(
        options(ctx),
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
    )
    if result.text is None:
        return EXIT_PROBLEMS
    emit(result.text, output, console=fmt is DueFormat.table)
    return EXIT_PROBLEMS if result.errors or (fail_on_overdue and result.overdue) else EXIT_OK


@app.command("record")
@command
def record_cmd(
    ctx: typer.Context,
    kind: Annotated[
        str,
        typer.Argument(
            help="report, milestone, plan, rectified, reinspection, resolved, evaluation, results, contact, halfyear, complete or exit."
        ),
    ],
    subject: Annotated[
        str,
        typer.Argument(
            help="projects/<id>, pilots/<id>, handovers/<id>, <year>/workplans/<group>#<item>, <year>/keypoints#<task>, <year>/supervision/<id>#<finding>, or a unit id (contact, halfyear)."
        ),
    ],
    arg: Annotated[
        str | None,
        typer.Argument(
            help="PERIOD for report and halfyear, N or ID for milestone, STEP for plan (drafted, reviewed, deliberated, issued, filed)."
        ),
    ] = None,
    ledger: LedgerOpt = None,
    day: Annotated[
        str | None,
        typer.Option(
            "--date",
            "--submitted",
            help="When it happened, YYYY-MM-DD (default: today in the ledger's timezone).",
        ),
    ] = None,
    summary: Annotated[
        str | None,
        typer.Option("--summary", "--note", "--resolution", help="Summary, note or resolution text."),
    ] = None,
    eval_kind: Annotated[
        str | None, typer.Option("--kind", help="Evaluation kind: effect, phase or summary.")
    ] = None,
    by: Annotated[str | None, typer.Option("--by", help="Who evaluated (evaluation).")] = None,
    third_party: Annotated[
        bool, typer.Option("--third-party", help="The evaluation was by a third party.")
    ] = False,
    with_unit: Annotated[str | None, typer.Option("--with", help="Unit contacted (contact).")] = None,
    failed: Annotated[bool, typer.Option("--failed", help="The re-inspection did not pass.")] = False,
    milestone_id: Annotated[
        str | None,
        typer.Option("--id", help="Milestone: give it this stable id (calendar UIDs use it)."),
    ] = None,
    reason: Annotated[
        str | None, typer.Option("--reason", help="Why the project exits the library (exit).")
    ] = None,
    no_commit: NoCommitOpt = False,
    message: MessageOpt = None,
) -> int:
    """Record what came in (a report, a milestone done, a rectification …), validated and committed."""
    from reformctl.cli.write import record, report_written

    given = {
        "summary": summary,
        "reason": reason,
        "kind": eval_kind,
        "by": by,
        "with_unit": with_unit,
        "passed": not failed,
        "third_party": third_party,
        "milestone_id": milestone_id,
    }
    report_written(record(ledger, kind, subject, arg, day, given, commit=not no_commit, message=message))
    return EXIT_OK


@app.command("new", context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
@command
def new_cmd(
    ctx: typer.Context,
    kind: Annotated[str, typer.Argument(help="project, pilot, handover or supervision.")],
    record_id: Annotated[str, typer.Argument(metavar="ID", help="The new record's id (its file name).")],
    ledger: LedgerOpt = None,
    no_commit: NoCommitOpt = False,
    message: MessageOpt = None,
) -> int:
    """Create a record from --key value options (e.g. --title … --lead … --team a --team b).

    Missing required keys are asked for on a terminal; elsewhere they are an error. An existing id
    is refused.
    """
    from reformctl.cli.write import new, report_written

    prompt = typer.prompt if sys.stdin.isatty() and is_terminal() else None
    report_written(new(ledger, kind, record_id, list(ctx.args), not no_commit, message, prompt))
    return EXIT_OK


@app.command("schema")
@command
def schema_cmd(
    ctx: typer.Context,
    output: Annotated[
        Path | None,
        typer.Option("--output", help="Write <kind>.schema.json files into this folder.", show_default=False),
    ] = None,
) -> int:
    """JSON Schema (draft 2020-12) of every ledger file kind, for editors and CI."""
    from reformctl.cli.schema import write_schemas
    from reformctl.render.jsonout import dumps
    from reformctl.schema import all_schemas

    if output is None:
        emit(dumps(all_schemas()))
        return EXIT_OK
    for path in write_schemas(output):
        typer.echo(f"wrote {path}", err=True)
    return EXIT_OK


@app.command("log")
@command
def log_cmd(
    ctx: typer.Context,
    subject: Annotated[
        str, typer.Argument(help="projects/<id>, pilots/<id>, handovers/<id>, <year>/keypoints …")
    ],
    ledger: LedgerOpt = None,
) -> int:
    """The git history of one record (date, author, message), newest first."""
    from reformctl.cli.write import log

    emit(log(ledger, subject), console=True)
    return EXIT_OK


@app.command("init")
@command
def init_cmd(
    ctx: typer.Context,
    directory: Annotated[Path, typer.Argument(help="Folder to create the ledger in (default: here).")] = Path(
        "."
    ),
    example: Annotated[
        bool, typer.Option("--example", help="Fill it with the example ledger (嘉兴市, 2025–2026).")
    ] = False,
) -> int:
    """Create a ledger folder (and a git repository if there is none) and commit it."""
    from reformctl.cli.init import init

    return init(directory, example)


class LibraryFormat(str, Enum):
    table = "table"
    json = "json"
    md = "md"


@app.command()
@command
def library(
    ctx: typer.Context,
    ledger: LedgerOpt = None,
    as_of: AsOfOpt = None,
    quarter: Annotated[
        str | None,
        typer.Option(
            "--quarter",
            help="A quarter, 2026-Q2 (or Q2 of this year): the library on its last day, with that quarter's entries and exits.",
        ),
    ] = None,
    stage: Annotated[
        list[str] | None,
        typer.Option("--stage", help="Only this stage: implementing, new, awaiting-approval (repeatable)."),
    ] = None,
    group: Annotated[
        list[str] | None, typer.Option("--group", help="Only this special group id (repeatable).")
    ] = None,
    fmt: Annotated[LibraryFormat, typer.Option("--format", help="table, json or md.")] = LibraryFormat.table,
    locale: LocaleOpt = None,
    output: OutputOpt = None,
) -> int:
    """The key-breakthrough project library: projects by stage with lights, entries, exits, warnings."""
    from reformctl.cli.library import run_library

    loaded = load(ledger)
    if refuse_without_settings(loaded):
        return EXIT_PROBLEMS
    tz = loaded.ledger.settings.value.timezone
    chosen_locale = locale_of(locale, loaded.ledger.settings.value.locale)
    text = run_library(
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
    emit(text, output, console=fmt is LibraryFormat.table)
    return EXIT_PROBLEMS if warn_left_out(loaded, chosen_locale) else EXIT_OK


@app.command()
@command
def bulletin(
    ctx: typer.Context,
    quarter: Annotated[
        str, typer.Option("--quarter", help="Q1…Q4 (of --year, else of the as-of year) or 2026-Q2.")
    ],
    ledger: LedgerOpt = None,
    year: Annotated[
        int | None, typer.Option("--year", min=2000, max=2100, help="The year of --quarter Q<n>.")
    ] = None,
    as_of: AsOfOpt = None,
    locale: LocaleOpt = None,
    template: Annotated[
        Path | None,
        typer.Option(
            "--template", help="A Jinja2 template file instead of templates/bulletin.<locale>.md.j2."
        ),
    ] = None,
    output: OutputOpt = None,
    issue: Annotated[
        bool, typer.Option("--issue", help="Write <year>/bulletins/Q<n>.md and commit it.")
    ] = False,
    fmt: Annotated[
        str, typer.Option("--format", help="md, or docx (a Word file to GB/T 9704; needs --output).")
    ] = "md",
    no_commit: Annotated[
        bool, typer.Option("--no-commit", help="With --issue: write the file, do not commit.")
    ] = False,
    day: Annotated[
        str | None,
        typer.Option(
            "--date",
            help="The day of issue, printed and recorded, YYYY-MM-DD (default: today; a preview is dated its as-of date).",
            show_default=False,
        ),
    ] = None,
) -> int:
    """Render the quarterly bulletin (季通报) as Markdown; --issue writes and commits it."""
    from reformctl.cli import bulletin as run

    run.check_format(fmt, output)
    loaded = load(ledger)
    if refuse_without_settings(loaded):
        return EXIT_PROBLEMS
    if issue and (refused := refuse_with_errors(loaded)) is not None:
        return refused
    chosen_locale = locale_of(locale, loaded.ledger.settings.value.locale)
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
        note = f" and committed {sha[:10]}" if sha else ""
        typer.echo(f"reformctl: wrote {target}{note}", err=True)
        if output is not None:
            run.emit_rendered(rendered, fmt, output)
        return EXIT_OK
    run.emit_rendered(rendered, fmt, output)
    return EXIT_PROBLEMS if warn_left_out(loaded, chosen_locale) else EXIT_OK


class DiffFormat(str, Enum):
    table = "table"
    md = "md"
    json = "json"


@app.command()
@command
def diff(
    ctx: typer.Context,
    revs: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="REV",
            help="No REV: the merge base of HEAD with the default branch → the working tree; "
            "REV: REV → the working tree; REV1 REV2: REV1 → REV2.",
            show_default=False,
        ),
    ] = None,
    ledger: LedgerOpt = None,
    as_of: AsOfOpt = None,
    fmt: Annotated[
        DiffFormat, typer.Option("--format", help="table, md (a pull-request comment) or json.")
    ] = DiffFormat.table,
    locale: LocaleOpt = None,
    output: OutputOpt = None,
) -> int:
    """What a change means: records, obligations, library entries and exits, check problems. Exit 1
    when the change adds check errors."""
    from reformctl.cli.diff import run_diff

    text, adds_errors = run_diff(
        ledger,
        revs or [],
        as_of,
        fmt.value,
        lambda default: locale_of(locale, default),
        color=output is None and is_terminal(),
    )
    emit(text, output, console=fmt is DiffFormat.table)
    return EXIT_PROBLEMS if adds_errors else EXIT_OK


from reformctl.cli.scorecard import scorecard_cmd  # noqa: E402  (registered below, kept in its own module)

app.command("scorecard")(command(scorecard_cmd))

from reformctl.cli.report import report_cmd  # noqa: E402

app.command("report")(command(report_cmd))

from reformctl.cli.site import site_cmd  # noqa: E402

app.command("site")(command(site_cmd))
