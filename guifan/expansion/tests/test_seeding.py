"""The sample city's expansion list (guifan.seeding.expansion, laid by seed_programmes): found months ago, so overdue
unless given a new deadline or fixed in the register and closed; run again, it does nothing."""

from guifan import testing as t
from guifan.expansion.models import ExpansionTask
from guifan.orgs.models import HostUnit, Organisation
from guifan.seeding.expansion import seed_expansion

YS = "450321100"


def _gapped(two_counties):
    return [t.host_unit(YS, HostUnit.Kind.ENTERPRISE, headcount=150 + i) for i in range(3)]


def test_the_sample_list_is_overdue_then_does_nothing(two_counties, pack_version):
    _gapped(two_counties)
    laid = seed_expansion(open_share=0, fixed_share=0)
    assert laid["found"] == ExpansionTask.objects.count() == laid["overdue"] >= 4
    assert all(task.status(__import__("datetime").date.today()) == "overdue" for task in ExpansionTask.objects.all())
    assert seed_expansion() == {"found": 0}
    assert laid["purposes"] == 0  # neither a poor village nor an urban or two-new branch here: nothing given a purpose


def test_the_sample_list_fixes_in_the_register_and_extends(two_counties, pack_version):
    units = _gapped(two_counties)
    laid = seed_expansion(open_share=0, fixed_share=1)
    fixed = ExpansionTask.objects.filter(state="fixed")
    assert laid["fixed"] == fixed.count() >= 4
    assert {u.pk for u in units} <= set(fixed.values_list("host_unit_id", flat=True))
    committee = Organisation.objects.get(pk=two_counties["yangshuo"]["committee"].pk)
    assert committee.kind == Organisation.Kind.BRANCH  # the general branch of 4 members made a branch
