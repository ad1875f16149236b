from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from . import selectors


@login_required
def region_detail(request, code):
    scope = request.scope
    region = selectors.visible_region(scope, code)
    if region is None:
        raise Http404
    history = selectors.region_history(region)
    context = {
        "region": region,
        "overview": selectors.region_overview(scope, region),
        "history": history,
        "successor_visible": history["successor"] is not None and scope.covers_region(history["successor"]),
        "breadcrumbs": selectors.region_crumbs(scope, region),
        "section": "tree",
    }
    return render(request, "regions/region_detail.html", context)
