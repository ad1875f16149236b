from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from guifan.core.forms import add_action_errors, tidy_filter_form
from guifan.regions import selectors as region_selectors
from guifan.regions.models import Region

from . import actions, region_page, selectors
from .filtersets import OrganisationFilterSet
from .forms import OrganisationForm
from .models import Organisation

PAGE_SIZE = 50
MEMBERS_PER_PAGE = 50
SUGGESTIONS = 15


def region_choices(scope) -> list[tuple[str, str]]:
    """Current divisions of the scope, townships indented under their county."""
    choices = [("", _("All regions"))]
    for region in scope.regions().current().order_by("path"):
        indent = "— " if region.level == Region.Level.TOWNSHIP else ""
        choices.append((region.code, indent + region.name))
    return choices


def _get_organisation(request, pk) -> Organisation:
    org = selectors.visible_organisation(request.scope, pk)
    if org is None:
        raise Http404
    return org


@login_required
def organisation_list(request):
    scope = request.scope
    queryset = scope.organisations().select_related("region", "host_unit").order_by("path")
    filterset = OrganisationFilterSet(request.GET or None, queryset=queryset)
    form = filterset.form
    form.fields["region"].widget = forms.Select(choices=region_choices(scope))
    tidy_filter_form(form)
    form.fields["parent"].widget = forms.HiddenInput()
    form.fields["term_expired"].widget = forms.Select(choices=[("", _("All")), ("true", _("Yes")), ("false", _("No"))])
    under = None
    if filterset.is_bound and filterset.is_valid() and filterset.form.cleaned_data.get("parent"):
        under = scope.organisations().filter(pk=filterset.form.cleaned_data["parent"]).first()
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    selectors.annotate_counts_and_breaches(scope, page.object_list)
    context = {"filterset": filterset, "page_obj": page, "under": under, "today": timezone.localdate(),
               "section": "tree"}
    return render(request, "orgs/organisation_list.html", context)


@login_required
def organisation_detail(request, pk):
    scope = request.scope
    org = _get_organisation(request, pk)
    own = {"party_group": org} if org.kind == Organisation.Kind.GROUP else {"organisation": org}
    members = scope.members().filter(**own).select_related("party_group").order_by("name", "pk")
    context = {
        "org": org,
        **selectors.organisation_page(scope, org),
        "members_page": Paginator(members, MEMBERS_PER_PAGE).get_page(request.GET.get("page")),
        "breadcrumbs": selectors.organisation_crumbs(scope, org),
        "parent_visible": org.parent_id is not None and scope.organisations().filter(pk=org.parent_id).exists(),
        "secretary_visible": org.secretary_id is not None and scope.members().filter(pk=org.secretary_id).exists(),
        "today": timezone.localdate(),
        "section": "tree",
    }
    return render(request, "orgs/organisation_detail.html", context)


@login_required
def organisation_edit(request, pk):
    scope = request.scope
    org = _get_organisation(request, pk)
    if not scope.can_edit:
        raise PermissionDenied
    secretaries = scope.members().filter(organisation__path__startswith=org.path).order_by("name", "pk")
    if request.method == "POST":
        form = OrganisationForm(request.POST, secretaries=secretaries)
        if form.is_valid():
            try:
                actions.update_organisation(org, form.cleaned_data, user=request.user)
            except ValidationError as exc:
                add_action_errors(form, exc)
            else:
                messages.success(request, _("The organisation has been saved."))
                return redirect("orgs:detail", pk=org.pk)
    else:
        form = OrganisationForm(initial=OrganisationForm.initial_for(org), secretaries=secretaries)
    context = {"org": org, "form": form, "breadcrumbs": selectors.organisation_crumbs(scope, org),
               "section": "tree"}
    return render(request, "orgs/organisation_form.html", context)


@login_required
def organisation_suggestions(request):
    """<option>s of organisations that can take members, for the transfer form's list (htmx)."""
    text = request.GET.get("to_code", "") or request.GET.get("q", "")
    orgs = []
    if text.strip():
        found = OrganisationFilterSet({"q": text}, queryset=request.scope.organisations().active()).qs
        orgs = found.exclude(kind=Organisation.Kind.GROUP).order_by("name")[:SUGGESTIONS]
    return render(request, "orgs/organisation_options.html", {"orgs": orgs})


@login_required
def region_detail(request, code):
    """The region page (URL name regions:detail): child divisions with stored counts, the organisations here."""
    scope = request.scope
    region = region_selectors.visible_region(scope, code)
    if region is None:
        raise Http404
    history = region_selectors.region_history(region)
    context = {
        "region": region,
        "overview": region_page.region_overview(scope, region),
        "history": history,
        "successor_visible": history["successor"] is not None and scope.covers_region(history["successor"]),
        "breadcrumbs": region_selectors.region_crumbs(scope, region),
        "section": "tree",
    }
    return render(request, "orgs/region_detail.html", context)
