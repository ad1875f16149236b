"""Done-when of issue 14.3: `guifan document sample-notice --output F.docx [--pdf]` renders a sample 通报 of the
year's results from the stored data; the Word file has the GB/T 9704-2012 layout (page size, margins, body font
size, line pitch, the document number 〔2018〕N号), and its PDF is set in CJK fonts (no missing-glyph boxes)."""

import re
import shutil
import subprocess

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from docx import Document as Docx
from docx.enum.text import WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, Twips

from guifan.documents.models import Document

MM = Mm(1)  # a tolerance of one millimetre is far below any layout mistake


def _sample(tmp_path, *extra):
    out = tmp_path / "notice.docx"
    call_command("document", "sample-notice", "--output", str(out), *extra)
    return out


def _paragraph(doc, pattern):
    return next(p for p in doc.paragraphs if re.search(pattern, p.text))


@pytest.mark.django_db
def test_the_sample_notice_has_the_gbt_9704_layout(stored, tmp_path):
    doc = Docx(str(_sample(tmp_path)))
    section = doc.sections[0]
    assert abs(section.page_width - Mm(210)) < MM and abs(section.page_height - Mm(297)) < MM  # A4
    assert abs(section.top_margin - Mm(37)) < MM and abs(section.left_margin - Mm(28)) < MM  # binding margin
    width = section.page_width - section.left_margin - section.right_margin
    height = section.page_height - section.top_margin - section.bottom_margin
    assert abs(width - Mm(156)) < MM and abs(height - Mm(225)) < MM  # the text block

    body = _paragraph(doc, "根据《")
    style = body.style
    assert style.font.size == Pt(16)  # 3号
    fmt = style.paragraph_format
    while fmt.line_spacing is None and style.base_style is not None:
        style = style.base_style
        fmt = style.paragraph_format
    assert fmt.line_spacing_rule == WD_LINE_SPACING.EXACTLY
    pitch = fmt.line_spacing
    assert pitch == Twips(579)  # 28.95 pt: 22 lines in 225 mm
    assert 22 * pitch <= Mm(225) < 23 * pitch
    fonts = doc.styles["Normal"].element.rPr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:linePitch")) == "579"

    number = _paragraph(doc, "〔")
    assert re.fullmatch(r"〔2018〕[1-9]\d*号", number.text), number.text
    assert number.text == "〔2018〕1号"  # the city's first document of 2018 (nothing stored before)
    mark = doc.paragraphs[0]
    assert mark.text == "中共桂林市委组织部" and str(mark.style.font.color.rgb) == "FF0000"
    assert number._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom")).get(qn("w:color")) == "FF0000"  # the red rule
    title = _paragraph(doc, "^关于2018年度")
    assert title.style.font.size == Pt(22)  # 2号
    texts = [p.text for p in doc.paragraphs]
    for heading in ("一、总体情况", "（一）各地情况", "1.临桂区", "2.阳朔县", "二、表扬", "三、通报批评"):
        assert any(t.startswith(heading) for t in texts), heading
    assert "（一）yangshuo村第一党支部（整改时限：2018年11月30日前）" in texts
    footer = section.footer.paragraphs[0]
    assert footer.text.startswith("— ") and footer.text.endswith(" —")
    assert "PAGE" in "".join(footer._p.itertext()) and footer.style.font.size == Pt(14)  # 4号
    assert not Document.objects.exists()  # a sample is not stored


@pytest.mark.django_db
@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice (soffice) is not installed")
@pytest.mark.skipif(not shutil.which("pdffonts") or not shutil.which("pdftotext"),
                    reason="poppler-utils (pdffonts, pdftotext) is not installed")
def test_the_sample_pdf_is_set_in_cjk_fonts(stored, tmp_path):
    out = _sample(tmp_path, "--pdf")
    pdf = out.with_suffix(".pdf")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "中共桂林市委组织部" in text and "〔2018〕1" in text and "通报批评" in text
    rows = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    names = [row.split()[0] for row in rows]
    assert names
    # Every font is a CJK substitute of fonts/fonts.conf, embedded: no glyph fell back to a font without Chinese.
    assert all(re.search(r"CJK|UKai", n) for n in names), names
    assert all(" yes " in row for row in rows), rows


@pytest.mark.django_db
def test_the_sample_notice_is_refused_without_an_official_assessment(two_counties, tmp_path):
    with pytest.raises(CommandError, match="正式考评"):
        _sample(tmp_path)
    assert not (tmp_path / "notice.docx").exists()


@pytest.mark.parametrize("n, words", [(1, "一"), (10, "十"), (11, "十一"), (20, "二十"), (99, "九十九"), (100, "一百"),
                                      (103, "一百零三"), (110, "一百一十"), (1005, "一千零五"), (1050, "一千零五十"),
                                      (10010, "一万零一十"), (12345, "一万二千三百四十五")])
def test_headings_number_past_ninety_nine(n, words):
    """The city's results notice lists every organisation under rectification as a （N） heading: more than 99 of
    them in the sample city (make demo stopped on the hundredth before)."""
    from guifan.documents.content import zh_numeral

    assert zh_numeral(n) == words
