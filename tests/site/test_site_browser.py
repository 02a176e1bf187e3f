"""The site in a real browser (headless Chromium driven by Playwright): opened from the files
(file://) and from `reformctl site --serve`, every page crawled from the overview.

Skipped with one line saying how to install Chromium when it is missing, except under CI=true,
where .ci/run installs it and a missing browser is a failure (tests/site/conftest.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag

import pytest

from tests.site.conftest import HOSTILE_SHOWN, Built, Server, require_browser

require_browser()  # one line saying how to install Chromium when it is missing (a failure under CI=true)

PHONE = {"width": 375, "height": 740}


@pytest.fixture
def phone(browser: Any) -> Iterator[Any]:
    """A fresh page 375 pixels wide that records console errors and uncaught exceptions."""
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.problems = []
    page.on("console", lambda m: page.problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: page.problems.append(str(e)))
    yield page
    context.close()


def crawl(page: Any, start: str) -> dict[str, int]:
    """Visit every page reachable from `start` through links of the same site; on each, check no
    console error and no horizontal scrolling of the page at 375 pixels; check every link's
    fragment names an element of its page. Returns each page's URL with its HTTP status (200 for
    files)."""
    base = start.rsplit("/", 1)[0] + "/"
    seen: dict[str, int] = {}
    ids: dict[str, set[str]] = {}
    anchors: list[tuple[str, str, str]] = []
    todo = [start]
    while todo:
        url = todo.pop()
        response = page.goto(url)
        seen[url] = response.status if response is not None else 200
        assert seen[url] == 200, url
        assert page.problems == [], (url, page.problems)
        width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert width[0] <= width[1] == 375, (url, width)
        ids[url] = set(page.eval_on_selector_all("[id]", "els => els.map(e => e.id)"))
        for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)"):
            target, fragment = urldefrag(href)
            if not target.startswith(base):
                continue
            if fragment:
                anchors.append((url, target, fragment))
            if target not in seen and target not in todo:
                todo.append(target)
    for source, target, fragment in anchors:
        assert fragment in ids[target], (source, target, fragment)
    return seen


def test_every_page_from_the_files(phone: Any, example_site: Built) -> None:
    seen = crawl(phone, (example_site.folder / "index.html").as_uri())
    files = {p.as_uri() for p in example_site.folder.rglob("*.html")}
    assert set(seen) == files


def test_every_page_from_the_server(phone: Any, served: Server, example_site: Built) -> None:
    seen = crawl(phone, served.url + "index.html")
    pages = {
        served.url + p.relative_to(example_site.folder).as_posix()
        for p in example_site.folder.rglob("*.html")
    }
    assert set(seen) == pages
    assert phone.goto(served.url + "no-such-page.html").status == 404


def _column(page: Any, n: int) -> list[str]:
    return page.eval_on_selector_all(
        "#library-table tbody tr:not([hidden])", f"rows => rows.map(r => r.cells[{n}].textContent.trim())"
    )


def test_library_table_sorts_and_filters(phone: Any, example_site: Built) -> None:
    phone.goto((example_site.folder / "library.html").as_uri())
    assert len(_column(phone, 0)) == 9
    deadline = phone.get_by_role("button", name="计划完成")
    deadline.click()
    dates = _column(phone, 7)
    assert dates == sorted(dates) and dates[0] == "2026-12-31" and dates[-1] == "2027-12-31"
    deadline.click()
    assert _column(phone, 7) == sorted(dates, reverse=True)
    phone.get_by_role("button", name="状态").click()
    lights = _column(phone, 5)
    assert lights[:2] == ["严重滞后", "严重滞后"] and lights[2] == "进度滞后" and lights[-1] == "按计划推进"

    phone.get_by_role("searchbox").fill("孙伟")
    assert len(_column(phone, 0)) == 3 and set(_column(phone, 4)) == {"孙伟"}
    assert phone.locator("form.filters output").text_content() == "显示3/9项"
    phone.get_by_role("combobox").nth(0).select_option("red")
    assert _column(phone, 0) == ["深化“最多跑一次”改革"]  # typeset for Chinese
    phone.get_by_role("searchbox").fill("")
    phone.get_by_role("combobox").nth(1).select_option("awaiting-approval")
    assert _column(phone, 0) == ["农村宅基地制度改革"]
    assert phone.problems == []


def test_library_table_without_script(browser: Any, example_site: Built) -> None:
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto((example_site.folder / "library.html").as_uri())
    assert page.locator("#library-table tbody tr").count() == 9
    assert not page.locator("form.filters").is_visible()
    assert page.locator("#library-table thead button").count() == 0
    context.close()


def test_project_page_states(phone: Any, example_site: Built) -> None:
    """深化"最多跑一次"改革 as of 2026-07-10 (docs/example-ledger.md): red, because 秀洲区 has not
    rectified a finding about it by 2026-06-30; its 2026-Q2 report is 10 days overdue; its fourth
    milestone (2026-07-18) is due soon."""
    phone.goto((example_site.folder / "projects" / "zuiduo-paoyici.html").as_uri())
    assert phone.locator(".record-status").inner_text() == "状态：严重滞后"
    rows = phone.eval_on_selector_all(
        "#obligations tbody tr", "rows => rows.map(r => [...r.cells].map(c => c.innerText.trim()))"
    )
    states = {(r[0].split("\n")[0], r[1], r[5]) for r in rows}
    assert ("季度进展报送", "2026年第二季度", "已逾期") in states
    assert ("季度进展报送", "2026年第一季度", "按时完成") in states
    assert ("时间节点", "第4个时间节点", "即将到期") in states
    assert ("问题整改", "—", "已逾期") in states
    overdue = [r for r in rows if r[5] == "已逾期"]
    assert [(r[2], r[6]) for r in overdue] == [("市审管办", "逾期10天"), ("秀洲区", "逾期10天")]
    timeline = phone.locator(".timeline li").all_inner_texts()
    assert len(timeline) == 5 and "即将到期" in timeline[3] and "2026-07-18" in timeline[3]
    assert (
        phone.locator("#h-reports + .table-scroll tbody tr").first.inner_text().startswith("2026年第三季度")
    )
    assert phone.problems == []


def test_hostile_values_render_as_text(phone: Any, hostile_site: Built) -> None:
    for rel in (
        "projects/public-data.html",
        "library.html",
        "index.html",
        "documents/2026-Q1.html",
        "due.html",
    ):
        phone.goto((hostile_site.folder / rel).as_uri())
        assert phone.evaluate("window.__pwned") is None, rel
        assert phone.locator("img").count() == 0, rel
        assert phone.locator("script").count() == 1, rel
        assert phone.problems == [], (rel, phone.problems)
        assert phone.evaluate("document.documentElement.scrollWidth") <= 375, rel
    phone.goto((hostile_site.folder / "projects/public-data.html").as_uri())
    assert phone.locator("h1").inner_text() == HOSTILE_SHOWN
    assert phone.title().startswith(HOSTILE_SHOWN)


def test_print_layout_hides_navigation(phone: Any, example_site: Built) -> None:
    phone.goto((example_site.folder / "library.html").as_uri())
    assert phone.locator("nav.nav").is_visible()
    phone.emulate_media(media="print")
    assert not phone.locator("nav.nav").is_visible()
    assert not phone.locator("form.filters").is_visible()


def test_english_site_in_the_browser(phone: Any, english_site: Built) -> None:
    phone.goto((english_site.folder / "library.html").as_uri())
    assert phone.get_by_role("button", name="Deadline").count() == 1
    assert phone.locator("form.filters output").text_content() == "9 of 9 shown"
    assert Path(english_site.folder / "index.html").is_file()
