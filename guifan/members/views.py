from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from guifan.core import audit, idcard
from guifan.core.forms import DateInput, add_action_errors, tidy_filter_form
from guifan.core.requests import require_edit
from guifan.orgs.views import region_choices

from . import actions, selectors
from .filtersets import MemberFilterSet
from .forms import FindByIdNumberForm, MemberForm, RevealForm, TransferForm, status_form

PAGE_SIZE = 50


def _get_member(request, pk):
    member = selectors.visible_member(request.scope, pk)
    if member is None:
        raise Http404
    return member


@login_required
def member_list(request):
    scope = request.scope
    queryset = scope.members().select_related("organisation", "organisation__region").order_by("name", "pk")
    filterset = MemberFilterSet(request.GET or None, queryset=queryset)
    form = filterset.form
    form.fields["region"].widget = forms.Select(choices=region_choices(scope))
    tidy_filter_form(form)
    form.fields["organisation"].widget = forms.HiddenInput()
    for name in ("joined_after", "joined_before"):
        form.fields[name].widget = DateInput()
    under = None
    if filterset.is_bound and filterset.is_valid() and form.cleaned_data.get("organisation"):
        under = scope.organisations().filter(pk=form.cleaned_data["organisation"]).first()
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"filterset": filterset, "page_obj": page, "under": under, "section": "members",
               "find_form": FindByIdNumberForm()}
    return render(request, "members/member_list.html", context)


@never_cache
@login_required
def member_find(request):
    """Finds a member by full ID number, sent by POST so that it is never in a URL; the keyed hash looks it up
    within the scope and the answer is the member's page. Not registered and outside the scope are the same 404."""
    form, status = FindByIdNumberForm(), 200
    if request.method == "POST":
        form = FindByIdNumberForm(request.POST)
        if form.is_valid():
            member = selectors.member_by_id_number(request.scope, form.cleaned_data["id_number"])
            if member is not None:
                return redirect("members:detail", pk=member.pk)
            # A fresh form: the page does not echo the number back.
            form, status = FindByIdNumberForm(), 404
            messages.error(request, _("No member with this ID number in your area."))
    context = {"find_form": form, "section": "members", "title": _("Find a member by ID number")}
    return render(request, "members/member_find.html", context, status=status)


def _detail_context(request, member, **extra):
    scope = request.scope
    org = member.organisation
    return {
        "member": member,
        "transfers": selectors.transfers(scope, member),
        # A member's own account sees the organisation's name and secretary here, not its page (issue 10 item 6).
        "organisation_visible": not _member_only(scope) and scope.organisations().filter(pk=org.pk).exists(),
        "secretary": org.secretary,
        "may_reveal": selectors.may_reveal(scope, member),
        "reveal_form": RevealForm(),
        "breadcrumbs": _crumbs(request, member),
        "section": "members",
        # Issue 12: the status changes and transfers, the form of the next change, the letter awaiting acceptance.
        "history": selectors.history(scope, member),
        "may_see_disposals": selectors.may_see_disposals(scope, member),
        "history_reveal_form": RevealForm(),
        "in_transit": selectors.in_transit([member.pk]).select_related("to_organisation").first(),
        "status_form": status_form(member) if scope.can_edit else None,
        **extra,
    }


def _member_only(scope) -> bool:
    return scope.member is not None and not scope.is_all and scope.region is None and scope.organisation is None


def _crumbs(request, member):
    from guifan.orgs.selectors import organisation_crumbs

    scope = request.scope
    crumbs = organisation_crumbs(scope, member.organisation) if not _member_only(scope) and scope.organisations(
    ).filter(pk=member.organisation_id).exists() else []
    return [*crumbs, {"label": member.name, "url": ""}]


@login_required
def member_detail(request, pk):
    member = _get_member(request, pk)
    return render(request, "members/member_detail.html", _detail_context(request, member))


@never_cache
@login_required
@require_POST
def member_reveal(request, pk):
    """Shows the full ID number and phone once, after recording who saw them."""
    member = _get_member(request, pk)
    if not selectors.may_reveal(request.scope, member):
        raise PermissionDenied
    form = RevealForm(request.POST)
    if not form.is_valid():  # no reason, nothing shown
        return render(request, "members/member_detail.html", {**_detail_context(request, member), "reveal_form": form},
                      status=400)
    audit.record_sensitive_view(request.user, member, "id_number,phone,birth_date",
                                reason=form.cleaned_data["reason"], request=request)
    # The full birth date only here, read from the revealed number: it is not stored apart from it.
    number = member.reveal_id_number()
    revealed = {"id_number": number, "phone": member.reveal_phone(), "birth_date": idcard.birth_date_of(number)}
    return render(request, "members/member_detail.html", _detail_context(request, member, revealed=revealed))


@login_required
def member_edit(request, pk):
    member = _get_member(request, pk)
    require_edit(request)
    groups = selectors.party_groups_of(member)
    if request.method == "POST":
        form = MemberForm(request.POST, groups=groups, units=request.scope.host_units())
        if form.is_valid():
            try:
                actions.update_member(member, form.action_data(), user=request.user, scope=request.scope)
            except ValidationError as exc:
                add_action_errors(form, exc)
            else:
                messages.success(request, _("The member record has been saved."))
                return redirect("members:detail", pk=member.pk)
    else:
        form = MemberForm(initial=MemberForm.initial_for(member), groups=groups, units=request.scope.host_units())
    context = {"member": member, "form": form, "breadcrumbs": _crumbs(request, member), "section": "members",
               "title": _("Edit member")}
    return render(request, "members/member_form.html", context)


@login_required
def member_transfer(request, pk):
    member = _get_member(request, pk)
    require_edit(request)
    if request.method == "POST":
        form = TransferForm(request.POST)
        if form.is_valid():
            target = selectors.transfer_target(request.scope, form.cleaned_data["to_code"])
            if target is None:
                form.add_error("to_code", _("No organisation with this code in your area."))
            else:
                try:
                    actions.transfer_member(member, target, date=form.cleaned_data["date"],
                                            reason=form.cleaned_data["reason"], user=request.user)
                except ValidationError as exc:
                    for message in exc.messages:
                        form.add_error("to_code", message)
                else:
                    messages.success(request, _("The member has been transferred to %(org)s.") % {"org": target})
                    return redirect("members:detail", pk=member.pk)
    else:
        form = TransferForm()
    context = {"member": member, "form": form, "breadcrumbs": _crumbs(request, member), "section": "members",
               "title": _("Transfer member"), "transfer": True}
    return render(request, "members/member_form.html", context)
