"""Issuing (numbering per issuer and year), the replaceable template (refused naming the fields it lacks), the
recipients of a notice with their deadline and responses, the overdue reminders. Each refusal writes nothing."""

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document as Docx

from guifan.core.models import ChangeLog
from guifan.documents import actions, content, render, selectors
from guifan.documents.models import Document, IssuerTemplate, Recipient

from .conftest import DEADLINE, YEAR


def _issue(stored, kind=Document.Kind.RESULTS, issuer=None, year=YEAR, **kw):
    body = content.build(kind, year, issuer or stored["city"], deadline=kw.pop("deadline", DEADLINE), **kw)
    return actions.issue(body, pdf=False)


def _template_without(*fields) -> SimpleUploadedFile:
    """The shipped template with the paragraphs of some placeholders removed (an office's careless letterhead)."""
    doc = Docx(str(render.SHIPPED))
    for p in doc.paragraphs:
        if any("{{ " + f + " }}" in p.text for f in fields):
            p._p.getparent().remove(p._p)
    out = io.BytesIO()
    doc.save(out)
    return SimpleUploadedFile("letterhead.docx", out.getvalue())


@pytest.mark.django_db
def test_numbers_count_per_issuer_and_year(stored):
    first, second = _issue(stored), _issue(stored)
    assert (first.number, second.number) == ("〔2018〕1号", "〔2018〕2号")
    county = _issue(stored, issuer=stored["yangshuo"]["county"])
    assert county.number == "〔2018〕1号"  # the county counts its own
    assert content.document_number(2019, content.next_serial(stored["city"], 2019)) == "〔2019〕1号"
    text = "\n".join(p.text for p in Docx(io.BytesIO(bytes(second.docx))).paragraphs)
    assert "〔2018〕2号" in text and ChangeLog.objects.filter(object_type="documents.document").count() == 3


@pytest.mark.django_db
def test_a_template_missing_a_field_is_refused_naming_it(stored, users):
    city = stored["city"]
    with pytest.raises(ValidationError) as refused:
        actions.replace_template(city, _template_without("number", "date"), user=users["city"])
    message = " ".join(refused.value.messages)
    assert "number" in message and "date" in message and "title" not in message
    assert "发文字号" in message and "成文日期" in message  # each named as the office calls it, in Chinese
    assert not IssuerTemplate.objects.exists() and not ChangeLog.objects.filter(object_type__startswith="documents")


@pytest.mark.django_db
def test_a_file_that_is_not_a_word_template_is_refused(stored, users):
    for upload in (SimpleUploadedFile("letterhead.docx", b"not a zip"), SimpleUploadedFile("a.pdf", b"%PDF")):
        with pytest.raises(ValidationError):
            actions.replace_template(stored["city"], upload, user=users["city"])
    assert not IssuerTemplate.objects.exists()


@pytest.mark.django_db
def test_an_own_template_is_used_and_a_stored_broken_one_refuses_the_document(stored, users):
    city = stored["city"]
    doc = Docx(str(render.SHIPPED))
    doc.paragraphs[0].text = "{{ issuer_mark }}文件"
    out = io.BytesIO()
    doc.save(out)
    actions.replace_template(city, SimpleUploadedFile("own.docx", out.getvalue()), user=users["city"])
    issued = _issue(stored)
    assert Docx(io.BytesIO(bytes(issued.docx))).paragraphs[0].text == "中共桂林市委组织部文件"
    # A template stored before a field became required (or written to the table by hand) refuses the document.
    IssuerTemplate.objects.filter(issuer=city).update(docx=_template_without("title").read())
    with pytest.raises(ValidationError, match="title"):
        _issue(stored)
    assert Document.objects.count() == 1


@pytest.mark.django_db
def test_a_notice_asks_the_criticised_for_a_report_by_its_deadline(stored, users):
    notice = _issue(stored, Document.Kind.NOTICE_CRITICISM)
    asked = notice.recipients.get(deadline__isnull=False)
    assert asked.organisation == stored["yangshuo"]["branch"] and asked.deadline == DEADLINE
    assert notice.recipients.filter(region__isnull=False, deadline__isnull=True).exists()  # the counties, informed
    assert asked.state(DEADLINE) == Recipient.State.AWAITING
    late = DEADLINE + dt.timedelta(days=1)
    assert asked.state(late) == Recipient.State.OVERDUE
    assert list(Recipient.objects.overdue(late)) == [asked] and not Recipient.objects.overdue(DEADLINE).exists()
    from guifan.core.scoping import scope_for

    assert list(selectors.overdue(scope_for(users["organisation"]), late)) == [asked]  # the committee above it
    assert list(selectors.overdue(scope_for(users["city"]), late)) == [asked]  # the issuer
    with pytest.raises(ValidationError):
        actions.record_response(asked, text="  ", user=users["organisation"])
    assert Recipient.objects.get(pk=asked.pk).received_at is None
    actions.record_response(asked, text="已召开党员大会，整改完成。", user=users["organisation"])
    assert asked.state(late) == Recipient.State.RECEIVED and not Recipient.objects.overdue(late).exists()
    with pytest.raises(ValidationError):
        actions.record_response(asked, text="again", user=users["organisation"])
    assert Recipient.objects.get(pk=asked.pk).response_text == "已召开党员大会，整改完成。"


@pytest.mark.django_db
def test_a_notice_of_criticism_needs_a_deadline_and_a_document_an_official_run(stored, two_counties):
    with pytest.raises(ValidationError, match="deadline|截止|时限"):
        content.build(Document.Kind.NOTICE_CRITICISM, YEAR, stored["city"], deadline=None)
    with pytest.raises(ValidationError):
        content.build(Document.Kind.RESULTS, 2017, stored["city"], deadline=DEADLINE)
    assert not Document.objects.exists()


@pytest.mark.django_db
def test_the_checkup_report_names_the_failed_criteria(stored):
    branch = stored["yangshuo"]["branch"]
    issued = _issue(stored, Document.Kind.CHECKUP, issuer=stored["yangshuo"]["county"], organisation=branch)
    texts = [b["text"] for b in issued.body]
    assert any("一星级" in t for t in texts) and any(t.startswith("（一）") for t in texts)
    assert issued.recipients.get().organisation == branch


@pytest.mark.django_db
def test_only_the_issuing_region_issues(stored, users):
    from guifan.core.scoping import scope_for

    body = content.build(Document.Kind.RESULTS, YEAR, stored["city"], deadline=DEADLINE)
    with pytest.raises(ValidationError):
        actions.issue(body, user=users["county"], scope=scope_for(users["county"]), pdf=False)
    assert not Document.objects.exists()


@pytest.mark.django_db
def test_the_checkup_report_words_the_criteria_as_the_pack_of_its_run(stored):
    """A copy of the pack that renames a criterion: a check-up written from a run of that copy uses the new title."""
    from guifan.standards.actions import load_pack_text

    run, branch = stored["run"], stored["yangshuo"]["branch"]
    source = run.pack_version.source
    assert "title: {zh: 党员大会每季度1次," in source
    text = source.replace("title: {zh: 党员大会每季度1次,", "title: {zh: 党员大会每季度至少召开一次,", 1)
    copy = load_pack_text(text.replace('version: "2018.', 'version: "2018.9', 1))
    before = content.build(Document.Kind.CHECKUP, YEAR, stored["yangshuo"]["county"], organisation=branch)
    assert any("党员大会每季度1次" in b["text"] for b in before.body)
    type(run).objects.filter(pk=run.pk).update(pack_version=copy)
    after = content.build(Document.Kind.CHECKUP, YEAR, stored["yangshuo"]["county"], organisation=branch)
    assert any("党员大会每季度至少召开一次" in b["text"] for b in after.body)
    assert not any("党员大会每季度1次" in b["text"] for b in after.body)
