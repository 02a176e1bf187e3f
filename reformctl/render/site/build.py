"""Render the whole site: page data (`pages`, `records`, `documents`) through the shipped Jinja2
templates into (relative path, text) pairs.

The environment autoescapes every value, and its `finalize` typesets text for the page's language
(“” in Chinese, `reformctl.render.typography`), shows control characters as symbols and missing
values as "—"; no template marks ledger data safe. The only `Markup`
values are the charts (`charts`, whose every text is escaped there) and the Markdown of issued
documents (rendered with raw HTML off, `documents`).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from datetime import date
from typing import Any

from jinja2 import DictLoader, Environment, StrictUndefined
from markupsafe import Markup

from reformctl.model.ledger import Ledger
from reformctl.render.labels import label
from reformctl.render.prose import date_text
from reformctl.render.site.documents import document_pages
from reformctl.render.site.facts import gather
from reformctl.render.site.pages import due_page, library_page, overview, pilot_rows
from reformctl.render.site.records import pilot_page, project_page, project_statuses
from reformctl.render.site.text import visible
from reformctl.render.site.words import word, words
from reformctl.render.typography import typeset
from reformctl.rules.obligation import Obligation

TEMPLATES = (
    "base.html.j2",
    "index.html.j2",
    "library.html.j2",
    "pilots.html.j2",
    "due.html.j2",
    "documents.html.j2",
    "document.html.j2",
    "record.html.j2",
)
ASSETS = ("site.css", "site.js", "favicon.svg")
"""Files of `templates/site/` copied as they are into `assets/`."""


def _finalize(value: object, locale: str) -> object:
    if value is None:
        return "—"
    if isinstance(value, Markup):
        return value
    if isinstance(value, str):
        return visible(typeset(value, locale))
    if isinstance(value, date):
        return value.isoformat()
    return value


def environment(sources: Mapping[str, str], locale: str) -> Environment:
    """The site's Jinja2 environment over template sources read by the caller."""
    env = Environment(
        loader=DictLoader(dict(sources)),
        autoescape=True,
        undefined=StrictUndefined,
        finalize=lambda value: _finalize(value, locale),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals["W"] = words(locale)
    env.globals["w"] = lambda key, **values: word(locale, key, **values)
    env.globals["label"] = lambda key, **values: label(locale, key, **values)
    return env


def render_site(
    ledger: Ledger,
    as_of: date,
    locale: str,
    obligations: Sequence[Obligation],
    sources: Mapping[str, str],
    documents: Mapping[str, str],
    banner: Sequence[str] = (),
) -> Iterator[tuple[str, str]]:
    """Every file of the site as of `as_of` in `locale`, as (relative path, text), one at a time
    so that a large site is written while it is rendered.

    `obligations` are `compute_obligations(ledger, as_of)`; `sources` holds the files of
    `templates/site/` by name (`TEMPLATES` and `ASSETS`); `documents` the texts of the
    `documents.document_files` that exist; `banner` the lines on the files left out and the
    ledger's other errors (`reformctl.render.leftout.banner_lines`), shown on every page.
    """
    missing = [name for name in (*TEMPLATES, *ASSETS) if name not in sources]
    if missing:
        raise ValueError(f"site templates missing: {', '.join(missing)}")
    f = gather(ledger, as_of, locale, obligations)
    env = environment(sources, locale)
    settings = ledger.settings.value
    common: dict[str, Any] = {
        "lang": locale,
        "site_name": word(locale, "name", city=settings.city),
        "ledger_name": settings.name,
        "as_of": as_of,
        "as_of_text": date_text(as_of, locale),
        "as_of_line": word(locale, "as-of", date=date_text(as_of, locale)),
        "generated_line": word(locale, "generated", date=date_text(as_of, locale)),
        "banner": tuple(line.strip() for line in banner),
    }

    def page(path: str, template: str, nav: str, title: str, **context: Any) -> tuple[str, str]:
        root = "../" * path.count("/")
        return path, env.get_template(template).render(**common, root=root, nav=nav, title=title, **context)

    docs = document_pages(ledger, documents, as_of, locale)
    yield page(
        "index.html", "index.html.j2", "overview", word(locale, "overview.title"), o=overview(f), docs=docs
    )
    yield page(
        "library.html", "library.html.j2", "library", word(locale, "library.title"), lib=library_page(f)
    )
    yield page("pilots.html", "pilots.html.j2", "pilots", word(locale, "pilots.title"), pilots=pilot_rows(f))
    yield page("due.html", "due.html.j2", "due", word(locale, "due.title"), due=due_page(f))
    yield page("documents.html", "documents.html.j2", "documents", word(locale, "documents.title"), docs=docs)
    for doc in docs:
        yield page(f"documents/{doc.slug}.html", "document.html.j2", "documents", doc.title, doc=doc)
    statuses = project_statuses(f)
    for pid in sorted(ledger.projects):
        rec = project_page(f, pid, statuses[pid])
        yield page(f"projects/{pid}.html", "record.html.j2", "library", rec.title, r=rec)
    for pid in sorted(ledger.pilots):
        rec = pilot_page(f, pid)
        yield page(f"pilots/{pid}.html", "record.html.j2", "pilots", rec.title, r=rec)
    for name in ASSETS:
        yield f"assets/{name}", sources[name]
