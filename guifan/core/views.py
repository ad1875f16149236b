from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import selectors
from .models import ChangeLog, SecurityEvent

PAGE_SIZE = 50


class ChangeLogFilterForm(forms.Form):
    object_type = forms.ChoiceField(label=gettext_lazy("Object type"), required=False)
    user = forms.ChoiceField(label=gettext_lazy("User"), required=False)
    action = forms.ChoiceField(label=gettext_lazy("Action"), required=False)

    def __init__(self, *args, scope, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["object_type"].choices = [("", _("All")), *selectors.object_type_choices(scope)]
        self.fields["user"].choices = [("", _("All")), *selectors.user_choices(scope)]
        self.fields["action"].choices = [("", _("All")), *ChangeLog.Action.choices]


@login_required
def change_log(request):
    scope = request.scope
    form = ChangeLogFilterForm(request.GET or None, scope=scope)
    logs = scope.change_logs().select_related("user__role__member", "user__role__region", "user__role__organisation")
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data["object_type"]:
            logs = logs.filter(object_type=data["object_type"])
        if data["user"]:
            logs = logs.filter(user_id=data["user"])
        if data["action"]:
            logs = logs.filter(action=data["action"])
    page = Paginator(logs, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = selectors.decorate(page.object_list)
    context = {"form": form, "page_obj": page, "section": "log"}
    return render(request, "core/change_log.html", context)


class SecurityLogFilterForm(forms.Form):
    event = forms.ChoiceField(label=gettext_lazy("Event"), required=False)
    result = forms.ChoiceField(label=gettext_lazy("Result"), required=False)
    user = forms.CharField(label=gettext_lazy("User"), required=False, max_length=150)
    since = forms.DateField(label=gettext_lazy("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=gettext_lazy("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event"].choices = [("", _("All")), *SecurityEvent.Event.choices]
        self.fields["result"].choices = [("", _("All")), *SecurityEvent.Result.choices]


@login_required
def security_log(request):
    """The security log, as far as the user may read it (Scope.security_events): the audit administrator all of it,
    a region role the events of the accounts below it in its region."""
    scope = request.scope
    form = SecurityLogFilterForm(request.GET or None)
    events = scope.security_events()
    if form.is_bound and form.is_valid():
        events = selectors.filter_security_events(events, form.cleaned_data)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "core/security_log.html", {"form": form, "page_obj": page, "section": "security"})
