"""A ledger value can never inject markup or script into the site: titles, unit names (in SVG
text too), milestones and the Markdown of issued bulletins come out as text."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from hypothesis import given
from hypothesis import strategies as st

from reformctl.render.site.charts import Bar, columns, rows
from reformctl.render.site.documents import split_front_matter, to_html
from reformctl.render.site.text import esc, visible
from tests.site.conftest import HOSTILE_SHOWN, HOSTILE_UNIT, REPOSITORY, Built
from tests.site.htmlread import read_page, read_site


def test_no_page_gets_a_tag_or_handler_from_the_ledger(hostile_site: Built) -> None:
    for path, page in read_site(hostile_site.folder).items():
        assert not page.errors, (path, page.errors)
        assert page.count("script") == 1 and page.count("img") == 0, path
        for tag, attrs in page.tags:
            assert not any(key.startswith("on") for key in attrs), (path, tag, attrs)
            assert not str(attrs.get("href", "")).lower().startswith("javascript"), (path, attrs)
        assert "\x01" not in page.text, path


def test_hostile_title_is_text(hostile_site: Built) -> None:
    page = read_page(hostile_site.folder, "projects/public-data.html")
    assert HOSTILE_SHOWN in page.text  # as written, template syntax and all; the control character as ␁
    assert page.title.startswith(HOSTILE_SHOWN)
    assert HOSTILE_SHOWN in read_page(hostile_site.folder, "library.html").text


def test_hostile_unit_name_in_svg_is_text(hostile_site: Built) -> None:
    index = read_page(hostile_site.folder, "index.html")
    assert HOSTILE_UNIT in index.text  # in the table and in the overdue chart's text
    assert index.count("svg") == 6 and index.count("text") > 0
    assert sum(1 for t, _ in index.tags if t == "svg") == 6  # no <svg> from the name


def test_hostile_milestone_is_text(hostile_site: Built) -> None:
    page = read_page(hostile_site.folder, "projects/zuiduo-paoyici.html")
    assert page.text.count(HOSTILE_SHOWN) >= 2  # timeline and obligations


def test_hostile_markdown_in_a_bulletin_is_text(hostile_site: Built) -> None:
    page = read_page(hostile_site.folder, "documents/2026-Q1.html")
    assert "<script>window.__pwned=5</script>" in page.text
    assert '<img src=x onerror="window.__pwned=6">' in page.text
    assert "click" in page.text and "[a picture]" in page.text
    assert not any("example.org/x.png" in url for _, url in page.links)


def test_repository_link(hostile_site: Built) -> None:
    page = read_page(hostile_site.folder, "projects/public-data.html")
    links = [(t, u) for t, u in page.links if u.startswith("https://")]
    assert links == [("a", f"{REPOSITORY}/projects/public-data.yaml")]


# Pure pieces --------------------------------------------------------------------------------------


def test_visible_shows_control_characters() -> None:
    assert visible("a\x00b\x1fc\x7fd\x85e\tf\ng") == "a\u2400b\u241fc\u2421d\ufffde\tf\ng"
    assert str(esc('<a href="x">&</a>')) == "&lt;a href=&#34;x&#34;&gt;&amp;&lt;/a&gt;"


@given(st.text(max_size=40))
def test_charts_are_well_formed_svg_whatever_the_labels(label: str) -> None:
    for chart in (
        columns("c1", label, [Bar(label, 50.0, label), Bar("Q2", None, "—")]),
        rows("c2", label, [Bar(label, 3.0, "3"), Bar("x", 0.0, "0")]),
    ):
        svg = ET.fromstring(str(chart))
        assert svg.tag == "{http://www.w3.org/2000/svg}svg" or svg.tag == "svg"
        assert all(not k.startswith("on") for el in svg.iter() for k in el.attrib)
        texts = "".join(el.text or "" for el in svg.iter())
        assert visible(label)[:25].replace("\r\n", "\n").replace("\r", "\n") in texts


def test_chart_geometry() -> None:
    svg = ET.fromstring(str(columns("c", "t", [Bar("Q1", 100.0, "100%"), Bar("Q2", 50.0, "50%")])))
    bars = [el for el in svg.iter() if el.tag.endswith("rect")]
    assert [float(b.attrib["height"]) for b in bars] == [90.0, 45.0]
    svg = ET.fromstring(str(rows("r", "t", [Bar("a", 4.0, "4"), Bar("b", 2.0, "2")])))
    widths = [float(el.attrib["width"]) for el in svg.iter() if el.tag.endswith("rect")]
    assert widths[0] == 2 * widths[1]


def test_markdown_raw_html_and_unsafe_links_are_escaped() -> None:
    html = str(
        to_html(
            "# Title\n\n<div onclick=x>raw</div>\n\n[a](javascript:alert(1)) [b](projects/x.yaml) "
            "[c](https://example.org) ![d](http://example.org/d.png)\n\n| x | y |\n|---|---:|\n| 1 | 2 |\n"
        )
    )
    assert "<h2>Title</h2>" in html and "<h1>" not in html
    assert "&lt;div onclick=x&gt;raw&lt;/div&gt;" in html
    assert 'href="javascript' not in html and 'href="projects/x.yaml"' not in html
    assert '<a href="https://example.org" rel="noopener noreferrer">c</a>' in html
    assert "<img" not in html and "[d]" in html
    assert "<table>" in html and '<td class="align-right">2</td>' in html and "style=" not in html


def test_front_matter_is_split_off() -> None:
    assert split_front_matter("---\nissued: 2026-04-14\n---\n# T\n") == ("issued: 2026-04-14", "# T\n")
    assert split_front_matter("# T\n---\n") == ("", "# T\n---\n")
