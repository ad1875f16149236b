"""The branch committee (issue 11; committee_rules.py, members/committee.py): appointing a full member of the branch
to a post the pack lists and ending it, audited, the 书记 post keeping the register's secretary; each refusal in
Chinese with nothing written. And the page: the current committee and history, scoped, at 375 px."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from guifan import testing as t
from guifan.core.models import ChangeLog
from guifan.members import actions
from guifan.members.models import Member, Post
from guifan.orgs.models import Organisation

TODAY = dt.date(2019, 6, 30)
DAY = dt.date(2019, 1, 2)


@pytest.fixture
def branch(two_counties, shipped_pack):
    return two_counties["yangshuo"]


def appoint(org, member, post, day=DAY):
    return actions.appoint_committee_post(org, member, post, started_on=day, today=TODAY)


def refused(org, member, post, day=DAY) -> str:
    before = (Post.objects.count(), ChangeLog.objects.count())
    with translation.override("zh-hans"), pytest.raises(ValidationError) as caught:
        appoint(org, member, post, day)
    assert (Post.objects.count(), ChangeLog.objects.count()) == before
    return " ".join(caught.value.messages)


def test_appointing_the_secretary_sets_the_register_and_ending_clears_it(branch):
    org, member = branch["branch"], branch["members"][0]
    post = appoint(org, member, "secretary")
    org.refresh_from_db()
    assert org.secretary_id == member.pk
    assert ChangeLog.objects.filter(object_id=str(post.pk), action=ChangeLog.Action.CREATE).exists()
    actions.end_committee_post(post, ended_on=dt.date(2019, 5, 1), today=TODAY)
    org.refresh_from_db()
    assert org.secretary_id is None and Post.objects.get(pk=post.pk).ended_on == dt.date(2019, 5, 1)


def test_refusals_say_why_in_chinese(branch, two_counties):
    org, (a, b, *_rest) = branch["branch"], branch["members"]
    outsider = two_counties["lingui"]["members"][0]
    assert "本支部" in refused(org, outsider, "organisation_committee")
    probationer = t.member(org, category=Member.Category.PROBATIONARY, joined_on=dt.date(2018, 9, 1))
    assert "预备党员" in refused(org, probationer, "organisation_committee")
    assert "标准" in refused(org, a, "party_worker")  # a post, but not one of the committee's
    assert "将来" in refused(org, a, "secretary", day=TODAY + dt.timedelta(days=1))
    appoint(org, a, "secretary")
    assert "先" in refused(org, b, "secretary")  # one secretary at a time
    assert "已" in refused(org, a, "secretary")
    assert "支部委员会" in refused(branch["committee"], a, "secretary")  # a general branch elects none here


def test_no_more_committee_members_than_the_pack_allows(branch):
    org = branch["branch"]
    people = branch["members"] + [t.member(org) for _ in range(4)]  # 8 full members
    for member in people[:7]:
        appoint(org, member, "committee_member")  # 委员: more than one holder
    assert "7" in refused(org, people[7], "committee_member")
    appoint(org, people[0], "discipline_committee")  # a member already on it may take a second post


def test_a_successor_may_start_the_day_the_post_ends(branch):
    org, (a, b, *_rest) = branch["branch"], branch["members"]
    first = appoint(org, a, "organisation_committee")
    actions.end_committee_post(first, ended_on=dt.date(2019, 3, 1), today=TODAY)
    appoint(org, b, "organisation_committee", day=dt.date(2019, 3, 1))
    with pytest.raises(ValidationError):
        actions.end_committee_post(first, ended_on=dt.date(2019, 4, 1), today=TODAY)  # already ended
    second = Post.objects.get(member=b)
    with pytest.raises(ValidationError):
        actions.end_committee_post(second, ended_on=TODAY + dt.timedelta(days=1), today=TODAY)


def test_the_page_lists_the_committee_appoints_and_ends(client, users, branch):
    org, (a, b, *_rest) = branch["branch"], branch["members"]
    client.force_login(users["county"])
    detail = client.get(reverse("orgs:detail", args=[org.pk])).content.decode()
    url = reverse("members:committee", args=[org.pk])
    assert url in detail
    today = dt.date.today().isoformat()
    response = client.post(url, {"member": a.pk, "post": "secretary", "started_on": today})
    assert response.status_code == 302
    response = client.post(url, {"member": b.pk, "post": "secretary", "started_on": today})
    assert response.status_code == 400 and "请先结束" in response.content.decode()
    page = client.get(url).content.decode()
    assert a.name in page and 'name="viewport"' in page
    post = Post.objects.get(member=a)
    assert client.post(reverse("members:committee_post_end", args=[post.pk]), {"ended_on": today}).status_code == 302
    assert Post.objects.get(pk=post.pk).ended_on is not None
    assert Organisation.objects.get(pk=org.pk).secretary is None


def test_another_countys_committee_is_not_shown(client, users, two_counties, shipped_pack):
    other = two_counties["lingui"]
    post = actions.appoint_committee_post(other["branch"], other["members"][0], "secretary",
                                          started_on=dt.date(2019, 1, 2))
    client.force_login(users["county"])
    assert client.get(reverse("members:committee", args=[other["branch"].pk])).status_code == 404
    assert client.post(reverse("members:committee_post_end", args=[post.pk]),
                       {"ended_on": dt.date.today().isoformat()}).status_code == 404
