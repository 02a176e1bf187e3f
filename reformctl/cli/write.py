"""`reformctl record`, `reformctl new` and `reformctl log`: the write side of the command line
(`reformctl init` is in `init.py`)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from reformctl.cli.common import warn
from reformctl.edit import gitio
from reformctl.edit.message import single_line
from reformctl.edit.record import (
    EDITS,
    RECORD_KINDS,
    RecordArgs,
    node_of,
    record_contact,
    record_halfyear,
    target,
)
from reformctl.edit.transaction import Change, Written, run_write
from reformctl.edit.yamlio import dump_rt, load_rt
from reformctl.errors import DataRefusal, UsageError, close_to
from reformctl.i18n import text
from reformctl.load.discover import discover
from reformctl.model.patterns import ID_RE

KINDS = RECORD_KINDS


def _read_rt(root: Path, rel: str, create: bool = False) -> object:
    path = root / rel
    if not path.exists():
        if create:
            return load_rt("{}\n")
        raise UsageError("error.record-missing", path=rel)
    try:
        return load_rt(path.read_text(encoding="utf-8"))
    except Exception as err:
        raise DataRefusal("error.unreadable-file", path=rel, reason=type(err).__name__) from None


def record_args(
    root: Path, kind: str, subject: str, arg: str | None, day: str | None, /, **given: Any
) -> RecordArgs:
    """The command line's words as a RecordArgs: ARG is the period, milestone number or plan step."""
    from reformctl.cli.options import parse_date, today_in
    from reformctl.load.loader import load_settings

    today = today_in(load_settings(root).timezone)
    when = parse_date(day, "--date") if day is not None else today
    if when > today:
        raise UsageError("error.record-date-future", day=when, today=today)
    number = ref = None
    milestone_id = given.pop("milestone_id", None)
    if kind == "milestone":
        if arg is not None and arg.isascii() and arg.isdigit():
            number = int(arg)
        elif arg is not None and ID_RE.fullmatch(arg):
            ref = arg
        else:
            raise UsageError("error.milestone-needs-number")
        if milestone_id is not None and not ID_RE.fullmatch(milestone_id):
            raise UsageError("error.id-bad", option="--id", value=milestone_id)
    elif milestone_id is not None:
        raise UsageError("error.id-only-milestone")
    return RecordArgs(
        subject=subject,
        day=when,
        period=arg if kind in ("report", "halfyear") else None,
        number=number,
        step=arg if kind == "plan" else None,
        milestone_ref=ref,
        milestone_id=milestone_id,
        **given,
    )


def record(
    ledger_opt: Path | None,
    kind: str,
    subject: str,
    arg: str | None,
    day: str | None,
    given: dict[str, Any],
    commit: bool,
    message: str | None,
) -> Written:
    """Apply one `record` kind to the ledger and commit it."""
    single_line("record-kind", kind)
    single_line("subject", subject)
    if arg is not None:
        single_line("record-arg", arg)
    if kind not in KINDS:
        raise UsageError(
            "error.record-kind-unknown", value=kind, choices=KINDS, suggestion=close_to(kind, KINDS)
        )
    root = discover(ledger_opt)
    args = record_args(root, kind, subject, arg, day, **given)

    def build() -> Change:
        if kind in ("contact", "halfyear"):
            unit = subject.removeprefix("units/")
            if not ID_RE.fullmatch(unit):
                raise UsageError("error.subject-not-unit", value=subject)
            year = int(args.period[:4]) if kind == "halfyear" and args.period else args.day.year
            rel = f"{year}/reports.yaml"
            doc = _read_rt(root, rel, create=True)
            from ruamel.yaml.comments import CommentedMap

            if not isinstance(doc, CommentedMap):
                raise DataRefusal("error.not-a-mapping", path=rel)
            did = (record_contact if kind == "contact" else record_halfyear)(doc, unit, args)
            return Change({rel: dump_rt(doc)}, f"record(units/{unit}): {did}")
        tgt = target(subject)
        doc = _read_rt(root, tgt.rel)
        node = node_of(doc, tgt)
        did = EDITS[kind](node, tgt, args)
        return Change({tgt.rel: dump_rt(doc)}, f"record({subject}): {did}")

    return run_write(root, build, commit=commit, message=message)


def new(
    ledger_opt: Path | None,
    kind_name: str,
    record_id: str,
    extra: list[str],
    commit: bool,
    message: str | None,
    prompt: Callable[[str], str] | None,
    lang: str = "en",
) -> Written:
    """Create one record file from `--key value` options, validated and committed; missing
    required keys are asked for with `prompt` (in `lang`) when there is one."""
    from reformctl.edit.atomic import FileExistsRefusal
    from reformctl.edit.new import KINDS, ask_missing, build_record, convert, parse_pairs

    single_line("record-kind", kind_name)
    single_line("id", record_id)
    if kind_name not in KINDS:
        raise UsageError(
            "error.new-kind-unknown",
            value=kind_name,
            choices=list(KINDS),
            suggestion=close_to(kind_name, KINDS),
        )
    kind = KINDS[kind_name]
    values = ask_missing(kind, convert(kind, parse_pairs(extra)), prompt, lang)
    rel, text = build_record(kind_name, record_id, values)
    root = discover(ledger_opt)
    subject = rel.removesuffix(".yaml")

    def build() -> Change:
        if (root / rel).exists():
            raise FileExistsRefusal("error.record-exists", subject=subject)
        return Change({rel: text}, f"new({subject}): {kind_name} created")

    return run_write(root, build, commit=commit, message=message)


def report_written(written: Written, lang: str = "en") -> None:
    """Tell the user, on standard error, what a write did."""
    key = "msg.written-committed" if written.commit else "msg.written"
    subject = written.message.strip().splitlines()[0]
    files = ", ".join(written.files)
    warn(text(lang, key, subject=subject, files=files, commit=(written.commit or "")[:8]) + "\n")


def log(ledger_opt: Path | None, subject: str, lang: str = "en") -> str:
    """The git history of one record, newest first."""
    root = discover(ledger_opt)
    if subject.startswith("units/"):
        raise UsageError("error.log-unit")
    whole_file = not subject.endswith(("/reports", "/keypoints"))  # <year>/reports, …/keypoints
    rel = target(subject).rel if "/" in subject and whole_file else f"{subject}.yaml"
    path = root / rel
    repo = gitio.open_repo(root)
    if repo is None:
        raise UsageError("error.log-no-git", path=root)
    entries = gitio.history(repo, path)
    if not entries:
        if not path.exists():
            raise UsageError("error.log-no-file", path=rel)
        return text(lang, "msg.log-no-commits", path=rel) + "\n"
    lines = [f"{e.date.date().isoformat()}  {e.author}  {e.message}  ({e.sha[:8]})" for e in entries]
    return "\n".join(lines) + "\n"
