from django import forms
from django.utils.translation import gettext_lazy as _


class EvidenceForm(forms.Form):
    """A photo or a PDF of the centre (the same field as meetings' evidence; meetings is a sibling layer)."""

    file = forms.FileField(label=_("Photo or PDF"),
                           widget=forms.ClearableFileInput(attrs={"accept": "image/*,application/pdf"}),
                           error_messages={"required": _("Choose a file.")})


class CentreForm(forms.Form):
    """A centre's figures; the function-area choices are the pack's checklist C15 (set by the view)."""

    name = forms.CharField(label=_("Name"), max_length=100)
    address = forms.CharField(label=_("Address"), max_length=200, required=False)
    area_m2 = forms.CharField(label=_("Usable area (m²)"), max_length=20)
    staff = forms.CharField(label=_("Staff"), max_length=10)
    own_site = forms.BooleanField(label=_("Own site"), required=False, help_text=_(
        "City and district: set up separately and run as an entity. Street and community: its own space within "
        "the shared convenience-service site."))
    function_areas = forms.MultipleChoiceField(label=_("Function areas"), required=False,
                                               widget=forms.CheckboxSelectMultiple)
    rules_present = forms.BooleanField(label=_("Work rules written"), required=False)

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["function_areas"].choices = items


class StationForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    address = forms.CharField(label=_("Address"), max_length=200, required=False)
