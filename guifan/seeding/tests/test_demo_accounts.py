"""guifan demo_accounts: one account per role, idempotent, each seeing what its Scope should."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from guifan.accounts.models import Role
from guifan.accounts.scope import Scope
from guifan.members.models import Member
from guifan.orgs.models import Organisation
from guifan.regions.models import Region

from .conftest import seed


@pytest.fixture(autouse=True)
def fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def debug_on(settings):
    """Demo accounts exist only with DEBUG on (make demo sets GUIFAN_DEBUG=1)."""
    settings.DEBUG = True


def demo_accounts() -> str:
    out = io.StringIO()
    call_command("demo_accounts", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_needs_the_register():
    with pytest.raises(CommandError, match="guifan seed"):
        demo_accounts()


def test_idempotent_with_known_passwords(tiny):
    first = demo_accounts()
    hashes = dict(get_user_model().objects.values_list("username", "password"))
    second = demo_accounts()
    assert first == second
    assert dict(get_user_model().objects.values_list("username", "password")) == hashes
    users = get_user_model().objects.order_by("username")
    assert [u.username for u in users] == ["admin", "auditor", "city", "county", "member", "organisation", "secadmin",
                                           "sysadmin", "township"]
    assert Role.objects.count() == 8
    for user in users:
        assert user.check_password(f"demo-{user.username}")
        assert f"demo-{user.username}" in first
        assert user.is_staff == (user.username in ("admin", "city", "county", "township", "sysadmin", "secadmin",
                                                   "auditor"))
    assert users.get(username="admin").is_superuser and not hasattr(users.get(username="admin"), "role")


def test_each_scope_sees_its_subtree(tiny):
    demo_accounts()
    scopes = {u.username: Scope(u) for u in get_user_model().objects.select_related("role")}
    all_orgs = Organisation.objects.count()
    assert scopes["admin"].organisations().count() == all_orgs
    assert scopes["city"].organisations().count() == all_orgs
    county = scopes["county"].organisations()
    assert 0 < county.count() < all_orgs  # the tiny city also has 叠彩区
    assert not county.exclude(region__path__startswith=Region.objects.get(code="450321").path).exists()
    township = scopes["township"]
    assert township.region.level == Region.Level.TOWNSHIP and township.region.parent.code == "450321"
    assert 0 < township.organisations().count() <= county.count()
    org = scopes["organisation"].organisation
    assert org.kind in (Organisation.Kind.GENERAL_BRANCH, Organisation.Kind.COMMITTEE)
    assert org.host_unit.kind == "admin_village" and org.region == township.region
    seen = scopes["organisation"].organisations()
    assert seen.count() == Organisation.objects.filter(path__startswith=org.path).count() > 1
    assert scopes["organisation"].members().count() == Member.objects.filter(
        organisation__path__startswith=org.path).count()
    member = scopes["member"]
    assert list(member.members()) == [member.member]
    assert member.member.organisation.path.startswith(org.path)
    assert not member.can_edit and scopes["organisation"].can_edit


def test_flush_drops_roles_into_the_register_and_accounts_come_back(tiny):
    demo_accounts()
    assert "members.member" in seed(scale="tiny", seed=2, flush=True)
    assert not Role.objects.filter(kind__in=[Role.Kind.ORGANISATION, Role.Kind.MEMBER]).exists()
    assert Role.objects.filter(kind=Role.Kind.COUNTY).exists()
    demo_accounts()
    assert Role.objects.count() == 8  # five data roles and the three administrators
    assert Scope(get_user_model().objects.get(username="member")).members().count() == 1


def test_refused_with_debug_off(tiny, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="GUIFAN_DEBUG=1"):
        demo_accounts()
    assert not get_user_model().objects.exists()
    with pytest.raises(CommandError, match="GUIFAN_DEBUG=1"):
        call_command("demo_totp", "county", stdout=io.StringIO())


def test_demo_accounts_get_a_code_and_skip_the_forced_change(tiny, client):
    out = demo_accounts()
    assert "guifan demo_totp" in out
    code = io.StringIO()
    call_command("demo_totp", "county", stdout=code)
    token = code.getvalue().strip()
    assert len(token) == 6 and token.isdigit()
    web = Client()
    assert web.post(reverse("login"), {"username": "county", "password": "demo-county"}).status_code == 302
    assert web.get(reverse("home")).url.startswith(reverse("otp_verify"))
    assert web.post(reverse("otp_verify"), {"token": token}).status_code == 302
    assert web.get(reverse("start")).url == reverse("regions:detail", args=["450321"])  # no forced change


def test_demo_totp_refuses_other_accounts(tiny):
    demo_accounts()
    get_user_model().objects.create_user("someone", password="x")
    with pytest.raises(CommandError, match="demo_accounts"):
        call_command("demo_totp", "someone", stdout=io.StringIO())
