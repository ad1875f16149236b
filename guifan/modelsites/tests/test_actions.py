"""Model sites (M02): a nomination checked against its kind's creation standard on the stored results, the county's
review, the city's selection within the pack's quotas, publication; each bad input refused with a Chinese message
and nothing written; a copy of the pack with another star level or quota changes the outcome."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from guifan.accounts.scope import Scope
from guifan.core.models import ChangeLog
from guifan.modelsites import actions, selectors
from guifan.modelsites.models import Nomination, Publication

from .conftest import PASSED, YEAR, stored_run

State = Nomination.State


@pytest.fixture(autouse=True)
def chinese():
    with translation.override("zh-hans"):
        yield


def _refused(call, *needles):
    before = (Nomination.objects.count(), ChangeLog.objects.filter(source="modelsites").count(),
              list(Nomination.objects.order_by("pk").values_list("state", "grade")))
    with pytest.raises(ValidationError) as error:
        call()
    message = " ".join(error.value.messages)
    for needle in needles:
        assert needle in message, message
    after = (Nomination.objects.count(), ChangeLog.objects.filter(source="modelsites").count(),
             list(Nomination.objects.order_by("pk").values_list("state", "grade")))
    assert after == before  # nothing written
    return message


def _nominated(sites, users, org=None):
    return actions.nominate(org or sites["org_y"], YEAR, scope=Scope(users["township"]), user=users["township"],
                            statement="三会一课规范")


def _approved(sites, users, org=None):
    found = _nominated(sites, users, org)
    return actions.review(found, scope=Scope(users["county"]), approve=True, user=users["county"])


def test_a_township_nominates_an_organisation_that_meets_the_standard(sites, users):
    found = _nominated(sites, users)
    assert (found.state, found.domain, found.stars, found.nominated_level) == (State.NOMINATED, "R", 5, "township")
    assert found.run == sites["run"]
    assert ChangeLog.objects.filter(object_type="modelsites.nomination", action="create").count() == 1


def test_too_few_stars_is_refused_naming_the_level(sites, users, pack_version):
    stored_run(pack_version, {sites["org_y"]: (3, PASSED)})
    _refused(lambda: _nominated(sites, users), "未达到", "农村基层党组织规范化建设示范点", "三星级", "四星级")


def test_a_failed_criterion_is_refused_naming_its_title(sites, users, pack_version):
    verdicts = {**PASSED, "G-ACT-member-meetings": ["fail", 1, 4, 3], "R-GUAR-venue": ["not_reported", None, 1, None]}
    stored_run(pack_version, {sites["org_y"]: (5, verdicts)})
    _refused(lambda: _nominated(sites, users), "“党员大会每季度1次”未达标", "村级活动场所")


def test_a_criterion_that_does_not_apply_is_not_held_against(sites, users, pack_version):
    verdicts = {k: v for k, v in PASSED.items() if k != "G-ACT-member-meetings"}
    stored_run(pack_version, {sites["org_y"]: (5, verdicts)})
    assert _nominated(sites, users).state == State.NOMINATED


def test_a_rectification_candidate_and_a_vacant_secretary_are_refused(sites, users, pack_version):
    stored_run(pack_version, {sites["org_y"]: (5, PASSED, True)})
    _refused(lambda: _nominated(sites, users), "软弱涣散")
    stored_run(pack_version, {sites["org_y"]: (5, PASSED)})
    sites["org_y"].secretary = None
    sites["org_y"].save()
    _refused(lambda: _nominated(sites, users), "书记")


def test_no_official_run_or_no_result_is_refused(sites, users, pack_version):
    stored_run(pack_version, {sites["org_l"]: (5, PASSED)})  # the latest run does not judge 阳朔's committee
    _refused(lambda: _nominated(sites, users), "未评判")
    _refused(lambda: actions.nominate(sites["org_y"], 2019, scope=Scope(users["township"]), user=users["township"]))


def test_who_may_nominate(sites, users):
    _refused(lambda: actions.nominate(sites["org_l"], YEAR, scope=Scope(users["county"]), user=users["county"]),
             "只有")  # outside the county's region
    _refused(lambda: actions.nominate(sites["org_y"], YEAR, scope=Scope(users["city"]), user=users["city"]),
             "只有")  # the city selects, it does not nominate
    _refused(lambda: actions.nominate(sites["org_y"], YEAR, scope=Scope(users["organisation"]),
                                      user=users["organisation"]), "只有")
    found = actions.nominate(sites["org_y"], YEAR, scope=Scope(users["county"]), user=users["county"])
    assert found.nominated_level == "county"
    _refused(lambda: _nominated(sites, users), "已被推荐")  # once a year
    _refused(lambda: _nominated(sites, users, sites["yangshuo"]["group"]), "党小组")


def test_the_published_rating_wins_over_the_run(sites, users):
    from guifan.rating.models import Movement, Rating

    Rating.objects.create(organisation=sites["org_y"], year=YEAR, run=sites["run"], assessed_stars=5, stars=3,
                          stage="publish", movement=Movement.SAME, updated_at=timezone.now())
    _refused(lambda: _nominated(sites, users), "三星级")


def test_review_by_the_county_only_and_a_reason_to_reject(sites, users):
    found = _nominated(sites, users)
    _refused(lambda: actions.review(found, scope=Scope(users["township"]), approve=True, user=users["township"]),
             "只有")
    _refused(lambda: actions.review(found, scope=Scope(users["county"]), approve=False, reason=" "), "原因")
    actions.review(found, scope=Scope(users["county"]), approve=False, reason="材料不全", user=users["county"])
    assert Nomination.objects.get().state == State.REJECTED
    _refused(lambda: actions.review(found, scope=Scope(users["county"]), approve=True), "已经审核")
    assert ChangeLog.objects.filter(object_type="modelsites.nomination", action="return").count() == 1


def test_selection_needs_a_recommendation_the_city_and_the_grade_stars(sites, users, pack_version):
    found = _nominated(sites, users)
    city = Scope(users["city"])
    _refused(lambda: actions.select(found, scope=city, grade="county"), "县（区）推荐")
    actions.review(found, scope=Scope(users["county"]), approve=True, user=users["county"])
    _refused(lambda: actions.select(found, scope=Scope(users["county"]), grade="county"), "只有")
    _refused(lambda: actions.select(found, scope=city, grade="nowhere"), "等级")
    stored_run(pack_version, {sites["org_y"]: (4, PASSED), sites["org_l"]: (4, PASSED)})
    _refused(lambda: actions.select(found, scope=city, grade="city"), "市级示范点", "五星级")  # the grade asks 5
    actions.select(found, scope=city, grade="county", user=users["city"])
    found.refresh_from_db()
    assert (found.state, found.grade, found.stars) == (State.SELECTED, "county", 4)
    actions.withdraw_selection(found, scope=city, user=users["city"])
    assert Nomination.objects.get().state == State.APPROVED


def test_publication_closes_the_year(sites, users):
    city = Scope(users["city"])
    _refused(lambda: actions.publish(YEAR, scope=city, user=users["city"]), "尚未")
    found = _approved(sites, users)
    actions.select(found, scope=city, grade="city", user=users["city"])
    _refused(lambda: actions.publish(YEAR, scope=Scope(users["county"])), "只有")
    publication = actions.publish(YEAR, scope=city, user=users["city"])
    assert publication.sites == 1 and Publication.objects.count() == 1
    assert Nomination.objects.get().state == State.PUBLISHED
    assert selectors.published_ids(YEAR) == [sites["org_y"].pk]
    assert ChangeLog.objects.filter(object_type="modelsites.nomination", action="approve").count() == 3
    _refused(lambda: actions.publish(YEAR, scope=city), "已公布")
    lingui = Scope(users["admin"])
    _refused(lambda: actions.nominate(sites["org_l"], YEAR, scope=lingui), "已公布")
    _refused(lambda: actions.withdraw_selection(found, scope=city), "已公布")


def _copy(pack_version, old: str, new: str):
    from guifan.standards.actions import load_pack_text

    assert old in pack_version.source
    text = pack_version.source.replace(old, new, 1)
    return load_pack_text(text.replace('version: "2018.', 'version: "2018.9', 1))


def test_a_copy_of_the_pack_with_fewer_stars_lets_three_stars_in(sites, users, pack_version):
    """The star level is the pack's (model_sites.kinds[R].min_stars): three stars pass under a copy asking three."""
    old = "      must_pass: [G-ORG-elections, G-ACT-member-meetings, G-ACT-party-lectures, R-SVC-service-system, " \
          "R-GUAR-venue]\n      min_stars: 4\n"
    lower = _copy(pack_version, old, old.replace("min_stars: 4", "min_stars: 3"))
    assert lower.pack().model_sites.kind("R").min_stars == 3
    stored_run(pack_version, {sites["org_y"]: (3, PASSED)})
    _refused(lambda: _nominated(sites, users), "四星级")
    stored_run(lower, {sites["org_y"]: (3, PASSED)})
    assert _nominated(sites, users).stars == 3


def test_a_copy_of_the_pack_with_a_quota_of_one_refuses_the_second(sites, users, pack_version):
    """The quotas are the pack's: two rural county-level sites fit the shipped 15 places, not a copy's 1."""
    admin, city = Scope(users["admin"]), Scope(users["city"])
    first, second = _approved(sites, users), actions.nominate(sites["org_l"], YEAR, scope=admin)
    actions.review(second, scope=admin, approve=True)
    actions.select(first, scope=city, grade="county")
    actions.select(second, scope=city, grade="county")
    for x in (first, second):
        actions.withdraw_selection(x, scope=city)
    one = _copy(pack_version, "      quotas: {city: 10, county: 15, township: 15}\n",
                "      quotas: {city: 10, county: 1, township: 29}\n")  # still 100 in all
    assert one.pack().model_sites.kind("R").quota("county") == 1
    stored_run(one, {sites["org_y"]: (5, PASSED), sites["org_l"]: (5, PASSED)})
    actions.select(first, scope=city, grade="county")
    second.refresh_from_db()
    _refused(lambda: actions.select(second, scope=city, grade="county"), "名额", "1")
    actions.select(second, scope=city, grade="township")
    assert actions.chosen_counts(YEAR) == {("R", "county"): 1, ("R", "township"): 1}


def test_region_counts(sites, users, django_assert_max_num_queries):
    from guifan import testing as t

    found = _approved(sites, users)
    actions.nominate(sites["org_l"], YEAR, scope=Scope(users["admin"]))
    actions.select(found, scope=Scope(users["city"]), grade="city")
    with django_assert_max_num_queries(4):
        totals, rows = selectors.region_counts(Scope(users["admin"]), t.region("450300"), YEAR)
    assert totals == {"nominated": 2, "reviewed": 1, "recommended": 1, "selected": 1, "published": 0}
    assert [(r["nominated"], r["selected"]) for r in rows] == [(1, 0), (1, 1)]  # 临桂 450312, 阳朔 450321
    totals, _rows = selectors.region_counts(Scope(users["county"]), t.region("450300"), YEAR)
    assert totals["nominated"] == 1  # the county sees its own only
