from django import forms
from django.utils.translation import gettext_lazy as _


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Workbook (.xlsx)"), widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}))


class FactsTemplateForm(forms.Form):
    """Which facts template to download: a region within the user's scope (down to townships) and a year."""

    region = forms.ChoiceField(label=_("Region"))
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)

    def __init__(self, *args, scope, **kwargs):
        super().__init__(*args, **kwargs)
        regions = scope.regions().current().filter(level__in=("city", "county", "township")).order_by("code")
        self.fields["region"].choices = [(r.code, f"{r.code} {r.name}") for r in regions.only("code", "name")]
