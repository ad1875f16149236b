"""Transfers in from outside the city (组织关系从市外转入, issue 12): the receiving organisation registers the member
from the letter of an organisation outside the city; one action creates the member and the transfer (accepted,
coming from outside), writes the change log and recounts the roll-ups; every refusal writes nothing. The pages: the
form reached from the organisation's transfers page, the received list, the area's roll-up, the scope."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from guifan import testing as t
from guifan.core.models import ChangeLog
from guifan.members import actions
from guifan.members.models import Member, Transfer
from guifan.orgs.models import Organisation, OrganisationCount

TODAY = dt.date(2019, 12, 31)
OUTSIDE = "广东省深圳市南山区某街道党工委"


def _data(**over):
    number = t.id_number("440305", dt.date(1990, 3, 4), False)
    data = {"name": "转入党员甲", "gender": "F", "ethnicity": "壮族", "id_number": number,
            "phone": "13800138000", "joined_on": dt.date(2015, 6, 1), "category": Member.Category.PROBATIONARY}
    return data | over


def _receive(org, data=None, **over):
    kw = {"outside_name": OUTSIDE, "letter_number": "深南组转〔2019〕12号", "date": dt.date(2019, 11, 20),
          "today": TODAY} | over
    return actions.receive_from_outside(org, data or _data(), **kw)


def _written():
    return Member.objects.count(), Transfer.objects.count(), ChangeLog.objects.count()


def test_the_member_is_registered_with_a_transfer_from_outside_the_city(db, two_counties, users):
    y = two_counties["yangshuo"]
    number = _data()["id_number"]
    transfer = _receive(y["branch"], _data(id_number=number), user=users["organisation"])
    member = transfer.member
    assert (member.organisation, member.status, member.category) == (
        y["branch"], Member.Status.NORMAL, Member.Category.PROBATIONARY)
    assert member.reveal_id_number() == number and member.id_number_masked != number  # stored as members are
    assert member.birth_year_month == "1990-03" and member.reveal_phone() == "13800138000"
    assert member.phone_masked != "13800138000" and member.ethnicity == "壮族"
    assert transfer.from_organisation is None and transfer.from_outside and transfer.from_name == OUTSIDE
    assert transfer.to_organisation == y["branch"] and not transfer.within_city
    assert (transfer.state, transfer.accepted_on, transfer.date) == (
        Transfer.State.ACCEPTED, dt.date(2019, 11, 20), dt.date(2019, 11, 20))
    assert transfer.letter_number == "深南组转〔2019〕12号" and transfer.user == users["organisation"]
    logs = ChangeLog.objects.filter(source="transfer:in", action=ChangeLog.Action.CREATE)
    assert logs.count() == 2 and all(log.region_path.endswith("/450321100/") for log in logs)
    counted = Member.objects.filter(organisation=y["branch"]).count()
    assert OrganisationCount.objects.get(organisation=y["branch"]).own_members == counted == 5
    assert OrganisationCount.objects.get(organisation=y["committee"]).members == counted


@pytest.mark.parametrize("case", ["registered", "group", "dissolved", "future", "before_joining", "no_letter",
                                  "no_sender", "bad_id"])
def test_refusals_write_nothing(db, two_counties, users, case):
    y = two_counties["yangshuo"]
    org, data, over, message = y["branch"], _data(), {}, ""
    if case == "registered":
        data["id_number"] = y["members"][0].reveal_id_number()
        message = "市内转接"
    elif case in ("group", "dissolved"):
        org = y["group"] if case == "group" else t.organisation(
            y["village"], Organisation.Kind.BRANCH, parent=y["committee"], name="已撤销支部",
            dissolved_on=dt.date(2019, 1, 1))
        message = "党小组" if case == "group" else "撤销"
    elif case == "future":
        over, message = {"date": TODAY + dt.timedelta(days=1)}, "晚于今天"
    elif case == "before_joining":
        over, message = {"date": dt.date(2015, 5, 31)}, "早于该党员的入党日期"
    elif case == "no_letter":
        over, message = {"letter_number": " "}, "介绍信编号"
    elif case == "no_sender":
        over, message = {"outside_name": ""}, "市外党组织名称"
    else:
        data["id_number"] = "450321198001011234"
    before = _written()
    with pytest.raises(ValidationError) as refused:
        _receive(org, data, user=users["organisation"], **over)
    assert message in " ".join(refused.value.messages)
    assert _written() == before


def test_a_registered_number_outside_the_scope_is_not_named(db, two_counties, users):
    from guifan.core.scoping import scope_for

    ling = two_counties["lingui"]["members"][0]
    with pytest.raises(ValidationError) as refused:
        _receive(two_counties["yangshuo"]["branch"], _data(id_number=ling.reveal_id_number()),
                 scope=scope_for(users["organisation"]))
    text = " ".join(refused.value.messages)
    assert ling.name not in text and ling.organisation.name not in text and "市内转接" in text


# --- pages -------------------------------------------------------------------------------------------------------
def _post(data=None, **over):
    today = timezone.localdate()
    d = _data()
    form = {"outside_name": OUTSIDE, "letter_number": "深南组转12号", "date": today.isoformat(), "name": d["name"],
            "gender": d["gender"], "ethnicity": d["ethnicity"], "id_number": d["id_number"], "phone": d["phone"],
            "joined_on": "2015-06-01", "category": "full"}
    return form | (data or {}) | over


def test_a_secretary_registers_the_member_from_the_transfers_page(client, users, two_counties):
    y = two_counties["yangshuo"]
    client.force_login(users["organisation"])
    page = client.get(reverse("members:organisation_transfers", args=[y["branch"].pk])).content.decode()
    form_url = reverse("members:transfer_in", args=[y["branch"].pk])
    assert form_url in page and "登记市外转入" in page
    assert 'name="id_number"' in client.get(form_url).content.decode()
    response = client.post(form_url, _post())
    assert response.status_code == 302
    member = Member.objects.get(name="转入党员甲")
    assert member.organisation == y["branch"] and member.transfers.get().from_outside_name == OUTSIDE
    page = client.get(reverse("members:organisation_transfers", args=[y["branch"].pk])).content.decode()
    assert "转入党员甲" in page and OUTSIDE in page and "市外" in page
    client.force_login(users["county"])
    overview = client.get(reverse("members:transfers")).content.decode()
    assert f"<td>{y['township'].name}</td><td>1</td>" in overview  # received from outside, by region
    detail = client.get(reverse("members:detail", args=[member.pk])).content.decode()
    assert OUTSIDE in detail


def test_a_refused_form_says_why_in_chinese_and_writes_nothing(client, users, two_counties):
    y = two_counties["yangshuo"]
    client.force_login(users["organisation"])
    before = _written()
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    response = client.post(reverse("members:transfer_in", args=[y["branch"].pk]), _post(date=tomorrow))
    assert response.status_code == 400 and "收到介绍信的日期晚于今天" in response.content.decode()
    response = client.post(reverse("members:transfer_in", args=[y["group"].pk]), _post())
    assert response.status_code == 400 and "党小组" in response.content.decode()
    assert _written() == before


def test_another_countys_organisation_and_a_member_account_cannot(client, users, two_counties):
    ling, y = two_counties["lingui"], two_counties["yangshuo"]
    before = _written()
    client.force_login(users["county"])
    url = reverse("members:transfer_in", args=[ling["branch"].pk])
    assert client.get(url).status_code == 404 and client.post(url, _post()).status_code == 404
    client.force_login(users["member"])
    url = reverse("members:transfer_in", args=[y["branch"].pk])
    assert client.get(url).status_code in (403, 404) and client.post(url, _post()).status_code in (403, 404)
    assert _written() == before
