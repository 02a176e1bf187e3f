"""The command line in the language of its messages: Typer's command classes with every word of
help, usage and usage errors taken from the catalogue (`reformctl.i18n`).

`command_class(lang, name)` and `group_class(lang)` make the classes `reformctl.cli.app.build_app`
gives Typer. A parameter's help is `help.<command>.<parameter>` (else `help.option.<parameter>`,
shared by several commands); its `metavar`, as declared in the code, is the key of the word shown
for its value (`metavar.date`: 日期 / DATE). A command's one-line summary (the list of
`reformctl --help`) is `help.<command>.summary`, its description `help.<command>.text`, its
examples `help.<command>.examples`.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from functools import cache
from typing import Any, ClassVar

from typer import _click
from typer._click import exceptions
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption
from typer.exceptions import Abort

from reformctl.cli import helpfmt
from reformctl.errors import close_to
from reformctl.i18n import CATALOGUES, text

ARGS_KEY = "reformctl.args"
"""Where a command keeps the words it was given (ctx.meta), for help that depends on them."""


class Localized(exceptions.UsageError):
    """A usage error whose message is already in the language of messages."""


def has(lang: str, key: str) -> bool:
    return key in CATALOGUES.get(lang, {})


def param_help(param: _click.Parameter, lang: str, command: str) -> str:
    name = param.name or ""
    for key in (f"help.{command}.{name}", f"help.option.{name}"):
        if has(lang, key):
            return text(lang, key)
    return getattr(param, "help", None) or ""


def localize(params: Sequence[_click.Parameter], lang: str, command: str) -> None:
    """Give each parameter its help and metavar in `lang` (once)."""
    for param in params:
        if getattr(param, "_reformctl_lang", None) == lang:
            continue
        if isinstance(param, (TyperOption, TyperArgument)):
            param.help = param_help(param, lang, command)  # type: ignore[union-attr]
        if param.metavar is not None and has(lang, f"metavar.{param.metavar}"):
            param.metavar = text(lang, f"metavar.{param.metavar}")
        param._reformctl_lang = lang  # type: ignore[attr-defined]


def option_term(param: _click.Parameter) -> str:
    opts = ", ".join(sorted(param.opts, key=lambda o: (o.startswith("--"), o)))
    if isinstance(param, TyperOption) and (param.is_flag or param.count):
        return opts
    return f"{opts} {param.metavar}" if param.metavar else opts


def argument_term(param: _click.Parameter) -> str:
    name = param.metavar or (param.name or "").upper()
    if param.nargs == -1:
        return f"[{name}]..."
    return name if param.required else f"[{name}]"


def usage_line(cmd: _click.Command, ctx: _click.Context, lang: str, width: int) -> list[str]:
    pieces = [text(lang, "cli.options-metavar")]
    for param in cmd.get_params(ctx):
        if param.param_type_name == "argument" and not getattr(param, "hidden", False):
            pieces.append(argument_term(param))
    if isinstance(cmd, TyperGroup):
        pieces.append(text(lang, "cli.command-metavar"))
    extra = f"help.{cmd.name}.usage-extra"
    if has(lang, extra):
        pieces.append(text(lang, extra))
    prefix = text(lang, "cli.usage", command=ctx.command_path)
    return helpfmt.paragraph(f"{prefix} {' '.join(pieces)}", width, indent=0)


def help_lines(cmd: _click.Command, ctx: _click.Context, lang: str, width: int) -> list[str]:
    """The whole help of a command: usage, description, arguments, options, commands, further
    sections (the fields of `new KIND`), examples."""
    name = "root" if ctx.parent is None else (cmd.name or "")
    lines = usage_line(cmd, ctx, lang, width)
    if has(lang, f"help.{name}.text"):
        lines += ["", *helpfmt.paragraph(text(lang, f"help.{name}.text"), width)]
    params = [p for p in cmd.get_params(ctx) if not getattr(p, "hidden", False)]
    args = [(argument_term(p), p.help or "") for p in params if p.param_type_name == "argument"]  # type: ignore[attr-defined]
    opts = [(option_term(p), p.help or "") for p in params if p.param_type_name == "option"]  # type: ignore[attr-defined]
    for title, rows in (("cli.arguments", args), ("cli.options", opts)):
        if rows:
            lines += ["", text(lang, title), *helpfmt.definitions(rows, width)]
    if isinstance(cmd, TyperGroup):
        rows = [
            (sub, text(lang, f"help.{sub}.summary"))
            for sub in cmd.list_commands(ctx)
            if not getattr(cmd.get_command(ctx, sub), "hidden", False)
        ]
        lines += ["", text(lang, "cli.commands"), *helpfmt.definitions(rows, width)]
    for title, body in getattr(cmd, "sections", lambda ctx: [])(ctx):
        lines += ["", title, *body]
    if has(lang, f"help.{name}.examples"):
        examples = text(lang, f"help.{name}.examples").splitlines()
        lines += ["", text(lang, "cli.examples"), *(f"  {line}".rstrip() for line in examples)]
    return lines


class LocalCommand(TyperCommand):
    """A command whose help and usage errors are in `lang`."""

    lang: ClassVar[str] = "en"

    def get_params(self, ctx: _click.Context) -> list[_click.Parameter]:
        params = super().get_params(ctx)
        localize(params, self.lang, self.name or "")
        return params

    def get_short_help_str(self, limit: int = 45) -> str:
        return text(self.lang, f"help.{self.name}.summary")

    def format_usage(self, ctx: _click.Context, formatter: _click.HelpFormatter) -> None:
        formatter.write("\n".join(usage_line(self, ctx, self.lang, formatter.width)) + "\n")

    def format_help(self, ctx: _click.Context, formatter: _click.HelpFormatter) -> None:
        formatter.write("\n".join(help_lines(self, ctx, self.lang, formatter.width)) + "\n")

    def parse_args(self, ctx: _click.Context, args: list[str]) -> list[str]:
        ctx.meta[ARGS_KEY] = list(args)
        try:
            return super().parse_args(ctx, args)
        except exceptions.UsageError as err:
            if err.message.startswith("Got unexpected extra argument"):
                extra = " ".join(ctx.args) or err.message.split("(", 1)[-1].rstrip(")")
                raise Localized(text(self.lang, "error.extra-arguments", args=extra), ctx) from None
            raise

    def given(self, ctx: _click.Context) -> list[str]:
        """The words given to this command that are not options or their values."""
        words = ctx.meta.get(ARGS_KEY, [])
        takes_value = {
            opt
            for p in self.params
            if isinstance(p, TyperOption) and not p.is_flag and not getattr(p, "count", False)
            for opt in p.opts
        }
        out: list[str] = []
        skip = False
        for word in words:
            if skip:
                skip = False
            elif word.startswith("-"):
                skip = word in takes_value
            else:
                out.append(word)
        return out


class LocalGroup(TyperGroup):
    """The `reformctl` group: its help and every usage error in `lang`."""

    lang: ClassVar[str] = "en"

    def get_params(self, ctx: _click.Context) -> list[_click.Parameter]:
        params = super().get_params(ctx)
        localize(params, self.lang, "root")
        return params

    def format_usage(self, ctx: _click.Context, formatter: _click.HelpFormatter) -> None:
        formatter.write("\n".join(usage_line(self, ctx, self.lang, formatter.width)) + "\n")

    def format_help(self, ctx: _click.Context, formatter: _click.HelpFormatter) -> None:
        formatter.write("\n".join(help_lines(self, ctx, self.lang, formatter.width)) + "\n")

    def resolve_command(
        self, ctx: _click.Context, args: list[str]
    ) -> tuple[str | None, _click.Command | None, list[str]]:
        name = args[0] if args else ""
        if (
            args
            and self.get_command(ctx, name) is None
            and not ctx.resilient_parsing
            and not name.startswith("-")
        ):
            raise Localized(
                text(self.lang, "error.no-such-command", name=name)
                + _suggestion(self.lang, close_to(name, self.list_commands(ctx))),
                ctx,
            )
        return super().resolve_command(ctx, args)

    def invoke(self, ctx: _click.Context) -> Any:
        if not ctx._protected_args and not self.invoke_without_command:
            raise Localized(text(self.lang, "error.missing-command"), ctx)
        return super().invoke(ctx)

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        """Run the command line; a usage error is shown in the language of messages (exit 2)."""
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except exceptions.NoArgsIsHelpError as err:
            err.show()
            code = err.exit_code
        except exceptions.ClickException as err:
            show_usage_error(err, self.lang)
            code = err.exit_code
        except Abort:
            _click.echo(text(self.lang, "cli.aborted"), err=True)
            code = 1
        code = code if isinstance(code, int) else 0
        if standalone_mode:
            sys.exit(code)
        return code


def _suggestion(lang: str, name: str | None) -> str:
    return text(lang, "error.did-you-mean", name=name) if name else ""


def show_usage_error(err: exceptions.ClickException, lang: str) -> None:
    """Usage, a hint to the help, and the error, on standard error."""
    ctx = getattr(err, "ctx", None)
    lines: list[str] = []
    if ctx is not None:
        width = ctx.make_formatter().width
        lines += usage_line(ctx.command, ctx, lang, width)
        lines.append(text(lang, "cli.try-help", command=ctx.command_path))
        lines.append("")
    lines.append(text(lang, "cli.error", message=usage_message(err, lang)))
    _click.echo("\n".join(lines), err=True)


def _name(param: _click.Parameter | None) -> str:
    if param is None:
        return ""
    if param.param_type_name == "argument":
        return param.metavar or (param.name or "").upper()
    return max(param.opts, key=len) if param.opts else (param.name or "")


def usage_message(err: exceptions.ClickException, lang: str) -> str:
    """The message of a usage error of the command-line framework, in `lang`."""
    if isinstance(err, Localized):
        return err.message
    if isinstance(err, exceptions.NoSuchOption):
        close = err.possibilities[0] if err.possibilities else None
        return text(lang, "error.no-such-option", option=err.option_name) + _suggestion(lang, close)
    if isinstance(err, exceptions.BadOptionUsage):
        key = "error.option-takes-no-value" if "does not take" in err.message else "error.option-needs-value"
        return text(lang, key, option=err.option_name)
    if isinstance(err, exceptions.MissingParameter):
        param = err.param
        key = (
            "error.missing-argument"
            if param is not None and param.param_type_name == "argument"
            else "error.missing-option"
        )
        return text(lang, key, name=_name(param))
    if isinstance(err, exceptions.BadParameter):
        return bad_value(err, lang)
    return text(lang, "error.usage", message=err.format_message())


def bad_value(err: exceptions.BadParameter, lang: str) -> str:
    """A value the framework could not read as its parameter's type: not a number, out of range,
    not one of the choices (with the closest one)."""
    name = _name(err.param)
    cause = err.__cause__
    found = getattr(cause, "errors", None)
    details = found() if callable(found) else []
    detail = details[0] if details else None
    if detail is None:
        return text(lang, "error.bad-value", name=name, message=err.message)
    value = str(detail.get("input", ""))
    kind = str(detail.get("type", ""))
    described = getattr(err.param, "type_descriptor", None)
    if described is not None and described.is_choice and described.choices:
        choices = [str(getattr(c, "value", c)) for c in described.choices]
        listed = text(
            lang, "error.not-a-choice", name=name, value=value, choices=text(lang, "sep.list").join(choices)
        )
        return listed + _suggestion(lang, close_to(value, choices))
    if kind in ("int_parsing", "int_from_float", "float_parsing"):
        return text(lang, "error.not-a-number", name=name, value=value)
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        low, high = getattr(err.param, "min", None), getattr(err.param, "max", None)
        if low is not None and high is not None:
            expected = text(lang, "error.range-between", low=low, high=high)
        elif low is not None:
            expected = text(lang, "error.range-from", low=low)
        else:
            expected = text(lang, "error.range-to", high=high)
        return text(lang, "error.out-of-range", name=name, value=value, expected=expected)
    return text(lang, "error.bad-value", name=name, message=err.message)


@cache
def command_class(lang: str, name: str, base: type[LocalCommand] = LocalCommand) -> type[LocalCommand]:
    """The class of command `name` with its help in `lang`."""
    return type(f"{base.__name__}_{name}_{lang}".replace("-", "_"), (base,), {"lang": lang})


@cache
def group_class(lang: str) -> type[LocalGroup]:
    return type(f"LocalGroup_{lang}".replace("-", "_"), (LocalGroup,), {"lang": lang})
