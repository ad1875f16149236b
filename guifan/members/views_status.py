"""The member-status and transfer pages (issue 12 items 2 and 3; docs/member-status.md): the next status change of a
member (usable at 375 px), the disposal records revealed with a reason (audited), transfer letters issued, the
transfers page of an organisation (to accept or return, sent, received, overdue flagged), a member transferred in
from outside the city registered by the receiving organisation, and the roll-up of the user's area.
Every view checks the user's scope; writes go through members.actions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from guifan.core import audit
from guifan.core.forms import add_action_errors
from guifan.core.requests import require_edit
from guifan.orgs.models import Organisation

from . import actions, selectors
from .forms import RevealForm, TransferDecisionForm, TransferInForm, TransferLetterForm, status_form
from .models import Transfer
from .views import _crumbs, _detail_context, _get_member


@login_required
def member_status(request, pk):
    member = _get_member(request, pk)
    require_edit(request)
    form = status_form(member, request.POST if request.method == "POST" else None)
    if form is None:
        raise Http404
    if request.method == "POST" and form.is_valid():
        try:
            actions.change_status(member, form.cleaned_data["change"], date=form.cleaned_data["date"],
                                  reason=form.cleaned_data["reason"], document=form.cleaned_data["document"],
                                  details=form.details(), user=request.user)
        except ValidationError as exc:
            add_action_errors(form, exc)
        else:
            messages.success(request, _("The status change has been recorded."))
            return redirect("members:detail", pk=member.pk)
    context = {"member": member, "form": form, "breadcrumbs": _crumbs(request, member), "section": "members",
               "title": _("Record a status change")}
    return render(request, "members/status_form.html", context, status=400 if form.errors else 200)


@never_cache
@login_required
@require_POST
def member_history_reveal(request, pk):
    """Shows the disposal records (unqualified, disposal) of a member once, after recording who saw them."""
    member = _get_member(request, pk)
    if not selectors.may_see_disposals(request.scope, member):
        raise PermissionDenied
    form = RevealForm(request.POST)
    if not form.is_valid():
        return render(request, "members/member_detail.html",
                      {**_detail_context(request, member), "history_reveal_form": form}, status=400)
    audit.record_sensitive_view(request.user, member, "status_changes.disposal",
                                reason=form.cleaned_data["reason"], request=request)
    return render(request, "members/member_detail.html", _detail_context(request, member, history_revealed=True))


@login_required
def member_letter(request, pk):
    """The sending organisation issues a transfer letter (组织关系介绍信)."""
    member = _get_member(request, pk)
    require_edit(request)
    form = TransferLetterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        target = None
        if data["to_code"].strip():
            target = selectors.transfer_target(request.scope, data["to_code"]) or selectors.any_organisation(
                data["to_code"])
        if data["to_code"].strip() and target is None:
            form.add_error("to_code", _("The receiving organisation does not exist in the register; a transfer out "
                                        "of the city names it as outside the city."))
        else:
            try:
                actions.issue_transfer(member, to=target, outside_name=data["outside_name"], date=data["date"],
                                       letter_number=data["letter_number"], reason=data["reason"],
                                       user=request.user)
            except ValidationError as exc:
                add_action_errors(form, exc)
                for message in exc.message_dict.get("to_organisation", []):
                    form.add_error("to_code", message)
            else:
                messages.success(request, _("The transfer letter has been issued."))
                return redirect("members:detail", pk=member.pk)
    context = {"member": member, "form": form, "breadcrumbs": _crumbs(request, member), "section": "members",
               "title": _("Issue a transfer letter"), "transfer": True}
    return render(request, "members/member_form.html", context)


def _organisation_or_404(request, pk):
    organisation = request.scope.organisations().filter(pk=pk).first()
    if organisation is None:
        raise Http404
    return organisation


@login_required
def organisation_transfers(request, pk):
    organisation = _organisation_or_404(request, pk)
    today = timezone.localdate()
    context = {"organisation": organisation, "section": "members", "today": today,
               "decision_form": TransferDecisionForm(initial={"date": today}),
               "title": _("Transfers of %(org)s") % {"org": organisation.name},
               **selectors.organisation_transfers(organisation, today)}
    return render(request, "members/transfers.html", context)


@login_required
def transfer_in(request, pk):
    """The receiving organisation registers a member transferred in from outside the city (组织关系从市外转入)."""
    organisation = _organisation_or_404(request, pk)
    require_edit(request)
    groups = Organisation.objects.filter(parent=organisation, kind=Organisation.Kind.GROUP).order_by("name")
    form = TransferInForm(request.POST or None, initial={"ethnicity": "汉族"}, groups=groups,
                          units=request.scope.host_units())
    if request.method == "POST" and form.is_valid():
        try:
            transfer = actions.receive_from_outside(organisation, form.action_data(), **form.transfer_data(),
                                                    user=request.user, scope=request.scope)
        except ValidationError as exc:
            add_action_errors(form, exc)
        else:
            messages.success(request, _("%(name)s has been registered, transferred in from %(org)s.") % {
                "name": transfer.member.name, "org": transfer.from_outside_name})
            return redirect("members:organisation_transfers", pk=organisation.pk)
    context = {"organisation": organisation, "form": form, "section": "members",
               "title": _("Register a transfer in from outside the city")}
    return render(request, "members/transfer_in_form.html", context, status=400 if form.errors else 200)


@login_required
def transfers_overview(request):
    today = timezone.localdate()
    context = {"section": "members", "title": _("Transfers and member status"), "today": today,
               "regions": selectors.region_transfers(request.scope, today),
               "arrivals": selectors.region_transfers_in(request.scope, today),
               "statuses": selectors.members_by_status(request.scope)}
    return render(request, "members/transfers_overview.html", context)


def _transfer_for(request, pk, side: str) -> Transfer:
    """A transfer whose receiving (`to`) or sending (`from`) organisation is in the user's scope."""
    require_edit(request)
    field = "to_organisation__in" if side == "to" else "from_organisation__in"
    transfer = Transfer.objects.filter(pk=pk, **{field: request.scope.organisations()}).first()
    if transfer is None:
        raise Http404
    return transfer


@require_POST
@login_required
def transfer_decide(request, pk, decision):
    if decision not in ("accept", "return", "cancel"):
        raise Http404
    transfer = _transfer_for(request, pk, "from" if decision == "cancel" else "to")
    form = TransferDecisionForm(request.POST)
    back = transfer.from_organisation_id if decision == "cancel" else transfer.to_organisation_id
    if decision != "cancel" and not form.is_valid():
        messages.error(request, _("Give the date."))
        return redirect("members:organisation_transfers", pk=back)
    try:
        if decision == "accept":
            actions.accept_transfer(transfer, date=form.cleaned_data["date"], user=request.user)
        elif decision == "return":
            actions.return_transfer(transfer, date=form.cleaned_data["date"], reason=form.cleaned_data["reason"],
                                    user=request.user)
        else:
            actions.cancel_transfer(transfer, user=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The transfer has been updated."))
    return redirect("members:organisation_transfers", pk=back)
