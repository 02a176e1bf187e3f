"""`reformctl site`: the monitoring site (市级改革试点监测网, §4(2)) written into a folder.

The pages are computed by `reformctl.render.site` (pure); this module reads what they need (the
shipped templates, the issued bulletins and year-end reports) and writes the files. `--serve`
is `reformctl.cli.serve`.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from reformctl.cli import complete
from reformctl.cli.common import Loaded, Options, warn
from reformctl.cli.options import AsOfOpt, LedgerOpt, output_locale
from reformctl.errors import ReformctlError, UsageError
from reformctl.i18n import text

MARKER = ".reformctl-site"
"""Written into the output folder with the list of files of the site: a later build replaces
exactly those, and refuses a folder that holds anything else."""
MAX_DOCUMENT_BYTES = 2_000_000


def read_templates() -> dict[str, str]:
    """The files of the shipped `templates/site/` folder, by name."""
    from reformctl.render.site.build import ASSETS, TEMPLATES
    from reformctl.resources import templates

    folder = templates() / "site"
    out = {}
    for name in (*TEMPLATES, *ASSETS):
        try:
            out[name] = (folder / name).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as err:
            raise ReformctlError(
                "error.site-template-unreadable", path=folder / name, reason=str(err)
            ) from None
    return out


def _regular_inside(root: Path, path: Path) -> bool:
    """A regular file whose real path is inside the ledger folder (SPEC §5, §9)."""
    try:
        mode = path.lstat().st_mode
    except OSError:
        return False
    if stat.S_ISLNK(mode):
        real = path.resolve()
        if not real.is_relative_to(root.resolve()):
            return False
        mode = real.stat().st_mode
    return stat.S_ISREG(mode)


def read_documents(loaded: Loaded, lang: str = "en") -> dict[str, str]:
    """The texts of the issued bulletins and year-end reports present in the ledger folder."""
    from reformctl.render.site.documents import document_files

    out = {}
    for rel in document_files(loaded.ledger):
        path = loaded.root / rel
        if not _regular_inside(loaded.root, path):
            continue
        try:
            if path.stat().st_size > MAX_DOCUMENT_BYTES:
                message = text(lang, "msg.site-document-large", path=rel, limit=MAX_DOCUMENT_BYTES)
                warn(text(lang, "cli.warning", message=message) + "\n")
                continue
            out[rel] = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as err:
            message = text(lang, "msg.site-document-unreadable", path=rel, reason=str(err))
            warn(text(lang, "cli.warning", message=message) + "\n")
    return out


def build(loaded: Loaded, as_of: date, locale: str, lang: str = "en") -> Iterator[tuple[str, str]]:
    """The files of the site of a loaded ledger as of `as_of`, rendered as they are taken."""
    from reformctl.render.leftout import banner_lines
    from reformctl.render.site.build import render_site
    from reformctl.rules.engine import compute_obligations

    ledger = loaded.ledger
    return render_site(
        ledger,
        as_of,
        locale,
        compute_obligations(ledger, as_of),
        read_templates(),
        read_documents(loaded, lang),
        banner_lines(loaded.problems, loaded.left_out, locale),
    )


def _previous(output: Path) -> list[str] | None:
    """The files of an earlier build in `output` (None: the folder holds something else)."""
    entries = os.listdir(output)
    if not entries:
        return []
    if MARKER not in entries:
        return None
    listed = (output / MARKER).read_text(encoding="utf-8").splitlines()
    return [line for line in listed if line and not line.startswith("#")]


def write_site(files: Iterable[tuple[str, str]], output: Path) -> list[str]:
    """Write the site's files into `output` and return their paths: a new folder, an empty one,
    or one an earlier build wrote (its files, listed in `MARKER`, are replaced; those the new
    site has not are removed). Any other folder is refused (exit 2)."""
    try:
        if output.exists() and not output.is_dir():
            raise UsageError("error.output-is-file", path=output)
        output.mkdir(parents=True, exist_ok=True)
        previous = _previous(output)
        if previous is None:
            raise UsageError("error.output-not-site", path=output)
        listing = "# files written by reformctl site; the next build replaces them\n"
        (output / MARKER).write_text(listing + "".join(f"{rel}\n" for rel in previous), encoding="utf-8")
        written = []  # the folder is marked as the site's before the first page, should one fail
        for rel, text in files:
            target = output / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8", newline="\n")
            written.append(rel)
        for rel in sorted(set(previous) - set(written), reverse=True):
            target = output / rel
            if ".." not in Path(rel).parts and target.is_file():
                target.unlink()
        (output / MARKER).write_text(listing + "".join(f"{rel}\n" for rel in written), encoding="utf-8")
        return written
    except OSError as err:
        raise ReformctlError("error.site-unwritable", path=output, reason=err.strerror or str(err)) from None


OutputDirOpt = Annotated[Path | None, typer.Option("--output", metavar="folder", show_default=False)]
LangOpt = Annotated[
    str | None,
    typer.Option("--lang", "--locale", metavar="lang", show_default=False, autocompletion=complete.languages),
]
ServeOpt = Annotated[bool, typer.Option("--serve")]
PortOpt = Annotated[int, typer.Option("--port", min=0, max=65535, metavar="port")]


def site_cmd(
    ctx: typer.Context,
    ledger: LedgerOpt = None,
    output: OutputDirOpt = None,
    as_of: AsOfOpt = None,
    lang: LangOpt = None,
    serve: ServeOpt = False,
    port: PortOpt = 8000,
) -> int:
    """The monitoring site (市级改革试点监测网): static HTML pages of the ledger that work offline."""
    from reformctl.cli.common import options

    return run_site(options(ctx), ledger, output, as_of, lang, serve, port)


def run_site(
    given: Options,
    ledger_opt: Path | None,
    output: Path | None,
    as_of: str | None,
    lang: str | None,
    serve: bool,
    port: int,
) -> int:
    """`reformctl site --output DIR`, or `--serve`. Like the other read commands, the site is
    computed from every file that validates: the files left out are named on standard error and
    in a banner on every page, and the exit code is 1 while the ledger has errors; errors in
    ledger.yaml or units.yaml stop it."""
    from reformctl.cli.clock import parse_date, resolve_as_of
    from reformctl.cli.common import load, refuse_without_settings, warn_left_out
    from reformctl.errors import EXIT_OK, EXIT_PROBLEMS

    if serve and output is not None:
        raise UsageError("error.output-or-serve-both")
    if serve:
        return serve_site(given, ledger_opt, parse_date(as_of) if as_of else None, lang, port)
    if output is None:
        raise UsageError("error.output-or-serve")
    loaded = load(ledger_opt)
    if refuse_without_settings(loaded, given.lang):
        return EXIT_PROBLEMS
    settings = loaded.ledger.settings.value
    locale = output_locale(lang, given, settings.locale, "--lang")
    day = resolve_as_of(as_of, settings.timezone)
    written = write_site(build(loaded, day, locale, given.lang), output)
    pages = sum(1 for rel in written if rel.endswith(".html"))
    warn(text(given.lang, "msg.site-written", pages=pages, path=output, index=output / "index.html") + "\n")
    return EXIT_PROBLEMS if warn_left_out(loaded, locale) else EXIT_OK


def serve_site(
    given: Options, ledger_opt: Path | None, as_of: date | None, lang: str | None, port: int
) -> int:
    """`--serve`: stops at once (exit 1) when ledger.yaml or units.yaml has errors; otherwise
    every build names the files left out in its banner, as `--output` does."""
    from reformctl.cli.clock import today_in
    from reformctl.cli.common import load, refuse_without_settings
    from reformctl.cli.serve import serve_builds
    from reformctl.errors import EXIT_PROBLEMS, has_errors

    first = [load(ledger_opt)]
    root = first[0].root
    if refuse_without_settings(first[0], given.lang):
        return EXIT_PROBLEMS
    output_locale(lang, given, first[0].ledger.settings.value.locale, "--lang")  # a bad --lang stops it here

    def build_into(target: Path) -> bool:
        loaded = first.pop() if first else load(ledger_opt)
        if refuse_without_settings(loaded, given.lang):
            raise ReformctlError("error.settings-have-errors")
        settings = loaded.ledger.settings.value
        day = as_of or today_in(settings.timezone)
        locale = output_locale(lang, given, settings.locale, "--lang")
        write_site(build(loaded, day, locale, given.lang), target)
        return not has_errors(loaded.problems)

    return serve_builds(build_into, root, port, given.lang)
