"""The CLI's shell: the global options, error handling around every command, loading, and
writing output."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import ParamSpec

import typer
from typer._click import Context

from reformctl.errors import EXIT_PROBLEMS, EXIT_USAGE, Problem, ReformctlError, Severity, has_errors
from reformctl.i18n import Lang, known, language, text
from reformctl.model.ledger import Ledger

P = ParamSpec("P")


@dataclass(frozen=True, slots=True)
class Options:
    """The options given before the command (`reformctl --lang en --debug --no-cache due`)."""

    debug: bool = False
    cache: bool = True
    lang: Lang = "en"
    """The language of help, messages, prompts and progress (`reformctl.i18n.language`)."""
    chosen: Lang | None = None
    """The language asked for with `--lang` or `REFORMCTL_LANG`; None when it comes from the
    system's locale. Human output formats follow it over the ledger's `locale`
    (`reformctl.cli.options.output_locale`)."""

    @classmethod
    def of(
        cls, lang_option: str | None, env: Mapping[str, str], *, debug: bool = False, cache: bool = True
    ) -> Options:
        """The options of a run: the language from `--lang`, `REFORMCTL_LANG`, the locale."""
        chosen = known(lang_option) or known(env.get("REFORMCTL_LANG"))
        return cls(debug, cache, language(lang_option, env), chosen)


def options(ctx: Context | None) -> Options:
    """The global options of the command being run in `ctx` (without one: those of the
    environment)."""
    found = ctx.find_root().obj if ctx is not None else None
    return found if isinstance(found, Options) else Options.of(None, os.environ)


def default_lang() -> Lang:
    """The language of messages when no command context is at hand: `REFORMCTL_LANG`, else the
    system's locale (the command line's `--lang` is in the context's options)."""
    return language(None, os.environ)


def command(fn: Callable[P, int]) -> Callable[P, None]:
    """Run a command function returning an exit code; no traceback ever reaches a user (but
    with `--debug`)."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> None:
        ctx = next((a for a in (*args, *kwargs.values()) if isinstance(a, Context)), None)
        try:
            code = fn(*args, **kwargs)
        except ReformctlError as err:
            warn(text(options(ctx).lang, "cli.error", message=err.text(options(ctx).lang)) + "\n")
            raise typer.Exit(err.exit_code) from None
        except BrokenPipeError:  # the reader went away (`reformctl due | head`): quietly, exit 1
            raise typer.Exit(EXIT_PROBLEMS) from None
        except (typer.Exit, typer.Abort, KeyboardInterrupt):
            raise  # the framework ends these quietly
        except Exception as err:
            if options(ctx).debug:
                raise
            warn(internal_error(err, options(ctx).lang) + "\n")
            raise typer.Exit(EXIT_USAGE) from None
        raise typer.Exit(code)

    return wrapper  # type: ignore[return-value]


def internal_error(err: Exception, lang: str = "en") -> str:
    return text(lang, "cli.internal-error", kind=type(err).__name__, error=str(err))


@dataclass(frozen=True, slots=True)
class Loaded:
    root: Path
    ledger: Ledger
    problems: list[Problem]
    left_out: frozenset[str] = frozenset()
    """The files that could not be parsed or validated (absent from `ledger`)."""


def load(ledger_opt: Path | None) -> Loaded:
    """Discover and load the whole ledger, and run every check."""
    from reformctl.check import run_checks
    from reformctl.cli.templates import template_problems
    from reformctl.load.discover import discover
    from reformctl.load.loader import load_ledger

    root = discover(ledger_opt)
    ledger, problems = load_ledger(root)
    found = set(problems) | set(run_checks(ledger)) | set(template_problems(root))
    problems = sorted(found, key=Problem.sort_key)
    return Loaded(root, ledger, problems, ledger.left_out)


def store_file(root: Path, given: Options) -> Path | None:
    """Where this run keeps the outcome store (`reformctl.load.store`): None when the cache is
    turned off (`--no-cache`, `REFORMCTL_NO_CACHE`) or its folder may not be used (then one
    warning line says why)."""
    from reformctl.load import store

    if not given.cache or store.cache_disabled():
        return None
    folder = store.cache_dir()
    if folder is None:
        return None
    try:
        store.private_folder(folder)
    except store.UnsafeFolder as err:
        warn(
            text(given.lang, "cli.warning", message=text(given.lang, "msg.no-cache", reason=str(err))) + "\n"
        )
        return None
    return store.store_path(folder, root)


def refuse_on_errors(loaded: Loaded, lang: str | None = None) -> int | None:
    """Read commands stop when the ledger has errors: they are printed to stderr, exit 1."""
    if not has_errors(loaded.problems):
        return None
    from reformctl.load.discover import display_prefix
    from reformctl.render.problems import render_text

    errors = [p for p in loaded.problems if p.severity is Severity.ERROR]
    lang = lang or default_lang()
    warn(render_text(errors, display_prefix(loaded.root), len(loaded.ledger.files), lang))
    warn(text(lang, "msg.ledger-has-errors") + "\n")
    return EXIT_PROBLEMS


SETTINGS_FILES = ("ledger.yaml", "units.yaml")


def refuse_without_settings(loaded: Loaded, lang: str | None = None) -> bool:
    """Nothing can be computed while `ledger.yaml` or `units.yaml` has an error: print the errors
    to standard error and say so (True); the command then exits 1."""
    stopping = [p for p in loaded.problems if p.severity is Severity.ERROR and p.span.path in SETTINGS_FILES]
    if not stopping:
        return False
    refuse_on_errors(Loaded(loaded.root, loaded.ledger, stopping), lang)
    return True


def warn_left_out(loaded: Loaded, locale: str) -> bool:
    """Name the files left out and count the other errors on standard error; whether the ledger
    has any error (the command then exits 1)."""
    from reformctl.render.leftout import banner_lines

    lines = banner_lines(loaded.problems, loaded.left_out, locale)
    for line in lines:
        warn(f"reformctl: {line.strip()}\n")
    return has_errors(loaded.problems)


def warn(message: str) -> None:
    """The one place that writes messages of a finished command to standard error."""
    sys.stderr.write(message)
    sys.stderr.flush()
