"""The branch committee page of an organisation (issue 11; docs/meetings.md, "Branch committee"): the current
committee and its history, a form to appoint a member to a post and one to end a post. Scoped like the other
organisation pages (the organisation in the user's scope, writes for users who may edit); writes go through
members.actions; usable at 375 px."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from guifan.core.forms import add_action_errors
from guifan.core.requests import require_edit, show_refusal

from . import actions, committee
from .forms import CommitteeAppointForm, CommitteeEndForm
from .models import GONE_STATUSES, Post
from .views_status import _organisation_or_404


def _candidates(request, organisation):
    return (request.scope.members().filter(organisation=organisation, category="full")
            .exclude(status__in=GONE_STATUSES).order_by("name", "pk"))


@login_required
def organisation_committee(request, pk):
    organisation = _organisation_or_404(request, pk)
    today = timezone.localdate()
    try:
        rules = committee.committee_rules(today)
    except ValidationError as exc:
        show_refusal(request, exc)
        return redirect("orgs:detail", pk=organisation.pk)
    form = CommitteeAppointForm(request.POST if request.method == "POST" else None,
                                members=_candidates(request, organisation), rules=rules,
                                initial={"started_on": today})
    if request.method == "POST":
        require_edit(request)
        if form.is_valid():
            try:
                actions.appoint_committee_post(organisation, form.cleaned_data["member"], form.cleaned_data["post"],
                                               started_on=form.cleaned_data["started_on"], user=request.user,
                                               today=today)
            except ValidationError as exc:
                add_action_errors(form, exc)
            else:
                messages.success(request, _("The committee post has been recorded."))
                return redirect("members:committee", pk=organisation.pk)
    context = {"organisation": organisation, "section": "tree", "today": today, "form": form,
               "end_form": CommitteeEndForm(initial={"ended_on": today}),
               "elects": rules.elects(organisation.kind),
               "title": _("Branch committee of %(org)s") % {"org": organisation.name},
               **committee.organisation_committee(organisation, rules, today)}
    return render(request, "members/committee.html", context, status=400 if form.errors else 200)


@require_POST
@login_required
def committee_post_end(request, pk):
    require_edit(request)
    post = Post.objects.filter(pk=pk, organisation__in=request.scope.organisations(),
                               member__in=request.scope.members()).first()
    if post is None:
        raise Http404
    form = CommitteeEndForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the date the post ends."))
        return redirect("members:committee", pk=post.organisation_id)
    try:
        actions.end_committee_post(post, ended_on=form.cleaned_data["ended_on"], user=request.user)
    except ValidationError as exc:
        show_refusal(request, exc)
    else:
        messages.success(request, _("The committee post has been ended."))
    return redirect("members:committee", pk=post.organisation_id)
