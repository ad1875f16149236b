"""The venue pages (阵地评级, M13): an organisation's venue and its checklist with photos (the secretary records,
on a phone), a region's grades per subregion and its joint grade with the confirmation for the township, the
upgrading list, the region's venues as Excel (xlsx or csv). GET pages only read; every write is a POST calling
guifan.venues.actions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from guifan.core.evidence import file_response
from guifan.core.requests import year_param
from guifan.core.spreadsheets.writer import write_csv, write_list
from guifan.orgs.selectors import visible_organisation
from guifan.regions.selectors import visible_region

from . import actions, selectors
from .forms import VenueForm


def _year(request) -> int:
    return year_param(request, selectors.default_year)


def _region_or_404(request, code):
    region = visible_region(request.scope, code)
    if region is None:
        raise Http404
    return region


def _item_rows(rules, organisation, rating):
    checklist = rules.checklist_for(organisation.domain) if rules else None
    if checklist is None:
        return None, []
    checks = {c.item: c for c in rating.checks.all()} if rating else {}
    rows = []
    for item in checklist.items:
        check = checks.get(item.id)
        rows.append({"item": item, "label": selectors.text(item.label), "evidence": selectors.text(item.evidence),
                     "present": bool(check and check.present),
                     "photos": list(check.photos.all()) if check else []})
    return checklist, rows


@login_required
def organisation_page(request, pk):
    organisation = visible_organisation(request.scope, pk)
    if organisation is None:
        raise Http404
    year = _year(request)
    rules = selectors.rules(year)
    venue = selectors.venue_of(organisation)
    may_edit = request.scope.can_edit
    form = VenueForm(initial={"name": venue.name, "area": venue.area, "address": venue.address} if venue else None)
    if request.method == "POST" and may_edit:
        try:
            if request.POST.get("what") == "venue":
                form = VenueForm(request.POST)
                if form.is_valid():
                    actions.save_venue(organisation, request.user, name=form.cleaned_data["name"],
                                       area=form.cleaned_data["area"], address=form.cleaned_data["address"],
                                       year=year)
                    messages.success(request, _("The venue is saved."))
                    return redirect(f"{reverse('venues:organisation', args=[pk])}?year={year}")
            elif request.POST.get("what") == "checks" and venue is not None:
                present = {k[5:]: True for k in request.POST if k.startswith("item_")}
                uploads = {k[6:]: f for k, f in request.FILES.items() if k.startswith("photo_")}
                rating = actions.record_checks(venue, year, request.user, present, uploads)
                messages.success(request, _("The checks are recorded: %(grade)s.")
                                 % {"grade": selectors.grade_label(rules, rating.grade)})
                return redirect(f"{reverse('venues:organisation', args=[pk])}?year={year}")
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    rating = selectors.rating_of(venue, year)
    checklist, rows = _item_rows(rules, organisation, rating)
    return render(request, "venues/organisation.html", {
        "section": "tree", "organisation": organisation, "year": year, "rules": rules, "venue": venue,
        "form": form, "rating": rating, "checklist": checklist, "rows": rows, "may_edit": may_edit,
        "checklist_title": selectors.text(checklist.title) if checklist else "",
        "grade": selectors.grade_label(rules, rating.grade) if rating else "",
        "missing": selectors.missing_items(rules, rating) if rating else [],
    })


@login_required
def photo(request, pk):
    return file_response(selectors.visible_photo(request.scope, pk))


def _grade_counts(rules, grades: dict) -> list[tuple[str, int]]:
    return [(selectors.text(g.label), (grades or {}).get(g.code, 0)) for g in (rules.grades if rules else ())]


@login_required
def region_page(request, code):
    region = _region_or_404(request, code)
    year = _year(request)
    rules = selectors.rules(year)
    rollup = selectors.region_rollup(request.scope, region, year)
    children = [{"rollup": c, "grades": _grade_counts(rules, c.grades),
                 "joint": selectors.joint_label(rules, c.joint_grade)}
                for c in selectors.child_rollups(request.scope, region, year)]
    may_confirm = bool(rules and region.level == rules.rated_by and request.scope.can_edit
                       and (request.scope.is_all or request.scope.region is not None))
    waiting = selectors.region_ratings(request.scope, region, year, waiting=True) if may_confirm else []
    return render(request, "venues/region.html", {
        "section": "tree", "region": region, "year": year, "rules": rules, "rollup": rollup,
        "grades": _grade_counts(rules, rollup.grades if rollup else {}),
        "joint": selectors.joint_label(rules, rollup.joint_grade) if rollup else "",
        "children": children, "may_confirm": may_confirm,
        "waiting": [{"rating": r, "grade": selectors.grade_label(rules, r.grade)} for r in waiting],
        "target": selectors.grade_label(rules, rules.target) if rules else "",
        "rated_by": rules.level_label() if rules else "",
        "bands": [(selectors.text(g.label), g.missing_at_most) for g in (rules.grades if rules else ())],
        "joint_bands": [(selectors.text(g.label), round(g.min_share * 100)) for g in
                        (rules.joint_grades if rules else ())],
    })


@require_POST
@login_required
def confirm(request, code):
    region = _region_or_404(request, code)
    year = _year(request)
    ids = request.POST.getlist("rating") or None
    try:
        done = actions.confirm_ratings(region, year, request.user, ids)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("%(n)s venue grades confirmed.") % {"n": done})
    return redirect(f"{reverse('venues:region', args=[region.code])}?year={year}")


@login_required
def upgrading_page(request, code):
    region = _region_or_404(request, code)
    year = _year(request)
    rules = selectors.rules(year)
    return render(request, "venues/upgrading.html", {
        "section": "tree", "region": region, "year": year, "rules": rules,
        "rows": selectors.upgrading(request.scope, region, year, rules),
        "target": selectors.grade_label(rules, rules.target) if rules else "",
    })


@login_required
def region_export(request, code):
    """The region's rated venues: organisation, township, venue, area, checklist, items missing and which, grade,
    confirmed. No personal data is in it."""
    region = _region_or_404(request, code)
    year = _year(request)
    rules = selectors.rules(year)
    fmt = "csv" if request.GET.get("format") == "csv" else "xlsx"
    headers = [str(h) for h in (_("Organisation"), _("Township or street"), _("Venue"), _("Usable area (m²)"),
                                _("Checklist"), _("Items missing"), _("Missing items"), _("Grade"), _("Confirmed"))]
    ratings = selectors.region_ratings(request.scope, region, year, limit=None)
    titles = {c.code: selectors.text(c.title) for c in (rules.checklists if rules else ())}
    rows = ([r.organisation.name, r.organisation.region.name, r.venue.name, r.area, titles.get(r.checklist, ""),
             r.missing, "、".join(selectors.missing_items(rules, r)), selectors.grade_label(rules, r.grade),
             _("yes") if r.is_confirmed else _("no")] for r in ratings)
    filename = f"venues-{region.code}-{year}.{fmt}"
    if fmt == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        write_csv(response, headers, rows)
    else:
        response = HttpResponse(content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        write_list(response, str(_("Venue ratings")), headers, {0, 1, 2, 4, 6, 7, 8}, rows)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
