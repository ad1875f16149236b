"""Shared fixtures: a small register in two counties (阳朔 450321 and 临桂 450312) and a user per role."""

import pytest

from guifan import testing as t
from guifan.accounts.models import Role
from guifan.orgs.models import HostUnit, Organisation


@pytest.fixture(autouse=True)
def _own_data_dir(settings, tmp_path):
    """Files the product keeps beside the database (error workbooks, run frames): never the shared data/ in tests."""
    settings.DATA_DIR = tmp_path


@pytest.fixture(autouse=True)
def _jobs_run_in_the_request(settings):
    """Background jobs run where they are started (once the transaction commits): no worker in tests."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Test users need no slow password hash (PBKDF2's million rounds cost 0.3 s a user); production keeps it."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _default_language_after_each_test():
    """A request in English leaves English active in the thread (LocaleMiddleware activates, nothing deactivates):
    the next test's messages outside a request would then be English. Each test ends in the site's language."""
    yield
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def client():
    """Django's test client, whose force_login also passes the second factor (guifan.testing.Client)."""
    return t.Client()


@pytest.fixture
def shipped_pack(db):
    """The shipped standard pack, stored: the register rules (ORG-G-01, M01) are judged by the pack in effect."""
    from guifan.standards.selectors import ensure_shipped_pack_loaded

    return ensure_shipped_pack_loaded()


@pytest.fixture
def two_counties(db):
    """Two villages in two counties, each with a committee, a branch, a group and members."""
    data = {}
    for key, township in (("yangshuo", "450321100"), ("lingui", "450312100")):
        village = t.host_unit(township, HostUnit.Kind.ADMIN_VILLAGE, name=f"{key}村")
        committee = t.organisation(village, Organisation.Kind.GENERAL_BRANCH, name=f"{key}村党总支")
        branch = t.organisation(village, Organisation.Kind.BRANCH, parent=committee, name=f"{key}村第一党支部")
        group = t.organisation(village, Organisation.Kind.GROUP, parent=branch, name=f"{key}村第一党小组")
        members = [t.member(branch, name=f"{key}党员{i}") for i in range(4)]
        data[key] = {"village": village, "committee": committee, "branch": branch, "group": group,
                     "members": members, "county": t.region(township[:6]), "township": t.region(township)}
    return data


@pytest.fixture
def users(two_counties):
    y = two_counties["yangshuo"]
    return {
        "admin": t.user("admin", superuser=True),
        "city": t.user("city", Role.Kind.CITY, region=t.region("450300")),
        "county": t.user("county", Role.Kind.COUNTY, region=y["county"]),
        "township": t.user("township", Role.Kind.TOWNSHIP, region=y["township"]),
        "organisation": t.user("organisation", Role.Kind.ORGANISATION, organisation=y["committee"]),
        "member": t.user("member", Role.Kind.MEMBER, member=y["members"][0]),
    }

