"""Member list and page: masking everywhere, audited reveal, edit and transfer through the actions, scope."""

import pytest
from django.urls import reverse

from guifan import testing as t
from guifan.core.models import ChangeLog, SensitiveAccess
from guifan.members.models import Member, Transfer
from guifan.orgs.models import Organisation

pytestmark = pytest.mark.django_db


def _secrets(members):
    return [m.reveal_id_number() for m in members] + [m.reveal_phone() for m in members]


def test_list_is_scoped_masked_and_filtered(client, users, two_counties):
    y, lingui = two_counties["yangshuo"], two_counties["lingui"]
    client.force_login(users["city"])
    response = client.get(reverse("members:list"))
    assert response.status_code == 200
    html = response.content.decode()
    everyone = y["members"] + lingui["members"]
    for member in everyone:
        assert member.name in html and member.id_number_masked in html and member.phone_masked in html
    for secret in _secrets(everyone):
        assert secret not in html
    client.force_login(users["county"])
    html = client.get(reverse("members:list")).content.decode()
    assert "lingui党员0" not in html and "yangshuo党员0" in html


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "党员2"}, {"yangshuo党员2"}),
        ({"category": Member.Category.PROBATIONARY}, {"yangshuo党员3"}),
        ({"status": Member.Status.FLOWING}, {"yangshuo党员1"}),
        ({"gender": Member.Gender.FEMALE}, {"yangshuo党员1"}),
        ({"joined_after": "2010-01-01"}, {"yangshuo党员0"}),
        ({"region": "450321100"}, {"yangshuo党员0", "yangshuo党员1", "yangshuo党员2", "yangshuo党员3"}),
    ],
)
def test_list_filters(client, users, two_counties, params, expected):
    y = two_counties["yangshuo"]["members"]
    Member.objects.filter(pk=y[3].pk).update(category=Member.Category.PROBATIONARY)
    Member.objects.filter(pk=y[1].pk).update(status=Member.Status.FLOWING, gender=Member.Gender.FEMALE)
    Member.objects.filter(pk=y[0].pk).update(joined_on="2015-07-01")
    client.force_login(users["county"])
    response = client.get(reverse("members:list"), params)
    assert {m.name for m in response.context["page_obj"].object_list} == expected


def test_list_by_organisation_subtree(client, users, two_counties):
    client.force_login(users["county"])
    committee = two_counties["yangshuo"]["committee"]
    response = client.get(reverse("members:list"), {"organisation": committee.pk})
    assert response.context["page_obj"].paginator.count == 4
    assert response.context["under"] == committee


def test_list_paginates(client, users, two_counties):
    branch = two_counties["yangshuo"]["branch"]
    for _ in range(55):
        t.member(branch)
    client.force_login(users["county"])
    first = client.get(reverse("members:list"))
    assert len(first.context["page_obj"].object_list) == 50
    assert "第 1 页，共 2 页" in first.content.decode()
    second = client.get(reverse("members:list"), {"page": 2})
    assert len(second.context["page_obj"].object_list) == 9


def test_page_is_masked_until_revealed_and_reveal_is_recorded(client, users, two_counties):
    member = two_counties["yangshuo"]["members"][1]
    client.force_login(users["township"])
    html = client.get(reverse("members:detail", args=[member.pk])).content.decode()
    assert member.id_number_masked in html and member.reveal_id_number() not in html
    assert member.reveal_phone() not in html
    assert "显示完整身份证号码和电话" in html
    assert not SensitiveAccess.objects.exists()
    assert client.get(reverse("members:reveal", args=[member.pk])).status_code == 405
    response = client.post(reverse("members:reveal", args=[member.pk]), {"reason": "核对转接"})
    assert response.status_code == 200
    html = response.content.decode()
    assert member.reveal_id_number() in html and member.reveal_phone() in html
    access = SensitiveAccess.objects.get()
    assert access.user == users["township"] and access.object_id == str(member.pk) and access.reason == "核对转接"
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]


def test_member_sees_only_themselves(client, users, two_counties):
    own, other = two_counties["yangshuo"]["members"][:2]
    client.force_login(users["member"])
    assert client.get(reverse("members:detail", args=[own.pk])).status_code == 200
    assert client.get(reverse("members:detail", args=[other.pk])).status_code == 404
    assert client.post(reverse("members:reveal", args=[other.pk])).status_code == 404
    assert client.get(reverse("members:edit", args=[own.pk])).status_code == 403
    assert client.get(reverse("members:transfer", args=[own.pk])).status_code == 403
    assert client.get(reverse("members:list")).status_code == 403  # their own record, not a list


def test_members_outside_the_scope_are_404(client, users, two_counties):
    other = two_counties["lingui"]["members"][0]
    for name in ("county", "township", "organisation"):
        client.force_login(users[name])
        for view in ("members:detail", "members:edit", "members:transfer"):
            assert client.get(reverse(view, args=[other.pk])).status_code == 404
        assert client.post(reverse("members:reveal", args=[other.pk])).status_code == 404
    assert not SensitiveAccess.objects.exists()


def _edit_data(client, member):
    form = client.get(reverse("members:edit", args=[member.pk])).context["form"]
    data = {k: ("" if v is None else getattr(v, "pk", v)) for k, v in form.initial.items()}
    return data | {"id_number": "", "phone": ""}


def test_edit_through_the_action(client, users, two_counties):
    y = two_counties["yangshuo"]
    member = y["members"][2]
    client.force_login(users["organisation"])
    data = _edit_data(client, member) | {"status": Member.Status.POCKET, "party_group": y["group"].pk,
                                          "phone": "13912345678"}
    response = client.post(reverse("members:edit", args=[member.pk]), data)
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.status == Member.Status.POCKET and member.party_group == y["group"]
    assert member.reveal_phone() == "13912345678"
    log = ChangeLog.objects.get(object_type="members.member", object_id=str(member.pk))
    assert log.after["status"] == "pocket" and "13912345678" not in str(log.after)
    html = client.get(reverse("members:detail", args=[member.pk])).content.decode()
    assert "口袋党员" in html and "139****5678" in html


def test_edit_errors_in_chinese(client, users, two_counties):
    member = two_counties["yangshuo"]["members"][2]
    client.force_login(users["county"])
    data = _edit_data(client, member) | {"joined_on": "1970-01-01", "phone": "12ab"}
    response = client.post(reverse("members:edit", args=[member.pk]), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    # The birth date is the one inside the kept ID number (1980-05-17).
    assert errors["joined_on"] == ["入党日期早于出生日期。"]
    assert errors["phone"] == ["联系电话应为7至15位数字。"]
    response = client.post(reverse("members:edit", args=[member.pk]), data | {"id_number": "450321198005170000"})
    assert response.context["form"].errors["id_number"] == ["身份证号码校验码错误。"]


def test_transfer_through_the_action(client, users, two_counties):
    y = two_counties["yangshuo"]
    member = y["members"][3]
    second = t.organisation(y["village"], Organisation.Kind.BRANCH, parent=y["committee"], name="yangshuo村第二党支部")
    client.force_login(users["county"])
    response = client.post(reverse("members:transfer", args=[member.pk]),
                           {"to_code": second.code, "date": "2025-03-01", "reason": "搬迁"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.organisation == second
    transfer = Transfer.objects.get(member=member)
    assert transfer.from_organisation == y["branch"] and transfer.user == users["county"]
    html = client.get(reverse("members:detail", args=[member.pk])).content.decode()
    assert "2025-03-01" in html and "yangshuo村第二党支部" in html and "搬迁" in html


@pytest.mark.parametrize(
    ("target", "message"),
    [("group", "党员隶属于党支部而非党小组，请选择该党小组所在的党支部。"),
     ("branch", "该党员已隶属于此党组织。"),
     ("other county", "您的管辖范围内没有该代码的党组织。")],
)
def test_transfer_errors(client, users, two_counties, target, message):
    y = two_counties["yangshuo"]
    org = {"group": y["group"], "branch": y["branch"], "other county": two_counties["lingui"]["branch"]}[target]
    client.force_login(users["county"])
    response = client.post(reverse("members:transfer", args=[y["members"][0].pk]),
                           {"to_code": org.code, "date": "2025-03-01"})
    assert response.status_code == 200
    assert response.context["form"].errors["to_code"] == [message]
    assert not Transfer.objects.exists()


def test_secretary_records_where_a_member_works(client, users, two_counties):
    """Issue 8 (ORG-N-01, TEAM-N-01): a member records the unit they work in; only a unit of the user's area."""
    from guifan import testing as t
    from guifan.orgs.models import HostUnit

    member = two_counties["yangshuo"]["members"][0]
    unit = t.host_unit("450321100", HostUnit.Kind.ENTERPRISE, name="阳朔某企业", headcount=120)
    outside = t.host_unit("450312100", HostUnit.Kind.ENTERPRISE, name="临桂某企业", headcount=120)
    client.force_login(users["county"])
    url = f"/members/{member.pk}/edit/"
    form = client.get(url).context["form"]
    data = {k: ("" if v is None else getattr(v, "pk", v)) for k, v in form.initial.items()}
    data.update(id_number="", phone="", work_unit=outside.code)
    assert client.post(url, data).status_code == 200
    member.refresh_from_db()
    assert member.work_unit is None
    data["work_unit"] = unit.code
    assert client.post(url, data).status_code == 302
    member.refresh_from_db()
    assert member.work_unit == unit
    assert "阳朔某企业" in client.get(f"/members/{member.pk}/").content.decode()
