"""The register's lower apps type their scope parameters with guifan.core.scoping.Scope (a Protocol, so that they
need not import accounts): the one implementation satisfies it."""

import pytest

from guifan.accounts.scope import Scope
from guifan.core import scoping


@pytest.mark.django_db
def test_the_accounts_scope_satisfies_the_core_protocol(users):
    for user in users.values():
        assert isinstance(Scope(user), scoping.Scope)
