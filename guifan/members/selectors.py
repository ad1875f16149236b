"""Read-only queries for the member pages."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext as _

from guifan.core import crypto
from guifan.core.dates import add_months
from guifan.core.languages import in_language
from guifan.core.scoping import Scope
from guifan.orgs.models import Organisation
from guifan.standards.member_status_rules import MemberStatusRules
from guifan.standards.selectors import pack_in_effect, reporting_year

from .models import GONE_STATUSES, Member, StatusChange, Transfer


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


def any_organisation(code: str) -> Organisation | None:
    """The organisation of the whole register with this code (a transfer may go to one outside the user's area;
    only its name is shown back)."""
    return Organisation.objects.filter(code=code.strip()).first()


def subtree_counts(orgs) -> dict[int, tuple[int, int]]:
    """{org id: (members, full members)} over each organisation's subtree, from one grouped query."""
    orgs = list(orgs)
    if not orgs:
        return {}
    prefix = min((o.path for o in orgs), key=len)
    common = prefix if all(o.path.startswith(prefix) for o in orgs) else "/"
    rows = (
        Member.objects.filter(organisation__path__startswith=common)
        .exclude(status__in=GONE_STATUSES)
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


# --- status records and transfers (issue 12 items 2 and 3; docs/member-status.md) ---------------------------------
def probation_ends(members, rules: MemberStatusRules) -> dict[int, dt.date]:
    """The day each probationary member's probation ends: joined, plus the pack's months, plus every extension
    recorded (one query however many members)."""
    extended: dict[int, int] = {}
    for member_id, details in StatusChange.objects.filter(member__in=[m.pk for m in members],
                                                          change="extension").values_list("member_id", "details"):
        extended[member_id] = extended.get(member_id, 0) + int((details or {}).get("months", 0))
    return {m.pk: add_months(m.joined_on, rules.probation_months + extended.get(m.pk, 0)) for m in members}


def status_rules(day: dt.date) -> MemberStatusRules:
    """The member-status rules of the pack in effect in `day`'s year, or of the latest pack before it (a change is
    recorded after the year a pack covers by the rules last stated)."""
    version = pack_in_effect(reporting_year(day))
    found = version.pack().member_status if version is not None else None
    if found is None:
        raise ValidationError(_("No standard pack with member-status rules is in effect for %(year)s.")
                              % {"year": day.year})
    return found


TRACKED = ("flowing", "lost_contact", "pocket", "unqualified")
DEALT_WITH = ("disposal", "corrected")


@dataclass
class StatusAtEnd:
    """Members by status at a day, per organisation, from the status records (the register's status for a member
    with none by then): {status: {org id: n}}, the unqualified with no disposal since, the flowing members whose
    flowing-out record names a receiving organisation under dual management, and the records that decided each
    ({org id: [(member id, change id or None, what)]}) for the check-up page."""

    in_status: dict = field(default_factory=dict)
    undisposed: dict = field(default_factory=dict)
    dual_managed: dict = field(default_factory=dict)
    decided_by: dict = field(default_factory=lambda: defaultdict(list))


def status_at(day: dt.date, *, organisations=None, region_path: str | None = None) -> StatusAtEnd:
    """Two queries: every status change up to `day` of the members concerned (in date order), and the members with
    a tracked status and no change by then."""
    changes = StatusChange.objects.filter(date__lte=day)
    plain = Member.objects.filter(status__in=TRACKED, joined_on__lte=day)
    if organisations is not None:
        changes = changes.filter(member__organisation_id__in=organisations)
        plain = plain.filter(organisation_id__in=organisations)
    elif region_path is not None:
        changes = changes.filter(member__organisation__region__path__startswith=region_path)
        plain = plain.filter(organisation__region__path__startswith=region_path)
    latest: dict[int, list] = {}  # member -> [org, status, pending unqualified, dual managed, change id]
    rows = changes.order_by("member_id", "date", "id").values_list("pk", "member_id", "member__organisation_id",
                                                                     "change", "to_status", "details")
    for pk, member_id, org_id, change, to_status, details in rows:
        state = latest.setdefault(member_id, [org_id, to_status, False, False, pk])
        state[1], state[4] = to_status, pk
        if change == "unqualified":
            state[2] = True
        elif change in DEALT_WITH or to_status != "unqualified":
            state[2] = False
        if change == "flowing_out":
            state[3] = bool(details.get("dual_management") and details.get("receiving_organisation"))
    found = StatusAtEnd(in_status={status: defaultdict(int) for status in TRACKED},
                        undisposed=defaultdict(int), dual_managed=defaultdict(int))
    for member_id, (org_id, status, pending, dual, pk) in latest.items():
        if status not in TRACKED:
            continue
        found.in_status[status][org_id] += 1
        found.undisposed[org_id] += pending
        found.dual_managed[org_id] += status == "flowing" and dual
        found.decided_by[org_id].append((member_id, pk, status))
    # Members with no change by `day`: the status the first later change started from, else the register's.
    later = StatusChange.objects.filter(date__gt=day)
    if organisations is not None:
        later = later.filter(member__organisation_id__in=organisations)
    elif region_path is not None:
        later = later.filter(member__organisation__region__path__startswith=region_path)
    before: dict[int, tuple] = {}
    for member_id, org_id, status in (later.filter(member__joined_on__lte=day).order_by("member_id", "-date", "-id")
                                      .values_list("member_id", "member__organisation_id", "from_status")):
        if member_id not in latest:
            before[member_id] = (org_id, status)  # the last row per member is its earliest change
    anything = StatusChange.objects.filter(member_id=OuterRef("pk"))
    for member_id, org_id, status in plain.filter(~Exists(anything)).values_list("pk", "organisation_id", "status"):
        before[member_id] = (org_id, status)
    for member_id, (org_id, status) in before.items():
        if status not in TRACKED:
            continue
        found.in_status[status][org_id] += 1
        found.undisposed[org_id] += status == "unqualified"
        found.decided_by[org_id].append((member_id, None, status))
    return found


def history(scope: Scope, member: Member) -> list[dict]:
    """The member's status changes, newest first, as rows for the member page (the transfers are listed by
    `transfers`): a sensitive change
    (unqualified, disposal) is masked unless the user's scope holds the member's organisation (their own
    organisation or a level above), and even then shown only after an audited reveal (member_reveal_history)."""
    try:
        rules = status_rules(dt.date.today())
    except ValidationError:
        rules = None
    rows = []
    for c in member.status_changes.select_related("user"):
        kind = rules.changes.get(c.change) if rules else None
        disposal = rules.disposals.get(c.details.get("disposal", "")) if rules else None
        rows.append({"date": c.date, "record": c, "sensitive": c.is_sensitive,
                     "label": in_language(kind.label) if kind else c.change,
                     "disposal": in_language(disposal.label) if disposal else ""})
    return rows


def may_see_disposals(scope: Scope, member: Member) -> bool:
    """Disposal records: the member's own organisation and the levels above, for roles that edit the register."""
    return scope.can_edit and scope.organisations().filter(pk=member.organisation_id).exists()


def in_transit(member_ids=None):
    """Members with a transfer letter issued and not yet accepted: still counted in the sending organisation."""
    qs = Transfer.objects.filter(state=Transfer.State.ISSUED)
    return qs if member_ids is None else qs.filter(member_id__in=member_ids)


def organisation_transfers(organisation: Organisation, today: dt.date) -> dict:
    """The transfers page of one organisation: letters to accept or return, letters sent, the overdue flagged."""
    related = ("member", "from_organisation", "to_organisation")
    incoming = list(Transfer.objects.filter(to_organisation=organisation, state=Transfer.State.ISSUED)
                    .select_related(*related).order_by("deadline", "pk"))
    outgoing = list(Transfer.objects.filter(from_organisation=organisation)
                    .exclude(state=Transfer.State.ACCEPTED, accepted_on__lt=today - dt.timedelta(days=365))
                    .select_related(*related).order_by("-date", "-pk")[:200])
    received = list(Transfer.objects.filter(to_organisation=organisation, state=Transfer.State.ACCEPTED,
                                            accepted_on__gte=today - dt.timedelta(days=365))
                    .select_related(*related).order_by("-accepted_on", "-pk")[:200])
    for row in incoming + outgoing:
        row.overdue = row.is_overdue(today)
    return {"incoming": incoming, "outgoing": outgoing, "received": received,
            "overdue": sum(1 for t in incoming + outgoing if t.overdue)}


def region_transfers(scope: Scope, today: dt.date) -> list[dict]:
    """Open and overdue transfer letters per region the sending organisation sits in (its township or street),
    within the scope: one grouped query."""
    rows = (Transfer.objects.filter(state=Transfer.State.ISSUED,
                                    from_organisation__in=scope.organisations().values("pk"))
            .values("from_organisation__region__name", "from_organisation__region__code")
            .annotate(open=Count("id"), overdue=Count("id", filter=Q(deadline__lt=today)))
            .order_by("from_organisation__region__code"))
    return [{"region": r["from_organisation__region__name"], "code": r["from_organisation__region__code"],
             "open": r["open"], "overdue": r["overdue"]} for r in rows]


def region_transfers_in(scope: Scope, today: dt.date) -> list[dict]:
    """Members received from outside the city in the last 365 days per region the receiving organisation sits in,
    within the scope: one grouped query."""
    rows = (Transfer.objects.filter(from_organisation__isnull=True, state=Transfer.State.ACCEPTED,
                                    accepted_on__gte=today - dt.timedelta(days=365),
                                    to_organisation__in=scope.organisations().values("pk"))
            .values("to_organisation__region__name", "to_organisation__region__code")
            .annotate(n=Count("id")).order_by("to_organisation__region__code"))
    return [{"region": r["to_organisation__region__name"], "code": r["to_organisation__region__code"], "n": r["n"]}
            for r in rows]


def members_by_status(scope: Scope) -> list[tuple[str, int]]:
    rows = scope.members().order_by().values("status").annotate(n=Count("id"))
    labels = dict(Member.Status.choices)
    return [(labels.get(r["status"], r["status"]), r["n"]) for r in sorted(rows, key=lambda r: r["status"])]
