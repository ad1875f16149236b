"""The sample's official documents (guifan.seeding.documents): the results notice and a county's report are issued,
with their PDF when LibreOffice makes it and as Word files alone, the reason said, when it cannot (SPEC M20)."""

import pytest
from django.core.exceptions import ValidationError

from guifan.documents import render
from guifan.documents.models import Document
from guifan.seeding import documents as sample

from .conftest import YEAR


@pytest.mark.django_db
def test_the_sample_documents_are_issued_without_pdf_when_libreoffice_fails(stored, monkeypatch):
    def failing(docx):
        raise ValidationError("LibreOffice 未能生成 PDF。")

    monkeypatch.setattr(render, "soffice", lambda: "/usr/bin/soffice")
    monkeypatch.setattr(render, "to_pdf", failing)
    laid = sample.seed_documents(YEAR)
    assert laid == {"documents": 2, "without_pdf": "LibreOffice 未能生成 PDF。"}
    assert Document.objects.filter(year=YEAR, pdf__isnull=True).count() == 2
    results = Document.objects.get(kind=Document.Kind.RESULTS, year=YEAR)
    asked = results.recipients.filter(deadline__isnull=False)
    assert asked.exists() and asked.filter(received_at__isnull=False).count() == (asked.count() + 2) // 3
    assert sample.seed_documents(YEAR) == {"documents": 0, "without_pdf": ""}  # once a year


@pytest.mark.django_db
def test_no_sample_document_without_an_official_assessment(stored):
    assert sample.seed_documents(YEAR - 1) == {"documents": 0, "without_pdf": ""}
    assert not Document.objects.exists()
