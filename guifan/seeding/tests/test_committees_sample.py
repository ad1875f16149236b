"""The sample city's branch committees (seeding.committees): the branches with 7+ full members and a secretary have
one, by the pack's committee rule, its 书记 the register's secretary; the others have none."""

from collections import defaultdict

from django.core.management import call_command

from guifan.members.models import Member, Post
from guifan.orgs.models import Organisation
from guifan.seeding.params import shipped_pack

from .conftest import seed


def test_branches_with_seven_full_members_have_a_committee(tiny):
    rules = shipped_pack().committee
    posts = defaultdict(list)
    for post in Post.objects.select_related("member"):
        posts[post.organisation_id].append(post)
    assert posts, "no committee seeded"
    full = defaultdict(int)
    for org_id in Member.objects.filter(category="full", status="normal").values_list("organisation_id", flat=True):
        full[org_id] += 1
    branches = Organisation.objects.filter(kind=Organisation.Kind.BRANCH)
    for org in branches:
        held = posts.get(org.pk, [])
        if full[org.pk] >= 7 and org.secretary_id:
            assert rules.min_members <= len({p.member_id for p in held}) <= rules.max_members, org.name
            assert [p.member_id for p in held if p.post == "secretary"] == [org.secretary_id]
            assert all(p.member.organisation_id == org.pk and p.member.category == "full" for p in held)
            assert all(p.post in rules and p.ended_on is None for p in held)
            assert len({p.post for p in held}) == len(held)  # one holder of each single post
        else:
            assert not held, org.name
    assert not Post.objects.exclude(organisation__kind=Organisation.Kind.BRANCH).exists()


def test_flush_replaces_the_committees(tiny):
    before = Post.objects.count()
    seed(scale="tiny", seed=1, flush=True)
    assert Post.objects.count() == before


def test_demo_setup_derives_the_committee_meeting_due_from_the_seeded_committees(db):
    """The stored fact says due for every branch with a committee seeded by the end of 2017 (a post starts when the
    branch was founded or its holder became full)."""
    import io

    from guifan.facts.models import FactReport, Period

    call_command("seed", scale="tiny", seed=1, stdout=io.StringIO())
    call_command("seed_facts", "--year=2017", stdout=io.StringIO())
    import datetime as dt

    from django.db.models import Count

    held = (Post.objects.filter(started_on__lte=dt.date(2017, 12, 31)).values("organisation_id")
            .annotate(n=Count("member_id", distinct=True)))
    with_committee = {row["organisation_id"] for row in held if row["n"] >= shipped_pack().committee.min_members}
    due = {r.organisation_id: r.derived.get("committee_meeting_due")
           for r in FactReport.objects.filter(period__year=2017, period__kind=Period.Kind.YEARLY,
                                                    organisation_id__in=with_committee)}
    assert len(due) > 10 and all(due.values())
