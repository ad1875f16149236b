"""Read-only queries for the member pages."""

from guifan.core import crypto
from guifan.core.scoping import Scope
from guifan.orgs.models import Organisation

from .models import Member


def visible_member(scope: Scope, pk: int) -> Member | None:
    return (
        scope.members().select_related("organisation", "organisation__region", "party_group")
        .filter(pk=pk).first()
    )


def member_by_id_number(scope: Scope, number: str) -> Member | None:
    """The member of the scope with this (validated, normalised) ID number, found by its keyed hash."""
    return scope.members().filter(id_number_hash=crypto.keyed_hash(number)).first()


def may_reveal(scope: Scope, member: Member) -> bool:
    """Full ID number and phone: for roles that edit the register, and for members on their own record."""
    return scope.can_edit or (scope.member is not None and scope.member.pk == member.pk)


def transfers(scope: Scope, member: Member) -> list:
    """The member's transfers, each organisation flagged when the user may open it."""
    rows = list(member.transfers.select_related("from_organisation", "to_organisation", "user"))
    ids = {t.from_organisation_id for t in rows} | {t.to_organisation_id for t in rows}
    visible = set(scope.organisations().filter(pk__in=ids).values_list("pk", flat=True))
    for row in rows:
        row.from_visible = row.from_organisation_id in visible
        row.to_visible = row.to_organisation_id in visible
    return rows


def party_groups_of(member: Member):
    return Organisation.objects.filter(parent_id=member.organisation_id, kind=Organisation.Kind.GROUP).order_by("name")


def transfer_target(scope: Scope, code: str) -> Organisation | None:
    return scope.organisations().filter(code=code.strip()).first()
