"""Read-only queries of the model sites; every row comes through the user's Scope.

A region's counts (nominated, reviewed, recommended, selected, published) are one aggregate over the region's
nominations and one GROUP BY its children's column of the per-organisation ancestor table
(orgs.OrganisationStructure): nominations are a few thousand rows a year at most.
"""

from __future__ import annotations

from django.db.models import Count, Q

from guifan.orgs.rollups import counts_by_child

from . import actions
from .models import Nomination

State = Nomination.State
COUNT_NAMES = ("nominated", "reviewed", "recommended", "selected", "published")


def _aggregates() -> dict:
    return {
        "nominated": Count("pk"),
        "reviewed": Count("pk", filter=~Q(state=State.NOMINATED)),
        "recommended": Count("pk", filter=Q(state__in=(State.APPROVED, State.SELECTED, State.PUBLISHED))),
        "selected": Count("pk", filter=Q(state__in=(State.SELECTED, State.PUBLISHED))),
        "published": Count("pk", filter=Q(state=State.PUBLISHED)),
    }


def nominations(scope, year: int):
    return (Nomination.objects.filter(year=year, organisation__in=scope.organisations())
            .select_related("organisation", "organisation__region"))


def in_region(qs, region):
    return qs.filter(**{f"organisation__structure__{region.level}": region})


def region_counts(scope, region, year: int) -> tuple[dict, list[dict]]:
    """({count name: n} for the region, [{"region": child id, count name: n}] per child region with nominations),
    within the scope."""
    return counts_by_child(in_region(nominations(scope, year), region), region, _aggregates())


def published(scope, year: int):
    """The year's published model sites within the scope."""
    return nominations(scope, year).filter(state=State.PUBLISHED)


def published_ids(year: int) -> list[int]:
    """The organisations on the year's published list (for the funding's model-site extra: not scoped, the
    funding reads the whole city)."""
    return list(Nomination.objects.filter(year=year, state=State.PUBLISHED).order_by()
                .values_list("organisation_id", flat=True))


def creation_standards(year: int) -> list[dict]:
    """The creation standard of each kind in the year, as the pages show it: the criteria that must pass, the
    lowest star level (and each grade's higher one), the extra conditions, the quotas per grade."""
    rules = actions.rules_of_year(year)
    pack = actions.pack_of_year(year)
    titles = {c.id: actions.text(c.title) for c in pack.criteria}
    out = []
    for kind in rules.kinds:
        out.append({
            "domain": kind.domain, "label": actions.text(kind.label),
            "criteria": [titles.get(c, c) for c in kind.must_pass],
            "min_stars": actions.star_label(pack, kind.min_stars),
            "conditions": [actions.condition_label(c) for c in kind.conditions],
            "grades": [{"label": actions.text(g.label), "quota": kind.quota(g.code),
                        "stars": actions.star_label(pack, rules.min_stars(kind, g.code))} for g in rules.grades],
            "quote": kind.quote, "spec": kind.spec, "total": kind.total,
        })
    return out
