"""The documents pages: issuing as a job from the list (the city), a document's page and files, recording a
response, the template page refusing a template missing a field (the message names it, nothing stored), scope:
a county user sees the city's notice sent to it but only its own recipients, and nothing of another county."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document as Docx

from guifan.documents import actions, content, render
from guifan.documents.models import Document, IssuerTemplate

from .conftest import DEADLINE, YEAR


@pytest.fixture
def notice(stored):
    return actions.issue(content.build(Document.Kind.RESULTS, YEAR, stored["city"], deadline=DEADLINE), pdf=False)


@pytest.mark.django_db
def test_the_city_issues_a_notice_from_the_list(client, stored, users, django_capture_on_commit_callbacks):
    client.force_login(users["city"])
    page = client.get("/documents/")
    assert page.status_code == 200 and "issue/" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):  # the job runs when its start commits
        response = client.post("/documents/issue/", {"kind": "results", "year": YEAR, "deadline": "2018-12-31"})
    assert response.status_code == 302 and "/jobs/" in response["Location"]
    document = Document.objects.get()
    assert document.number == "〔2018〕1号" and document.created_by == users["city"]
    job_page = client.get(response["Location"])
    assert f"/documents/{document.pk}/" in job_page.content.decode()
    detail = client.get(f"/documents/{document.pk}/").content.decode()
    assert "〔2018〕1号" in detail and "yangshuo村第一党支部" in detail
    word = client.get(f"/documents/{document.pk}/file.docx")
    assert word.status_code == 200 and Docx(io.BytesIO(word.content)).paragraphs[2].text == "〔2018〕1号"


@pytest.mark.django_db
def test_a_document_missing_a_required_field_is_refused_at_once_in_chinese(client, stored, users):
    from guifan.core.models import ChangeLog, Job

    client.force_login(users["city"])
    refusals = [({"kind": "notice_criticism", "year": YEAR}, "报送整改报告的截止日期"),  # no deadline
                ({"kind": "results", "year": 2017, "deadline": "2018-12-31"}, "2017年度还没有正式考评"),
                ({"kind": "checkup", "year": YEAR, "organisation": ""}, "体检报告所针对的党组织"),
                ({"kind": "checkup", "year": YEAR, "organisation": "no-such-code"}, "没有该代码的党组织")]
    for post, words in refusals:
        response = client.post("/documents/issue/", post, follow=True)
        shown = [str(m) for m in response.context["messages"]]
        assert any(words in m for m in shown), (post, shown)
    assert not Document.objects.exists() and not Job.objects.exists()  # nothing written, no job started
    assert not ChangeLog.objects.filter(object_type__startswith="documents").exists()


@pytest.mark.django_db
def test_a_job_refused_by_its_action_shows_the_reason(client, stored, users, django_capture_on_commit_callbacks):
    """A job whose action refuses (here no official run of its year): it fails with the Chinese reason, no document."""
    from guifan.core.models import Job

    client.force_login(users["city"])
    with django_capture_on_commit_callbacks(execute=True):
        from guifan.documents import jobs

        job = jobs.start(users["city"], kind="results", year=2017, deadline=DEADLINE, pdf=False)
    job.refresh_from_db()
    assert job.state == Job.State.FAILED
    assert "2017" in job.message and "正式考评" in job.message
    assert not Document.objects.exists()


@pytest.mark.django_db
def test_the_county_sees_its_own_recipient_only_and_cannot_issue_for_the_city(client, stored, users, notice,
                                                                              django_capture_on_commit_callbacks):
    client.force_login(users["county"])
    assert client.get("/documents/").status_code == 200
    detail = client.get(f"/documents/{notice.pk}/").content.decode()
    assert "阳朔县" in detail and "临桂区" not in detail.split("Recipients")[-1].split("收文")[-1]
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/documents/issue/", {"kind": "results", "year": YEAR, "deadline": "2018-12-31"})
    assert Document.objects.filter(issuer=stored["city"]).count() == 1  # the county issues for its county only


@pytest.mark.django_db
def test_the_organisation_records_its_rectification_report(client, stored, users, notice):
    asked = notice.recipients.get(deadline__isnull=False)
    client.force_login(users["organisation"])  # the committee above the criticised branch
    upload = SimpleUploadedFile("整改报告.txt", "已整改".encode())
    client.post(f"/documents/recipients/{asked.pk}/respond/", {"text": "已整改完成", "file": upload})
    asked.refresh_from_db()
    assert asked.received_at is not None and asked.response_text == "已整改完成"
    assert client.get(f"/documents/recipients/{asked.pk}/response/").content == "已整改".encode()


@pytest.mark.django_db
def test_the_template_page_refuses_a_template_missing_a_field(client, stored, users):
    client.force_login(users["city"])
    doc = Docx(str(render.SHIPPED))
    for p in doc.paragraphs:
        if "{{ number }}" in p.text:
            p._p.getparent().remove(p._p)
    out = io.BytesIO()
    doc.save(out)
    response = client.post("/documents/template/", {"file": SimpleUploadedFile("own.docx", out.getvalue())},
                           follow=True)
    text = response.content.decode()
    assert "number" in text and ("缺少" in text or "lacks" in text)
    assert not IssuerTemplate.objects.exists()
    assert client.get("/documents/template/download/").content[:2] == b"PK"


@pytest.mark.django_db
def test_a_member_has_no_documents_pages(client, stored, users, notice):
    client.force_login(users["member"])
    assert client.get("/documents/").status_code in (403, 404)  # members' own pages only (MemberPagesMiddleware)
    assert client.get(f"/documents/{notice.pk}/").status_code in (403, 404)


@pytest.mark.django_db
def test_the_recipients_are_paged_and_counted_by_state(client, stored, users, notice, monkeypatch):
    from guifan.documents import views

    monkeypatch.setattr(views, "PAGE_SIZE", 1)
    client.force_login(users["city"])
    total = notice.recipients.count()
    page = client.get(f"/documents/{notice.pk}/")
    assert page.context["page_obj"].paginator.count == total and len(page.context["rows"]) == 1
    assert sum(n for _state, _label, n in page.context["states"]) == total
    asked = notice.recipients.filter(deadline__isnull=False).first()
    asked.received_at = asked.deadline
    asked.save()
    states = {state: n for state, _label, n in client.get(f"/documents/{notice.pk}/").context["states"]}
    assert states["received"] == 1 and sum(states.values()) == total
    assert "已反馈 1" in client.get(f"/documents/{notice.pk}/").content.decode()
