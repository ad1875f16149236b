"""Transfers (组织关系转接, issue 12 item 3): the sending organisation issues a letter with its number and deadline,
the receiving one accepts (the member moves) or returns it; a member in transit stays counted in the sending
organisation; overdue letters are flagged; a receiving organisation that does not exist, is dissolved or cannot
hold members is refused, nothing written. And the pages: the member page at 375 px, the transfers page, the
disposal records masked and revealed with an audited reason."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from guifan import testing as t
from guifan.core.models import SensitiveAccess
from guifan.members import actions, selectors
from guifan.members.models import Member, StatusChange, Transfer
from guifan.orgs.models import Organisation
from guifan.standards.pack import PACKS_DIR, parse_pack

SHIPPED = (PACKS_DIR / "guilin-2018.yaml").read_text(encoding="utf-8")
TODAY = dt.date(2019, 12, 31)


@pytest.fixture(scope="module")
def rules():
    return parse_pack(SHIPPED).member_status


@pytest.fixture
def second(two_counties):
    y = two_counties["yangshuo"]
    return t.organisation(y["village"], Organisation.Kind.BRANCH, parent=y["committee"], name="yangshuo村第二党支部")


def issue(member, to, rules, day=dt.date(2019, 10, 1), **kw):
    return actions.issue_transfer(member, to=to, date=day, letter_number=kw.pop("letter", "桂组转〔2019〕8号"),
                                  rules=rules, today=TODAY, **kw)


def test_issue_then_accept_moves_the_member_and_the_deadline_comes_from_the_pack(db, rules, two_counties, second):
    y = two_counties["yangshuo"]
    member = y["members"][0]
    letter = issue(member, second, rules)
    assert letter.state == Transfer.State.ISSUED and letter.deadline == dt.date(2019, 12, 30)
    member.refresh_from_db()
    assert member.organisation == y["branch"]  # in transit: still counted in the sending branch
    assert list(selectors.in_transit([member.pk])) == [letter]
    y["branch"].refresh_from_db()
    assert not letter.is_overdue(dt.date(2019, 12, 30)) and letter.is_overdue(dt.date(2019, 12, 31))
    actions.accept_transfer(letter, date=dt.date(2019, 12, 1), today=TODAY)
    member.refresh_from_db()
    letter.refresh_from_db()
    assert member.organisation == second and letter.state == Transfer.State.ACCEPTED
    assert letter.accepted_on == dt.date(2019, 12, 1)


def test_a_changed_pack_moves_the_deadline(db, two_counties, second):
    shorter = parse_pack(SHIPPED.replace("valid_days: 90", "valid_days: 30")).member_status
    assert issue(two_counties["yangshuo"]["members"][0], second, shorter).deadline == dt.date(2019, 10, 31)


def test_return_keeps_the_member_and_its_reason(db, rules, two_counties, second):
    y = two_counties["yangshuo"]
    letter = issue(y["members"][1], second, rules)
    with pytest.raises(ValidationError):
        actions.return_transfer(letter, date=dt.date(2019, 11, 1), reason=" ", today=TODAY)
    with pytest.raises(ValidationError, match="早于"):
        actions.return_transfer(letter, date=dt.date(2019, 9, 30), reason="查无此人", today=TODAY)
    actions.return_transfer(letter, date=dt.date(2019, 11, 1), reason="介绍信填写错误", today=TODAY)
    letter.refresh_from_db()
    assert letter.state == Transfer.State.RETURNED and letter.return_reason == "介绍信填写错误"
    assert Member.objects.get(pk=y["members"][1].pk).organisation == y["branch"]
    with pytest.raises(ValidationError):
        actions.accept_transfer(letter, date=dt.date(2019, 11, 2), today=TODAY)


@pytest.mark.parametrize("target", ["none", "group", "dissolved"])
def test_a_receiving_organisation_that_cannot_take_members_is_refused(db, rules, two_counties, target):
    y = two_counties["yangshuo"]
    org = {"none": None, "group": y["group"],
           "dissolved": t.organisation(y["village"], Organisation.Kind.BRANCH, parent=y["committee"],
                                       name="已撤销支部", dissolved_on=dt.date(2019, 1, 1))}[target]
    with pytest.raises(ValidationError):
        issue(y["members"][0], org, rules)
    assert not Transfer.objects.exists()


def test_a_second_open_letter_and_a_future_date_are_refused(db, rules, two_counties, second):
    member = two_counties["yangshuo"]["members"][0]
    with pytest.raises(ValidationError, match="晚于今天"):
        issue(member, second, rules, day=TODAY + dt.timedelta(days=1))
    issue(member, second, rules)
    with pytest.raises(ValidationError):
        issue(member, second, rules)


def test_out_of_the_city_the_receipt_marks_the_member_moved_out(db, rules, two_counties):
    y = two_counties["yangshuo"]
    member = y["members"][2]
    letter = issue(member, None, rules, outside_name="广东省深圳市某街道党工委")
    assert not letter.within_city and letter.to_name == "广东省深圳市某街道党工委"
    actions.accept_transfer(letter, date=dt.date(2019, 11, 1), today=TODAY)
    member.refresh_from_db()
    y["branch"].refresh_from_db()
    assert member.status == Member.Status.MOVED_OUT


def test_transfer_member_still_records_an_accepted_transfer(db, two_counties, second):
    member = two_counties["yangshuo"]["members"][3]
    moved = actions.transfer_member(member, second, date=dt.date(2019, 3, 1))
    assert moved.state == Transfer.State.ACCEPTED and moved.accepted_on == dt.date(2019, 3, 1)


# --- pages -------------------------------------------------------------------------------------------------------
def test_a_secretary_records_a_change_on_the_member_page(client, users, two_counties, shipped_pack):
    member = two_counties["yangshuo"]["members"][0]
    client.force_login(users["organisation"])
    page = client.get(reverse("members:detail", args=[member.pk])).content.decode()
    assert 'name="change"' in page
    today = timezone.localdate()
    response = client.post(reverse("members:status", args=[member.pk]), {
        "change": "flowing_out", "date": today.isoformat(), "reason": "外出务工", "destination": "广东省深圳市",
        "receiving_organisation": "深圳某党委", "dual_management": "on", "activity_card": "LD-1"})
    assert response.status_code == 302
    assert StatusChange.objects.get(member=member).details["activity_card"] == "LD-1"
    refused = client.post(reverse("members:status", args=[member.pk]), {
        "change": "flowing_out", "date": (today + dt.timedelta(days=1)).isoformat(), "destination": "南宁"})
    assert refused.status_code == 400 and StatusChange.objects.filter(member=member).count() == 1


def test_disposal_records_are_masked_until_revealed_with_a_reason(client, users, two_counties, shipped_pack):
    member = two_counties["yangshuo"]["members"][1]
    today = timezone.localdate()
    actions.change_status(member, "unqualified", date=today, reason="民主评议不合格，需处置",
                          details={"appraisal": {"date": today.isoformat(), "text": "评议结果不合格"}})
    client.force_login(users["organisation"])
    page = client.get(reverse("members:detail", args=[member.pk])).content.decode()
    assert "评议结果不合格" not in page and "****" in page
    shown = client.post(reverse("members:history_reveal", args=[member.pk]), {"reason": "处置审核"})
    assert "评议结果不合格" in shown.content.decode()
    assert SensitiveAccess.objects.filter(fields="status_changes.disposal").count() == 1
    client.force_login(users["member"])  # another member of the branch: not even their own organisation's role
    assert client.post(reverse("members:history_reveal", args=[member.pk]), {"reason": "x"}).status_code in (403, 404)


def test_the_transfers_page_flags_overdue_letters_and_accepts(client, users, two_counties, second, shipped_pack):
    member = two_counties["yangshuo"]["members"][0]
    long_ago = timezone.localdate() - dt.timedelta(days=200)
    letter = actions.issue_transfer(member, to=second, date=long_ago, letter_number="桂组转1号")
    client.force_login(users["county"])
    page = client.get(reverse("members:organisation_transfers", args=[second.pk])).content.decode()
    assert "桂组转1号" in page and "overdue" in page
    overview = client.get(reverse("members:transfers")).content.decode()
    assert member.organisation.region.name in overview
    response = client.post(reverse("members:transfer_decide", args=[letter.pk, "accept"]),
                           {"date": timezone.localdate().isoformat()})
    assert response.status_code == 302
    assert Member.objects.get(pk=member.pk).organisation == second


def test_another_countys_transfer_cannot_be_decided(client, users, two_counties, shipped_pack):
    ling = two_counties["lingui"]
    other = t.organisation(ling["village"], Organisation.Kind.BRANCH, parent=ling["committee"], name="lingui第二支部")
    letter = actions.issue_transfer(ling["members"][0], to=other, date=timezone.localdate(), letter_number="L1")
    client.force_login(users["county"])
    assert client.post(reverse("members:transfer_decide", args=[letter.pk, "accept"]),
                       {"date": timezone.localdate().isoformat()}).status_code == 404
    assert client.get(reverse("members:organisation_transfers", args=[other.pk])).status_code == 404
