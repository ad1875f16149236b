"""The register's own rules (ORG-G-01, M01): set-up by member count, term lengths and coverage, read from the
standard pack in effect in the year looked at (its `rules:` with `register:`; see guifan/standards/register_rules.py).

    judge = rules.for_year(2018)          # one query; rules.for_year() is the current reporting year
    judge.breaches(org, members, full)    # [Breach…]; judge.judged is False when no pack is in effect that year
    rules.breaches(org, members, full)    # the same for one organisation, in the current reporting year

Without a pack for the year nothing can be judged, and every organisation gets the one breach `rules_missing`
saying so (never an empty "no breaches").
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from guifan.standards import selectors as packs
from guifan.standards.register_rules import CoverageRule, RegisterRules

from .models import Organisation

RULES_MISSING = "rules_missing"
SIZE_SPEC = ("ORG-G-01", "M01")


@dataclass(frozen=True)
class Breach:
    code: str
    message: str
    spec: tuple[str, ...]


@dataclass(frozen=True)
class Judge:
    """The register rules of one pack (or none) for one year."""

    year: int | None
    register: RegisterRules | None
    pack: str = ""  # "guilin-2018@2018.8"

    @property
    def judged(self) -> bool:
        return self.register is not None

    def breaches(self, org, members: int, full_members: int, today: dt.date | None = None) -> list[Breach]:
        """What the organisation breaks, given its subtree's member counts; terms as at `today` (default today)."""
        if org.kind == Organisation.Kind.GROUP:
            return []
        if self.register is None:
            return [Breach(RULES_MISSING, _("No standard pack is in effect in %(year)s: the register rules (set-up "
                                            "by member count, terms) cannot be judged.") % {"year": self.year},
                           ("ORG-G-01", "M01"))]
        return self._size(org, members, full_members) + self._term(org, today or dt.date.today())

    def _size(self, org, members: int, full_members: int) -> list[Breach]:
        r, kind, found = self.register, org.kind, []
        spec = r.set_up_cited.spec or SIZE_SPEC
        if kind == Organisation.Kind.BRANCH and full_members < r.branch_min_full_members:
            found.append(Breach("branch_too_few_full", _("A branch needs at least %(n)s full members; it has %(m)s.")
                                % {"n": r.branch_min_full_members, "m": full_members}, spec))
        if kind == Organisation.Kind.BRANCH and members > r.branch_max_members:
            found.append(Breach("branch_too_large", _("A branch of more than %(n)s members should become a general "
                                "branch; it has %(m)s.") % {"n": r.branch_max_members, "m": members}, spec))
        if kind == Organisation.Kind.GENERAL_BRANCH and members < r.general_branch_min_members:
            found.append(Breach("general_branch_too_small", _("A general branch is set up for %(n)s or more members; "
                                "it has %(m)s.") % {"n": r.general_branch_min_members, "m": members}, spec))
        if kind == Organisation.Kind.COMMITTEE and members < r.committee_min_members:
            found.append(Breach("committee_too_small", _("A party committee is set up for %(n)s or more members; it "
                                "has %(m)s.") % {"n": r.committee_min_members, "m": members}, spec))
        return found

    def _term(self, org, today: dt.date) -> list[Breach]:
        spec = self.register.terms_cited.spec or ("ORG-G-01",)
        if org.term_end is None:
            return [Breach("term_unknown", _("The current term is not recorded."), spec)]
        if org.term_end < today:
            return [Breach("term_expired", _("The term ended on %(d)s; an election is overdue.")
                           % {"d": org.term_end.isoformat()}, spec)]
        if org.term_start and org.host_unit_id:
            years = self.register.term_years(org.host_unit.kind)
            if (org.term_end - org.term_start).days > years * 366:
                return [Breach("term_too_long", _("A term here lasts %(n)s years; this one is longer.")
                               % {"n": years}, spec)]
        return []

    def term_years(self, host_kind: str) -> int | None:
        return self.register.term_years(host_kind) if self.register else None

    @property
    def coverage_rules(self) -> tuple[CoverageRule, ...]:
        return self.register.coverage if self.register else ()

    def uncovered_units(self, host_units) -> dict[str, QuerySet] | None:
        """{coverage code: open host units the rule requires to have an organisation and that have none}; None when
        no pack is in effect (nothing can be said)."""
        if self.register is None:
            return None
        from .models import HostUnit

        covered = Q(organisations__dissolved_on__isnull=True, organisations__isnull=False) | Q(
            joint_organisations__dissolved_on__isnull=True, joint_organisations__isnull=False
        )
        covered_ids = HostUnit.objects.filter(covered).values("pk")
        result = {}
        for rule in self.register.coverage:
            qs = host_units.filter(kind__in=rule.host_kinds, closed_on__isnull=True)
            if rule.min_headcount is not None:
                qs = qs.filter(headcount__gte=rule.min_headcount)
            if rule.substantive_only:
                qs = qs.filter(is_substantive=True)
            result[rule.code] = qs.exclude(pk__in=covered_ids)
        return result


def of_pack(pack) -> Judge:
    """The rules of a parsed pack (guifan.standards.pack.Pack), e.g. the one derived or seeded with."""
    return Judge(year=None, register=pack.register, pack=f"{pack.id}@{pack.version}")


def for_year(year: int | None = None) -> Judge:
    """The rules of the stored pack in effect in `year` (default: the current reporting year, see
    guifan.standards.selectors.reporting_year); one query, the parsed pack cached per version."""
    year = year if year is not None else packs.reporting_year()
    version = packs.pack_in_effect(year)
    if version is None:
        return Judge(year=year, register=None)
    return Judge(year=year, register=packs.register_rules(version), pack=str(version))


def breaches(org, members: int, full_members: int, today: dt.date | None = None, *,
             year: int | None = None) -> list[Breach]:
    """`for_year(year).breaches(...)` for one organisation; in a loop, take `for_year` once instead."""
    return for_year(year).breaches(org, members, full_members, today)
