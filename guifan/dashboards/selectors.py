"""What a dashboard shows, read from the stored results only (never recomputed): assessment's region results,
rating's region roll-ups, reporting's stored completeness counts, rectification's counts (one GROUP BY over the
ancestor table) and funding's region rows. Every query goes through the user's Scope.

`dashboard(scope, region, year)` gives one plain dict (JSON-ready): the page puts its parts in `json_script`
blocks for the charts and renders the same rows as tables; the 大屏 view re-fetches it as JSON.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from guifan.accounts.scope import Scope
from guifan.assessment import selectors as assessment
from guifan.assessment.models import RegionResult
from guifan.facts.models import Period
from guifan.funding import selectors as funding
from guifan.modelsites import selectors as model_sites
from guifan.rating.models import RegionRating
from guifan.rectification import selectors as rectification
from guifan.reporting.models import CompletenessCount

from . import tiles

MEASURES = ("pass_rate", "top_share", "completeness", "rectification", "model_sites", "funding")
PERCENT_MEASURES = ("pass_rate", "top_share", "completeness")  # shown with "%", as on the score cards


def measure_labels() -> dict:
    return {"pass_rate": _("Pass rate of the criteria"), "top_share": _("Share at the top star level"),
            "completeness": _("Reports received"), "rectification": _("Organisations being rectified"),
            "model_sites": _("Model sites published"), "funding": _("Funding (yuan)")}


def chart_labels() -> dict:
    """The words the charts show (series, axes), in the user's language."""
    return {"this_year": _("This year"), "last_year": _("Last year"), "pass_rate": _("Pass rate (%)"),
            "top_share": _("Share at the top star level (%)"), "received_rate": _("Received (%)"),
            "approved_rate": _("Approved (%)"), "organisations": _("Organisations"), "count": _("Count"),
            "listed": _("Listed"), "in_progress": _("Being rectified"), "overdue": _("With overdue tasks"),
            "signed_off": _("Signed off"), "proposed": _("Awaiting confirmation"), "no_data": _("No data"),
            "nominated": _("Nominated"), "reviewed": _("Reviewed"), "recommended": _("Recommended"),
            "selected": _("Selected"), "published": _("Published")}


def lang() -> str:
    return "en" if (get_language() or "zh").startswith("en") else "zh"


def _text(label: dict) -> str:
    return label.get(lang()) or label.get("zh") or ""


def _pct(part, whole) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def runs_by_year() -> dict:
    """The latest official assessment run of each year, oldest year first."""
    runs = {}
    for run in assessment.official_runs().order_by("year", "started_at", "pk"):
        runs[run.year] = run
    return runs


def years() -> list[int]:
    return sorted(runs_by_year())


def _totals(result: RegionResult) -> tuple[int, int]:
    return (sum(p for p, _j in result.criteria.values()), sum(j for _p, j in result.criteria.values()))


def _stars(run, result, previous, rating, previous_rating) -> dict:
    """The star distribution this year and last: the official levels (rating) when rated, else the assessed."""
    source = "rating" if rating is not None else "assessment"
    now = rating.stars if rating is not None else (result.stars if result else {})
    if source == "rating":
        before = previous_rating.stars if previous_rating is not None else {}
    else:
        before = previous.stars if previous is not None else {}
    rows = []
    for band in assessment.pack_of(run.pack_version).star_bands:
        key = str(band["stars"])
        count, last = now.get(key, 0), before.get(key, 0)
        rows.append({"label": _text(band["label"]), "count": count, "last": last, "change": count - last})
    return {"source": source, "rows": rows, "has_last": bool(before)}


def _criteria(run, result) -> tuple[list, list]:
    if result is None:
        return [], []
    pillars = [{"label": _text(p["title"]), "passed": p["passed"], "judged": p["judged"],
                "rate": _pct(p["passed"], p["judged"])}
               for p in assessment.pillar_lines(run, result) if p["judged"]]
    criteria = [{"label": _text(r["criterion"].title), "passed": r["passed"], "judged": r["judged"],
                 "rate": _pct(r["passed"], r["judged"])} for r in assessment.criterion_rates(run, result)]
    return pillars, criteria


def _completeness(region, year: int) -> tuple[list, dict]:
    """Per period of the year: expected, received, approved in the region's subtree (stored counts); and per
    child region (by code) the yearly period's received share."""
    rows = (CompletenessCount.objects.filter(period__year=year, region__path__startswith=region.path,
                                             period__kind__in=(Period.Kind.YEARLY, Period.Kind.QUARTERLY))
            .values("period_id", "period__kind", "period__number", "period__start")
            .annotate(expected=Sum("expected"), received=Sum("received"), approved=Sum("approved"))
            .order_by("period__start", "period__kind"))
    periods = {p.pk: p for p in Period.objects.filter(pk__in={r["period_id"] for r in rows})}
    out = [{"label": periods[r["period_id"]].label, "expected": r["expected"], "received": r["received"],
            "approved": r["approved"], "received_rate": _pct(r["received"], r["expected"]),
            "approved_rate": _pct(r["approved"], r["expected"])}
           for r in rows]
    yearly = next((r["period_id"] for r in rows if r["period__kind"] == "yearly"), None)
    by_child: dict[str, list[int]] = {}
    if yearly is not None:
        for path, expected, received in (CompletenessCount.objects.filter(period_id=yearly,
                                                                          region__path__startswith=region.path)
                                         .values_list("region__path", "expected", "received")):
            rest = path[len(region.path):].strip("/")
            if rest:
                bucket = by_child.setdefault(rest.split("/")[0], [0, 0])
                bucket[0] += expected
                bucket[1] += received
    return out, by_child


def _programmes(scope: Scope, region, year: int, children: dict) -> tuple[dict, dict, dict]:
    """The programmes' stored counts for the region ({rectification, model_sites, funding}) and per child region
    (by code): its rectification counts, joined with its model-site counts, and its funding row."""
    totals, rows = rectification.region_counts(scope, region, year, timezone.localdate())
    rect_by_child = {children[r["region"]].code: r for r in rows if r["region"] in children}
    sites, site_rows = model_sites.region_counts(scope, region, year)
    sites_by_child = {children[r["region"]].code: r for r in site_rows if r["region"] in children}
    run = funding.latest_run(year)
    fund, fund_by_child = {}, {}
    if run is not None:
        own = funding.region_row(scope, region, run)
        if own is not None:
            fund = {"organisations": own.organisations, "total": str(own.total),
                    "model_site": str(Decimal(str(own.lines.get("model_site", 0) or 0)))}
        fund_by_child = {r.region.code: r for r in funding.child_rows(scope, region, run)}
    labels = chart_labels()
    counts = [{"label": labels[k], "count": totals.get(k) or 0} for k in rectification.COUNT_NAMES]
    site_counts = [{"label": labels[k], "count": sites.get(k) or 0} for k in model_sites.COUNT_NAMES]
    by_child = {code: {"rectification": rect_by_child.get(code), "model_sites": sites_by_child.get(code)}
                for code in {*rect_by_child, *sites_by_child}}
    return ({"rectification": counts, "model_sites": site_counts, "funding": fund},
            by_child, fund_by_child)


def _trend(region, runs: dict) -> list:
    results = {r.run_id: r for r in RegionResult.objects.filter(run__in=runs.values(), region=region,
                                                                level=region.level)}
    ratings = {r.year: r for r in RegionRating.objects.filter(region=region, year__in=list(runs))}
    rows = []
    for year, run in runs.items():
        result, rating = results.get(run.pk), ratings.get(year)
        if result is None and rating is None:
            continue
        passed, judged = _totals(result) if result else (0, 0)
        rows.append({"year": year, "pass_rate": _pct(passed, judged),
                     "top_share": _pct(rating.top, rating.organisations) if rating else None,
                     "organisations": result.organisations if result else rating.organisations,
                     "rectification_candidates": result.rectification_candidates if result else None})
    return rows


def _ranking(scope: Scope, region, run, year: int, completeness_by_child, by_child, fund) -> list:
    children = {c.pk: c for c in scope.regions(region.children.current())}
    results = ({r.region_id: r for r in RegionResult.objects.filter(run=run, region__in=list(children))}
               if run else {})
    ratings = {r.region_id: r for r in RegionRating.objects.filter(year=year, region__in=list(children))}
    rows = []
    for pk, child in sorted(children.items(), key=lambda kv: kv[1].code):
        passed, judged = _totals(results[pk]) if pk in results else (0, 0)
        rating = ratings.get(pk)
        done = completeness_by_child.get(child.code)
        programmes = by_child.get(child.code, {})
        rows.append({
            "code": child.code, "name": child.name,
            "pass_rate": _pct(passed, judged),
            "top_share": _pct(rating.top, rating.organisations) if rating else None,
            "completeness": _pct(done[1], done[0]) if done else None,
            "rectification": (programmes.get("rectification") or {}).get("listed", 0),
            "model_sites": (programmes.get("model_sites") or {}).get("published", 0),
            "funding": float(fund[child.code].total) if child.code in fund else None,
            "organisations": results[pk].organisations if pk in results else 0,
        })
    return rows


def _colour(rows: list, measure: str) -> None:
    """A colour step 0..4 per row for `measure` (0 = lowest), spread between the lowest and highest value."""
    values = [r[measure] for r in rows if r[measure] is not None]
    low, high = (min(values), max(values)) if values else (0, 0)
    for r in rows:
        value = r[measure]
        r["step"] = None if value is None else (4 if high == low else min(4, int(5 * (value - low) / (high - low))))
        r["value"] = value


def dashboard(scope: Scope, region, year: int | None = None, measure: str = "pass_rate") -> dict:
    runs = runs_by_year()
    year = year if year in runs else (max(runs) if runs else timezone.localdate().year)
    run = runs.get(year)
    result = previous = rating = previous_rating = None
    if run is not None and scope.covers_region(region):
        result = RegionResult.objects.filter(run=run, region=region, level=region.level).first()
        last = runs.get(year - 1)
        previous = (RegionResult.objects.filter(run=last, region=region, level=region.level).first()
                    if last else None)
        rating = RegionRating.objects.filter(region=region, year=year).first()
        previous_rating = RegionRating.objects.filter(region=region, year=year - 1).first()
    children = {c.pk: c for c in scope.regions(region.children.current())}
    completeness, completeness_by_child = _completeness(region, year)
    programmes, by_child, fund = _programmes(scope, region, year, children)
    ranking = _ranking(scope, region, run, year, completeness_by_child, by_child, fund)
    measure = measure if measure in MEASURES else "pass_rate"
    _colour(ranking, measure)
    pillars, criteria = _criteria(run, result)
    passed, judged = _totals(result) if result else (0, 0)
    return {
        "region": {"code": region.code, "name": region.name, "level": region.level},
        "year": year, "years": sorted(runs), "measure": measure, "measure_label": measure_labels()[measure],
        "measure_unit": "%" if measure in PERCENT_MEASURES else "",
        "has_run": run is not None and result is not None,
        "summary": {"organisations": result.organisations if result else 0, "pass_rate": _pct(passed, judged),
                    "rectification_candidates": result.rectification_candidates if result else 0,
                    "top_share": _pct(rating.top, rating.organisations) if rating else None},
        "stars": _stars(run, result, previous, rating, previous_rating) if run else {"rows": [], "has_last": False},
        "pillars": pillars, "criteria": criteria,
        "ranking": sorted(ranking, key=lambda r: (r["value"] is None, -(r["value"] or 0), r["code"])),
        "tiles": tiles.place(ranking) if region.level == "city" else [],
        "trend": _trend(region, runs),
        "completeness": completeness,
        "programmes": programmes,
        "labels": chart_labels(),
        "generated_at": timezone.localtime().strftime("%Y-%m-%d %H:%M:%S"),
    }

