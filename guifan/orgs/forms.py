from django import forms
from django.utils.translation import gettext_lazy as _

from guifan.core.forms import DateInput

from .models import Domain, Organisation


class OrganisationForm(forms.Form):
    """The fields of an organisation a county, township or organisation user may change here."""

    code = forms.CharField(label=_("code"), max_length=30)
    name = forms.CharField(label=_("name"), max_length=100)
    kind = forms.ChoiceField(label=_("kind"), choices=Organisation.Kind.choices)
    domain = forms.ChoiceField(label=_("domain"), choices=Domain.choices)
    setup = forms.ChoiceField(label=_("set-up"), choices=Organisation.SetUp.choices)
    is_regional = forms.BooleanField(label=_("regional organisation"), required=False)
    purpose = forms.ChoiceField(label=_("purpose"), choices=Organisation.Purpose.choices, required=False)
    founded_on = forms.DateField(label=_("founded on"), required=False, widget=DateInput)
    term_start = forms.DateField(label=_("current term start"), required=False, widget=DateInput)
    term_end = forms.DateField(label=_("current term end"), required=False, widget=DateInput)
    secretary = forms.ModelChoiceField(label=_("secretary"), queryset=None, required=False)
    dissolved_on = forms.DateField(label=_("dissolved on"), required=False, widget=DateInput,
                                   help_text=_("Only when the organisation has been dissolved."))

    def __init__(self, *args, secretaries=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["secretary"]
        field.queryset = secretaries
        field.label_from_instance = lambda member: member.name

    @classmethod
    def initial_for(cls, org: Organisation) -> dict:
        return {name: getattr(org, name) for name in cls.base_fields}
