"""Writes the GB/T 9704-2012 base template of guifan/documents/docx/ (run once when its layout changes; the .docx is
shipped): `python -m guifan.documents.make_templates`.

The layout (GB/T 9704-2012 《党政机关公文格式》, issue 14.3): A4 (210 × 297 mm); top margin 37 mm, binding (left)
margin 28 mm, so with bottom 35 mm and right 26 mm the text block is 156 × 225 mm; the body in 3号 (16 pt) 仿宋_GB2312
on a grid of 22 lines (exact line pitch 225 mm / 22 ≈ 28.95 pt) of 28 characters; the red 发文机关标志 in
方正小标宋简体 with the red rule (a red bottom border) under the 发文字号 〔2018〕N号; the title in 2号 (22 pt) 小标宋;
headings 一、 in 黑体, （一） in 楷体_GB2312, 1. and （1） in the body font; the page number "— 1 —" in 4号 (14 pt)
宋体. The fonts are named as offices have them; PDF rendering substitutes free ones (fonts/fonts.conf).

The template's placeholders are guifan.documents.render.REQUIRED: an office may replace the file with its own
letterhead as long as it keeps them (the upload is checked)."""

from pathlib import Path

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor, Twips

HERE = Path(__file__).parent / "docx"

FANGSONG, XIAOBIAOSONG, HEITI, KAITI, SONGTI = "仿宋_GB2312", "方正小标宋简体", "黑体", "楷体_GB2312", "宋体"
BODY_PT, TITLE_PT, PAGE_NUMBER_PT, MARK_PT = 16, 22, 14, 36
RED = RGBColor(0xFF, 0x00, 0x00)
TEXT_HEIGHT_MM, LINES, TEXT_WIDTH_MM, CHARS = 225, 22, 156, 28
# 225 mm / 22 lines = 579.8 twips; rounding down (579 twips = 28.95 pt) keeps the 22nd line inside the block.
LINE_PITCH_TWIPS = int(TEXT_HEIGHT_MM / 25.4 * 1440 / LINES)
# 28 characters of 16 pt (448 pt) do not fit in 156 mm (442.2 pt): the body's characters are condensed to
# 15.75 pt (w:spacing -0.25 pt, in twips), 28 to a line in Word and LibreOffice alike (a character grid of
# linesAndChars would do it in Word only: LibreOffice spaces the characters out to the grid).
CONDENSE_TWIPS = -5
assert (BODY_PT + CONDENSE_TWIPS / 20) * CHARS <= TEXT_WIDTH_MM / 25.4 * 72


def set_fonts(rpr_parent, east_asian: str, latin: str | None = None) -> None:
    """The run or style's fonts: the east-asian font through w:rFonts eastAsia (python-docx sets only ascii)."""
    rpr = rpr_parent.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    latin = latin or east_asian
    for attr, value in (("w:ascii", latin), ("w:hAnsi", latin), ("w:eastAsia", east_asian), ("w:cs", latin)):
        fonts.set(qn(attr), value)


def exact(paragraph_format, twips: int = LINE_PITCH_TWIPS) -> None:
    paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    paragraph_format.line_spacing = Twips(twips)
    paragraph_format.space_before = paragraph_format.space_after = Pt(0)


def add_style(doc, name: str, font: str, size: int, *, color=None, align=None, first_line=False):
    style = doc.styles.add_style(name, 1)  # WD_STYLE_TYPE.PARAGRAPH
    style.base_style = doc.styles["Normal"]
    style.font.size = Pt(size)
    style.font.name = font
    set_fonts(style.element, font)
    if color is not None:
        style.font.color.rgb = color
    if align is not None:
        style.paragraph_format.alignment = align
    if first_line:
        style.paragraph_format.first_line_indent = Pt(BODY_PT * 2)
    exact(style.paragraph_format)
    return style


def page_number_field(paragraph) -> None:
    """ — {PAGE} — """
    def run(text=None, field=None):
        r = paragraph.add_run(text or "")
        r.font.size = Pt(PAGE_NUMBER_PT)
        set_fonts(r._r, SONGTI)
        if field is not None:
            for kind, instr in field:
                if kind == "char":
                    el = OxmlElement("w:fldChar")
                    el.set(qn("w:fldCharType"), instr)
                else:
                    el = OxmlElement("w:instrText")
                    el.set(qn("xml:space"), "preserve")
                    el.text = instr
                r._r.append(el)
        return r

    run("— ")
    run(field=[("char", "begin")])
    run(field=[("instr", " PAGE ")])
    run(field=[("char", "separate")])
    run("1")
    run(field=[("char", "end")])
    run(" —")


def red_rule(paragraph) -> None:
    """The red rule under the 发文字号: the paragraph's red bottom border, 4 mm (≈ 11 pt) below the text."""
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for attr, value in (("w:val", "single"), ("w:sz", "12"), ("w:space", "11"), ("w:color", "FF0000")):
        bottom.set(qn(attr), value)
    borders.append(bottom)
    ppr.append(borders)


def document_grid(section) -> None:
    sect = section._sectPr
    grid = sect.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        sect.append(grid)
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(LINE_PITCH_TWIPS))


def condense(style) -> None:
    rpr = style.element.get_or_add_rPr()
    spacing = OxmlElement("w:spacing")
    spacing.set(qn("w:val"), str(CONDENSE_TWIPS))
    rpr.append(spacing)


def build() -> Document:
    doc = Document()
    section = doc.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.header_distance, section.footer_distance = Mm(15), Mm(23)
    document_grid(section)

    normal = doc.styles["Normal"]
    normal.font.size = Pt(BODY_PT)
    normal.font.name = FANGSONG
    set_fonts(normal.element, FANGSONG)
    exact(normal.paragraph_format)
    condense(normal)

    mark = add_style(doc, "GB Issuer Mark", XIAOBIAOSONG, MARK_PT, color=RED, align=WD_ALIGN_PARAGRAPH.CENTER)
    mark.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    number = add_style(doc, "GB Number", FANGSONG, BODY_PT, align=WD_ALIGN_PARAGRAPH.CENTER)
    title = add_style(doc, "GB Title", XIAOBIAOSONG, TITLE_PT, align=WD_ALIGN_PARAGRAPH.CENTER)
    exact(title.paragraph_format, round(LINE_PITCH_TWIPS * 1.25))
    add_style(doc, "GB Recipients", FANGSONG, BODY_PT)
    body = add_style(doc, "GB Body", FANGSONG, BODY_PT, first_line=True)
    add_style(doc, "GB Heading 1", HEITI, BODY_PT, first_line=True)
    add_style(doc, "GB Heading 2", KAITI, BODY_PT, first_line=True)
    add_style(doc, "GB Heading 3", FANGSONG, BODY_PT, first_line=True)
    signature = add_style(doc, "GB Signature", FANGSONG, BODY_PT, align=WD_ALIGN_PARAGRAPH.RIGHT)
    signature.paragraph_format.right_indent = Pt(BODY_PT * 4)
    footer_style = add_style(doc, "GB Page Number", SONGTI, PAGE_NUMBER_PT, align=WD_ALIGN_PARAGRAPH.CENTER)
    footer_style.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE

    for stray in doc.paragraphs:  # the default template's empty paragraph, if any
        stray._p.getparent().remove(stray._p)
    doc.add_paragraph("{{ issuer_mark }}", style=mark)
    doc.add_paragraph("", style=number)
    rule = doc.add_paragraph("{{ number }}", style=number)
    red_rule(rule)
    doc.add_paragraph("", style=number)
    doc.add_paragraph("{{ title }}", style=title)
    doc.add_paragraph("", style=body)
    doc.add_paragraph("{{ recipients_line }}", style="GB Recipients")
    # One paragraph per block of the body, its style by its heading level (一、（一）1.（1）).
    doc.add_paragraph("{%p for block in body %}", style=body)
    doc.add_paragraph("{%p if block.level == 1 %}", style=body)
    doc.add_paragraph("{{ block.text }}", style="GB Heading 1")
    doc.add_paragraph("{%p elif block.level == 2 %}", style=body)
    doc.add_paragraph("{{ block.text }}", style="GB Heading 2")
    doc.add_paragraph("{%p elif block.level == 3 %}", style=body)
    doc.add_paragraph("{{ block.text }}", style="GB Heading 3")
    doc.add_paragraph("{%p else %}", style=body)
    doc.add_paragraph("{{ block.text }}", style=body)
    doc.add_paragraph("{%p endif %}", style=body)
    doc.add_paragraph("{%p endfor %}", style=body)
    doc.add_paragraph("", style=body)
    doc.add_paragraph("", style=body)
    doc.add_paragraph("{{ issuer_name }}", style=signature)
    doc.add_paragraph("{{ date }}", style=signature)

    footer = section.footer
    footer.is_linked_to_previous = False
    paragraph = footer.paragraphs[0]
    paragraph.style = footer_style
    page_number_field(paragraph)
    return doc


if __name__ == "__main__":
    HERE.mkdir(exist_ok=True)
    build().save(HERE / "notice.docx")
