"""Reading the built site with the standard library's html.parser: links, ids, scripts, text."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
)


@dataclass
class Page:
    """What a page holds, as html.parser sees it."""

    path: str
    """Relative to the site's folder."""
    lang: str | None = None
    title: str = ""
    ids: set[str] = field(default_factory=set)
    links: list[tuple[str, str]] = field(default_factory=list)
    """(tag, URL) of every href and src."""
    tags: list[tuple[str, dict[str, str | None]]] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(self.texts)

    def count(self, tag: str) -> int:
        return sum(1 for t, _ in self.tags if t == tag)


class _Reader(HTMLParser):
    def __init__(self, page: Page) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        self.open: list[str] = []
        self.in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.page.tags.append((tag, a))
        if tag == "html":
            self.page.lang = a.get("lang")
        if "id" in a and a["id"] is not None:
            if a["id"] in self.page.ids:
                self.page.errors.append(f"duplicate id {a['id']}")
            self.page.ids.add(a["id"])
        for key in ("href", "src"):
            if a.get(key) is not None:
                self.page.links.append((tag, str(a[key])))
        if tag == "title":
            self.in_title = True
        if tag not in VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID and self.open and self.open[-1] == tag:
            self.open.pop()

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        if tag in VOID:
            return
        if tag not in self.open:
            self.page.errors.append(f"</{tag}> closes nothing open")
            return
        while self.open:
            top = self.open.pop()
            if top == tag:
                break
            if top not in ("p", "li", "td", "th", "tr", "dt", "dd", "option"):
                self.page.errors.append(f"<{top}> not closed before </{tag}>")

    def handle_data(self, data: str) -> None:
        self.page.texts.append(data)
        if self.in_title:
            self.page.title += data


def read_page(site: Path, rel: str) -> Page:
    page = Page(rel)
    reader = _Reader(page)
    reader.feed((site / rel).read_text(encoding="utf-8"))
    reader.close()
    if reader.open:
        page.errors.append(f"not closed at the end: {reader.open}")
    return page


def read_site(site: Path) -> dict[str, Page]:
    return {
        p.relative_to(site).as_posix(): read_page(site, p.relative_to(site).as_posix())
        for p in sorted(site.rglob("*.html"))
    }


def is_external(url: str) -> bool:
    parts = urlsplit(url)
    return bool(parts.scheme or parts.netloc)


def resolve(page: str, url: str) -> tuple[str, str]:
    """(target path relative to the site, fragment) of an internal link on `page`."""
    parts = urlsplit(url)
    if not parts.path:
        return page, parts.fragment
    joined = PurePosixPath(page).parent / unquote(parts.path)
    normal: list[str] = []
    for part in joined.parts:
        if part == "..":
            assert normal, f"{page}: {url} leaves the site"
            normal.pop()
        elif part != ".":
            normal.append(part)
    return "/".join(normal), parts.fragment
