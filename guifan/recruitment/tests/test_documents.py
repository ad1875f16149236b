"""The 入党志愿书 cover and basic data as a Word file (issue 12): made once the application is recorded, every
later date blank until its step is, the dates, introducers and branch filled in from the recorded steps; linked
from the file page only when it can be made, a 404 otherwise."""

import io

import pytest
from docx import Document

from guifan import testing as t
from guifan.accounts.models import Role
from guifan.recruitment import documents

from .walk import register, walk

URL = "/recruitment/applicant/{pk}/document/form_cover/"


@pytest.fixture
def rules(shipped_pack):
    return shipped_pack.pack().recruitment


@pytest.fixture
def branch(two_counties):
    return two_counties["yangshuo"]


@pytest.fixture
def secretary(branch):
    return t.user("secretary", Role.Kind.ORGANISATION, organisation=branch["branch"])


def _fields(content: bytes) -> dict[str, str]:
    """{label: value} of the basic-data table, and the cover's paragraphs under "cover"."""
    doc = Document(io.BytesIO(content))
    fields = {row.cells[0].text: row.cells[1].text for row in doc.tables[0].rows}
    fields["cover"] = "\n".join(p.text for p in doc.paragraphs)
    return fields


def test_the_cover_of_an_admitted_applicant_carries_every_recorded_date(client, branch, rules, secretary):
    a = walk(register(branch["branch"], rules), rules, branch["members"], until="approval_filing")
    client.force_login(secretary)
    assert f'href="{URL.format(pk=a.pk)}"' in client.get(f"/recruitment/applicant/{a.pk}/").content.decode()
    response = client.get(URL.format(pk=a.pk), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200 and response["Content-Type"].endswith("wordprocessingml.document")
    fields = _fields(response.content)
    assert "中国共产党入党志愿书" in fields["cover"] and a.name in fields["cover"]
    assert fields["姓名"] == a.name and fields["性别"] == "男"  # Chinese even for a user reading English
    assert fields["出生年月"] == "2002-01" and fields["民族"] == "汉族"  # the member made at the approval: Han
    assert fields["所在党支部"] == branch["branch"].name
    assert fields["递交入党申请书时间"] == "2020年1月10日"
    assert fields["确定为入党积极分子时间"] == "2020年3月1日"
    assert fields["列为发展对象时间"] == "2021年3月1日"
    assert fields["入党介绍人"] == "、".join(m.name for m in branch["members"][:2])
    assert fields["支部大会讨论通过时间"] == "2021年6月1日"
    assert fields["上级党委审批时间"] == "2021年9月1日"


def test_dates_not_yet_recorded_are_left_blank(branch, rules):
    a = walk(register(branch["branch"], rules), rules, branch["members"], until="activist")
    fields = _fields(documents.render(a, "form_cover"))
    assert fields["递交入党申请书时间"] == "2020年1月10日" and fields["确定为入党积极分子时间"] == "2020年3月1日"
    for label in ("民族", "列为发展对象时间", "入党介绍人", "支部大会讨论通过时间", "上级党委审批时间"):
        assert fields[label] == "", label


def test_without_the_application_step_there_is_no_cover(client, branch, rules, secretary):
    a = register(branch["branch"], rules)
    a.steps.filter(step="apply").delete()
    assert "form_cover" not in documents.available(a) and documents.render(a, "form_cover") is None
    client.force_login(secretary)
    page = client.get(f"/recruitment/applicant/{a.pk}/").content.decode()
    assert "/document/form_cover/" not in page and "记录递交入党申请书后生成" in page
    assert client.get(URL.format(pk=a.pk)).status_code == 404


def test_another_countys_applicant_has_no_cover(client, two_counties, rules, secretary):
    other = register(two_counties["lingui"]["branch"], rules, name="申请人乙")
    client.force_login(secretary)
    assert client.get(URL.format(pk=other.pk)).status_code == 404
