"""Stored register roll-ups (DESIGN: "Roll-ups are stored"): pages read these tables and never walk the tree.

* `OrganisationStructure`: each organisation's city, county and township (DHIS2's _orgunitstructure), so that a
  roll-up over regions is one GROUP BY.
* `OrganisationCount`: members counted at the organisation itself (pushed by guifan.members.rollups: orgs cannot
  read members) and over its subtree.
* `OrganisationBreaches`: the register rules each organisation breaks, per year (the pack of the year decides).
* `RegionCount`: per region and year, active organisations, members, full members and breaching organisations.

    refresh([org ids], also=[old ancestor ids], old_regions=[...])  after an action changed these organisations
    rebuild(own=..., groups=...)                                    everything, in bulk, then ANALYZE

`refresh` recounts the changed organisations, every ancestor's subtree, their breaches and the regions above them:
a handful of queries whatever the size of the register; the region counts are one GROUP BY over the structure.
"""

from __future__ import annotations

from collections import defaultdict
from types import SimpleNamespace

from django.db import connection, transaction
from django.db.models import Count, Q, Sum
from django.dispatch import Signal, receiver

from guifan.core import bulk
from guifan.core.tree import path_keys, subtree_moved
from guifan.core.vocabulary import REGION_LEVELS, child_level
from guifan.regions.models import Region
from guifan.standards import selectors as packs
from guifan.standards.models import PackVersion

from . import rules
from .models import Organisation, OrganisationBreaches, OrganisationCount, OrganisationStructure, RegionCount

LEVEL_COLUMNS = OrganisationStructure.LEVEL_COLUMNS
COLUMNS = REGION_LEVELS  # top down: the structure table's columns
_JUDGED = ("id", "kind", "term_start", "term_end", "host_unit_id", "host_unit__kind")

# Sent by `refresh` after organisations themselves changed (not only their member counts), with regions=the ids of
# the regions they are and were registered at: apps above (reporting's completeness) recount what they keep.
organisations_changed = Signal()


def reporting_year() -> int:
    """The year the register pages judge by: the latest year up to this one that a loaded pack covers."""
    return packs.reporting_year()


def stored_years() -> list[int]:
    """The years whose breaches are stored: the reporting year, and the years up to it with a stored pack."""
    current = reporting_year()
    years = {current}
    for start, end in PackVersion.objects.exclude(effective_from=None).values_list("effective_from", "effective_to"):
        years.update(range(start.year, min(end.year if end else current, current) + 1))
    return sorted(years)


def judge(year: int):
    """The register rules' breaches(org, members, full members) for `year`."""
    return rules.for_year(year).breaches


def facts(row: dict) -> SimpleNamespace:
    """What the register rules read of an organisation, from a values() row (no model instance per row)."""
    return SimpleNamespace(kind=row["kind"], term_start=row["term_start"], term_end=row["term_end"],
                           host_unit_id=row["host_unit_id"], host_unit=SimpleNamespace(kind=row["host_unit__kind"]))


def _upsert(model, objs, unique: list[str], fields: list[str]) -> None:
    target = unique if connection.features.supports_update_conflicts_with_target else None
    model.objects.bulk_create(objs, update_conflicts=True, unique_fields=target, update_fields=fields,
                              batch_size=1000)


def _region_levels() -> dict[int, dict[str, int]]:
    """{region id: {"city": id, "county": id, "township": id}} for the region and its ancestors (one query)."""
    regions = list(Region.objects.values_list("pk", "code", "path", "level"))
    by_code = {code: (pk, level) for pk, code, _path, level in regions}
    levels = {}
    for pk, _code, path, _level in regions:
        columns = {}
        for key in path_keys(path):
            if key in by_code and by_code[key][1] in LEVEL_COLUMNS:
                columns[LEVEL_COLUMNS[by_code[key][1]]] = by_code[key][0]
        levels[pk] = columns
    return levels


def _structure_rows(orgs, levels) -> list[tuple]:
    return [(pk, region, *(levels.get(region, {}).get(c) for c in COLUMNS)) for pk, _path, region in orgs]


def _judged_rows(org_rows, counts: dict, years) -> list[tuple]:
    """(organisation, year, breaches, codes, lapses_on) per organisation and year."""
    out = []
    for year in years:
        judge_of_year = judge(year)
        for row in org_rows:
            members, full = counts.get(row["id"], (0, 0))
            found = judge_of_year(facts(row), members, full)
            lapses = (row["term_end"] if not found and row["term_end"] and row["kind"] != Organisation.Kind.GROUP
                      else None)
            out.append((row["id"], year, len(found), ",".join(b.code for b in found)[:200], lapses))
    return out


def region_buckets(years) -> tuple[dict, dict]:
    """Two GROUP BYs over the structure: {(city, county, township): [organisations, members, full]} and
    {(year, city, county, township): breaching}; active organisations only, members of any."""
    counts = {}
    for row in (OrganisationStructure.objects.values(*COLUMNS)
                .annotate(n=Count("pk", filter=Q(organisation__dissolved_on__isnull=True)),
                          m=Sum("organisation__counts__own_members"),
                          f=Sum("organisation__counts__own_full_members"))):
        counts[tuple(row[c] for c in COLUMNS)] = [row["n"], row["m"] or 0, row["f"] or 0]
    breaching = {}
    via = [f"organisation__structure__{c}" for c in COLUMNS]
    for row in (OrganisationBreaches.objects
                .filter(year__in=list(years), breaches__gt=0, organisation__dissolved_on__isnull=True)
                .values("year", *via).annotate(n=Count("pk"))):
        breaching[(row["year"], *(row[c] for c in via))] = row["n"]
    return counts, breaching


def _region_rows(regions, years) -> list[RegionCount]:
    counts, breaching = region_buckets(years)
    out = []
    for pk, level in regions:
        if level not in LEVEL_COLUMNS:
            continue
        at = COLUMNS.index(LEVEL_COLUMNS[level])
        total = [0, 0, 0]
        for key, values in counts.items():
            if key[at] == pk:
                total = [a + b for a, b in zip(total, values, strict=True)]
        for year in years:
            n = sum(v for key, v in breaching.items() if key[0] == year and key[1 + at] == pk)
            out.append(RegionCount(region_id=pk, year=year, organisations=total[0], members=total[1],
                                   full_members=total[2], breaching=n))
    return out


def _subtree_sums(ancestor_ids) -> None:
    """Recounts the subtree members of these organisations from the stored own counts: one query per root."""
    paths = dict(Organisation.objects.filter(pk__in=ancestor_ids).values_list("pk", "path"))
    by_root = defaultdict(list)
    for pk, path in paths.items():
        by_root[path_keys(path)[0]].append(pk)
    rows = []
    for root, pks in by_root.items():
        sums = {}
        for pk in pks:
            within = Q(organisation__path__startswith=paths[pk])
            sums[f"m{pk}"] = Sum("own_members", filter=within)
            sums[f"f{pk}"] = Sum("own_full_members", filter=within)
        got = OrganisationCount.objects.filter(organisation__path__startswith=f"/{root}/").aggregate(**sums)
        rows += [OrganisationCount(organisation_id=pk, members=got[f"m{pk}"] or 0, full_members=got[f"f{pk}"] or 0)
                 for pk in pks]
    OrganisationCount.objects.bulk_update(rows, ["members", "full_members"], batch_size=500)


def set_own_counts(own: dict[int, tuple[int, int]], groups: dict[int, int], org_ids) -> None:
    """Stores the own member counts of `org_ids` ({id: (members, full)}; party groups: {id: members}); the
    organisations missing from `own` have none. Called by guifan.members.rollups, followed by `refresh`."""
    rows = [OrganisationCount(organisation_id=pk, own_members=own.get(pk, (0, 0))[0],
                              own_full_members=own.get(pk, (0, 0))[1], group_members=groups.get(pk, 0))
            for pk in sorted(set(org_ids))]
    _upsert(OrganisationCount, rows, ["organisation"], ["own_members", "own_full_members", "group_members"])


@transaction.atomic
def refresh(org_ids, *, also=(), old_regions=(), counts_only: bool = False) -> None:
    """After organisations were created, moved (`also`: their former ancestors), changed region (`old_regions`),
    dissolved, had their term or (`counts_only`) only their own member counts changed: their structure rows, the
    subtree counts and breaches of them and their ancestors, and the counts of the regions above them."""
    orgs = list(Organisation.objects.filter(pk__in=set(org_ids)).values_list("pk", "path", "region_id"))
    if not orgs and not also:
        return
    levels = _region_levels()
    _upsert(OrganisationStructure, [OrganisationStructure(organisation_id=r[0], region_id=r[1], city_id=r[2],
                                                          county_id=r[3], township_id=r[4])
                                    for r in _structure_rows(orgs, levels)],
            ["organisation"], ["region", "city", "county", "township"])
    ancestors = {int(k) for _pk, path, _region in orgs for k in path_keys(path)} | {int(a) for a in also}
    # Lock the counts of the whole chain (in key order): concurrent refreshes of one subtree run one after another.
    have = set(OrganisationCount.objects.select_for_update().filter(pk__in=ancestors).order_by("pk")
               .values_list("pk", flat=True))
    OrganisationCount.objects.bulk_create([OrganisationCount(organisation_id=pk) for pk in ancestors - have],
                                          ignore_conflicts=True)
    _subtree_sums(ancestors)
    years = stored_years()
    judged = list(Organisation.objects.filter(pk__in=ancestors).values(*_JUDGED, "region_id"))
    counts = {pk: (m, f) for pk, m, f in OrganisationCount.objects.filter(pk__in=ancestors)
              .values_list("pk", "members", "full_members")}
    _upsert(OrganisationBreaches, [OrganisationBreaches(organisation_id=o, year=y, breaches=n, codes=c, lapses_on=d)
                                   for o, y, n, c, d in _judged_rows(judged, counts, years)],
            ["organisation", "year"], ["breaches", "codes", "lapses_on"])
    touched = {row["region_id"] for row in judged} | set(old_regions)
    chain = set(touched) | {pk for r in touched for pk in levels.get(r, {}).values()}
    regions = Region.objects.filter(pk__in=chain).values_list("pk", "level")
    _upsert(RegionCount, _region_rows(regions, years), ["region", "year"],
            ["organisations", "members", "full_members", "breaching"])
    if not counts_only:
        own = {region for _pk, _path, region in orgs} | set(old_regions)
        organisations_changed.send(sender=Organisation, organisations=[pk for pk, _p, _r in orgs], regions=own)


def rebuild(own: dict[int, tuple[int, int]] | None = None, groups: dict[int, int] | None = None) -> dict:
    """Every stored register roll-up from scratch, in bulk; `own`/`groups`: the own member counts per organisation
    and per party group (guifan.members.rollups.rebuild passes them; None keeps the stored ones). Runs ANALYZE on
    the tables it filled. Returns how many rows each table has."""
    if own is None:
        stored = OrganisationCount.objects.values_list("pk", "own_members", "own_full_members", "group_members")
        own = {pk: (m, f) for pk, m, f, _g in stored}
        groups = {pk: g for pk, _m, _f, g in stored if g}
    groups = groups or {}
    with transaction.atomic():
        found = _rebuild(own, groups)
    bulk.analyze(OrganisationStructure, OrganisationCount, OrganisationBreaches, RegionCount)
    return found


def _rebuild(own, groups) -> dict:
    orgs = list(Organisation.objects.values_list("pk", "path", "region_id"))
    subtree: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for pk, path, _region in orgs:
        members, full = own.get(pk, (0, 0))
        if members or full:
            for key in path_keys(path):
                subtree[int(key)][0] += members
                subtree[int(key)][1] += full
    for model in (RegionCount, OrganisationBreaches, OrganisationCount, OrganisationStructure):
        model.objects.all().delete()
    bulk.insert(OrganisationStructure, ["organisation", "region", *COLUMNS], _structure_rows(orgs, _region_levels()))
    bulk.insert(OrganisationCount, ["organisation", "own_members", "own_full_members", "members", "full_members",
                                    "group_members"],
                [(pk, *own.get(pk, (0, 0)), *subtree.get(pk, (0, 0)), groups.get(pk, 0)) for pk, _p, _r in orgs])
    years = stored_years()
    judged = list(Organisation.objects.values(*_JUDGED))
    bulk.insert(OrganisationBreaches, ["organisation", "year", "breaches", "codes", "lapses_on"],
                _judged_rows(judged, {pk: tuple(v) for pk, v in subtree.items()}, years))
    RegionCount.objects.bulk_create(_region_rows(Region.objects.values_list("pk", "level"), years), batch_size=1000)
    return {"organisations": len(orgs), "breach rows": len(judged) * len(years),
            "region rows": RegionCount.objects.count(), "years": years}


@receiver(subtree_moved, sender=Region)
def _region_moved(sender, node, old_path, **kwargs):
    """A division moved (its descendants' paths were rewritten in one UPDATE): the organisations in it get their
    new county and city, and the regions above the old and new places are recounted."""
    moved = list(Organisation.objects.filter(region__path__startswith=node.path).values_list("pk", flat=True))
    old = list(Region.objects.filter(code__in=path_keys(old_path)).values_list("pk", flat=True))
    if moved:
        refresh(moved, old_regions=old)


def counts_by_child(rows, region, aggregates: dict) -> tuple[dict, list[dict]]:
    """A programme's counts over `rows` (a queryset of records with an `organisation`, already within the region):
    ({name: n} for the region, [{"region": child region id, name: n}] per child region with rows). One GROUP BY on
    the ancestor table: the region's total adds up every group, the organisations registered at the region itself
    (no child) included."""
    below = child_level(region.level)
    if not below:
        return rows.order_by().aggregate(**aggregates), []
    column = f"organisation__structure__{below}"
    groups = list(rows.order_by().values(column).annotate(**aggregates).order_by(column))
    totals = {name: sum(g[name] for g in groups) for name in aggregates}
    return totals, [{"region": g[column], **{name: g[name] for name in aggregates}} for g in groups if g[column]]
