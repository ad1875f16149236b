"""guifan seed: deterministic, valid and consistent sample data with the gaps on purpose (ORG-G-01, M01, ORG-R-02,
ORG-N-02)."""

import datetime as dt

import pytest
from django.core.management.base import CommandError

from guifan import testing as t
from guifan.core import idcard
from guifan.members.models import Member
from guifan.orgs.models import HostUnit, Organisation
from guifan.regions.models import Region
from guifan.seeding import findings
from guifan.seeding.params import coverage_min_headcount, reference_date, register_rules

from .conftest import seed


def snapshot() -> dict:
    """Everything the generator decides (ciphertexts aside: their nonces are random by design)."""
    return {
        "units": list(HostUnit.objects.order_by("pk").values_list(
            "pk", "code", "name", "kind", "region__code", "parent_id", "headcount", "is_poor_village",
            "is_substantive", "opened_on")),
        "orgs": list(Organisation.objects.order_by("pk").values_list(
            "pk", "code", "name", "kind", "path", "host_unit_id", "setup", "founded_on", "term_start", "term_end",
            "secretary_id")),
        "covered": sorted(Organisation.covered_units.through.objects.values_list("organisation_id", "hostunit_id")),
        "members": list(Member.objects.order_by("pk").values_list(
            "pk", "name", "gender", "ethnicity", "birth_month", "id_number_hash", "id_number_masked", "phone_masked",
            "education", "joined_on", "category", "status", "organisation_id", "party_group_id", "work_unit_id")),
    }


@pytest.mark.django_db
def test_same_seed_same_data_other_seed_other_data():
    seed(scale="tiny", seed=1)
    first = snapshot()
    seed(scale="tiny", seed=1, flush=True)
    assert snapshot() == first
    seed(scale="tiny", seed=2, flush=True)
    other = snapshot()
    assert other["members"] != first["members"]
    assert [o[2] for o in other["orgs"]] != [o[2] for o in first["orgs"]]


def test_tiny_counts_are_plausible(tiny):
    assert Region.objects.current().filter(level=Region.Level.COUNTY).count() == 17
    assert Region.objects.current().filter(level=Region.Level.TOWNSHIP).count() == 148
    assert not Organisation.objects.filter(region__valid_to__isnull=False).exists()  # never under 荔浦县 450331
    kinds = set(HostUnit.objects.values_list("kind", flat=True))
    assert {"admin_village", "villager_group", "hamlet", "street", "community", "compound", "building",
            "enterprise", "agency"} <= kinds
    assert 30 <= Organisation.objects.count() <= 400
    assert 300 <= Member.objects.count() <= 3000
    probationary = Member.objects.filter(category=Member.Category.PROBATIONARY).count()
    assert 0 < probationary < Member.objects.count() * 0.1
    assert set(Organisation.objects.values_list("kind", flat=True)) == set(Organisation.Kind.values)
    assert "Gaps found" in tiny or "发现" in tiny


def test_id_numbers_valid_unique_and_consistent(tiny):
    numbers = set()
    for member in Member.objects.select_related("organisation__region"):
        number = idcard.validate(member.reveal_id_number())
        numbers.add(number)
        assert idcard.birth_date_of(number).replace(day=1) == member.birth_month
        assert (int(number[16]) % 2 == 1) == (member.gender == Member.Gender.MALE)
        assert number[:6] == member.organisation.region.code[:6]
        assert member.id_number_masked == number[:6] + "*" * 12
        birth = idcard.birth_date_of(number)
        assert member.joined_on >= birth.replace(year=birth.year + 18, day=1)
        assert member.joined_on <= reference_date()
    assert len(numbers) == Member.objects.count()


def test_members_in_branches_never_in_groups(tiny):
    assert not Member.objects.filter(organisation__kind=Organisation.Kind.GROUP).exists()
    grouped = Member.objects.filter(party_group__isnull=False).select_related("party_group")
    assert grouped.exists()
    for member in grouped:
        assert member.party_group.kind == Organisation.Kind.GROUP
        assert member.party_group.parent_id == member.organisation_id


def test_paths_follow_parents_and_groups_sit_in_branches(tiny):
    by_pk = {o.pk: o for o in Organisation.objects.all()}
    for org in by_pk.values():
        parent_path = by_pk[org.parent_id].path if org.parent_id else "/"
        assert org.path == f"{parent_path}{org.pk}/"
        assert org.depth == org.path.count("/") - 2
        assert org.region_id == org.host_unit.region_id and org.domain == org.host_unit.domain
        if org.kind == Organisation.Kind.GROUP:
            assert by_pk[org.parent_id].kind == Organisation.Kind.BRANCH
        if org.secretary_id:
            assert org.secretary.organisation.path.startswith(org.path)


def test_terms_follow_register_rules(tiny):
    for org in Organisation.objects.exclude(kind=Organisation.Kind.GROUP).exclude(term_start=None):
        years = register_rules().term_years(org.host_unit.kind)
        assert (org.term_end - org.term_start).days in range(years * 365 - 1, years * 366)


def test_gaps_on_purpose_are_found(tiny):
    found = findings.gaps(reference_date())
    for kind in ("term_expired", "term_unknown", "no_secretary", "uncovered_villager_group",
                 "big_enterprise_without_organisation", "branch_too_few_full"):
        assert found[kind] > 0, kind
    assert found.get("general_branch_too_small", 0) + found.get("committee_too_small", 0) > 0
    assert found["no_secretary"] < Organisation.objects.count() * 0.2
    big = coverage_min_headcount("enterprise")
    enterprise = findings.big_enterprises_without_organisation().first()
    assert enterprise.headcount >= big and not enterprise.organisations.exists()


def test_if_empty_flush_and_refusal(tiny):
    count = Member.objects.count()
    assert "--if-empty" in seed(scale="tiny", seed=5, if_empty=True)
    assert Member.objects.count() == count
    with pytest.raises(CommandError):
        seed(scale="tiny", seed=5)
    with pytest.raises(CommandError):
        seed(scale="tiny", if_empty=True, flush=True)


def test_later_inserts_follow_the_seeded_keys(tiny):
    """Sequences were reset: the ORM can add rows after explicit primary keys (PostgreSQL keeps a sequence)."""
    village = HostUnit.objects.filter(kind=HostUnit.Kind.ADMIN_VILLAGE).first()
    org = t.organisation(village)
    member = t.member(org)
    assert org.pk > Organisation.objects.exclude(pk=org.pk).order_by("-pk").first().pk
    assert member.pk > Member.objects.exclude(pk=member.pk).order_by("-pk").first().pk


@pytest.mark.django_db
def test_reference_date_option_moves_the_terms():
    seed(scale="tiny", seed=1, today=dt.date(2030, 6, 30))
    assert findings.gaps(dt.date(2030, 6, 30))["term_expired"] > 0
    assert Member.objects.filter(joined_on__gt=dt.date(2026, 12, 31)).exists()


@pytest.mark.django_db
def test_members_of_joint_branches_work_in_the_units_they_cover(tiny):
    """ORG-N-01 / TEAM-N-01 read the members a unit employs: joint branches' members record their work units."""
    joint = Organisation.objects.filter(setup=Organisation.SetUp.JOINT).first()
    units = {joint.host_unit_id, *joint.covered_units.values_list("pk", flat=True)}
    working = set(Member.objects.filter(organisation=joint).values_list("work_unit_id", flat=True))
    assert working and working <= units
