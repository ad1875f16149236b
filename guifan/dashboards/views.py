"""The dashboards (数据看板): thin views over selectors.dashboard, scoped like every page (a county user sees their
county and below); the 大屏 view and its JSON, and the upload of a boundary file for the map."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from guifan.core.requests import year_param
from guifan.regions.selectors import visible_region

from . import actions, selectors
from .forms import BoundaryForm
from .models import BoundaryFile

SCREEN_REFRESH_SECONDS = 60


def _scope(request):
    scope = request.scope
    if not (scope.is_all or scope.region is not None):
        raise PermissionDenied
    return scope


def _region_or_404(request, code):
    region = visible_region(_scope(request), code)
    if region is None:
        raise Http404
    return region


def _year(request) -> int | None:
    return year_param(request)


def _crumbs(scope, region) -> list[dict]:
    chain = [r for r in region.ancestors() if scope.covers_region(r)] + [region]
    return [{"label": r.name, "url": reverse("dashboards:region", args=[r.code])} for r in chain]


def _context(request, region) -> dict:
    scope = request.scope
    data = selectors.dashboard(scope, region, _year(request), request.GET.get("measure", "pass_rate"))
    boundary = BoundaryFile.objects.filter(region=region).only("pk", "approval_number", "uploaded_at").first()
    return {"region": region, "data": data, "boundary": boundary, "section": "dashboards",
            "measures": selectors.measure_labels().items(), "breadcrumbs": _crumbs(scope, region),
            "can_upload": _can_upload(scope, region) and region.level == "city"}


def _can_upload(scope, region) -> bool:
    return scope.is_all or (scope.can_edit and scope.region is not None and scope.region.pk == region.pk)


@login_required
@require_GET
def index(request):
    scope = _scope(request)
    root = scope.root_region
    if root is None:
        raise Http404
    return redirect("dashboards:region", root.code)


@login_required
@require_GET
def region(request, code):
    region = _region_or_404(request, code)
    return render(request, "dashboards/region.html", _context(request, region))


@login_required
@require_GET
def screen(request, code):
    region = _region_or_404(request, code)
    context = _context(request, region)
    context["refresh_seconds"] = SCREEN_REFRESH_SECONDS
    return render(request, "dashboards/screen.html", context)


@login_required
@require_GET
def data(request, code):
    region = _region_or_404(request, code)
    return JsonResponse(selectors.dashboard(request.scope, region, _year(request),
                                            request.GET.get("measure", "pass_rate")),
                        json_dumps_params={"ensure_ascii": False})


@login_required
@require_GET
def geojson(request, code):
    region = _region_or_404(request, code)
    boundary = BoundaryFile.objects.filter(region=region).first()
    if boundary is None:
        raise Http404
    response = HttpResponse(boundary.geojson, content_type="application/geo+json; charset=utf-8")
    response["Cache-Control"] = "private, max-age=300"
    return response


@login_required
def boundaries(request, code):
    region = _region_or_404(request, code)
    scope = request.scope
    if not _can_upload(scope, region) or region.level != "city":
        raise PermissionDenied
    boundary = BoundaryFile.objects.filter(region=region).select_related("uploaded_by").first()
    form = BoundaryForm()
    if request.method == "POST":
        if request.POST.get("remove") and boundary is not None:
            actions.remove_boundaries(boundary, request.user)
            messages.success(request, _("The boundary file is removed: the map shows the tile grid again."))
            return redirect("dashboards:region", region.code)
        form = BoundaryForm(request.POST, request.FILES)
        if form.is_valid():
            children = list(scope.regions(region.children.current()).order_by("code"))
            try:
                actions.upload_boundaries(region, form.cleaned_data["file"], form.cleaned_data["approval_number"],
                                          request.user, children)
            except ValidationError as exc:
                form.add_error(None, " ".join(exc.messages))
            else:
                messages.success(request, _("The boundary file is saved: the map uses it from now on."))
                return redirect("dashboards:region", region.code)
    return render(request, "dashboards/boundaries.html",
                  {"region": region, "form": form, "boundary": boundary, "section": "dashboards",
                   "breadcrumbs": _crumbs(scope, region)})
