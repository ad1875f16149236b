"""A role sees its subtree and nothing else (SPEC: scope of every list)."""

from guifan.accounts.scope import Scope
from guifan.members.models import Member
from guifan.orgs.models import Organisation


def test_county_sees_only_its_county(users, two_counties):
    scope = Scope(users["county"])
    orgs = set(scope.organisations().values_list("name", flat=True))
    assert orgs == {o.name for k, o in two_counties["yangshuo"].items() if isinstance(o, Organisation)}
    assert all(m.name.startswith("yangshuo") for m in scope.members())
    assert scope.members().count() == 4
    assert not scope.regions().filter(code="450312").exists()


def test_city_and_admin_see_everything(users):
    for who in ("city", "admin"):
        scope = Scope(users[who])
        assert scope.members().count() == Member.objects.count() == 8


def test_member_sees_only_themselves(users, two_counties):
    scope = Scope(users["member"])
    assert list(scope.members()) == [two_counties["yangshuo"]["members"][0]]


def test_organisation_role_sees_its_subtree(users, two_counties):
    scope = Scope(users["organisation"])
    assert scope.organisations().count() == 3
    assert scope.members().count() == 4
