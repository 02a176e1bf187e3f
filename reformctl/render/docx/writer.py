"""Lay out a `Document` as a Word file (python-docx), to GB/T 9704-2012 (measurements: `layout`).

Fonts are named, not embedded. Every run and every style names its East Asian font as
`w:eastAsia` (Word and WPS otherwise fall back to the Latin font for Chinese text), with Times New
Roman for Latin letters and digits; theme font references of the default template are removed so
that they cannot override the names. Pure: blocks in, bytes out.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from docx import Document as new_document
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor, Twips
from docx.styles.style import ParagraphStyle
from docx.text.paragraph import Paragraph as DocxParagraph

from reformctl.render.docx import layout as L
from reformctl.render.docx.blocks import (
    Addressee,
    BarChart,
    Blank,
    Block,
    Closing,
    Document,
    Heading,
    Label,
    Masthead,
    PageBreak,
    Paragraph,
    Run,
    Signature,
    Table,
    Title,
)

HEADING_FONTS = {1: L.HEITI, 2: L.KAITI, 3: L.FANGSONG, 4: L.FANGSONG}
THEME_ATTRIBUTES = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


# Fonts and paragraph properties -------------------------------------------------------------------


def set_fonts(rpr: Any, east_asia: str, latin: str = L.LATIN, size_pt: float | None = None) -> None:
    """Name the fonts in run properties (`w:rPr`, of a run or a style): East Asian and Latin; at
    the body size, condense the characters so that 28 fill a line (`layout.CHAR_SPACING`)."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in THEME_ATTRIBUTES:
        fonts.attrib.pop(qn(attr), None)
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:cs"), latin)
    fonts.set(qn("w:eastAsia"), east_asia)
    fonts.set(qn("w:hint"), "eastAsia")
    if size_pt is not None:
        for tag in ("w:sz", "w:szCs"):
            el = rpr.find(qn(tag))
            if el is None:
                el = OxmlElement(tag)
                rpr.append(el)
            el.set(qn("w:val"), str(round(size_pt * 2)))
        if size_pt == L.BODY_PT:
            _child(rpr, "w:spacing").set(qn("w:val"), str(L.CHAR_SPACING))


SCHEMA_ORDER = {
    "w:rPr": "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint noProof "
    "snapToGrid vanish webHidden color spacing w kern position sz szCs highlight u effect bdr shd fitText "
    "vertAlign rtl cs em lang eastAsianLayout specVanish oMath",
    "w:pPr": "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers pBdr shd "
    "tabs suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE autoSpaceDN bidi "
    "adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc textDirection "
    "textAlignment textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange",
    "w:tblPr": "tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize tblW jc "
    "tblCellSpacing tblInd tblBorders shd tblLayout tblCellMar tblLook tblCaption tblDescription",
    "w:trPr": "cnfStyle divId gridBefore gridAfter wBefore wAfter cantSplit trHeight tblHeader tblCellSpacing jc hidden",
    "w:pBdr": "top left bottom right between bar",
    "w:tblBorders": "top left start bottom right end insideH insideV",
}
"""The order in which the OOXML schema wants the children of these elements (Word refuses a
file whose run or paragraph properties are out of order)."""


def schema_ordered(root: Any) -> None:
    """Put the children of every element named in SCHEMA_ORDER into the schema's order."""
    for tag, names in SCHEMA_ORDER.items():
        rank = {qn(f"w:{n}"): i for i, n in enumerate(names.split())}
        for element in root.iter(qn(tag)):
            children = sorted(element, key=lambda el: rank.get(el.tag, len(rank)))
            for child in children:
                element.remove(child)
                element.append(child)


def _child(parent: Any, tag: str) -> Any:
    el = parent.find(qn(tag))
    if el is None:
        el = OxmlElement(tag)
        parent.append(el)
    return el


def set_indent(ppr: Any, **chars: float) -> None:
    """Indents in body characters (`first_line`, `left`, `right`, `hanging`), written both as
    characters (`w:firstLineChars`: Word and WPS) and as twips (other readers)."""
    ind = _child(ppr, "w:ind")
    for name, value in chars.items():
        key = {"first_line": "firstLine", "left": "left", "right": "right", "hanging": "hanging"}[name]
        ind.set(qn(f"w:{key}Chars"), str(round(value * 100)))
        ind.set(qn(f"w:{key}"), str(round(value * L.CHAR_TWIPS)))


def exact_spacing(ppr: Any, line: int = L.LINE_PITCH) -> None:
    spacing = _child(ppr, "w:spacing")
    spacing.set(qn("w:before"), "0")
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), str(line))
    spacing.set(qn("w:lineRule"), "exact")


def no_grid(ppr: Any) -> None:
    _child(ppr, "w:snapToGrid").set(qn("w:val"), "0")


def _clear(element: Any) -> None:
    for child in list(element):
        element.remove(child)


# Styles -------------------------------------------------------------------------------------------


def _paragraph_style(doc: DocxDocument, name: str, base: str | None = "Normal") -> ParagraphStyle:
    try:
        style = doc.styles[name]
    except KeyError:
        style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    assert isinstance(style, ParagraphStyle)
    el = style.element
    for tag in ("w:pPr", "w:rPr"):
        found = el.find(qn(tag))
        if found is not None:
            _clear(found)
    if base is not None:
        style.base_style = doc.styles[base]  # type: ignore[assignment]
    style.quick_style = True
    return style


def _defaults(doc: DocxDocument) -> None:
    """Document defaults and Normal: 仿宋_GB2312 16 pt, exact 28.95 pt lines, no theme fonts."""
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    assert defaults is not None
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))  # type: ignore[union-attr]
    _clear(rpr)
    set_fonts(rpr, L.FANGSONG, size_pt=L.BODY_PT)
    _child(rpr, "w:lang").set(qn("w:eastAsia"), "zh-CN")
    ppr_default = defaults.find(qn("w:pPrDefault"))
    if ppr_default is not None:
        _clear(_child(ppr_default, "w:pPr"))
    normal = _paragraph_style(doc, "Normal", None)
    set_fonts(normal.element.get_or_add_rPr(), L.FANGSONG, size_pt=L.BODY_PT)
    ppr = normal.element.get_or_add_pPr()
    exact_spacing(ppr)
    _child(ppr, "w:jc").set(qn("w:val"), "both")


def _styles(doc: DocxDocument) -> None:
    for fonts in doc.styles.element.iter(qn("w:rFonts")):  # theme fonts would override the names
        for attr in THEME_ATTRIBUTES:
            fonts.attrib.pop(qn(attr), None)
    _defaults(doc)
    body = _paragraph_style(doc, "Body Text")
    set_indent(body.element.get_or_add_pPr(), first_line=2)
    for level, font in HEADING_FONTS.items():
        style = _paragraph_style(doc, f"Heading {level}")
        ppr = style.element.get_or_add_pPr()
        _child(ppr, "w:keepNext")
        set_indent(ppr, first_line=2)
        _child(ppr, "w:outlineLvl").set(qn("w:val"), str(level - 1))
        set_fonts(style.element.get_or_add_rPr(), font, size_pt=L.BODY_PT)
    title = _paragraph_style(doc, "Title")
    _child(title.element.get_or_add_pPr(), "w:jc").set(qn("w:val"), "center")
    no_grid(title.element.get_or_add_pPr())
    set_fonts(title.element.get_or_add_rPr(), L.XIAOBIAOSONG, size_pt=L.TITLE_PT)
    masthead = _paragraph_style(doc, "Masthead")
    mppr = masthead.element.get_or_add_pPr()
    _child(mppr, "w:jc").set(qn("w:val"), "center")
    no_grid(mppr)
    set_fonts(masthead.element.get_or_add_rPr(), L.XIAOBIAOSONG)
    _child(masthead.element.get_or_add_rPr(), "w:color").set(qn("w:val"), L.RED)
    table_text = _paragraph_style(doc, "Table Text")
    tppr = table_text.element.get_or_add_pPr()
    exact_spacing(tppr, L.TABLE_LINE_TWIPS)
    no_grid(tppr)
    set_fonts(table_text.element.get_or_add_rPr(), L.FANGSONG, size_pt=L.TABLE_PT)
    for name in ("Footer", "Closing"):
        style = _paragraph_style(doc, name)
        sppr = style.element.get_or_add_pPr()
        exact_spacing(sppr, round(L.FOOTER_PT * 20 * 1.5))
        no_grid(sppr)
        set_fonts(
            style.element.get_or_add_rPr(), L.SONGTI if name == "Footer" else L.FANGSONG, size_pt=L.FOOTER_PT
        )


# Page setup, page numbers -------------------------------------------------------------------------


def _page(doc: DocxDocument) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Twips(L.PAGE_TWIPS[0]), Twips(L.PAGE_TWIPS[1])
    section.top_margin = Twips(L.MARGINS_TWIPS["top"])
    section.bottom_margin = Twips(L.MARGINS_TWIPS["bottom"])
    section.left_margin = Twips(L.MARGINS_TWIPS["left"])
    section.right_margin = Twips(L.MARGINS_TWIPS["right"])
    section.gutter = Twips(0)
    section.header_distance = Twips(L.twips(15))
    section.footer_distance = Twips(L.twips(L.BOTTOM_MM - L.PAGE_NUMBER_GAP_MM - L.DASH_ABOVE_FOOTER_EDGE_MM))
    sect = section._sectPr
    grid = sect.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        sect.append(grid)
    grid.attrib.clear()
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(L.LINE_PITCH))
    doc.settings.odd_and_even_pages_header_footer = True
    _page_number(section.footer.paragraphs[0], odd=True)
    section.even_page_footer.is_linked_to_previous = False
    _page_number(section.even_page_footer.paragraphs[0], odd=False)


def _run(
    paragraph: DocxParagraph, text: str, font: str, size_pt: float | None = None, bold: bool = False
) -> Any:
    run = paragraph.add_run(text)
    set_fonts(run._r.get_or_add_rPr(), font, L.SONGTI if font == L.SONGTI else L.LATIN, size_pt)
    if bold:
        run.bold = True
    return run


def _field_char(paragraph: DocxParagraph, kind: str) -> None:
    run = _run(paragraph, "", L.SONGTI, L.FOOTER_PT)
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    run._r.append(char)


def _page_number(paragraph: DocxParagraph, odd: bool) -> None:
    """`— 1 —` in 4号 宋体: odd pages right, even pages left, one character in (GB/T 9704 §7.5)."""
    paragraph.style = "Footer"  # type: ignore[assignment]
    ppr = paragraph._p.get_or_add_pPr()
    _child(ppr, "w:jc").set(qn("w:val"), "right" if odd else "left")
    ind = _child(ppr, "w:ind")
    side = "right" if odd else "left"
    ind.set(qn(f"w:{side}Chars"), "100")
    ind.set(qn(f"w:{side}"), str(L.FOOTER_PT * 20))
    _run(paragraph, "— ", L.SONGTI, L.FOOTER_PT)
    _field_char(paragraph, "begin")
    instr = _run(paragraph, "", L.SONGTI, L.FOOTER_PT)
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = " PAGE "
    instr._r.append(text)
    _field_char(paragraph, "separate")
    _run(paragraph, "1", L.SONGTI, L.FOOTER_PT)
    _field_char(paragraph, "end")
    _run(paragraph, " —", L.SONGTI, L.FOOTER_PT)


# Blocks -------------------------------------------------------------------------------------------


def _para(doc: DocxDocument, style: str) -> DocxParagraph:
    return doc.add_paragraph(style=style)


def _bottom_rule(paragraph: DocxParagraph, color: str, eighths: int, space_pt: int) -> None:
    borders = _child(paragraph._p.get_or_add_pPr(), "w:pBdr")
    bottom = _child(borders, "w:bottom")
    for key, value in (("val", "single"), ("sz", str(eighths)), ("space", str(space_pt)), ("color", color)):
        bottom.set(qn(f"w:{key}"), value)


def _masthead(doc: DocxDocument, m: Masthead) -> None:
    name = _para(doc, "Masthead")
    size = L.masthead_size(m.publication)
    _run(name, m.publication, L.XIAOBIAOSONG, size).font.color.rgb = RGBColor.from_string(L.RED)
    number = _para(doc, "Normal")
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(number, m.number, L.FANGSONG, L.BODY_PT)
    line = _para(doc, "Normal")
    ppr = line._p.get_or_add_pPr()
    set_indent(ppr, left=1, right=1)
    tabs = _child(ppr, "w:tabs")
    tab = OxmlElement("w:tab")
    tab.set(qn("w:val"), "right")
    tab.set(qn("w:pos"), str(L.TEXT_WIDTH_TWIPS - L.CHAR_TWIPS))
    tabs.append(tab)
    _run(line, m.office, L.FANGSONG, L.BODY_PT)
    _run(line, "\t" + m.date, L.FANGSONG, L.BODY_PT)
    _bottom_rule(line, L.RED, 18, 8)


def _runs(
    paragraph: DocxParagraph, runs: Sequence[Run], font: str = L.FANGSONG, size: float = L.BODY_PT
) -> None:
    for r in runs:
        _run(paragraph, r.text, font, size, r.bold)


def _cell_text(cell: Any, text: str, font: str, align: WD_ALIGN_PARAGRAPH, bold: bool = False) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.style = "Table Text"
    paragraph.alignment = align
    _run(paragraph, text, font, L.TABLE_PT, bold)
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER


def _repeat_header(row: Any) -> None:
    trpr = row._tr.get_or_add_trPr()
    _child(trpr, "w:tblHeader").set(qn("w:val"), "true")


def _table(
    doc: DocxDocument, header: Sequence[str], rows: Sequence[Sequence[str]], numeric: Sequence[bool]
) -> Any:
    table = doc.add_table(rows=1, cols=len(header))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    widths = L.column_widths([[h, *(r[i] for r in rows)] for i, h in enumerate(header)])
    for i, h in enumerate(header):
        _cell_text(table.rows[0].cells[i], h, L.HEITI, WD_ALIGN_PARAGRAPH.CENTER)
    _repeat_header(table.rows[0])
    for r in rows:
        cells = table.add_row().cells
        for i, text in enumerate(r):
            right = bool(numeric) and numeric[i]
            _cell_text(
                cells[i], text, L.FANGSONG, WD_ALIGN_PARAGRAPH.RIGHT if right else WD_ALIGN_PARAGRAPH.LEFT
            )
    _child(table._tbl.tblPr, "w:tblLayout").set(qn("w:type"), "fixed")
    for i, column in enumerate(table.columns):
        column.width = Twips(widths[i])
    for row in table.rows:
        _child(row._tr.get_or_add_trPr(), "w:cantSplit")
        for i, cell in enumerate(row.cells):
            cell.width = Twips(widths[i])
    return table


def _bar_chart(doc: DocxDocument, chart: BarChart) -> None:
    rows = [(label, f"{value}%", "█" * round(value / 5)) for label, value in chart.bars]
    table = _table(doc, chart.header, rows, (False, True, False))
    for row in table.rows[1:]:
        run = row.cells[2].paragraphs[0].runs[0]
        run.font.color.rgb = RGBColor.from_string("C00000")
        run.font.size = Pt(9)


def _signature(doc: DocxDocument, s: Signature) -> None:
    office_right, date_right = L.signature_indents(s.office, s.date)
    for text, right in ((s.office, office_right), (s.date, date_right)):
        p = _para(doc, "Normal")
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        set_indent(p._p.get_or_add_pPr(), right=right)
        _run(p, text, L.FANGSONG, L.BODY_PT)


def _closing(doc: DocxDocument, c: Closing) -> None:
    """版记 (GB/T 9704 §7.4): 抄送 and 印发 between rules as wide as the text block, thick first
    and last (0.35 mm), thin between (0.25 mm); a table anchored to the foot of the last page."""
    rows = ([c.copied_to] if c.copied_to else []) + [""]
    table = doc.add_table(rows=len(rows), cols=1)
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    position = OxmlElement("w:tblpPr")
    for key, value in (
        ("vertAnchor", "margin"),
        ("horzAnchor", "margin"),
        ("tblpYSpec", "bottom"),
        ("tblpXSpec", "center"),
    ):
        position.set(qn(f"w:{key}"), value)
    tbl_pr.append(position)
    _child(tbl_pr, "w:tblW").set(qn("w:w"), str(L.TEXT_WIDTH_TWIPS))
    tbl_pr.find(qn("w:tblW")).set(qn("w:type"), "dxa")
    borders = _child(tbl_pr, "w:tblBorders")
    for side, size in (("top", 8), ("bottom", 8), ("insideH", 6), ("left", 0), ("right", 0), ("insideV", 0)):
        el = _child(borders, f"w:{side}")
        el.set(qn("w:val"), "single" if size else "nil")
        if size:
            el.set(qn("w:sz"), str(size))
            el.set(qn("w:color"), "000000")
    for i, row in enumerate(table.rows):
        cell = row.cells[0]
        cell.width = Twips(L.TEXT_WIDTH_TWIPS)
        p = cell.paragraphs[0]
        p.style = "Closing"
        ppr = p._p.get_or_add_pPr()
        set_indent(ppr, left=1, right=1)
        if i < len(rows) - 1:
            _run(p, rows[i], L.FANGSONG, L.FOOTER_PT)
            continue
        tabs = _child(ppr, "w:tabs")
        tab = OxmlElement("w:tab")
        tab.set(qn("w:val"), "right")
        tab.set(qn("w:pos"), str(L.TEXT_WIDTH_TWIPS - L.CHAR_TWIPS))
        tabs.append(tab)
        _run(p, c.printed_by, L.FANGSONG, L.FOOTER_PT)
        _run(p, f"\t{c.printed_on}", L.FANGSONG, L.FOOTER_PT)


def _block(doc: DocxDocument, block: Block) -> None:
    if isinstance(block, Masthead):
        _masthead(doc, block)
    elif isinstance(block, Title):
        _run(_para(doc, "Title"), block.text, L.XIAOBIAOSONG, L.TITLE_PT)
    elif isinstance(block, Addressee):
        _run(_para(doc, "Normal"), block.text, L.FANGSONG, L.BODY_PT)
    elif isinstance(block, Heading):
        _run(_para(doc, f"Heading {block.level}"), block.text, HEADING_FONTS[block.level], L.BODY_PT)
    elif isinstance(block, Paragraph):
        _runs(_para(doc, "Body Text" if block.indent else "Normal"), block.runs)
    elif isinstance(block, Label):
        _run(_para(doc, "Normal"), block.text, L.HEITI, L.BODY_PT)
    elif isinstance(block, Table):
        _table(doc, block.header, block.rows, block.numeric)
    elif isinstance(block, BarChart):
        _bar_chart(doc, block)
    elif isinstance(block, Blank):
        for _ in range(block.lines):
            _para(doc, "Normal")
    elif isinstance(block, PageBreak):
        _para(doc, "Normal").add_run().add_break(WD_BREAK.PAGE)
    elif isinstance(block, Signature):
        _signature(doc, block)


def write_docx(document: Document) -> bytes:
    """The document as .docx bytes."""
    doc = new_document()
    _styles(doc)
    _page(doc)
    body = doc.element.body
    for p in list(body.iterchildren(qn("w:p"))):
        body.remove(p)
    for block in document.blocks:
        _block(doc, block)
    if document.closing is not None:
        _closing(doc, document.closing)
        _para(doc, "Normal")  # a document ends with a paragraph
    for part in (
        doc.element,
        doc.styles.element,
        *(f._element for s in doc.sections for f in (s.footer, s.even_page_footer)),
    ):
        schema_ordered(part)
    props = doc.core_properties
    props.title = document.title
    props.author = props.last_modified_by = "reformctl"
    props.revision = 1
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
