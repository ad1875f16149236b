from django import forms
from django.utils.translation import gettext_lazy as _

from guifan.meetings.forms import EvidenceForm  # noqa: F401  (the same upload field as meetings' evidence)


class NameForm(forms.Form):
    code = forms.CharField(label=_("Organisation code"), max_length=30)
    reason = forms.CharField(label=_("Reason"), max_length=300,
                             help_text=_("For example: lagging in the 2017 direct appraisal (直评联考)."))


class ConfirmForm(forms.Form):
    responsible_leader = forms.CharField(label=_("Responsible leader"), max_length=50)
    first_secretary = forms.CharField(label=_("First secretary"), max_length=50)


class ProgressForm(forms.Form):
    text = forms.CharField(label=_("Progress"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)


class TaskForm(forms.Form):
    title = forms.CharField(label=_("Task"), max_length=200)
    owner = forms.CharField(label=_("Owner"), max_length=50, required=False)
    deadline = forms.DateField(label=_("Deadline"), widget=forms.DateInput(attrs={"type": "date"}))


class VillageBullyForm(forms.Form):
    found = forms.BooleanField(label=_("A village bully problem was found"), required=False)
    action = forms.CharField(label=_("Special action taken"), widget=forms.Textarea(attrs={"rows": 3}),
                             required=False, max_length=4000)
