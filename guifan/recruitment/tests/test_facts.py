"""ACT-G-03 (recruitment_review_notice_vote) derived from the recruitment files: every candidate admitted in the
year had the political review, the public notice and the branch vote recorded; no files: unknown."""

import pytest

from guifan.facts.derived import derive_organisations
from guifan.facts.models import FactReport, Period
from guifan.recruitment import selectors
from guifan.recruitment.models import StepRecord
from guifan.standards.pack import PACKS_DIR, parse_pack

from .walk import register, walk

SHIPPED = (PACKS_DIR / "guilin-2018.yaml").read_text(encoding="utf-8")
CODE = "recruitment_review_notice_vote"


@pytest.fixture
def pack(shipped_pack):
    return parse_pack(SHIPPED)


def _derived(pack, org, year):
    period = Period.yearly(year)
    derive_organisations(pack, period, [org])
    return FactReport.objects.get(organisation=org, period=period).derived


def test_the_fact_is_derived_not_typed(pack):
    assert pack.facts[CODE].derived_from["computer"] == CODE
    assert CODE not in {f.code for f in pack.reported_facts(None)}


def test_admitted_with_review_notice_and_vote_passes_and_a_missing_record_fails(two_counties, pack):
    y = two_counties["yangshuo"]
    assert CODE not in _derived(pack, y["branch"], 2021)  # no files: unknown
    a = walk(register(y["branch"], pack.recruitment), pack.recruitment, y["members"], until="committee_approval")
    assert _derived(pack, y["branch"], 2021)[CODE] is True
    assert _derived(pack, y["committee"], 2021)[CODE] is True  # the subtree's
    assert _derived(pack, y["branch"], 2020)[CODE] is True  # files kept, nobody admitted that year
    rows = selectors.admitted_in(2021, pack.recruitment)[y["branch"].pk]
    review = a.steps.get(step="political_review")
    assert rows == [{"applicant": a.pk, "review": review.pk, "notice": a.steps.get(step="branch_review").pk,
                     "vote": a.steps.get(step="branch_meeting").pk}]
    StepRecord.objects.filter(pk=review.pk).update(conclusion_encrypted="")  # a file without the review's conclusion
    assert _derived(pack, y["branch"], 2021)[CODE] is False


def test_members_admitted_through_recruitment_count_as_recruited(two_counties, pack):
    y = two_counties["yangshuo"]
    walk(register(y["branch"], pack.recruitment), pack.recruitment, y["members"], until="committee_approval")
    assert _derived(pack, y["committee"], 2022)["members_recruited_2y"] >= 1
