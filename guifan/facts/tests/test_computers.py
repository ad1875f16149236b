"""Derived facts name a computer and its parameters in the pack (ACT-G-03, TEAM-R-04): one registry, declared in
guifan.standards.computers and implemented in guifan.facts.computers."""

import datetime as dt

import pytest

from guifan import testing as t
from guifan.facts.derived import derive_facts
from guifan.facts.models import FactReport, Period
from guifan.standards.computers import COMPUTERS
from guifan.standards.pack import PACKS_DIR, load_pack, parse_pack

SHIPPED = (PACKS_DIR / "guilin-2018.yaml").read_text(encoding="utf-8")
RECRUITED = "computer: members_recruited, params: {years: 2}"


def test_every_declared_computer_has_an_implementation_and_every_pack_fact_a_known_computer():
    assert [c.name for c in COMPUTERS if c.implementation is None] == []
    derived = [f for f in load_pack("guilin-2018").facts.values() if f.derived_from]
    # 30 from the register, 5 from the training records, 15 from the meetings, 2 from the dues records, 1 from the
    # recruitment files, 3 from the member status records
    assert len(derived) == 56
    assert all(f.derived_from["computer"] in COMPUTERS for f in derived)
    assert all(not COMPUTERS.problems(f.derived_from) for f in derived)


def test_an_undeclared_computer_cannot_be_implemented():
    with pytest.raises(LookupError, match="not declared"):
        COMPUTERS.implementation("members_hired")(lambda d, org, unit, fact: 0)


@pytest.mark.django_db
def test_the_recruitment_window_is_a_parameter_of_the_pack(two_counties):
    """The plan's "two years" is `params: {years: 2}`: another window in the pack counts other members, and two
    windows are counted in the same pass."""
    branch, committee = two_counties["yangshuo"]["branch"], two_counties["yangshuo"]["committee"]
    t.member(branch, joined_on=dt.date(2018, 3, 1))
    t.member(branch, joined_on=dt.date(2016, 6, 1))  # three years before the end of 2018, not two
    extra = ("  - {code: members_recruited_5y, type: integer, unit: 人, domains: [R], label: {zh: 近五年发展党员数, "
             "en: Recruited in five years}, derived_from: {source: members, computer: members_recruited, "
             "params: {years: 5}, rule: {zh: 近五年内接收的预备党员, en: admitted in the last five years}}}\n")
    assert RECRUITED in SHIPPED
    text = SHIPPED.replace(RECRUITED, "computer: members_recruited, params: {years: 3}").replace(
        "  # --- ORG ---\n", extra + "  # --- ORG ---\n", 1)
    period = Period.yearly(2018)
    derive_facts(parse_pack(SHIPPED), period)
    assert FactReport.objects.get(organisation=committee, period=period).derived["members_recruited_2y"] == 1
    derive_facts(parse_pack(text), period)
    derived = FactReport.objects.get(organisation=committee, period=period).derived
    assert (derived["members_recruited_2y"], derived["members_recruited_5y"]) == (2, 2)
