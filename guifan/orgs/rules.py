"""The register's own rules (ORG-G-01, M01): set-up by member count and term lengths, read from data."""

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from .models import Organisation

RULES_FILE = Path(__file__).parent / "data" / "register-rules.yaml"


@lru_cache(maxsize=1)
def rules() -> dict:
    with open(RULES_FILE, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def value(name: str):
    return rules()[name]["value"]


def term_years(host_kind: str) -> int:
    terms = rules()["term_years"]
    return terms["by_host_kind"].get(host_kind, terms["default"])


@dataclass(frozen=True)
class Breach:
    code: str
    message: str
    spec: tuple[str, ...]


def subtree_counts(orgs) -> dict[int, tuple[int, int]]:
    """{org id: (members, full members)} over each organisation's subtree, from one grouped query."""
    from guifan.members.models import Member

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
    result = {org.pk: tuple(totals.get(org.path, (0, 0))) for org in orgs}
    return result


def breaches(org: Organisation, members: int, full_members: int, today: dt.date | None = None) -> list[Breach]:
    """What the organisation breaks, given its subtree's member counts."""
    today = today or dt.date.today()
    found = []
    kind = org.kind
    if kind == Organisation.Kind.GROUP:
        return found
    if kind == Organisation.Kind.BRANCH and full_members < value("branch_min_full_members"):
        found.append(Breach("branch_too_few_full", _("A branch needs at least %(n)s full members; it has %(m)s.")
                            % {"n": value("branch_min_full_members"), "m": full_members}, ("ORG-G-01",)))
    if kind == Organisation.Kind.BRANCH and members > value("branch_max_members"):
        found.append(Breach("branch_too_large", _("A branch of more than %(n)s members should become a general "
                            "branch; it has %(m)s.") % {"n": value("branch_max_members"), "m": members},
                            ("ORG-G-01", "M01")))
    if kind == Organisation.Kind.GENERAL_BRANCH and members < value("general_branch_min_members"):
        found.append(Breach("general_branch_too_small", _("A general branch is set up for %(n)s or more members; "
                            "it has %(m)s.") % {"n": value("general_branch_min_members"), "m": members},
                            ("ORG-G-01", "M01")))
    if kind == Organisation.Kind.COMMITTEE and members < value("committee_min_members"):
        found.append(Breach("committee_too_small", _("A party committee is set up for %(n)s or more members; it "
                            "has %(m)s.") % {"n": value("committee_min_members"), "m": members}, ("ORG-G-01", "M01")))
    if org.term_end is None:
        found.append(Breach("term_unknown", _("The current term is not recorded."), ("ORG-G-01",)))
    elif org.term_end < today:
        found.append(Breach("term_expired", _("The term ended on %(d)s; an election is overdue.")
                            % {"d": org.term_end.isoformat()}, ("ORG-G-01",)))
    elif org.term_start and org.host_unit_id:
        years = term_years(org.host_unit.kind)
        if (org.term_end - org.term_start).days > years * 366:
            found.append(Breach("term_too_long", _("A term here lasts %(n)s years; this one is longer.")
                                % {"n": years}, ("ORG-G-01",)))
    return found


@dataclass(frozen=True)
class CoverageRule:
    code: str
    host_kinds: tuple[str, ...]
    spec: tuple[str, ...]
    source: str
    min_headcount: int | None = None
    substantive_only: bool = False


def coverage_rules() -> list[CoverageRule]:
    return [
        CoverageRule(
            code=r["code"], host_kinds=tuple(r["host_kinds"]), spec=tuple(r["spec"]), source=r["source"],
            min_headcount=r.get("min_headcount"), substantive_only=r.get("substantive_only", False),
        )
        for r in rules()["coverage"]
    ]


def uncovered_units(host_units) -> dict[str, QuerySet]:
    """{rule code: open host units the rule requires to have an organisation and that have none}."""
    from .models import HostUnit

    covered = Q(organisations__dissolved_on__isnull=True, organisations__isnull=False) | Q(
        joint_organisations__dissolved_on__isnull=True, joint_organisations__isnull=False
    )
    covered_ids = HostUnit.objects.filter(covered).values("pk")
    result = {}
    for rule in coverage_rules():
        qs = host_units.filter(kind__in=rule.host_kinds, closed_on__isnull=True)
        if rule.min_headcount is not None:
            qs = qs.filter(headcount__gte=rule.min_headcount)
        if rule.substantive_only:
            qs = qs.filter(is_substantive=True)
        result[rule.code] = qs.exclude(pk__in=covered_ids)
    return result
