"""The training facts are derived from the records, judged by the pack's training rules (TEAM-R-05/06, M09)."""

import datetime as dt

import pytest

from guifan import testing as t
from guifan.assessment.engine import frames, plain
from guifan.facts.derived import deriver_for
from guifan.facts.models import Period
from guifan.members import actions as member_actions
from guifan.members.models import Post
from guifan.orgs.models import HostUnit, Organisation
from guifan.standards.pack import PACKS_DIR, parse_pack
from guifan.standards.yaml_lines import read_text
from guifan.training import actions, selectors
from guifan.training.models import Course, Enrolment

DAY = dt.date(2018, 3, 3)


def _derive(pack, org):
    deriver = deriver_for(pack, Period.yearly(2018))
    return deriver.organisation(deriver.reg.orgs[org.pk])


def _verdict(pack, criterion_id, org, facts):
    row = frames.check_records(pack, [{"id": str(org.pk), "domain": "R", "kind": org.kind,
                                       "host_kind": "admin_village", "primary": True, "township": "450321100",
                                       "county": "450321", "city": "450300", "facts": facts}])[0]
    return plain.judge(pack.criterion(criterion_id), row).verdict


def test_hours_in_groups_by_member_and_mode(training):
    members = training["members"]
    actions.record_completions(training["class"], members[:2], completed_on=DAY)
    online = actions.create_class(training["online"], title="网上党课", starts_on=dt.date(2018, 5, 1),
                                  ends_on=dt.date(2018, 5, 1))
    actions.enrol(online, members[:1])
    actions.record_completions(online, members[:1], completed_on=dt.date(2018, 5, 1))
    found = selectors.hours_in(dt.date(2018, 1, 1), dt.date(2018, 12, 31), [training["branch"].pk])
    assert found[members[0].pk] == {"rotation": 24, "online": 20}
    assert found[members[1].pk] == {"rotation": 24} and members[2].pk not in found
    assert selectors.hours_in(dt.date(2019, 1, 1), dt.date(2019, 12, 31)) == {}


def test_secretary_and_member_hours_are_derived(training, pack, django_assert_max_num_queries):
    branch, members = training["branch"], training["members"]
    Organisation.objects.filter(pk=branch.pk).update(secretary=members[0])
    actions.record_completions(training["class"], members, completed_on=DAY)
    facts = _derive(pack, branch)
    assert facts["secretary_training_hours"] == 24 and facts["min_member_training_hours"] == 24
    # The general branch above counts its subtree's members; it has no secretary of its own: unknown.
    above = _derive(pack, training["committee"])
    assert above["min_member_training_hours"] == 24 and "secretary_training_hours" not in above
    assert _verdict(pack, "R-TEAM-secretary-training", branch, facts) == "fail"  # 24 < 56
    assert _verdict(pack, "R-TEAM-member-training", branch, facts) == "fail"  # 24 < 40
    # Loaded once per derivation, whatever the number of organisations: one query per source read (training, posts,
    # meetings and their typed fallbacks, the recorded branch committees, member status records, recruitment files).
    deriver = deriver_for(pack, Period.yearly(2018))
    with django_assert_max_num_queries(14):
        for org in deriver.reg.active_orgs():
            deriver.organisation(org)


def test_a_member_without_completions_counts_zero_hours(training, pack):
    actions.record_completions(training["class"], training["members"][:3], completed_on=DAY)
    assert _derive(pack, training["branch"])["min_member_training_hours"] == 0


def test_the_packs_threshold_drives_the_verdict(training, pack):
    """Change the hours a village secretary must reach in a copy of the pack: the verdict follows."""
    branch, members = training["branch"], training["members"]
    Organisation.objects.filter(pk=branch.pk).update(secretary=members[0])
    actions.record_completions(training["class"], members, completed_on=DAY)
    facts = _derive(pack, branch)
    assert _verdict(pack, "R-TEAM-secretary-training", branch, facts) == "fail"
    text = read_text(PACKS_DIR / "guilin-2018.yaml")
    old = "hours: {code: rural_secretary, audiences: [secretary], domains: [R], min_hours: 56}"
    assert old in text
    lower = parse_pack(text.replace(old, old.replace("56", "20")), "copy.yaml")
    assert lower.constants["rural_secretary_min_hours"] == 20
    assert _verdict(lower, "R-TEAM-secretary-training", branch, _derive(lower, branch)) == "pass"


def test_rotation_only_requirements_ignore_online_hours(two_counties, pack):
    """Community party workers: only the centralised rotation training counts (TEAM-U-03)."""
    community = t.host_unit("450312100", HostUnit.Kind.COMMUNITY)
    org = t.organisation(community, Organisation.Kind.BRANCH)
    worker, other = t.member(org), t.member(org)
    member_actions.create_post(org, worker, Post.Kind.PARTY_WORKER, started_on=dt.date(2017, 1, 1))
    library = actions.create_library("临桂区课程库", region=two_counties["lingui"]["county"])
    online = actions.create_course(library, title="网课", mode=Course.Mode.ONLINE, hours=30, credits=1)
    klass = actions.create_class(online, title="网课班", starts_on=dt.date(2018, 4, 1), ends_on=dt.date(2018, 4, 2))
    actions.enrol(klass, [worker, other])
    actions.record_completions(klass, [worker, other], completed_on=dt.date(2018, 4, 2))
    facts = _derive(pack, org)
    assert facts["party_worker_min_rotation_hours"] == 0  # 30 online hours, no rotation
    assert facts["min_member_training_hours"] == 30


def test_two_new_share_trained(db, pack):
    unit = t.host_unit("450312100", HostUnit.Kind.ENTERPRISE)
    org = t.organisation(unit, Organisation.Kind.BRANCH)
    people = [t.member(org) for _ in range(4)]
    library = actions.create_library("市库", region=t.region("450300"))
    course = actions.create_course(library, title="百场党员大培训", mode=Course.Mode.ROTATION, hours=8, credits=1)
    klass = actions.create_class(course, title="第一场", starts_on=dt.date(2018, 6, 1), ends_on=dt.date(2018, 6, 1))
    actions.enrol(klass, people)
    actions.record_completions(klass, people[:3], completed_on=dt.date(2018, 6, 1))
    assert _derive(pack, org)["all_staff_rotation_training_rate"] == 75.0


@pytest.mark.parametrize("year", [2019])
def test_completions_of_another_year_do_not_count(training, pack, year):
    later = actions.create_class(training["course"], title="2019年班", starts_on=dt.date(year, 1, 5),
                                 ends_on=dt.date(year, 1, 6))
    actions.enrol(later, training["members"])
    actions.record_completions(later, training["members"], completed_on=dt.date(year, 1, 6))
    assert _derive(pack, training["branch"])["min_member_training_hours"] == 0
    assert Enrolment.objects.filter(completed_on__year=year).count() == 4
