"""The Excel pages with the register's sheets: the member export (masked, scoped, filtered), the page listing each
sheet's template, import and export, and the import page's error list and error workbook."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from guifan.core import idcard
from guifan.core.models import ChangeLog
from guifan.core.spreadsheets.testing import read
from guifan.members.models import Member

from .sheet_helpers import filled, member_row


def cells(response) -> list[list]:
    content = b"".join(response.streaming_content)
    return [[c.value for c in row] for row in read(content).worksheets[0].iter_rows()]


@pytest.fixture
def county_client(client, users):
    client.force_login(users["county"])
    return client


def test_member_export_is_masked_and_scoped(county_client, two_counties):
    response = county_client.get(reverse("spreadsheets:export", args=["members"]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = cells(response)
    assert rows[0][:5] == ["姓名", "性别", "民族", "出生年月", "公民身份号码"]
    names = {r[0] for r in rows[1:]}
    assert names == {m.name for m in two_counties["yangshuo"]["members"]}
    text = "\n".join(str(v) for row in rows for v in row)
    for member in Member.objects.all():
        assert member.reveal_id_number() not in text and member.reveal_phone() not in text
        # Of the birth date, the export gives year and month only, as text.
        birth = idcard.birth_date_of(member.reveal_id_number())
        for full in (f"{birth:%Y%m%d}", birth.isoformat(), f"{birth.year}年{birth.month}月{birth.day}日"):
            assert full not in text
        if member.name in names:
            assert member.id_number_masked in text and member.phone_masked in text
            assert [member.birth_year_month] == [r[3] for r in rows[1:] if r[0] == member.name]


def test_member_export_honours_the_list_filters(county_client, two_counties):
    target = two_counties["yangshuo"]["members"][2]
    rows = cells(county_client.get(reverse("spreadsheets:export", args=["members"]), {"q": target.name}))
    assert [r[0] for r in rows[1:]] == [target.name]
    other_county = cells(county_client.get(reverse("spreadsheets:export", args=["members"]), {"region": "450312"}))
    assert other_county[1:] == []


def test_export_with_invalid_filters_is_refused(county_client):
    response = county_client.get(reverse("spreadsheets:export", args=["members"]), {"joined_after": "not a date"})
    assert response.status_code == 400


def test_index_lists_templates_imports_and_exports(county_client):
    response = county_client.get(reverse("spreadsheets:index"))
    assert response.status_code == 200
    html = response.content.decode()
    for name in ("template", "import", "export"):
        for kind in ("organisations", "members"):
            assert reverse(f"spreadsheets:{name}", args=[kind]) in html
    assert "下载模板" in html


def test_template_download(county_client):
    response = county_client.get(reverse("spreadsheets:template", args=["members"]))
    assert response.status_code == 200
    assert read(b"".join(response.streaming_content)).worksheets[0]["A2"].value == "姓名"
    assert county_client.get("/excel/everything/template/").status_code == 404


def test_import_page_writes_or_returns_errors_with_a_download(county_client, client, two_counties, users):
    branch = two_counties["yangshuo"]["branch"]
    url = reverse("spreadsheets:import", args=["members"])
    good = filled(users["county"], [member_row(branch, name="页面导入")])
    response = county_client.post(url, {"file": good})
    assert response.status_code == 200 and "已写入 1 条记录" in response.content.decode()
    assert ChangeLog.objects.filter(source="import", object_repr__startswith="页面导入").exists()

    bad = filled(users["county"], [member_row(branch, name="错行", organisation="NOPE")])
    response = county_client.post(url, {"file": bad})
    assert response.status_code == 400
    html = response.content.decode()
    assert "党组织编码不存在" in html and not Member.objects.filter(name="错行").exists()
    token = response.context["error_token"]
    download = county_client.get(reverse("spreadsheets:errors", args=[token]))
    assert download.status_code == 200
    listing = read(b"".join(download.streaming_content))["错误清单"]
    assert [c.value for c in listing[2]][:2] == [3, "所在党组织编码"]
    client.logout()
    client.force_login(users["city"])  # another session may not fetch it
    assert client.get(reverse("spreadsheets:errors", args=[token])).status_code == 404


def test_import_refuses_a_non_xlsx_with_a_message(county_client):
    upload = SimpleUploadedFile("members.csv", "姓名,性别\n".encode())
    response = county_client.post(reverse("spreadsheets:import", args=["members"]), {"file": upload})
    assert response.status_code == 400
    assert "只能导入 Excel 工作簿（.xlsx）" in response.content.decode()


def test_roles_that_cannot_edit_cannot_import(client, users):
    client.force_login(users["member"])
    assert client.get(reverse("spreadsheets:import", args=["members"])).status_code == 403
    assert client.get(reverse("spreadsheets:index")).status_code == 403  # no Excel for a member's account


def test_login_required(client):
    response = client.get(reverse("spreadsheets:export", args=["members"]))
    assert response.status_code == 302 and "login" in response["Location"]
