"""The 简体中文 (zh-CN) catalogue: every text reformctl shows a person, by key."""

from __future__ import annotations

from reformctl.i18n.zh_CN import cli, errors, help, help_write, output, problems, problems_checks, titles

MESSAGES: dict[str, str] = {
    **output.MESSAGES,
    **titles.MESSAGES,
    **cli.MESSAGES,
    **errors.MESSAGES,
    **help.MESSAGES,
    **help_write.MESSAGES,
    **problems.MESSAGES,
    **problems_checks.MESSAGES,
}
