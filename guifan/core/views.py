from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import selectors
from .models import ChangeLog

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
    logs = scope.change_logs().select_related("user")
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
