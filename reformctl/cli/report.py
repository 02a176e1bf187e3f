"""`reformctl report`: the office's year-end report (年报告, seed §2(2)); --issue writes it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer

from reformctl.cli.common import Loaded, load, options, refuse_without_settings, warn, warn_left_out
from reformctl.cli.issuing import check_as_of, issue_day, issued_note, refuse_with_errors
from reformctl.cli.options import AsOfOpt, LedgerOpt, LocaleOpt, OutputOpt, parse_date, today_in
from reformctl.cli.output import emit, require_output
from reformctl.cli.scorecard import YearOpt, year_as_of
from reformctl.errors import EXIT_OK, EXIT_PROBLEMS

REPORTS_ORDER = ["halfyear", "annual_summary", "contacts"]


class ReportFormat(str, Enum):
    md = "md"
    docx = "docx"


@dataclass(frozen=True, slots=True)
class Report:
    year: int
    as_of: date
    issued: date
    context: dict[str, Any]
    text: str


def render(
    loaded: Loaded, year: int, as_of: date, issued: date, locale: str, template: Path | None
) -> Report:
    """The report of `year` with its figures as of `as_of`, dated `issued`, from the files that
    validate: a preview of a ledger with errors opens with a warning naming the files left out."""
    from reformctl.cli.templates import find_template, render_document
    from reformctl.render import leftout
    from reformctl.render.report import report_context
    from reformctl.rules.engine import compute_obligations

    ledger = loaded.ledger
    context = report_context(ledger, year, as_of, issued, locale, compute_obligations(ledger, as_of))
    context["warnings"] = leftout.banner_lines(loaded.problems, loaded.left_out, locale)
    chosen = find_template(loaded.root, "report", locale, template)
    text = leftout.banner_md(loaded.problems, loaded.left_out, locale) + render_document(chosen, context)
    return Report(year, as_of, issued, context, text)


def front_matter(r: Report) -> str:
    return f"---\nissued: {r.issued.isoformat()}\nyear: {r.year}\nas_of: {r.as_of.isoformat()}\n---\n"


def issue(root: Path, r: Report, commit: bool) -> tuple[Path, str | None]:
    """Write `<year>/annual-report.md`, set `annual_summary` in `<year>/reports.yaml` to the day of
    issue (created when missing; comments kept) and commit both in one commit.

    Refuses (exit 1, nothing written) when the report exists, when `annual_summary` records
    another day, or when the ledger would get a new error; (exit 2) as every write does outside
    git, during a merge or rebase, or with other staged changes."""
    from ruamel.yaml.comments import CommentedMap

    from reformctl.edit.atomic import FileExistsRefusal
    from reformctl.edit.record import set_key
    from reformctl.edit.transaction import Change, run_write
    from reformctl.edit.yamlio import dump_rt, load_rt

    rel = f"{r.year}/annual-report.md"
    reports = f"{r.year}/reports.yaml"

    def build() -> Change:
        if (root / rel).exists():
            raise FileExistsRefusal("error.report-issued", path=rel, year=str(r.year))
        path = root / reports
        try:
            doc = load_rt(path.read_text(encoding="utf-8") if path.exists() else "{}\n")
        except Exception as err:
            raise FileExistsRefusal(
                "error.unreadable-file", path=reports, reason=type(err).__name__
            ) from None
        if doc is None:
            doc = CommentedMap()
        if not isinstance(doc, CommentedMap):
            raise FileExistsRefusal("error.not-a-mapping", path=reports)
        recorded = doc.get("annual_summary")
        if recorded is not None and str(recorded) != r.issued.isoformat():
            raise FileExistsRefusal("error.annual-summary-recorded", path=reports, recorded=recorded)
        texts = {rel: front_matter(r) + r.text}
        if recorded is None:
            set_key(doc, "annual_summary", r.issued, REPORTS_ORDER)
            texts[reports] = dump_rt(doc)
        return Change(texts, f"report({r.year}/annual-report): issue {r.year} annual report")

    written = run_write(root, build, commit=commit)
    return root / rel, written.commit


def report_cmd(
    ctx: typer.Context,
    ledger: LedgerOpt = None,
    year: YearOpt = None,
    as_of: AsOfOpt = None,
    fmt: Annotated[ReportFormat, typer.Option("--format", metavar="format")] = ReportFormat.md,
    locale: LocaleOpt = None,
    template: Annotated[Path | None, typer.Option("--template", metavar="file")] = None,
    output: OutputOpt = None,
    issue_it: Annotated[bool, typer.Option("--issue")] = False,
    day: Annotated[str | None, typer.Option("--date", metavar="date", show_default=False)] = None,
    no_commit: Annotated[bool, typer.Option("--no-commit")] = False,
) -> int:
    """Render the office's year-end report (年报告); --issue writes and commits it."""
    from reformctl.cli.options import output_locale

    given = options(ctx)
    if fmt is ReportFormat.docx:
        require_output(fmt.value, output)
    loaded = load(ledger)
    if refuse_without_settings(loaded, given.lang):
        return EXIT_PROBLEMS
    if issue_it and (refused := refuse_with_errors(loaded, given.lang)) is not None:
        return refused
    led = loaded.ledger
    today = today_in(led.settings.value.timezone)
    issued = issue_day(day, today) if issue_it else (parse_date(day, "--date") if day is not None else today)
    chosen, computed = year_as_of(year, as_of, today)
    if issue_it:
        check_as_of(computed, issued)
    lang = output_locale(locale, given, led.settings.value.locale)
    rendered = render(loaded, chosen, computed, issued, lang, template)
    if issue_it:
        target, sha = issue(loaded.root, rendered, commit=not no_commit)
        warn(issued_note(given.lang, target, sha) + "\n")
        if output is None and fmt is ReportFormat.md:
            return EXIT_OK
    if fmt is ReportFormat.docx:
        from reformctl.render.docx.report import report_document
        from reformctl.render.docx.writer import write_docx

        emit(write_docx(report_document(rendered.context)), output)
    else:
        emit(rendered.text, output)
    return EXIT_PROBLEMS if warn_left_out(loaded, lang) else EXIT_OK
