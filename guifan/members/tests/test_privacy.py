"""The birth date is stored as its year and month only (出生年月, Member.birth_month): no page, export, API answer,
admin page or change-log entry shows the full birth date, which with the region code would leave only the sequence to
guess (test_rebuilding shows how many numbers stay possible). Only the audited reveal shows it, read from the number.
And a full ID number is never searched for in a URL: it goes in a POST body (members:find, api/members/find/)."""

import datetime as dt
import importlib

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.urls import reverse
from django.utils import translation

from guifan import testing as t
from guifan.core import audit, idcard, selectors
from guifan.core.models import ChangeLog, SensitiveAccess
from guifan.members import actions
from guifan.members.models import Member
from guifan.testing import Client

pytestmark = pytest.mark.django_db

BIRTH = dt.date(1983, 11, 24)
NEW_BIRTH = dt.date(1986, 2, 3)


def full_dates(birth: dt.date) -> list[str]:
    return [f"{birth:%Y%m%d}", birth.isoformat(), f"{birth.year}年{birth.month}月{birth.day}日",
            f"{birth:%Y年%m月%d日}", f"{birth:%Y/%m/%d}", f"{birth:%Y.%m.%d}"]


def leaks(text: str, member: Member, *births: dt.date) -> list[str]:
    number = member.reveal_id_number()
    needles = [number] + [d for birth in births or (idcard.birth_date_of(number),) for d in full_dates(birth)]
    return [n for n in needles if n in text]


def body(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if content[:4] == b"PK\x03\x04":
        import io
        import zipfile

        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return "\n".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist()
                             if n.endswith(".xml"))
    return content.decode()


@pytest.fixture
def member(two_counties, users):
    """A member created and then given a new ID number through the actions, so the change log has both dates."""
    branch = two_counties["yangshuo"]["branch"]
    created = actions.create_member(
        {"name": "隐私测试党员", "gender": Member.Gender.FEMALE, "ethnicity": "壮族",
         "id_number": t.id_number("450321", BIRTH, male=False), "phone": "13907731234",
         "joined_on": dt.date(2010, 7, 1), "organisation": branch},
        user=users["county"],
    )
    return actions.update_member(created, {"id_number": t.id_number("450321", NEW_BIRTH, male=False)},
                                 user=users["county"])


def test_the_birth_date_is_read_from_the_id_number(member):
    assert member.birth_month == dt.date(1986, 2, 1) and member.birth_year_month == "1986-02"
    assert not Member.objects.filter(birth_month__day__gt=1).exists()


def test_a_birth_date_that_disagrees_with_the_id_number_is_refused_in_chinese(two_counties):
    data = {"name": "甲", "gender": Member.Gender.MALE, "id_number": t.id_number("450321", BIRTH),
            "birth_date": BIRTH + dt.timedelta(days=1), "joined_on": dt.date(2010, 7, 1),
            "organisation": two_counties["yangshuo"]["branch"]}
    with translation.override("zh-hans"), pytest.raises(ValidationError) as caught:
        actions.create_member(data)
    assert caught.value.message_dict == {"birth_date": ["出生日期与身份证号码中的出生日期不一致。"]}
    assert actions.create_member(data | {"birth_date": BIRTH}).birth_month == BIRTH.replace(day=1)


@pytest.mark.parametrize("who", ["county", "city"])
def test_no_page_shows_the_full_birth_date_next_to_the_masked_number(client, users, member, who):
    client.force_login(users[who])
    org = member.organisation
    urls = [
        reverse("members:list"), reverse("members:list") + f"?q={member.name}",
        reverse("members:detail", args=[member.pk]), reverse("members:edit", args=[member.pk]),
        reverse("members:transfer", args=[member.pk]), reverse("orgs:detail", args=[org.pk]),
        reverse("search") + f"?q={member.name}", reverse("spreadsheets:export", args=["members"]),
        "/api/members/", f"/api/members/{member.pk}/", "/api/change-log/", reverse("core:changelog"),
        "/admin/members/member/", f"/admin/members/member/{member.pk}/change/",
        f"/admin/members/member/?q={member.name}",
    ] + [f"/admin/core/changelog/{log.pk}/change/" for log in ChangeLog.objects.filter(object_id=str(member.pk))]
    shown_masked = []
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        text = body(response)
        assert not leaks(text, member, BIRTH, NEW_BIRTH), url
        if member.id_number_masked in text:
            shown_masked.append(url)
    # The check has teeth: the masked number is really on these pages.
    assert {reverse("members:list"), reverse("members:detail", args=[member.pk]), "/api/members/",
            "/admin/members/member/"} <= set(shown_masked)
    page = client.get(reverse("members:detail", args=[member.pk])).content.decode()
    assert "出生年月" in page and "1986-02" in page
    assert client.get(f"/api/members/{member.pk}/").json()["birth_month"] == "1986-02"


def test_the_export_has_the_birth_month_as_text_not_the_date(client, users, member):
    import io

    import openpyxl

    client.force_login(users["county"])
    response = client.get(reverse("spreadsheets:export", args=["members"]))
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).worksheets[0]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    column = rows[0].index("出生年月")
    (row,) = [r for r in rows[1:] if r[0] == member.name]
    assert row[column] == "1986-02" and member.id_number_masked in row
    values = [v.date() if isinstance(v, dt.datetime) else v for r in rows for v in r]
    assert NEW_BIRTH not in values and not any(leaks(str(v), member) for v in values)


def test_the_change_log_keeps_year_and_month_only(client, users, member):
    logs = ChangeLog.objects.filter(object_type="members.member", object_id=str(member.pk)).order_by("pk")
    created, updated = logs
    assert created.after["birth_month"] == "1983-11" and "birth_date" not in created.after
    assert (updated.before["birth_month"], updated.after["birth_month"]) == ("1983-11", "1986-02")
    assert created.after["id_number_masked"] == member.id_number_masked == "450321" + "*" * 12
    client.force_login(users["county"])
    page = client.get(reverse("core:changelog")).content.decode()
    assert "出生年月" in page and "1983-11" in page and "1986-02" in page


def test_entries_written_before_keep_only_year_and_month_once_migrated(two_counties):
    old = two_counties["yangshuo"]["members"][0]
    log = audit.entry(old, ChangeLog.Action.UPDATE, None, {"birth_date": "1980-05-17", "status": "normal"},
                      {"birth_date": "1981-06-18", "status": "flowing"})
    log.save()
    # Shown as year and month even before the data migration ran.
    shown = {d.label: (d.before, d.after) for d in selectors.differences(log)}
    assert shown[str(Member.audit_year_month["birth_date"])] == ("1980-05", "1981-06")
    migration = importlib.import_module("guifan.core.migrations.0002_change_log_birth_year_month")
    # The models as the migration saw them (before the change log became an append-only chain, 0004).
    historical = MigrationLoader(connection).project_state(("core", "0003_change_log_like_objectchange")).apps
    migration.cut_birth_dates(historical, None)
    log = ChangeLog.objects.get(pk=log.pk)
    assert log.before == {"birth_date": "1980-05", "status": "normal"}
    assert log.after == {"birth_date": "1981-06", "status": "flowing"}


def test_the_audited_reveal_alone_shows_the_full_birth_date(client, users, member):
    client.force_login(users["county"])
    response = client.post(reverse("members:reveal", args=[member.pk]), {"reason": "核对"})
    text = response.content.decode()
    assert member.reveal_id_number() in text and NEW_BIRTH.isoformat() in text
    assert SensitiveAccess.objects.get(object_id=str(member.pk)).fields == "id_number,phone,birth_date"


def test_admin_derives_the_birth_date_from_the_id_number(client, users, two_counties):
    branch = two_counties["yangshuo"]["branch"]
    client.force_login(users["county"])
    number = t.id_number("450321", BIRTH)
    data = {"name": "后台新党员", "gender": "M", "ethnicity": "汉族", "new_id_number": number, "new_phone": "",
            "education": "", "joined_on": "2010-07-01", "category": "full", "status": "normal",
            "organisation": branch.pk, "party_group": "", "_save": "1"}
    assert client.post("/admin/members/member/add/", data).status_code == 302
    created = Member.objects.get(name="后台新党员")
    assert created.birth_month == BIRTH.replace(day=1)
    page = client.get(f"/admin/members/member/{created.pk}/change/").content.decode()
    assert 'name="birth_date"' not in page and "1983-11" in page and not leaks(page, created)


# Finding by full ID number: a POST, never a query string.

def test_find_form_opens_the_member_in_scope(client, users, member):
    client.force_login(users["county"])
    list_page = client.get(reverse("members:list")).content.decode()
    assert f'action="{reverse("members:find")}"' in list_page and "按身份证号码查找" in list_page
    assert "按姓名搜索" in list_page
    number = member.reveal_id_number()
    response = client.post(reverse("members:find"), {"id_number": f" {number.lower()} "})
    assert response.status_code == 302 and response.url == reverse("members:detail", args=[member.pk])
    assert number not in response.url


def test_find_form_answers_not_found_outside_the_scope(client, users, two_counties):
    outside = two_counties["lingui"]["members"][0]
    client.force_login(users["county"])
    response = client.post(reverse("members:find"), {"id_number": outside.reveal_id_number()})
    text = response.content.decode()
    assert response.status_code == 404 and "您的管理范围内没有该身份证号码的党员" in text
    assert outside.name not in text and outside.reveal_id_number() not in text
    unregistered = t.id_number("450321", BIRTH)
    assert client.post(reverse("members:find"), {"id_number": unregistered}).status_code == 404
    invalid = client.post(reverse("members:find"), {"id_number": "4503211983"})
    assert invalid.status_code == 200 and invalid.context["find_form"].errors["id_number"]
    assert not SensitiveAccess.objects.exists()


def test_find_form_needs_the_csrf_token(users, member):
    client = Client(enforce_csrf_checks=True)
    client.force_login(users["county"])
    assert client.post(reverse("members:find"), {"id_number": member.reveal_id_number()}).status_code == 403


def test_query_string_never_matches_a_full_id_number(client, users, member):
    client.force_login(users["county"])
    number = member.reveal_id_number()
    response = client.get(reverse("members:list"), {"q": number})
    assert response.context["page_obj"].paginator.count == 0
    assert client.get(reverse("members:list"), {"q": member.name}).context["page_obj"].paginator.count == 1
    export = body(client.get(reverse("spreadsheets:export", args=["members"]), {"q": number}))
    assert member.id_number_masked not in export

