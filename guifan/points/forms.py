from django import forms
from django.utils.translation import gettext_lazy as _

from guifan.core.forms import DateInput


class RequestForm(forms.Form):
    item = forms.ChoiceField(label=_("Item"))
    occurred_on = forms.DateField(label=_("Date"), widget=DateInput())
    note = forms.CharField(label=_("What for"), max_length=200, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].choices = list(items)
