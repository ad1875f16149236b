"""Rating and upgrading (ORG-R-04, M03): the steps in the pack's order, level by level, with reasons; movement and
the stored roll-ups; refusals that write nothing."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from guifan.core.models import ChangeLog
from guifan.rating import actions
from guifan.rating.models import Movement, Rating, RatingAdjustment, RatingStep, RegionRating
from guifan.rating.tests.helpers import official_run
from guifan.standards.actions import load_pack_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def runs(shipped_pack, two_counties):
    y, ling = two_counties["yangshuo"], two_counties["lingui"]
    official_run(shipped_pack, 2017, {y["committee"]: 4, y["branch"]: 3, ling["committee"]: 2})
    return official_run(shipped_pack, 2018, {y["committee"]: 5, y["branch"]: 2, ling["committee"]: 2})


def _state():
    return (Rating.objects.count(), RatingStep.objects.count(), RatingAdjustment.objects.count(),
            RegionRating.objects.count(), ChangeLog.objects.filter(source="rating").count())


def test_steps_in_order_with_movement_and_rollups(runs, two_counties, users):
    y = two_counties["yangshuo"]
    actions.take_step(y["township"], 2018, "propose", users["township"],
                      {y["branch"].pk: (3, "回访发现台账已补齐")})
    committee, branch = (Rating.objects.get(organisation=y[k]) for k in ("committee", "branch"))
    assert (committee.stars, committee.previous_stars, committee.movement) == (5, 4, Movement.UP)
    assert (branch.assessed_stars, branch.stars, branch.movement, branch.stage) == (2, 3, Movement.SAME, "propose")
    assert RatingAdjustment.objects.get().reason == "回访发现台账已补齐"
    township = RegionRating.objects.get(region=y["township"], year=2018)
    assert (township.organisations, township.top, township.previous_top, township.stages["propose"]) == (2, 1, 0, 2)
    assert township.top_share == 0.5 and township.top_share_change == 0.5
    actions.take_step(y["county"], 2018, "confirm", users["county"])
    county = RegionRating.objects.get(region=y["county"], year=2018)
    assert county.stages == {"propose": 0, "confirm": 2, "publish": 0}
    assert county.movement[Movement.UP] == 1
    assert ChangeLog.objects.filter(source="rating", action=ChangeLog.Action.APPROVE).count() == 2


def test_county_before_township_is_refused_and_nothing_written(runs, two_counties, users):
    before = _state()
    with translation.override("zh-hans"), pytest.raises(ValidationError) as info:
        actions.take_step(two_counties["yangshuo"]["county"], 2018, "confirm", users["county"])
    assert info.value.messages == ["暂不能办理“县（区）审核确认”：阳朔县尚有2个党组织未经“乡镇（街道）初评”。"]
    assert _state() == before


def test_change_without_reason_is_refused_and_nothing_written(runs, two_counties, users):
    y = two_counties["yangshuo"]
    before = _state()
    with translation.override("zh-hans"), pytest.raises(ValidationError) as info:
        actions.take_step(y["township"], 2018, "propose", users["township"], {y["branch"].pk: (4, "  ")})
    assert "调整星级未填写理由" in info.value.messages[0]
    assert _state() == before


def test_wrong_level_and_other_region_refused(runs, two_counties, users):
    y, ling = two_counties["yangshuo"], two_counties["lingui"]
    with pytest.raises(ValidationError):
        actions.take_step(y["county"], 2018, "propose", users["county"])  # a county does not propose
    with pytest.raises(ValidationError):
        actions.take_step(ling["township"], 2018, "propose", users["township"])  # not the user's township
    actions.take_step(y["township"], 2018, "propose", users["township"])
    with pytest.raises(ValidationError):
        actions.take_step(y["township"], 2018, "propose", users["township"])  # twice


def test_the_packs_order_of_steps_decides(shipped_pack, two_counties, users):
    """A pack in which the county proposes and the township confirms: the township's step waits for the county."""
    text = shipped_pack.source.replace(
        "- {code: propose, level: township", "- {code: propose, level: COUNTY_").replace(
        "- {code: confirm, level: county", "- {code: confirm, level: township").replace("COUNTY_", "county")
    changed = load_pack_text(text.replace('version: "2018.', 'version: "2018.9', 1))
    y = two_counties["yangshuo"]
    official_run(changed, 2018, {y["committee"]: 5, y["branch"]: 2})
    assert [s.level for s in changed.pack().rating.steps] == ["county", "township", "city"]
    with pytest.raises(ValidationError):
        actions.take_step(y["township"], 2018, "confirm", users["township"])
    actions.take_step(y["county"], 2018, "propose", users["county"])
    actions.take_step(y["township"], 2018, "confirm", users["township"])
    assert set(Rating.objects.values_list("stage", flat=True)) == {"confirm"}


def test_an_organisation_above_the_township_is_rated_from_the_county_step(shipped_pack, two_counties, users):
    from guifan import testing as t
    from guifan.orgs.models import HostUnit, Organisation

    y = two_counties["yangshuo"]
    agency = t.organisation(t.host_unit("450321", HostUnit.Kind.AGENCY), Organisation.Kind.BRANCH, domain="A")
    official_run(shipped_pack, 2018, {y["committee"]: 5, agency: 3})
    actions.take_step(y["township"], 2018, "propose", users["township"])
    actions.take_step(y["county"], 2018, "confirm", users["county"])
    assert Rating.objects.get(organisation=agency).stage == "confirm"


@pytest.mark.parametrize("old,new,words", [
    ("- {code: confirm, level: county", "- {code: confirm, level: village", "is not one of"),
    ("- {code: confirm, level: county", "- {code: confirm, level: township", "takes two steps"),
    ("- {code: confirm, level: county", "- {code: propose, level: county", "given twice"),
    ("  top_stars: 5\n", "  top_stars: 6\n", "top_stars"),
])
def test_bad_rating_sections_are_refused_at_load(old, new, words):
    from guifan.standards.errors import PackError
    from guifan.standards.pack import PACKS_DIR, parse_pack

    text = (PACKS_DIR / "guilin-2018.yaml").read_text(encoding="utf-8")
    assert old in text
    with pytest.raises(PackError) as info:
        parse_pack(text.replace(old, new, 1))
    assert words in str(info.value)
