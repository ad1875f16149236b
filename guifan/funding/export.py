"""A computation (live or stored) as rows for the workbook and as JSON: names read in bulk, fen kept exact."""

from __future__ import annotations

from guifan.core.vocabulary import level_name
from guifan.orgs.models import Organisation
from guifan.regions.models import Region

from . import engine


def calculation_rows(calc) -> tuple[list[dict], list[dict]]:
    funded = calc.funded()
    rules = calc.rules
    names = dict(Organisation.objects.filter(pk__in=funded["id"].to_list()).values_list("pk", "name"))
    regions = dict(Region.objects.values_list("pk", "name"))
    line_codes, payers = [ln.code for ln in engine.lines(rules)], list(rules.payers)
    orgs = [{"id": r["id"], "name": names.get(r["id"], ""), "township": regions.get(r["township"], ""),
             "county": regions.get(r["county"], ""), "stars": r["stars"], "stars_source": r["stars_source"],
             "lines": {c: r[f"line|{c}"] for c in line_codes}, "payers": {p: r[f"payer|{p}"] for p in payers},
             "total": r["total"]} for r in funded.sort("county", "township", "id").iter_rows(named=True)]
    region_rows = [{"id": r["region_id"], "name": regions.get(r["region_id"], ""), "level": str(level_name(r["level"])),
                    "is_top": r["level"] == "city", "organisations": r["organisations"],
                    "lines": {c: r[f"line|{c}"] for c in line_codes}, "payers": {p: r[f"payer|{p}"] for p in payers},
                    "total": r["total"]} for r in calc.regions().sort("level", "region_id").iter_rows(named=True)]
    return orgs, region_rows


def as_json(calc) -> dict:
    orgs, regions = calculation_rows(calc)

    def yuan_map(d):
        return {k: str(engine.yuan(v)) for k, v in d.items()}

    return {
        "year": calc.year, "pack": f"{calc.pack.id}@{calc.pack.version}",
        "stars_from": calc.stars_from(), "model_sites": calc.model_sites,
        "organisations": [{**o, "lines": yuan_map(o["lines"]), "payers": yuan_map(o["payers"]),
                           "total": str(engine.yuan(o["total"]))} for o in orgs],
        "regions": [{**r, "lines": yuan_map(r["lines"]), "payers": yuan_map(r["payers"]),
                     "total": str(engine.yuan(r["total"]))} for r in regions],
    }
