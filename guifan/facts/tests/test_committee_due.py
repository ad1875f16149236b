"""committee_meeting_due by the recorded committee (issue 11): the pack's committee meeting kind with `due_when:
committee` is due for a branch with a committee recorded (the pack's `committee.min_members` members holding its
posts at the period's end) whatever its member count, by the member count (min_full_members) otherwise; the posts
are read with one query per derivation."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from guifan import testing as t
from guifan.facts.derived import derive_facts
from guifan.facts.models import FactReport, Period
from guifan.members.models import Post
from guifan.standards.pack import PACKS_DIR, parse_pack

SHIPPED = (PACKS_DIR / "guilin-2018.yaml").read_text(encoding="utf-8")
DUE_WHEN = "min_full_members: 7, due_when: committee,"
POSTS = ("secretary", "organisation_committee", "propaganda_committee")
PERIOD_END = dt.date(2018, 12, 31)


def committee(branch, members, started=dt.date(2018, 1, 1), ended=None):
    for member, post in zip(members, POSTS, strict=False):
        Post.objects.create(organisation=branch, member=member, post=post, started_on=started, ended_on=ended)


def due(text, branch) -> bool | None:
    period = Period.yearly(2018)
    derive_facts(parse_pack(text), period)
    return FactReport.objects.get(organisation=branch, period=period).derived.get("committee_meeting_due")


@pytest.mark.django_db
def test_a_recorded_committee_makes_the_meeting_due_and_the_pack_says_so(two_counties):
    y = two_counties["yangshuo"]
    branch = y["branch"]  # 4 full members: not due by the member count
    assert DUE_WHEN in SHIPPED
    assert due(SHIPPED, branch) is False
    committee(branch, y["members"][:2])  # two posts held: not a committee (min_members 3)
    assert due(SHIPPED, branch) is False
    Post.objects.create(organisation=branch, member=y["members"][2], post="discipline_committee",
                        started_on=dt.date(2018, 6, 1))
    assert due(SHIPPED, branch) is True
    assert due(SHIPPED.replace(DUE_WHEN, "min_full_members: 7,"), branch) is False  # the option off: member count
    assert due(SHIPPED.replace("      min_members: 3\n", "      min_members: 4\n"), branch) is False
    assert due(SHIPPED.replace(DUE_WHEN, "min_full_members: 3, due_when: committee,"), branch) is True


@pytest.mark.django_db
def test_posts_ended_before_the_period_ends_do_not_count_and_no_committee_falls_back(two_counties):
    y = two_counties["yangshuo"]
    committee(y["branch"], y["members"][:3], started=dt.date(2016, 1, 1), ended=dt.date(2018, 6, 30))
    assert due(SHIPPED, y["branch"]) is False
    for _ in range(3):
        t.member(y["branch"])  # 7 full members now: due by the member count, no committee recorded
    assert due(SHIPPED, y["branch"]) is True


@pytest.mark.django_db
def test_one_query_over_the_posts_per_derivation(two_counties):
    for county in two_counties.values():
        committee(county["branch"], county["members"][:3])
    with CaptureQueriesContext(connection) as queries:
        derive_facts(parse_pack(SHIPPED), Period.yearly(2018))
    table = connection.ops.quote_name(Post._meta.db_table)  # "members_post", or `members_post` on MariaDB
    read = [q for q in queries.captured_queries if table in q["sql"] and "'propaganda_committee'" in q["sql"]]
    assert len(read) == 1  # the committees' query (the training facts read the posts with their own)
    reports = FactReport.objects.filter(period__year=2018, period__kind=Period.Kind.YEARLY,
                                        organisation__in=[c["branch"] for c in two_counties.values()])
    assert [r.derived["committee_meeting_due"] for r in reports] == [True, True]
