"""The Word file of a document (docxtpl) and its PDF (LibreOffice). The template is the issuer's own (IssuerTemplate)
or the shipped GB/T 9704-2012 one (docx/notice.docx, made by `python -m guifan.documents.make_templates`); a
replacement must keep every placeholder of REQUIRED, which `missing_fields` checks on upload."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from docxtpl import DocxTemplate

HERE = Path(__file__).parent
SHIPPED = HERE / "docx" / "notice.docx"
FONTS_CONF = HERE / "fonts" / "fonts.conf"
# The placeholders a template must hold (the words the office would see in its template).
REQUIRED = ("issuer_mark", "number", "title", "recipients_line", "body", "issuer_name", "date")
FIELD_LABELS = {"issuer_mark": gettext_lazy("field: issuing-body mark"),
                "number": gettext_lazy("field: document number"),
                "title": gettext_lazy("field: title"),
                "recipients_line": gettext_lazy("field: main recipients"),
                "body": gettext_lazy("field: body"),
                "issuer_name": gettext_lazy("field: issuing body (signature)"),
                "date": gettext_lazy("field: date of writing")}


def describe(fields) -> str:
    """The missing placeholders as the office writes them, each with what it is: {{ number }}（发文字号）."""
    return "、".join(f"{{{{ {f} }}}}（{FIELD_LABELS.get(f, f)}）" for f in fields)


PDF_TIMEOUT_SECONDS = 120


def template_bytes(issuer) -> bytes:
    from .models import IssuerTemplate

    own = IssuerTemplate.objects.filter(issuer=issuer).values_list("docx", flat=True).first()
    return bytes(own) if own is not None else SHIPPED.read_bytes()


def missing_fields(data: bytes) -> list[str]:
    """The placeholders of REQUIRED the template lacks; refuses a file that is not a Word template at all."""
    try:
        found = DocxTemplate(io.BytesIO(data)).get_undeclared_template_variables()
    except Exception as exc:  # a zip that is not a .docx, a broken Jinja tag…
        raise ValidationError(_("The file is not a Word template (.docx) that can be read: %(error)s")
                              % {"error": exc}) from exc
    return [name for name in REQUIRED if name not in found]


def render_docx(context: dict, template: bytes | None = None) -> bytes:
    doc = DocxTemplate(io.BytesIO(template) if template is not None else SHIPPED)
    doc.render(context, autoescape=True)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_pdf(docx: bytes) -> bytes:
    """The PDF of a Word file through LibreOffice headless, the official fonts mapped to free substitutes by
    fonts/fonts.conf (FONTCONFIG_FILE). Refused with a message when LibreOffice is not installed or fails."""
    binary = soffice()
    if binary is None:
        raise ValidationError(_("LibreOffice (soffice) is not installed: the PDF cannot be made."))
    with tempfile.TemporaryDirectory(prefix="guifan-pdf-") as tmp:
        source = Path(tmp) / "document.docx"
        source.write_bytes(docx)
        env = {**os.environ, "FONTCONFIG_FILE": str(FONTS_CONF), "HOME": tmp}
        # A profile of its own: two conversions at once do not share (and lock) one.
        profile = (Path(tmp) / "profile").as_uri()
        try:
            subprocess.run([binary, f"-env:UserInstallation={profile}", "--headless", "--norestore",
                            "--convert-to", "pdf", "--outdir", tmp, str(source)],
                           env=env, check=True, capture_output=True, timeout=PDF_TIMEOUT_SECONDS)
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
            raise ValidationError(_("LibreOffice could not make the PDF.")) from exc
        result = Path(tmp) / "document.pdf"
        if not result.exists():
            raise ValidationError(_("LibreOffice could not make the PDF."))
        return result.read_bytes()
