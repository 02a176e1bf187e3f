"""Words of the monitoring site: the catalogues' `site.*` texts (`reformctl/i18n/*/site.py`;
states, rules and lights: `reformctl.render.labels`)."""

from __future__ import annotations

from reformctl.i18n import CATALOGUES
from reformctl.render.labels import label

PREFIX = "site."


def word(locale: str, key: str, **values: object) -> str:
    """The site's word for `key` (the catalogue's `site.<key>`) in `locale`; `<key>.one` when a
    count `n` is 1 and there is one (English: "1 day late")."""
    return label(locale, PREFIX + key, **values)


def words(locale: str) -> dict[str, str]:
    """Every word of the site in `locale` by its key (without `site.`), for the templates' `W`."""
    catalogue = CATALOGUES.get(locale, CATALOGUES["zh-CN"])
    return {k.removeprefix(PREFIX): v for k, v in catalogue.items() if k.startswith(PREFIX)}
