"""Word output (GB/T 9704-2012): open the files with python-docx and check the layout in the XML.

One bulletin (zh-CN, 2026-Q2 as of 2026-07-15) and one annual report (en, 2025) are rendered per
module; every test reads them.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import docx
import pytest
from docx.document import Document
from docx.oxml.ns import qn

from reformctl.render.docx import layout as L
from tests.conftest import EXAMPLE, run_cli

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def bulletin_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("docx") / "Q2.docx"
    ran = run_cli(
        "bulletin",
        "--quarter",
        "Q2",
        "--year",
        "2026",
        "--as-of",
        "2026-07-15",
        "--format",
        "docx",
        "--output",
        str(out),
        "--ledger",
        str(EXAMPLE),
    )
    assert ran.exit_code == 0, ran.output
    return out


@pytest.fixture(scope="module")
def bulletin(bulletin_file: Path) -> Document:
    return docx.Document(str(bulletin_file))


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Document:
    out = tmp_path_factory.mktemp("docx") / "report.docx"
    ran = run_cli(
        "report",
        "--year",
        "2025",
        "--as-of",
        "2025-12-31",
        "--date",
        "2026-01-15",
        "--locale",
        "en",
        "--format",
        "docx",
        "--output",
        str(out),
        "--ledger",
        str(EXAMPLE),
        env={"REFORMCTL_TODAY": "2026-07-10"},
    )
    assert ran.exit_code == 0, ran.output
    return docx.Document(str(out))


def test_layout_arithmetic() -> None:
    assert L.PAGE_TWIPS == (11906, 16838)
    assert L.MARGINS_TWIPS == {"top": 2098, "bottom": 1984, "left": 1587, "right": 1474}
    assert (L.TEXT_WIDTH_TWIPS, L.TEXT_HEIGHT_TWIPS) == (8845, 12756)  # 156 × 225 mm
    assert L.LINE_PITCH == 579 and 22 * 579 <= L.TEXT_HEIGHT_TWIPS < 23 * 579
    assert L.CHAR_SPACING == -5 and L.chars_per_line(-5) == 28
    assert L.chars_per_line(0) == 27  # without condensing, 16 pt characters give only 27
    assert L.signature_indents("市委改革办", "2026年7月15日") == (2 + 6.5 + 2 - 5, 2)


def test_page(bulletin: Document) -> None:
    section = bulletin.sections[0]
    assert (section.page_width.twips, section.page_height.twips) == L.PAGE_TWIPS  # type: ignore[union-attr]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297  # type: ignore[union-attr]
    twips = {k: getattr(section, f"{k}_margin").twips for k in ("top", "bottom", "left", "right")}
    assert twips == L.MARGINS_TWIPS
    assert round(section.page_width.mm - section.left_margin.mm - section.right_margin.mm) == 156  # type: ignore[operator]
    assert round(section.page_height.mm - section.top_margin.mm - section.bottom_margin.mm) == 225  # type: ignore[operator]
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:linePitch")) == "579"


def _rpr_fonts(rpr: object) -> dict[str, str]:
    fonts = rpr.find(qn("w:rFonts"))  # type: ignore[attr-defined]
    return {k.split("}")[1]: v for k, v in fonts.attrib.items()} if fonts is not None else {}


def test_body_style(bulletin: Document) -> None:
    normal = bulletin.styles["Normal"].element
    rpr = normal.find(qn("w:rPr"))
    assert _rpr_fonts(rpr)["eastAsia"] == "仿宋_GB2312"
    assert rpr.find(qn("w:sz")).get(qn("w:val")) == "32"  # 16 pt, 3号
    assert rpr.find(qn("w:spacing")).get(qn("w:val")) == "-5"
    spacing = normal.find(qn("w:pPr")).find(qn("w:spacing"))
    assert (spacing.get(qn("w:line")), spacing.get(qn("w:lineRule"))) == ("579", "exact")
    body = bulletin.styles["Body Text"].element.find(qn("w:pPr")).find(qn("w:ind"))
    assert body.get(qn("w:firstLineChars")) == "200"


def test_every_run_names_its_east_asian_font(bulletin_file: Path) -> None:
    with zipfile.ZipFile(bulletin_file) as z:
        xml = {
            n: z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("word/") and n.endswith(".xml")
        }
    for name in ("word/document.xml", "word/styles.xml", "word/footer1.xml", "word/footer2.xml"):
        assert "Theme=" not in xml[name] and "w:eastAsiaTheme" not in xml[name], name
    runs = re.findall(r"<w:r>(.*?)</w:r>", xml["word/document.xml"], re.S)
    assert runs
    for run in runs:
        if "<w:t" in run:
            assert re.search(r'w:eastAsia="[^"]+"', run), run


def test_masthead(bulletin: Document) -> None:
    first, number, line = bulletin.paragraphs[:3]
    assert first.text == "嘉兴市全面深化改革工作通报"
    run = first.runs[0]
    assert run.font.color.rgb is not None and str(run.font.color.rgb) == "FF0000"
    assert _rpr_fonts(run._r.rPr)["eastAsia"] == "方正小标宋简体"
    assert number.text == "第2期"
    assert line.text == "市委改革办\t2026年7月15日"
    bottom = line._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
    assert bottom.get(qn("w:color")) == "FF0000"


def test_title_and_addressee(bulletin: Document) -> None:
    title = next(p for p in bulletin.paragraphs if p.style is not None and p.style.name == "Title")
    assert title.text == "关于2026年第二季度全面深化改革重点工作推进情况的通报"
    assert title.style is not None and title.style.paragraph_format.alignment == 1  # centred
    rpr = title.runs[0]._r.rPr
    assert _rpr_fonts(rpr)["eastAsia"] == "方正小标宋简体" and rpr.find(qn("w:sz")).get(qn("w:val")) == "44"
    texts = [p.text for p in bulletin.paragraphs]
    assert texts[texts.index(title.text) + 2] == "各县（市、区）委，市级机关各部门党委（党组），各专项小组："


@pytest.mark.parametrize(
    ("level", "font", "first"),
    [(1, "黑体", "一、总体进展"), (2, "楷体_GB2312", "（一）经济体制和生态文明体制改革专项小组")],
)
def test_headings(bulletin: Document, level: int, font: str, first: str) -> None:
    heads = [p for p in bulletin.paragraphs if p.style is not None and p.style.name == f"Heading {level}"]
    assert heads[0].text == first
    style = bulletin.styles[f"Heading {level}"].element
    assert _rpr_fonts(style.find(qn("w:rPr")))["eastAsia"] == font
    assert style.find(qn("w:pPr")).find(qn("w:outlineLvl")).get(qn("w:val")) == str(level - 1)
    for p in heads:
        assert _rpr_fonts(p.runs[0]._r.rPr)["eastAsia"] == font
    assert [
        p.text[:2] for p in bulletin.paragraphs if p.style is not None and p.style.name == "Heading 1"
    ] == ["一、", "二、", "三、", "四、", "五、", "六、", "七、"]


def test_tables_repeat_their_header(bulletin: Document) -> None:
    assert len(bulletin.tables) >= 5
    for table in bulletin.tables[:-1]:  # the last is the closing block
        header = table.rows[0]._tr.trPr.find(qn("w:tblHeader"))
        assert header is not None and header.get(qn("w:val")) == "true"
        for row in table.rows[1:]:
            assert row._tr.trPr.find(qn("w:tblHeader")) is None
    library = bulletin.tables[-2]
    assert [c.text for c in library.rows[0].cells] == [
        "序号",
        "项目",
        "归口专项小组",
        "牵头单位",
        "联系市领导",
        "阶段",
        "计划完成时限",
        "状态",
    ]
    assert len(library.rows) == 1 + 9  # nine projects in the library on 2026-06-30
    widths = [int(g.get(qn("w:w"))) for g in library._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert sum(widths) == L.TEXT_WIDTH_TWIPS


def test_chart_table(bulletin: Document) -> None:
    chart = next(t for t in bulletin.tables if t.rows[0].cells[-1].text == "图示")
    rows = {r.cells[0].text: (r.cells[1].text, r.cells[2].text) for r in chart.rows[1:]}
    assert rows["政府职能转变和行政体制改革专项小组"] == ("60%", "█" * 12)


def test_closing_block(bulletin: Document) -> None:
    closing = bulletin.tables[-1]
    texts = [r.cells[0].text for r in closing.rows]
    assert texts == ["抄送：市委全面深化改革领导小组成员，市督查考评办。", "市委改革办\t2026年7月15日印发"]
    borders = closing._tbl.tblPr.find(qn("w:tblBorders"))
    assert [borders.find(qn(f"w:{s}")).get(qn("w:sz")) for s in ("top", "insideH", "bottom")] == [
        "8",
        "6",
        "8",
    ]
    position = closing._tbl.tblPr.find(qn("w:tblpPr"))
    assert position.get(qn("w:tblpYSpec")) == "bottom"


def test_signature(bulletin: Document) -> None:
    texts = [p.text for p in bulletin.paragraphs]
    i = texts.index("附件：重点突破改革项目库一览表")
    assert texts[i + 2 : i + 4] == ["市委改革办", "2026年7月15日"]


def test_page_numbers(bulletin: Document, bulletin_file: Path) -> None:
    assert bulletin.settings.odd_and_even_pages_header_footer
    section = bulletin.sections[0]
    for footer, side in ((section.footer, "right"), (section.even_page_footer, "left")):
        p = footer.paragraphs[0]
        assert p._p.pPr.find(qn("w:jc")).get(qn("w:val")) == side
        assert p._p.pPr.find(qn("w:ind")).get(qn(f"w:{side}Chars")) == "100"  # one character in
        xml = p._p.xml
        assert "PAGE" in "".join(t.text for t in p._p.iter(qn("w:instrText")))
        assert [c.get(qn("w:fldCharType")) for c in p._p.iter(qn("w:fldChar"))] == [
            "begin",
            "separate",
            "end",
        ]
        assert p.text == "— 1 —"
        assert 'w:eastAsia="宋体"' in xml and 'w:val="28"' in xml  # 4号 宋体
    with zipfile.ZipFile(bulletin_file) as z:
        assert "<w:evenAndOddHeaders" in z.read("word/settings.xml").decode()


def test_report_docx(report: Document) -> None:
    texts = [p.text for p in report.paragraphs]
    assert texts[0] == "Report on the reform work of 2025"
    assert texts[2] == "To the municipal leading group for comprehensively deepening reform:"
    assert [p.text for p in report.paragraphs if p.style is not None and p.style.name == "Heading 1"][-1] == (
        "7. Overdue going into the next year"
    )
    assert "2 exemplary cases were chosen for 2025" in "\n".join(texts)
    assert texts[-3:] == ["市委改革办", "15 January 2026", ""]  # a document ends with a paragraph
    assert report.tables[-1].rows[-1].cells[0].text == "市委改革办\tIssued on 15 January 2026"


def test_docx_onto_a_terminal_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    from reformctl.cli import output

    monkeypatch.setattr(output, "is_terminal", lambda: True)
    ran = run_cli("bulletin", "--quarter", "2026-Q2", "--format", "docx", "--ledger", str(EXAMPLE))
    assert ran.exit_code == 2 and "--format docx writes a binary file" in ran.stderr


def test_unknown_format() -> None:
    ran = run_cli(
        "bulletin",
        "--quarter",
        "2026-Q2",
        "--as-of",
        "2026-07-15",
        "--format",
        "pdf",
        "--ledger",
        str(EXAMPLE),
    )
    assert ran.exit_code == 2 and "--format 'pdf' is not one of md, docx" in ran.stderr
