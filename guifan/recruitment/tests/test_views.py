"""The recruitment pages (ACT-G-03): a branch's applicants and the file's next-step form within the user's scope,
a refusal shown on the form with nothing written, the political review masked and revealed with a reason (audited),
the Word files made from the recorded dates, the region's pipeline."""

import datetime as dt
import io

import pytest
from docx import Document

from guifan import testing as t
from guifan.accounts.models import Role
from guifan.core.models import SensitiveAccess
from guifan.recruitment.models import StepRecord

from .walk import register, walk


@pytest.fixture
def rules(shipped_pack):
    return shipped_pack.pack().recruitment


@pytest.fixture
def branch(two_counties):
    return two_counties["yangshuo"]


@pytest.fixture
def secretary(branch):
    return t.user("secretary", Role.Kind.ORGANISATION, organisation=branch["branch"])


def _text(content: bytes) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(content)).paragraphs)


def test_the_list_and_file_are_scoped(client, branch, two_counties, rules, secretary):
    a = register(branch["branch"], rules)
    other = register(two_counties["lingui"]["branch"], rules, name="申请人乙")
    client.force_login(secretary)
    page = client.get("/recruitment/").content.decode()
    assert a.name in page and other.name not in page
    assert client.get(f"/recruitment/applicant/{a.pk}/").status_code == 200
    assert client.get(f"/recruitment/applicant/{other.pk}/").status_code == 404


def test_a_step_refused_on_the_form_writes_nothing(client, branch, rules, secretary):
    a = register(branch["branch"], rules)
    client.force_login(secretary)
    response = client.post(f"/recruitment/applicant/{a.pk}/", {"date": "2020-02-11"}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200 and "第八条" in response.content.decode()
    assert StepRecord.objects.filter(step="talk").count() == 0
    response = client.post(f"/recruitment/applicant/{a.pk}/", {"date": "2020-02-10"})
    assert response.status_code == 302 and StepRecord.objects.filter(step="talk").count() == 1


def test_the_political_review_is_masked_and_revealed_with_a_reason(client, branch, rules, secretary):
    a = walk(register(branch["branch"], rules), rules, branch["members"], until="political_review")
    client.force_login(secretary)
    page = client.get(f"/recruitment/applicant/{a.pk}/").content.decode()
    assert "政治审查合格" not in page and "****" in page
    record = a.steps.get(step="political_review")
    assert "政治审查合格" not in client.post(f"/recruitment/applicant/{a.pk}/reveal/{record.pk}/").content.decode()
    shown = client.post(f"/recruitment/applicant/{a.pk}/reveal/{record.pk}/", {"reason": "审批"})
    assert "政治审查合格" in shown.content.decode()
    assert SensitiveAccess.objects.filter(fields="political_review", object_id=str(a.pk)).count() == 1


def test_the_word_files_carry_the_name_and_the_dates(client, branch, rules, secretary):
    a = register(branch["branch"], rules)
    client.force_login(secretary)
    assert client.get(f"/recruitment/applicant/{a.pk}/document/notice/").status_code == 404
    page = client.get(f"/recruitment/applicant/{a.pk}/").content.decode()
    assert "/document/notice/" not in page and "记录公示期后生成" in page  # no link to a file not made yet
    walk(a, rules, branch["members"], until="approval_filing")
    page = client.get(f"/recruitment/applicant/{a.pk}/").content.decode()
    assert "/document/notice/" in page and "/document/approval/" in page
    notice = _text(client.get(f"/recruitment/applicant/{a.pk}/document/notice/").content)
    assert a.name in notice and "2021年5月1日" in notice and "2021年5月5日" in notice and "2020年1月10日" in notice
    approval = _text(client.get(f"/recruitment/applicant/{a.pk}/document/approval/").content)
    assert a.name in approval and "2021年6月1日" in approval and "2021年9月1日" in approval


def test_the_pipeline_counts_stages_and_overdue_steps(client, branch, two_counties, rules, users):
    a = register(branch["branch"], rules)  # applied 2020-01-10: the talk is long overdue
    walk(register(branch["branch"], rules, name="申请人丙"), rules, branch["members"], until="candidate")
    client.force_login(users["city"])
    page = client.get("/recruitment/pipeline/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-count="application">1<' in html and 'data-count="candidate">1<' in html
    assert 'data-count="overdue">1<' in html
    assert a.name not in html
    client.force_login(users["county"])
    assert client.get("/recruitment/pipeline/?region=450312").status_code == 404


def test_reminders_list_steps_coming_due(branch, rules):
    from guifan.recruitment import selectors
    from guifan.recruitment.models import Applicant

    a = register(branch["branch"], rules)
    qs = Applicant.objects.all()
    assert selectors.reminders(qs, rules, dt.date(2020, 1, 26), within=14) == []  # due 2020-02-10: 15 days ahead
    due = selectors.reminders(qs, rules, dt.date(2020, 1, 27), within=14)  # 14 days ahead
    assert due and due[0]["deadline"] == dt.date(2020, 2, 10) and not due[0]["overdue"]
    late = selectors.reminders(qs, rules, dt.date(2020, 2, 11), within=14)
    assert late[0]["applicant"] == a and late[0]["overdue"]
