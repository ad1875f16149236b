"""The rating pages (评星晋级, ORG-R-04): a region's organisations with their levels, stages and movement, and the
button for the step the user's level takes; an organisation's history; the region's list as Excel. GET pages only
read; the step is a POST that calls actions.take_step."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from guifan.core.requests import year_param
from guifan.core.spreadsheets.writer import write_list
from guifan.orgs.selectors import visible_organisation
from guifan.regions.selectors import visible_region

from . import actions, selectors
from .models import Movement

ADJUST_ROWS = 300  # a step's form lists each organisation for a change of level up to this many


def _year(request) -> int | None:
    return year_param(request, selectors.default_year)


def _region_or_404(request, code):
    region = visible_region(request.scope, code)
    if region is None:
        raise Http404
    return region


def _next_step(request, region, rules):
    """The step the user may take here: the one of the region's level, for a user of this region (or a superuser)."""
    scope = request.scope
    if rules is None or not (scope.is_all or (scope.region is not None and scope.region.pk == region.pk)):
        return None
    return rules.step_for_level(region.level)


def _level_labels(pack) -> dict[int, str]:
    lang = selectors.lang()
    return {b["stars"]: b["label"].get(lang, b["label"]["zh"]) for b in pack.star_bands} if pack else {}


@login_required
def region_page(request, code):
    region = _region_or_404(request, code)
    year = _year(request)
    pack = selectors.pack_for(year) if year else None
    rules = pack.rating if pack else None
    labels = _level_labels(pack)
    ratings = selectors.region_ratings(request.scope, region, year) if year else []
    step = _next_step(request, region, rules)
    rollup = selectors.region_rollup(request.scope, region, year) if year else None
    context = {
        "section": "tree", "region": region, "year": year, "rules": rules, "rollup": rollup,
        "children": selectors.child_rollups(request.scope, region, year) if year else [],
        "rows": [{"rating": r, "label": labels.get(r.stars, r.stars),
                  "stage": selectors.step_label(rules.step(r.stage)) if rules and rules.step(r.stage) else "",
                  "previous": labels.get(r.previous_stars, "—")} for r in ratings],
        "levels": sorted(labels.items(), reverse=True), "step": step,
        "step_label": selectors.step_label(step) if step else "",
        "stars": [(n, labels.get(n, n), (rollup.stars if rollup else {}).get(str(n), 0)) for n in sorted(labels)],
        "steps": [(selectors.step_label(s), (rollup.stages if rollup else {}).get(s.code, 0))
                  for s in (rules.steps if rules else ())],
        "movement": [(label, (rollup.movement if rollup else {}).get(value, 0)) for value, label in Movement.choices],
        "taken": selectors.steps_taken(region, year) if year else [],
    }
    # The first step rates from the official assessment: its levels are shown, and may be changed, before it is taken.
    first = step is not None and not ratings and rules.index(step.code) == 0
    form_ratings = selectors.to_propose(request.scope, region, year) if first else ratings
    context["form_rows"] = [{"rating": r} for r in form_ratings]
    context["adjustable"] = len(form_ratings) <= ADJUST_ROWS
    return render(request, "rating/region.html", context)


@require_POST
@login_required
def take_step(request, code):
    region = _region_or_404(request, code)
    year = _year(request)
    adjustments = {}
    for key, value in request.POST.items():
        if key.startswith("stars_") and key[6:].isdigit() and value.isdigit():
            if value != request.POST.get(f"was_{key[6:]}"):
                adjustments[int(key[6:])] = (int(value), request.POST.get(f"reason_{key[6:]}", ""))
    try:
        taken = actions.take_step(region, year, request.POST.get("step", ""), request.user, adjustments)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Done for %(n)s organisations; %(c)s levels changed.")
                         % {"n": taken.organisations, "c": taken.adjustments})
    return redirect(f"{reverse('rating:region', args=[region.code])}?year={year}")


@login_required
def organisation_page(request, pk):
    organisation = visible_organisation(request.scope, pk)
    if organisation is None:
        raise Http404
    rows = selectors.organisation_history(organisation)
    for row in rows:
        pack = selectors.pack_for(row["rating"].year)
        labels = _level_labels(pack)
        rules = pack.rating if pack else None
        row["label"] = labels.get(row["rating"].stars, row["rating"].stars)
        row["assessed"] = labels.get(row["rating"].assessed_stars, row["rating"].assessed_stars)
        row["previous"] = labels.get(row["rating"].previous_stars, "—")
        step = rules.step(row["rating"].stage) if rules else None
        row["stage"] = selectors.step_label(step) if step else ""
    return render(request, "rating/organisation.html", {"section": "tree", "organisation": organisation,
                                                        "rows": rows})


@login_required
def region_export(request, code):
    region = _region_or_404(request, code)
    year = _year(request)
    pack = selectors.pack_for(year) if year else None
    labels = _level_labels(pack)
    rules = pack.rating if pack else None
    headers = [_("Organisation"), _("Township or street"), _("Assessed level"), _("Level"), _("Stage"),
               _("Last year's level"), _("Movement"), _("Reason for the change")]
    rows = ([r.organisation.name, r.organisation.region.name, labels.get(r.assessed_stars, ""),
             labels.get(r.stars, ""), selectors.step_label(rules.step(r.stage)) if rules and rules.step(r.stage)
             else "", labels.get(r.previous_stars, ""), r.get_movement_display(), r.reason]
            for r in selectors.region_ratings(request.scope, region, year, limit=None))
    response = HttpResponse(content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    write_list(response, str(_("Ratings")), [str(h) for h in headers], {0, 1, 7}, rows)
    response["Content-Disposition"] = f'attachment; filename="rating-{region.code}-{year}.xlsx"'
    return response
