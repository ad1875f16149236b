"""What the check-up page says of a criterion read from the register's admissions (TEAM-R-04, `members_recruited`)
or from the party dues records (GUAR-N-01, `dues_paid` and `dues_returned`): which records decided it. Read for one
organisation's subtree with the selectors the derivation uses (guifan.facts.derived, guifan.facts.computers_dues):
a few small queries."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from guifan.dues import selectors as dues
from guifan.dues.models import DuesAssessment
from guifan.facts.models import FactReport, Period
from guifan.members.models import Member
from guifan.orgs.models import Organisation

from .record_facts import facts_by_computer

SHOWN = 5  # admissions named; the rest counted
DUES = ("dues_paid", "dues_returned")


def _money(amount) -> str:
    return f"{amount:,.2f}"


def _recruited(pks: list[int], year: int, years: int) -> list[str]:
    end = dt.date(year, 12, 31)
    since = end.replace(year=end.year - years)
    members = Member.objects.filter(organisation__in=pks).exclude(joined_on__isnull=True)
    recent = list(members.filter(joined_on__gt=since, joined_on__lte=end).order_by("-joined_on", "name")
                  .values_list("name", "joined_on"))
    if recent:
        named = "、".join(f"{name}（{day.isoformat()}）" for name, day in recent[:SHOWN])
        more = _("and %(n)s more") % {"n": len(recent) - SHOWN} if len(recent) > SHOWN else ""
        return [_("Admitted in the %(years)s years to %(end)s: %(names)s%(more)s.")
                % {"years": years, "end": end.isoformat(), "names": named, "more": more}]
    last = members.filter(joined_on__lte=end).order_by("-joined_on").values_list("name", "joined_on").first()
    if last is None:
        return [_("No member of this organisation or below it has an admission date on record.")]
    return [_("Nobody admitted in the %(years)s years to %(end)s; the last admission on record: %(name)s on "
              "%(day)s.") % {"years": years, "end": end.isoformat(), "name": last[0], "day": last[1].isoformat()}]


def _dues(organisation: Organisation, pks: list[int], year: int, typed_codes: list[str]) -> list[str]:
    if dues.keeping(year, pks):
        paid = sum(dues.paid_by_organisation(year, pks).values())
        returned = sum(dues.returned_by_organisation(year, pks).values())
        assessed = DuesAssessment.objects.filter(year=year, organisation_id__in=pks).count()
        return [_("Dues records of %(year)s: %(members)s members with their dues set, %(paid)s yuan paid, "
                  "%(returned)s yuan recorded as returned.")
                % {"year": year, "members": assessed, "paid": _money(paid), "returned": _money(returned)}]
    report = FactReport.objects.filter(organisation=organisation, period=Period.yearly(year)).first()
    values = report.values if report else {}
    typed = {code: values.get(code) for code in typed_codes}
    if typed and all(v is not None for v in typed.values()):
        figures = "、".join(_money(v) for v in typed.values())
        return [_("No dues are recorded here for %(year)s: judged on the figures typed in the yearly report "
                  "(%(figures)s yuan).") % {"year": year, "figures": figures}]
    return [_("No dues are recorded here for %(year)s and the yearly report gives no figure: unknown.")
            % {"year": year}]


def record_notes(pack, organisation: Organisation, year: int, criteria) -> dict[str, list[str]]:
    """{criterion id: sentences} for the criteria of `criteria` read from the admissions or the dues records."""
    wanted = {c.id: facts_by_computer(pack, c) for c in criteria}
    wanted = {cid: found for cid, found in wanted.items() if "members_recruited" in found or set(DUES) & set(found)}
    if not wanted:
        return {}
    pks = list(Organisation.objects.filter(path__startswith=organisation.path).values_list("pk", flat=True))
    notes: dict[str, list[str]] = {}
    for cid, found in wanted.items():
        lines = []
        for fact in found.get("members_recruited", ()):
            lines += _recruited(pks, year, fact.derived_from["params"]["years"])
        dues_facts = [f for computer in DUES for f in found.get(computer, ())]
        if dues_facts:
            typed = [t for f in dues_facts if (t := (f.derived_from.get("params") or {}).get("typed"))]
            lines += _dues(organisation, pks, year, typed)
        notes[cid] = lines
    return notes
