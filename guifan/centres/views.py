"""Pages of the party-mass service centres (M15) and the smart-platform rating (M17): a region's centres with their
stored counts per level and its tourist stations, a centre's page (its verdict item by item against the pack and
checklist C15, its figures to change, its photos), a new centre, the platform ratings of the year and the rating
form, the exports (xlsx or csv).

Every row comes through request.scope: a centre or file outside it is a 404. Writes go through centres.actions;
their refusals are shown as messages and nothing is written."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from guifan.core import evidence, security_log
from guifan.core.requests import organisation_by_code, region_param, require_edit, show_refusal, year_param
from guifan.regions.models import Region
from guifan.standards.selectors import reporting_year

from . import actions, selectors
from .forms import CentreForm, EvidenceForm, StationForm
from .models import CentreFile, ServiceCentre
from .sheets import centres_response, ratings_response

PAGE_SIZE = 50


def _label(text: dict) -> str:
    return text.get((get_language() or "zh")[:2]) or text["zh"]


def _year(request) -> int:
    return year_param(request, reporting_year)


def _centre(request, pk) -> ServiceCentre:
    centre = selectors.centres(request.scope).filter(pk=pk).first()
    if centre is None:
        raise Http404
    return centre


def _rules(request):
    try:
        return actions.centre_rules(_year(request))[1]
    except ValidationError as error:
        show_refusal(request, error)
        return None


def _items(rules):
    return [(i["id"], _label(i["label"])) for i in rules.items] if rules else []


def _levels(rules, counts: dict) -> list[dict]:
    return [{"code": x.code, "label": _label(x.label), "centres": (counts.get(x.code) or [0, 0])[0],
             "passed": (counts.get(x.code) or [0, 0])[1]} for x in rules.levels] if rules else []


@login_required
def index(request):
    scope, rules = request.scope, _rules(request)
    region = region_param(request)
    qs = selectors.centres(scope)
    level = request.GET.get("level", "")
    totals = children = stations = None
    if region is not None:
        qs = selectors.in_region(qs, region)
        stored = selectors.rollup(region)
        totals = {"levels": _levels(rules, stored["counts"]), "stations": stored["stations"]}
        for x in totals["levels"]:
            found = rules.level(x["code"])
            x["addable"] = found.held_by_organisation or (
                found.region_level == region.level and (not found.urban_only or actions.is_urban_district(region))
                and (not found.streets_only or region.is_street))
        children = [{"region": r, "levels": _levels(rules, s["counts"]), "stations": s["stations"],
                     "urban": actions.is_urban_district(r)} for r, s in selectors.child_rollups(region)
                    if scope.covers_region(r)]
        stations = selectors.in_region(selectors.stations(scope), region) if region.level != "township" else None
    if level and rules and rules.level(level):
        qs = qs.filter(level=level)
    page = Paginator(qs.order_by("region__code", "level", "name"), PAGE_SIZE).get_page(request.GET.get("page"))
    labels = {x.code: _label(x.label) for x in rules.levels} if rules else {}
    for centre in page:
        centre.level_label = labels.get(centre.level, centre.level)
    return render(request, "centres/index.html", {
        "region": region, "totals": totals, "children": children, "page": page, "level": level,
        "levels": list(labels.items()), "labels": labels, "stations": stations, "rules": rules,
        "urban": region is not None and actions.is_urban_district(region), "station_form": StationForm(),
        "section": "centres",
    })


@login_required
def export(request):
    rules = _rules(request)
    if rules is None:
        return redirect("centres:index")
    region = region_param(request)
    qs = selectors.centres(request.scope)
    if region is not None:
        qs = selectors.in_region(qs, region)
    fmt = "csv" if request.GET.get("format") == "csv" else "xlsx"
    response = centres_response(qs.order_by("region__code", "level", "name"), rules, fmt)
    security_log.record(security_log.Event.EXPORT, request=request,
                        detail={"sheet": "centres", "rows": qs.count(), "filters": sorted(request.GET.keys())})
    return response


def _form_data(form) -> dict:
    data = form.cleaned_data
    return {"name": data["name"], "address": data["address"], "area_m2": data["area_m2"], "staff": data["staff"],
            "own_site": data["own_site"], "function_areas": data["function_areas"],
            "rules_present": data["rules_present"]}


def _form_errors(request, form) -> None:
    for errors in form.errors.values():
        for message in errors:
            messages.error(request, message)


@login_required
def new_centre(request):
    """GET: the form for a centre of `level` in `region` (a region code) or of `organisation` (an organisation
    code, community centres). POST: saves it through actions.save_centre."""
    require_edit(request)
    rules = _rules(request)
    if rules is None:
        return redirect("centres:index")
    source = request.POST if request.method == "POST" else request.GET
    level = rules.level(source.get("level", "")) or rules.levels[0]
    region = region_param(request)
    organisation = None
    if level.held_by_organisation and source.get("organisation"):
        organisation = organisation_by_code(request, source["organisation"])
    form = CentreForm(request.POST or None, items=_items(rules))
    if request.method == "POST" and (organisation is not None or not level.held_by_organisation):
        if form.is_valid():
            try:
                centre = actions.save_centre(scope=request.scope, level=level.code, region=region,
                                             organisation=organisation, user=request.user, **_form_data(form))
                messages.success(request, _("The centre has been saved."))
                return redirect("centres:detail", pk=centre.pk)
            except ValidationError as error:
                show_refusal(request, error)
        else:
            _form_errors(request, form)
    return render(request, "centres/new.html", {
        "form": form, "level": level, "level_label": _label(level.label), "levels": rules.levels,
        "region": region, "organisation_code": source.get("organisation", ""), "section": "centres",
    })


def _verdict_rows(centre, rules):
    level = rules.level(centre.level) if rules else None
    rows = []
    names = {"area": _("Usable area of at least %(min)s m²") % {"min": level.min_area_m2} if level and
             level.min_area_m2 is not None else _("Usable area"),
             "site": _("Set up separately, run as an entity") if level and level.site == "separate"
             else _("Own space within the shared convenience-service site"),
             "staff": _("At least %(min)s staff") % {"min": rules.staff_min} if rules else _("Staff"),
             "rules": _("Work rules written")}
    quotes = {"area": level.cited.quote if level else "", "site": level.cited.quote if level else "",
              "staff": rules.staff_cited.quote if rules else "", "rules": rules.rules_cited.quote if rules else ""}
    items = {f"{rules.checklist}:{i['id']}": _label(i["label"]) for i in rules.items} if rules else {}
    for key, ok in (centre.verdicts or {}).items():
        rows.append({"label": names.get(key) or items.get(key, key), "ok": ok,
                     "quote": quotes.get(key, "") or (rules.cited.quote if rules else "")})
    return rows


@login_required
def detail(request, pk):
    centre = _centre(request, pk)
    rules = _rules(request)
    initial = {"name": centre.name, "address": centre.address, "area_m2": centre.area_m2, "staff": centre.staff,
               "own_site": centre.own_site, "function_areas": centre.function_areas,
               "rules_present": centre.rules_present}
    form = CentreForm(request.POST or None, initial=initial, items=_items(rules))
    if request.method == "POST":
        require_edit(request)
        if form.is_valid():
            try:
                actions.save_centre(scope=request.scope, level=centre.level, centre=centre, user=request.user,
                                    **_form_data(form))
                messages.success(request, _("The centre has been saved."))
                return redirect("centres:detail", pk=centre.pk)
            except ValidationError as error:
                show_refusal(request, error)
                centre.refresh_from_db()
        else:
            _form_errors(request, form)
    level = rules.level(centre.level) if rules else None
    return render(request, "centres/detail.html", {
        "centre": centre, "level_label": _label(level.label) if level else centre.level,
        "verdicts": _verdict_rows(centre, rules), "form": form, "files": centre.files.all(),
        "evidence_form": EvidenceForm(), "stations": centre.stations.all(), "section": "centres",
    })


@login_required
@require_POST
def upload(request, pk):
    centre = _centre(request, pk)
    require_edit(request)
    try:
        actions.add_centre_file(centre, request.FILES.get("file"), scope=request.scope, user=request.user)
        messages.success(request, _("The file has been kept as evidence."))
    except ValidationError as error:
        show_refusal(request, error)
    return redirect("centres:detail", pk=centre.pk)


@login_required
def file_view(request, pk):
    """A centre's photo, only to users whose scope holds the centre; never from a public media URL."""
    return evidence.file_response(
        CentreFile.objects.filter(centre__in=selectors.centres(request.scope), pk=pk).first())


@login_required
@require_POST
def add_station(request):
    require_edit(request)
    region = region_param(request)
    form = StationForm(request.POST)
    if form.is_valid() and region is not None:
        centre = None
        if request.POST.get("centre", "").isdigit():
            centre = selectors.centres(request.scope).filter(pk=int(request.POST["centre"])).first()
        try:
            actions.add_station(scope=request.scope, region=region, centre=centre, user=request.user,
                                **form.cleaned_data)
            messages.success(request, _("The tourist station has been recorded."))
        except ValidationError as error:
            show_refusal(request, error)
    else:
        _form_errors(request, form)
    return redirect(f"{reverse('centres:index')}?region={region.code if region else ''}")


# --- smart-platform rating -------------------------------------------------------------------------------------------

def _platform_rules(request):
    try:
        return actions.platform_rules(_year(request))[1]
    except ValidationError as error:
        show_refusal(request, error)
        return None


@login_required
def platform(request):
    scope, year, rules = request.scope, _year(request), _platform_rules(request)
    ratings = list(selectors.ratings(scope, year).order_by("region__code"))
    grades = {g["code"]: _label(g["label"]) for g in rules.grades} if rules else {}
    site_levels = {x["code"]: _label(x["label"]) for x in rules.model_site_levels} if rules else {}
    criteria = [{"code": c.code, "label": _label(c.label), "max": actions.plain(c.max_points), "weight": c.weight,
                 "quote": c.cited.quote} for c in rules.criteria] if rules else []
    for r in ratings:
        r.grade_label = grades.get(r.grade, r.grade)
        r.rows = [{"label": c["label"], "score": r.scores.get(c["code"], "—"), "max": c["max"],
                   "evidence": r.evidence.get(c["code"], "")} for c in criteria]
        r.sites = [{"level": site_levels.get(s["level"], s["level"]), "name": s["name"]} for s in r.model_sites]
    can_rate = bool(rules and scope.can_edit and (scope.is_all or (scope.role and scope.role.kind == rules.rated_by)))
    counties = scope.regions().filter(level=Region.Level.COUNTY, valid_to__isnull=True).order_by("code") \
        if can_rate else []
    return render(request, "centres/platform.html", {
        "year": year, "ratings": ratings, "criteria": criteria, "rules": rules, "can_rate": can_rate,
        "counties": counties, "site_levels": list(site_levels.items()),
        "grades": [{"label": _label(g["label"]), "min": g["min"]} for g in rules.grades] if rules else [],
        "section": "centres",
    })


@login_required
def platform_export(request):
    year, rules = _year(request), _platform_rules(request)
    if rules is None:
        return redirect("centres:platform")
    qs = selectors.ratings(request.scope, year).order_by("region__code")
    fmt = "csv" if request.GET.get("format") == "csv" else "xlsx"
    response = ratings_response(qs, rules, year, fmt)
    security_log.record(security_log.Event.EXPORT, request=request,
                        detail={"sheet": "platform_ratings", "rows": qs.count(), "filters": sorted(request.GET)})
    return response


@login_required
@require_POST
def rate(request):
    require_edit(request)
    year, rules = _year(request), _platform_rules(request)
    region = request.scope.regions().filter(code=request.POST.get("county", "")).first()
    if rules is not None and region is None:
        messages.error(request, _("Choose a county or district in your area."))
    elif rules is not None:
        scores = {c.code: request.POST.get(f"score_{c.code}", "") for c in rules.criteria}
        notes = {c.code: request.POST.get(f"evidence_{c.code}", "") for c in rules.criteria}
        sites = [{"level": x["code"], "name": line} for x in rules.model_site_levels
                 for line in request.POST.get(f"sites_{x['code']}", "").splitlines() if line.strip()]
        try:
            actions.rate_platform(scope=request.scope, region=region, year=year, scores=scores, evidence=notes,
                                  model_sites=sites, user=request.user)
            messages.success(request, _("The platform has been rated."))
        except ValidationError as error:
            show_refusal(request, error)
    return redirect(f"{reverse('centres:platform')}?year={year}")
