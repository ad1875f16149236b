"""The points pages: a member's own points, a branch's table, requests and decisions, all through the scope."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from guifan.meetings.models import Attendance, Meeting
from guifan.points import actions
from guifan.points.models import PointEntry, PointTotal


@pytest.fixture
def computed(two_counties, users, shipped_pack):
    y = two_counties["yangshuo"]
    a, b = y["members"][:2]
    m = Meeting.objects.create(organisation=y["branch"], kind="party_lecture", held_on=dt.date(2018, 3, 1),
                               topic="党课")
    Attendance.objects.create(meeting=m, member=a, status="present", has_vote=True)
    Attendance.objects.create(meeting=m, member=b, status="absent", has_vote=True)
    actions.compute_year(2018)
    actions.compute_year(2018, organisations=[two_counties["lingui"]["branch"]])
    return two_counties


def test_a_member_sees_their_own_points_and_how_they_were_earned(client, computed, users):
    client.force_login(users["member"])
    response = client.get(reverse("points:mine") + "?year=2018")
    body = response.content.decode()
    assert response.status_code == 200
    assert "参加党课" in body and "62" in body and "基础分" in body
    assert "party_lecture" not in body
    assert client.get(reverse("points:index")).status_code == 302
    other = computed["yangshuo"]["members"][1]
    assert client.get(reverse("points:member", args=[other.pk]) + "?year=2018").status_code == 404


def test_the_member_page_lists_each_record_with_what_it_gave(client, computed, users):
    """M08: the lecture attended gives +2 on the page, and the absence without leave costs the other member."""
    y = computed["yangshuo"]
    a, b = y["members"][:2]
    m = Meeting.objects.create(organisation=y["branch"], kind="party_lecture", held_on=dt.date(2018, 3, 20),
                               topic="第二次党课")
    Attendance.objects.create(meeting=m, member=a, status="present", has_vote=True)
    actions.compute_year(2018)
    client.force_login(users["member"])
    page = client.get(reverse("points:mine") + "?year=2018")
    records = page.context["records"]
    assert [(r["occurred_on"], r["what"]) for r in records] == [(dt.date(2018, 3, 1), "党课"),
                                                               (dt.date(2018, 3, 20), "第二次党课")]
    ledger = sum(e.points for e in PointEntry.objects.filter(member=a, year=2018, item="party_lecture"))
    assert sum(r["points"] for r in records) == float(ledger) > 0
    assert 'id="point-records"' in page.content.decode() and "第二次党课" in page.content.decode()
    client.force_login(users["county"])
    other = client.get(reverse("points:member", args=[b.pk]) + "?year=2018").context["records"]
    assert len(other) == 1 and other[0]["points"] < 0 and other[0]["what"] == "党课"


def test_a_branch_table_with_ranks_and_uses_and_nothing_outside_the_scope(client, computed, users):
    client.force_login(users["county"])
    y, ling = computed["yangshuo"], computed["lingui"]
    body = client.get(reverse("points:branch", args=[y["branch"].pk]) + "?year=2018").content.decode()
    assert y["members"][0].name in body and "应重点谈心谈话" not in body
    assert "谈心谈话" in body
    assert client.get(reverse("points:branch", args=[ling["branch"].pk]) + "?year=2018").status_code == 404
    index = client.get(reverse("points:index") + "?year=2018").content.decode()
    assert y["branch"].name in index and ling["branch"].name not in index


def test_request_then_approve_by_someone_else(client, computed, users):
    a = computed["yangshuo"]["members"][0]
    client.force_login(users["township"])
    url = reverse("points:request", args=[a.pk]) + "?year=2018"
    assert "结对帮扶" in client.get(url).content.decode()
    response = client.post(url, {"item": "pioneer", "occurred_on": "2018-05-04", "note": "抢险救灾"})
    assert response.status_code == 302
    entry = PointEntry.objects.get(item="pioneer")
    assert entry.state == PointEntry.State.REQUESTED
    client.post(reverse("points:decide", args=[entry.pk]), {"decision": "approve"})
    assert PointEntry.objects.get(pk=entry.pk).state == PointEntry.State.REQUESTED  # not by the requester
    client.force_login(users["county"])
    assert "抢险救灾" in client.get(reverse("points:requests")).content.decode()
    client.post(reverse("points:decide", args=[entry.pk]), {"decision": "approve"})
    assert PointEntry.objects.get(pk=entry.pk).state == PointEntry.State.APPROVED
    assert PointTotal.objects.get(member=a, year=2018).points == Decimal("67")


def test_a_request_for_an_item_outside_the_category_shows_its_message(client, computed, users):
    a = computed["yangshuo"]["members"][0]
    client.force_login(users["township"])
    response = client.post(reverse("points:request", args=[a.pk]) + "?year=2018",
                           {"item": "report_in", "occurred_on": "2018-05-04", "note": "x"})
    assert response.status_code == 200
    assert not PointEntry.objects.filter(item="report_in").exists()


def test_an_entry_is_never_updated_in_place(computed):
    entry = PointEntry.objects.filter(item="base").first()
    entry.points = 99
    with pytest.raises(ValueError):
        entry.save()
    with pytest.raises(ValueError):
        entry.delete()


def test_the_points_command(computed, capsys):
    from django.core.management import call_command

    call_command("points", "--year", "2018")
    assert "entries=0" in capsys.readouterr().out
