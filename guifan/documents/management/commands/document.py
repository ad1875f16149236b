"""`guifan document sample-notice --output F.docx [--pdf] [--year Y]`: a sample 通报 of the year's results from the
stored demo data (the latest official assessment and the weak and lax list), in the GB/T 9704-2012 layout of the
shipped template, numbered as the city's next document; with --pdf also F.pdf through LibreOffice. Nothing is
stored."""

import datetime as dt
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from guifan.assessment.models import AssessmentRun
from guifan.documents import content, render
from guifan.documents.models import Document
from guifan.regions.models import Region


class Command(BaseCommand):
    @property
    def help(self):
        return _("Official documents: `sample-notice` writes a sample notice of the year's results as a Word file.")

    def add_arguments(self, parser):
        parser.add_argument("action", choices=("sample-notice",))
        parser.add_argument("--output", required=True, help=_("The Word file to write (.docx)."))
        parser.add_argument("--pdf", action="store_true", help=_("Also write the PDF beside it (LibreOffice)."))
        parser.add_argument("--year", type=int, help=_("The year (default: the latest official assessment)."))

    def handle(self, *args, action, output, pdf=False, year=None, **options):
        city = Region.objects.filter(parent__isnull=True).order_by("code").first()
        if city is None:
            raise CommandError(_("There are no regions: seed the sample city first (guifan seed)."))
        if year is None:
            run = AssessmentRun.objects.official().first()
            if run is None:
                raise CommandError(_("There is no official assessment: run `guifan demo_setup` or `guifan assess`."))
            year = run.year
        deadline = dt.date(year + 1, 3, 31)
        try:
            body = content.build(Document.Kind.RESULTS, year, city, deadline=deadline)
            number = content.document_number(year, content.next_serial(city, year))
            docx = render.render_docx(body.context(number, timezone.localdate()), render.template_bytes(city))
            pdf_data = render.to_pdf(docx) if pdf else None
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        path = Path(output)
        path.write_bytes(docx)
        self.stdout.write(_("Wrote %(file)s (%(number)s).") % {"file": path, "number": number})
        if pdf_data is not None:
            pdf_path = path.with_suffix(".pdf")
            pdf_path.write_bytes(pdf_data)
            self.stdout.write(_("Wrote %(file)s.") % {"file": pdf_path})
