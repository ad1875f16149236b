from django import forms
from django.utils.translation import gettext_lazy as _


class CloseForm(forms.Form):
    note = forms.CharField(label=_("What was done"), max_length=300, required=False,
                           help_text=_("For example: a branch was set up on 2018-05-10."))


class DeadlineForm(forms.Form):
    deadline = forms.DateField(label=_("New deadline"), widget=forms.DateInput(attrs={"type": "date"}))
