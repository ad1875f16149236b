"""Recruitment (发展党员工作细则 2014, ACT-G-03): every check of the pack's steps at its boundary (the day before and
the day a period ends), refused in Chinese with the article and nothing written; a changed copy of the pack moves
the check."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from guifan import testing as t
from guifan.members.models import Member
from guifan.recruitment import actions
from guifan.recruitment.models import Applicant, StepRecord
from guifan.standards.pack import PACKS_DIR, parse_pack

from .walk import APPLIED, BIRTH, PLAN, before, plan_of, proposed, register, walk

SHIPPED = (PACKS_DIR / "guilin-2018.yaml").read_text(encoding="utf-8")
D = dt.date


@pytest.fixture
def rules(shipped_pack):
    return parse_pack(SHIPPED).recruitment


@pytest.fixture
def branch(two_counties):
    return two_counties["yangshuo"]


@pytest.fixture(autouse=True)
def chinese():
    with translation.override("zh-hans"):
        yield


def _at(applicant, rules, members, code, date=None, **changes):
    """Records `code` after walking to the step before it, on `date` (the plan's date by default)."""
    walk(applicant, rules, members, until=before(code)) if before(code) != "apply" else None
    plan_date, extra = plan_of(code)
    p = proposed(code, date or plan_date, extra, members)
    for k, v in changes.items():
        setattr(p, k, v)
    return actions.record_step(Applicant.objects.get(pk=applicant.pk), code, p, rules)


def test_the_pack_has_five_stages_and_25_steps(rules):
    assert len(rules.stages) == 5 and len(rules.steps) == 25
    assert rules.order[0] == "apply" and rules.order[-1] == "archive"
    assert rules.spec == ("ACT-G-03", "TEAM-R-04")


def test_an_applicant_under_18_is_refused_the_day_before_the_birthday(branch, rules):
    with pytest.raises(ValidationError) as refused:
        register(branch["branch"], rules, applied=BIRTH.replace(year=2020) - dt.timedelta(days=1))
    assert "十八" in str(refused.value) and "第六条" in str(refused.value)
    assert not Applicant.objects.exists() and not StepRecord.objects.exists()
    a = register(branch["branch"], rules, applied=D(2020, 1, 10))  # the 18th birthday
    assert a.last_step == "apply" and a.id_number_masked and "2002" not in a.id_number_masked


def test_the_talk_is_within_a_month_of_applying(branch, rules):
    a = register(branch["branch"], rules)
    with pytest.raises(ValidationError, match="第八条"):
        _at(a, rules, branch["members"], "talk", D(2020, 2, 11))
    assert StepRecord.objects.filter(step="talk").count() == 0
    _at(a, rules, branch["members"], "talk", D(2020, 2, 10))


def test_a_step_out_of_order_is_refused(branch, rules):
    a = register(branch["branch"], rules)
    with pytest.raises(ValidationError, match="顺序"):
        actions.record_step(a, "activist", proposed("activist", D(2020, 1, 20), {}, []), rules)
    assert StepRecord.objects.count() == 1


def test_a_candidate_after_at_least_a_year_as_an_activist(branch, rules):
    a = register(branch["branch"], rules)
    with pytest.raises(ValidationError, match="第十四条"):
        _at(a, rules, branch["members"], "candidate", D(2021, 2, 28))
    actions.record_step(a, "candidate", proposed("candidate", D(2021, 3, 1), {}, []), rules)


def test_a_changed_pack_moves_the_activist_period(branch, rules):
    old = "{kind: min_after, step: activist, months: 12"
    assert old in SHIPPED
    changed = parse_pack(SHIPPED.replace(old, "{kind: min_after, step: activist, months: 18")).recruitment
    a = register(branch["branch"], rules)
    walk(a, rules, branch["members"], until="candidate_filing".replace("candidate_filing", "cultivation"))
    with pytest.raises(ValidationError, match="第十四条"):
        actions.record_step(a, "candidate", proposed("candidate", D(2021, 8, 31), {}, []), changed)
    actions.record_step(a, "candidate", proposed("candidate", D(2021, 9, 1), {}, []), changed)


def test_introducers_are_two_full_members_of_the_branch(branch, two_counties, rules):
    a = register(branch["branch"], rules)
    members = branch["members"]
    walk(a, rules, members, until="candidate_filing")
    probationary = t.member(branch["branch"], category=Member.Category.PROBATIONARY)
    elsewhere = two_counties["lingui"]["members"][0]
    for people, word in (([members[0]], "2"), ([members[0], probationary], "正式党员"),
                         ([members[0], elsewhere], "支部")):
        with pytest.raises(ValidationError, match="第十五条") as refused:
            actions.record_step(a, "introducers", proposed("introducers", D(2021, 3, 10), {}, [])
                                .__class__(date=D(2021, 3, 10), people=people), rules)
        assert word in str(refused.value)
    assert not StepRecord.objects.filter(step="introducers").exists()


def test_the_political_review_needs_a_conclusion_stored_encrypted(branch, rules):
    a = register(branch["branch"], rules)
    with pytest.raises(ValidationError, match="第十六条"):
        _at(a, rules, branch["members"], "political_review", conclusion="")
    r = actions.record_step(a, "political_review", proposed("political_review", D(2021, 4, 1),
                                                            {"conclusion": "合格"}, []), rules)
    assert "合格" not in r.conclusion_encrypted and r.reveal_conclusion() == "合格"


@pytest.mark.parametrize(("days", "hours", "ok"), [(2, 23, False), (3, 0, True), (0, 24, True), (2.5, 23.5, False)])
def test_training_of_at_least_3_days_or_24_hours(branch, rules, days, hours, ok):
    a = register(branch["branch"], rules)
    walk(a, rules, branch["members"], until="political_review")
    p = proposed("training", D(2021, 4, 10), {"training_days": days, "training_hours": hours}, [])
    if ok:
        actions.record_step(a, "training", p, rules)
    else:
        with pytest.raises(ValidationError, match="第十七条"):
            actions.record_step(a, "training", p, rules)


def test_the_public_notice_lasts_at_least_5_days_and_the_pre_review_follows_it(branch, rules):
    a = register(branch["branch"], rules)
    with pytest.raises(ValidationError, match="5"):
        _at(a, rules, branch["members"], "branch_review", notice_until=D(2021, 5, 4))
    actions.record_step(a, "branch_review", proposed("branch_review", D(2021, 5, 1), {
        "notice_from": D(2021, 5, 1), "notice_until": D(2021, 5, 5)}, []), rules)
    with pytest.raises(ValidationError, match="第十九条"):
        actions.record_step(a, "pre_review", proposed("pre_review", D(2021, 5, 5), {}, []), rules)
    actions.record_step(a, "pre_review", proposed("pre_review", D(2021, 5, 6), {}, []), rules)


@pytest.mark.parametrize(("present", "favour", "word"), [(2, 2, "到会"), (3, 2, "赞成"), (3, 3, None),
                                                         (5, 3, "超过")])
def test_the_branch_meeting_needs_a_quorum_and_a_majority_of_all(branch, rules, present, favour, word):
    a = register(branch["branch"], rules)
    walk(a, rules, branch["members"], until="form")
    p = proposed("branch_meeting", D(2021, 6, 1), {"eligible_voters": 4, "present_voters": present,
                                                   "in_favour": favour}, [])
    if word is None:
        actions.record_step(a, "branch_meeting", p, rules)
        return
    with pytest.raises(ValidationError) as refused:
        actions.record_step(a, "branch_meeting", p, rules)
    assert "第二十一条" in str(refused.value)
    assert not StepRecord.objects.filter(step="branch_meeting").exists()


def test_committee_approval_within_3_months_6_at_most_with_a_reason(branch, rules):
    a = register(branch["branch"], rules)
    walk(a, rules, branch["members"], until="committee_talk")
    with pytest.raises(ValidationError, match="第二十五条"):
        actions.record_step(a, "committee_approval", proposed("committee_approval", D(2021, 9, 2), {}, []), rules)
    with pytest.raises(ValidationError, match="第二十五条"):
        actions.record_step(a, "committee_approval", proposed("committee_approval", D(2021, 12, 2),
                                                              {"notes": "党委会议推迟"}, []), rules)
    actions.record_step(a, "committee_approval", proposed("committee_approval", D(2021, 12, 1),
                                                          {"notes": "党委会议推迟"}, []), rules)
    a.refresh_from_db()
    assert a.member.category == Member.Category.PROBATIONARY and a.member.joined_on == D(2021, 6, 1)


def test_probation_one_year_extended_once(branch, rules):
    a = register(branch["branch"], rules)
    walk(a, rules, branch["members"], until="full_request")
    vote = {"eligible_voters": 4, "present_voters": 3, "in_favour": 3}
    with pytest.raises(ValidationError, match="第三十一条"):
        actions.record_step(a, "full_meeting", proposed("full_meeting", D(2022, 5, 31), vote, []), rules)
    actions.record_step(a, "full_meeting", proposed("full_meeting", D(2022, 6, 1),
                                                    {**vote, "extension_months": 6}, []), rules)
    a.refresh_from_db()
    assert a.member.category == Member.Category.PROBATIONARY
    with pytest.raises(ValidationError, match="第三十一条"):  # the extended probation ends 2022-12-01
        actions.record_step(a, "full_meeting", proposed("full_meeting", D(2022, 11, 30), vote, []), rules)
    with pytest.raises(ValidationError, match="一次|1"):
        actions.record_step(a, "full_meeting", proposed("full_meeting", D(2022, 12, 1),
                                                        {**vote, "extension_months": 6}, []), rules)
    actions.record_step(a, "full_meeting", proposed("full_meeting", D(2022, 12, 1), vote, []), rules)
    actions.record_step(a, "full_approval", proposed("full_approval", D(2023, 1, 5), {}, []), rules)
    a.refresh_from_db()
    assert a.member.category == Member.Category.FULL


def test_the_whole_file_makes_a_full_member_through_members_actions(branch, rules):
    from guifan.core.models import ChangeLog

    a = register(branch["branch"], rules)
    walk(a, rules, branch["members"])
    assert a.last_step == "archive" and a.steps.count() == 25 == len(PLAN) + 1
    assert a.member.category == Member.Category.FULL and a.member.organisation_id == branch["branch"].pk
    assert ChangeLog.objects.filter(source="recruitment").count() == 2  # created, made full
    with pytest.raises(ValidationError):
        actions.record_step(a, "archive", proposed("archive", D(2022, 8, 11), {}, []), rules)
    assert APPLIED < a.member.joined_on
