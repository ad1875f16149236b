"""The what-if form: the formula's parameters, prefilled with the pack's (M12)."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _


class WhatIfForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2100)
    stars_1 = forms.DecimalField(label=_("Addition for one star"), min_value=0, max_digits=12, decimal_places=2)
    stars_2 = forms.DecimalField(label=_("Addition for two stars"), min_value=0, max_digits=12, decimal_places=2)
    stars_3 = forms.DecimalField(label=_("Addition for three stars"), min_value=0, max_digits=12, decimal_places=2)
    stars_4 = forms.DecimalField(label=_("Addition for four stars"), min_value=0, max_digits=12, decimal_places=2)
    stars_5 = forms.DecimalField(label=_("Addition for five stars"), min_value=0, max_digits=12, decimal_places=2)
    model_site = forms.DecimalField(label=_("Extra for a model site"), min_value=0, max_digits=12, decimal_places=2)
    rectification = forms.DecimalField(label=_("Extra under rectification"), min_value=0, max_digits=12,
                                       decimal_places=2)
    yearly_increase = forms.DecimalField(label=_("Yearly increase (share, e.g. 0.05)"), min_value=0, max_value=1,
                                         max_digits=6, decimal_places=4)
    city_share = forms.DecimalField(label=_("City's share of community pay and funds"), min_value=0, max_value=1,
                                    max_digits=6, decimal_places=4)

    @staticmethod
    def initial_from(rules, year: int) -> dict:
        shared = next((f.shares["city"] for f in rules.floors if "city" in f.shares), Decimal("0"))
        return {"year": year, **{f"stars_{n}": rules.star_additions.get(n, 0) for n in range(1, 6)},
                "model_site": rules.model_site, "rectification": rules.rectification,
                "yearly_increase": rules.yearly_increase, "city_share": shared}

    def changes(self, rules) -> dict:
        """Only the parameters that differ from the pack's."""
        d, base = self.cleaned_data, self.initial_from(rules, self.cleaned_data["year"])
        keys = {f"stars_{n}": f"stars.{n}" for n in range(1, 6)}
        keys.update(model_site="model_site", rectification="rectification", yearly_increase="yearly_increase",
                    city_share="city_share")
        return {key: d[name] for name, key in keys.items() if d[name] is not None and d[name] != base[name]}
