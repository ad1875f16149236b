"""Writing centres, tourist stations and platform ratings (M15, C15, M17): each refusal writes nothing and says why
in Chinese; a verdict and a grade follow the pack, and a changed copy of the pack changes them."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from guifan.accounts.scope import Scope
from guifan.centres import actions
from guifan.centres.models import CentreRollup, PlatformRating, ServiceCentre, TouristStation
from guifan.core.models import ChangeLog
from guifan.standards.actions import load_pack_text
from guifan.standards.pack import PACKS_DIR
from guifan.standards.yaml_lines import read_text

from .conftest import ALL_AREAS, YEAR, full


def scope(user):
    return Scope(user)


def refused(call, expect: str):
    """The call is refused with a Chinese message containing `expect`, and nothing is written."""
    before = (ServiceCentre.objects.count(), TouristStation.objects.count(), PlatformRating.objects.count(),
              ChangeLog.objects.count(), CentreRollup.objects.count())
    with translation.override("zh-hans"), pytest.raises(ValidationError) as error:
        call()
    assert any(expect in m for m in error.value.messages), error.value.messages
    assert (ServiceCentre.objects.count(), TouristStation.objects.count(), PlatformRating.objects.count(),
            ChangeLog.objects.count(), CentreRollup.objects.count()) == before


def test_a_city_centre_to_standard_passes_and_rolls_up(world):
    c = actions.save_centre(scope=scope(world["city"]), level="city", region=world["city_region"], year=YEAR,
                            user=world["city"], **full())
    assert c.passed and all(c.verdicts.values()) and c.judged_by.startswith("guilin-2018@")
    assert set(c.verdicts) == {"area", "site", "staff", "rules", *(f"C15:{a}" for a in ALL_AREAS)}
    assert CentreRollup.objects.get(region=world["city_region"]).counts == {"city": [1, 1]}
    assert ChangeLog.objects.filter(action=ChangeLog.Action.CREATE, source="centres").count() == 1


def test_a_small_district_centre_without_a_studio_falls_short(world):
    areas = [a for a in ALL_AREAS if a != "member-studio"]
    c = actions.save_centre(scope=scope(world["xiufeng_user"]), level="district", region=world["xiufeng"],
                            year=YEAR, **full(area_m2="800.5", function_areas=areas))
    assert not c.passed and c.verdicts["area"] is False and c.verdicts["C15:member-studio"] is False
    assert c.area_m2 == Decimal("800.50")
    assert CentreRollup.objects.get(region=world["city_region"]).counts == {"district": [1, 0]}


def test_street_and_community_centres_share_the_site_and_need_no_area(world):
    s = scope(world["xiufeng_user"])
    street = actions.save_centre(scope=s, level="street", region=world["street"], year=YEAR,
                                 **full(area_m2="150"))
    community = actions.save_centre(scope=s, level="community", organisation=world["community_org"], year=YEAR,
                                    **full(area_m2="300"))
    assert street.passed and "area" not in street.verdicts
    assert community.passed and community.region == world["street"]
    assert CentreRollup.objects.get(region=world["xiufeng"]).counts == {"street": [1, 1], "community": [1, 1]}


@pytest.mark.parametrize("area", ["-5", "0", "1000000", "abc", "NaN", ""])
def test_a_negative_or_absurd_area_is_refused(world, area):
    refused(lambda: actions.save_centre(scope=scope(world["city"]), level="city", region=world["city_region"],
                                        year=YEAR, **full(area_m2=area)), "面积")


@pytest.mark.parametrize("staff", [-1, 100000, "x"])
def test_a_negative_or_absurd_staff_count_is_refused(world, staff):
    refused(lambda: actions.save_centre(scope=scope(world["city"]), level="city", region=world["city_region"],
                                        year=YEAR, **full(staff=staff)), "工作人员")


def test_a_second_centre_at_the_same_region_level_is_refused(world):
    s = scope(world["xiufeng_user"])
    actions.save_centre(scope=s, level="district", region=world["xiufeng"], year=YEAR, **full())
    refused(lambda: actions.save_centre(scope=s, level="district", region=world["xiufeng"], year=YEAR,
                                        **full(name="第二个")), "已有")
    actions.save_centre(scope=s, level="community", organisation=world["community_org"], year=YEAR, **full())
    refused(lambda: actions.save_centre(scope=s, level="community", organisation=world["community_org"],
                                        year=YEAR, **full(name="第二个")), "已有")


def test_changing_a_centre_is_not_a_second_one(world):
    s = scope(world["xiufeng_user"])
    c = actions.save_centre(scope=s, level="district", region=world["xiufeng"], year=YEAR, **full())
    actions.save_centre(scope=s, level="district", centre=c, year=YEAR, **full(area_m2="900"))
    c.refresh_from_db()
    assert ServiceCentre.objects.count() == 1 and not c.passed


def test_a_centre_outside_the_scope_or_at_the_wrong_region_is_refused(world):
    county = scope(world["county"])  # 阳朔
    refused(lambda: actions.save_centre(scope=county, level="district", region=world["xiufeng"], year=YEAR,
                                        **full()), "不在")
    refused(lambda: actions.save_centre(scope=county, level="district", region=world["yangshuo"]["county"],
                                        year=YEAR, **full()), "城区")
    refused(lambda: actions.save_centre(scope=county, level="street", region=world["yangshuo"]["township"],
                                        year=YEAR, **full()), "街道")
    refused(lambda: actions.save_centre(scope=scope(world["city"]), level="city", region=world["xiufeng"],
                                        year=YEAR, **full()), "区划")
    refused(lambda: actions.save_centre(scope=county, level="community",
                                        organisation=world["yangshuo"]["committee"], year=YEAR, **full()), "社区")
    refused(lambda: actions.save_centre(scope=scope(world["member"]), level="community",
                                        organisation=world["community_org"], year=YEAR, **full()), "")
    refused(lambda: actions.save_centre(scope=scope(world["city"]), level="city", region=world["city_region"],
                                        year=YEAR, **full(function_areas=["sauna"])), "功能区域")


def test_tourist_stations_in_urban_districts_only_and_at_most_two(world):
    s = scope(world["xiufeng_user"])
    actions.add_station(scope=s, region=world["xiufeng"], name="象鼻山驿站", year=YEAR)
    actions.add_station(scope=s, region=world["xiufeng"], name="靖江王府驿站", year=YEAR)
    assert CentreRollup.objects.get(region=world["xiufeng"]).stations == 2
    refused(lambda: actions.add_station(scope=s, region=world["xiufeng"], name="第三个", year=YEAR), "最多")
    refused(lambda: actions.add_station(scope=scope(world["county"]), region=world["yangshuo"]["county"],
                                        name="西街驿站", year=YEAR), "城区")
    refused(lambda: actions.add_station(scope=s, region=world["street"], name="街道驿站", year=YEAR), "城区")
    refused(lambda: actions.add_station(scope=scope(world["county"]), region=t_region("450303"), name="叠彩驿站",
                                        year=YEAR), "不在")


def t_region(code):
    from guifan import testing as t

    return t.region(code)


SCORES = {"linked": 20, "content": 18, "wechat": 16, "poverty": 14, "model_sites": 12}


def test_the_city_rates_a_county_platform(world):
    r = actions.rate_platform(scope=scope(world["city"]), region=world["yangshuo"]["county"], year=YEAR,
                              scores=SCORES, evidence={"linked": "已接入市级总平台"},
                              model_sites=[{"level": "village", "name": "阳朔测试村"}], user=world["city"])
    assert r.total == Decimal("80.0") and r.grade == "good"
    assert r.model_sites == [{"level": "village", "name": "阳朔测试村"}]
    assert r.evidence == {"linked": "已接入市级总平台"}
    again = actions.rate_platform(scope=scope(world["city"]), region=world["yangshuo"]["county"], year=YEAR,
                                  scores={**SCORES, "model_sites": 20}, user=world["city"])
    assert again.pk == r.pk and again.total == Decimal("88.0") and PlatformRating.objects.count() == 1


@pytest.mark.parametrize("score", [-1, 21, "", "abc"])
def test_a_score_outside_its_range_is_refused(world, score):
    refused(lambda: actions.rate_platform(scope=scope(world["city"]), region=world["yangshuo"]["county"],
                                          year=YEAR, scores={**SCORES, "wechat": score}), "0 到 20")


def test_a_rating_outside_the_scope_or_level_is_refused(world):
    refused(lambda: actions.rate_platform(scope=scope(world["county"]), region=world["yangshuo"]["county"],
                                          year=YEAR, scores=SCORES), "市")
    refused(lambda: actions.rate_platform(scope=scope(world["city"]), region=world["street"], year=YEAR,
                                          scores=SCORES), "县")
    refused(lambda: actions.rate_platform(scope=scope(world["city"]), region=world["yangshuo"]["county"],
                                          year=YEAR, scores=SCORES, model_sites=[{"level": "moon", "name": "x"}]),
            "示范点")


def _changed_copy(old: str, new: str) -> None:
    text = read_text(PACKS_DIR / "guilin-2018.yaml")
    assert text.count(old) >= 1
    load_pack_text(text.replace(old, new, 1).replace('version: "2018.8"', 'version: "2018.9"', 1),
                   source_name="changed.yaml")


def test_a_changed_copy_of_the_pack_changes_the_verdict(world):
    s = scope(world["xiufeng_user"])
    c = actions.save_centre(scope=s, level="district", region=world["xiufeng"], year=YEAR,
                            **full(area_m2="800"))
    assert not c.passed
    _changed_copy("      urban_only: true\n      per_region: 1\n      min_area_m2: 1000",
                  "      urban_only: true\n      per_region: 1\n      min_area_m2: 500")
    c = actions.rejudge(c, year=YEAR)
    assert c.passed and c.judged_by == "guilin-2018@2018.9"
    assert CentreRollup.objects.get(region=world["xiufeng"]).counts == {"district": [1, 1]}


def test_a_changed_criterion_weight_changes_the_grade(world):
    low = {**SCORES, "linked": 2}
    r = actions.rate_platform(scope=scope(world["city"]), region=world["yangshuo"]["county"], year=YEAR, scores=low)
    assert r.total == Decimal("62.0") and r.grade == "pass"
    linked = "      max_points: 20\n      weight: {}\n      source: plan\n      spec: [M17]\n      quote: 整合资源"
    _changed_copy(linked.format(1), linked.format(0))  # the first criterion (linked) no longer counts
    r = actions.rate_platform(scope=scope(world["city"]), region=world["yangshuo"]["county"], year=YEAR, scores=low)
    assert r.total == Decimal("75.0") and r.grade == "good" and r.judged_by.endswith("2018.9")
