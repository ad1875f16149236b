from django import forms
from django.utils.translation import gettext_lazy as _


class VenueForm(forms.Form):
    name = forms.CharField(label=_("Venue name"), max_length=100)
    area = forms.CharField(label=_("Usable area (m²)"), max_length=20,
                           widget=forms.TextInput(attrs={"inputmode": "decimal"}))
    address = forms.CharField(label=_("Address"), max_length=200, required=False)
