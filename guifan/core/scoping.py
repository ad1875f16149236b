"""What the register's lower apps need of a user's scope, as a Protocol: regions, orgs and members type their
parameters with it, and `guifan.accounts.scope.Scope` (the one implementation, in an app above them) satisfies it.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from django.db.models import QuerySet


@runtime_checkable
class Scope(Protocol):
    """The subtree a role covers: every query of the register goes through one (see docs/architecture.md)."""

    is_all: bool
    region: object | None        # the region a region-level role covers
    organisation: object | None  # the organisation an organisation-level role covers
    member: object | None        # the member a member's own account is

    @property
    def can_edit(self) -> bool: ...

    def regions(self, qs: QuerySet | None = None) -> QuerySet: ...

    def organisations(self, qs: QuerySet | None = None) -> QuerySet: ...

    def host_units(self, qs: QuerySet | None = None) -> QuerySet: ...

    def members(self, qs: QuerySet | None = None) -> QuerySet: ...

    def covers_region(self, region) -> bool: ...


_scope_factory = None


def set_scope_factory(factory) -> None:
    """Called by the accounts app when it is ready: `factory(user)` gives the user's Scope (for background jobs,
    which run outside a request)."""
    global _scope_factory
    _scope_factory = factory


def scope_for(user) -> Scope:
    if _scope_factory is None:
        raise RuntimeError("no scope factory: the accounts app is not installed")
    return _scope_factory(user)
