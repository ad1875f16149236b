"""Read-only queries for the account pages: where a user starts, and the global search."""

from django.urls import reverse

from guifan.members.filtersets import MemberFilterSet
from guifan.orgs.filtersets import OrganisationFilterSet

from .scope import Scope

SEARCH_LIMIT = 20


def root_url(scope: Scope) -> str | None:
    """The page a user starts from: their region, their organisation or their own member record; for the three
    administrators, their own work page."""
    officer_pages = {"system_admin": "admin:auth_user_changelist",
                     "security_admin": "admin:accounts_rolegrant_changelist", "audit_admin": "core:security"}
    if scope.officer in officer_pages:
        return reverse(officer_pages[scope.officer])
    region = scope.root_region
    if region is not None:
        return reverse("regions:detail", args=[region.code])
    if scope.organisation is not None:
        return reverse("orgs:detail", args=[scope.organisation.pk])
    if scope.member is not None:
        return reverse("members:detail", args=[scope.member.pk])
    return None


def search(scope: Scope, text: str) -> dict:
    """Organisations by name or code and members by name, within the scope (ID numbers: members:find, by POST)."""
    text = (text or "").strip()
    if not text:
        return {"organisations": [], "members": [], "organisation_total": 0, "member_total": 0}
    orgs = OrganisationFilterSet({"q": text}, queryset=scope.organisations().select_related("region")).qs
    members = MemberFilterSet({"q": text}, queryset=scope.members().select_related("organisation")).qs
    return {
        "organisations": list(orgs.order_by("name", "pk")[:SEARCH_LIMIT]),
        "organisation_total": orgs.count(),
        "members": list(members.order_by("name", "pk")[:SEARCH_LIMIT]),
        "member_total": members.count(),
    }
