"""Read-only queries for the member pages."""

from django.db.models import Count

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


def subtree_counts(orgs) -> dict[int, tuple[int, int]]:
    """{org id: (members, full members)} over each organisation's subtree, from one grouped query."""
    orgs = list(orgs)
    if not orgs:
        return {}
    prefix = min((o.path for o in orgs), key=len)
    common = prefix if all(o.path.startswith(prefix) for o in orgs) else "/"
    rows = (
        Member.objects.filter(organisation__path__startswith=common)
        .exclude(status__in=[Member.Status.LEFT, Member.Status.DECEASED])
        .values("organisation__path", "category")
        .annotate(n=Count("id"))
    )
    per_path: dict[str, list[int]] = {}
    for row in rows:
        counts = per_path.setdefault(row["organisation__path"], [0, 0])
        counts[0] += row["n"]
        if row["category"] == Member.Category.FULL:
            counts[1] += row["n"]
    totals: dict[str, list[int]] = {}
    for path, (n, f) in per_path.items():
        parts = path.strip("/").split("/")
        for i in range(1, len(parts) + 1):
            acc = totals.setdefault("/" + "/".join(parts[:i]) + "/", [0, 0])
            acc[0] += n
            acc[1] += f
    return {org.pk: tuple(totals.get(org.path, (0, 0))) for org in orgs}
