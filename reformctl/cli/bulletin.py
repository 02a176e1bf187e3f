"""`reformctl bulletin`: render the quarterly bulletin (季通报, §2(2)); --issue writes it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from reformctl.cli.common import Loaded
from reformctl.cli.library import parse_quarter
from reformctl.errors import UsageError, close_to
from reformctl.model.ledger import Ledger
from reformctl.model.patterns import Period
from reformctl.model.rule_ids import RuleId
from reformctl.rules.engine import compute_obligations, rule_settings


@dataclass(frozen=True, slots=True)
class Rendered:
    text: str
    quarter: Period
    as_of: date
    number: int
    context: dict[str, Any]


FORMATS = ("md", "docx")


def check_format(fmt: str, output: Path | None) -> None:
    """`--format md|docx`; docx is a binary file, refused onto a terminal (exit 2)."""
    from reformctl.cli.output import require_output

    if fmt not in FORMATS:
        raise UsageError(
            "error.format-unknown", value=fmt, choices=FORMATS, suggestion=close_to(fmt, FORMATS)
        )
    if fmt == "docx":
        require_output(fmt, output)


def emit_rendered(r: Rendered, fmt: str, output: Path | None) -> None:
    from reformctl.cli.output import emit

    if fmt == "docx":
        from reformctl.render.docx.bulletin import bulletin_document
        from reformctl.render.docx.writer import write_docx

        emit(write_docx(bulletin_document(r.context)), output)
        return
    emit(r.text, output)


def bulletin_due(ledger: Ledger, quarter: Period) -> date:
    """The quarter's last day + `bulletin` days (15 unless ledger.yaml says otherwise)."""
    days = rule_settings(ledger.settings.value).days(RuleId.BULLETIN)
    return quarter.last_day + timedelta(days=days)


def resolve(
    ledger: Ledger, quarter_opt: str, year: int | None, as_of: date | None, today: date
) -> tuple[Period, date]:
    """`--quarter Q2` is Q2 of `--year`, else of the as-of year (else of today's year); as-of
    defaults to the bulletin's due date or today, whichever is earlier."""
    quarter = parse_quarter(quarter_opt, year, (as_of or today).year)
    if as_of is None:
        as_of = min(bulletin_due(ledger, quarter), today)
    if as_of < quarter.first_day:
        raise UsageError("error.as-of-before-quarter", as_of=as_of, quarter=str(quarter))
    return quarter, as_of


def render(
    loaded: Loaded, quarter: Period, as_of: date, issued: date | None, locale: str, template: Path | None
) -> Rendered:
    """The bulletin of `quarter` with its figures as of `as_of`, dated `issued` (else `as_of`),
    from the files that validate: a preview of a ledger with errors opens with a warning naming
    the files left out."""
    from reformctl.cli.templates import find_template, render_document
    from reformctl.render import leftout
    from reformctl.render.bulletin import bulletin_context

    ledger = loaded.ledger
    context = bulletin_context(ledger, quarter, as_of, locale, compute_obligations(ledger, as_of), issued)
    context["warnings"] = leftout.banner_lines(loaded.problems, loaded.left_out, locale)
    chosen = find_template(loaded.root, "bulletin", locale, template)
    text = leftout.banner_md(loaded.problems, loaded.left_out, locale) + render_document(chosen, context)
    return Rendered(text, quarter, as_of, int(context["number"]), context)


def front_matter(r: Rendered, issued: date) -> str:
    """The issued bulletin's front matter: the day it went out, and the day its figures are of."""
    return (
        "---\n"
        f"issued: {issued.isoformat()}\n"
        f"quarter: {r.quarter}\n"
        f"as_of: {r.as_of.isoformat()}\n"
        f"number: {r.number}\n"
        "---\n"
    )


def issue(root: Path, r: Rendered, issued: date, commit: bool) -> tuple[Path, str | None]:
    """Write `<year>/bulletins/Q<n>.md` and commit exactly that file, as every write does.

    Refuses (exit 1) when the file exists or the ledger would get a new error; (exit 2) outside
    git unless `commit` is False, during a merge/rebase/cherry-pick, with other staged changes,
    or when the path has changes. Nothing is written when it refuses.
    """
    from reformctl.edit.atomic import FileExistsRefusal
    from reformctl.edit.transaction import Change, run_write

    rel = f"{r.quarter.year}/bulletins/Q{r.quarter.index}.md"

    def build() -> Change:
        if (root / rel).exists():
            raise FileExistsRefusal("error.bulletin-issued", path=rel, quarter=str(r.quarter))
        message = f"bulletin({r.quarter.year}/bulletins): issue {r.quarter} bulletin"
        return Change({rel: front_matter(r, issued) + r.text}, message)

    written = run_write(root, build, commit=commit)
    return root / rel, written.commit
