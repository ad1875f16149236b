"""What the check-up page says of a criterion read from the members' status records (TEAM-R-02, ACT-G-04): which
records decided it. The pocket members and the flowing members not under dual management are named with their
record's date and document; the unqualified members without a disposal are counted with the dates of the findings
only (a disposal record is sensitive: names on the member pages, for those allowed). Read for one organisation's
subtree with the same selector as the derivation (guifan.members.selectors.status_at)."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from guifan.members import selectors as members
from guifan.members.models import Member, StatusChange
from guifan.orgs.models import Organisation

from .record_facts import facts_by_computer

COMPUTERS = ("members_in_status", "unqualified_undisposed", "flowing_dual_managed")


def _record_words(member: str, change: StatusChange | None) -> str:
    if change is None:
        return _("%(member)s (the register's status, no record)") % {"member": member}
    return _("%(member)s: recorded %(date)s%(document)s") % {
        "member": member, "date": change.date.isoformat(),
        "document": f"（{change.document_number}）" if change.document_number else ""}


def status_notes(pack, organisation: Organisation, year: int, criteria) -> dict[str, list[str]]:
    """{criterion id: sentences} for the criteria of `criteria` that read the member-status facts."""
    wanted = {c.id: set(facts_by_computer(pack, c)) & set(COMPUTERS) for c in criteria}
    wanted = {cid: used for cid, used in wanted.items() if used}
    if not wanted:
        return {}
    pks = list(Organisation.objects.filter(path__startswith=organisation.path).values_list("pk", flat=True))
    found = members.status_at(dt.date(year, 12, 31), organisations=pks)
    rows = [row for pk in pks for row in found.decided_by.get(pk, ())]
    if not rows:
        return {}
    people = dict(Member.objects.filter(pk__in=[r[0] for r in rows]).values_list("pk", "name"))
    changes = StatusChange.objects.in_bulk([r[1] for r in rows if r[1]])
    notes: dict[str, list[str]] = {}
    for cid, used in wanted.items():
        lines = []
        if "members_in_status" in used:
            lines += [_("Pocket member %(record)s.") % {"record": _record_words(people.get(m, ""), changes.get(c))}
                      for m, c, status in rows if status == "pocket"]
        if "unqualified_undisposed" in used:
            open_findings = [changes.get(c) for m, c, status in rows if status == "unqualified"]
            if open_findings:
                dates = "、".join(sorted(ch.date.isoformat() for ch in open_findings if ch is not None)) or "—"
                lines.append(_("%(n)s unqualified member(s) without a disposal recorded; found on: %(dates)s.")
                             % {"n": len(open_findings), "dates": dates})
        if "flowing_dual_managed" in used:
            lines += [_("Flowing member without dual management on record: %(record)s.")
                      % {"record": _record_words(people.get(m, ""), changes.get(c))}
                      for m, c, status in rows if status == "flowing"
                      and not (changes.get(c) and changes[c].details.get("dual_management")
                               and changes[c].details.get("receiving_organisation"))]
        if lines:
            notes[cid] = lines
    return notes
