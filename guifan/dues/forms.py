from django import forms
from django.utils.translation import gettext_lazy as _


class DeclareForm(forms.Form):
    category = forms.ChoiceField(label=_("Dues category"))
    income = forms.DecimalField(label=_("After-tax monthly income (yuan)"), required=False, min_value=0,
                                max_digits=12, decimal_places=2)

    def __init__(self, *args, categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = list(categories)


class ReturnForm(forms.Form):
    amount = forms.DecimalField(label=_("Dues returned (yuan)"), min_value=0, max_digits=14, decimal_places=2)
    returned_on = forms.DateField(label=_("Returned on"), widget=forms.DateInput(attrs={"type": "date"}))


class SpecialForm(forms.Form):
    member = forms.TypedChoiceField(label=_("Member"), coerce=int)
    amount = forms.DecimalField(label=_("Special payment (yuan)"), min_value=0, max_digits=14, decimal_places=2)

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].choices = [(m.pk, m.name) for m in members]
