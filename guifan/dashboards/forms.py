from django import forms
from django.utils.translation import gettext_lazy as _


class BoundaryForm(forms.Form):
    file = forms.FileField(label=_("Boundary file (GeoJSON)"),
                           help_text=_("A FeatureCollection whose features name their division code in a "
                                       "property “code” or “adcode”, one for each county or district."))
    approval_number = forms.CharField(label=_("Map approval number (审图号)"), max_length=100,
                                      help_text=_("Shown under the map, as the map regulations require, "
                                                  "e.g. 桂S(2023)12号."))
