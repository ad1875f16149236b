from django import forms
from django.utils.translation import gettext_lazy as _


class NominateForm(forms.Form):
    code = forms.CharField(label=_("Organisation code"), max_length=30)
    statement = forms.CharField(label=_("What makes it a model"), widget=forms.Textarea(attrs={"rows": 3}),
                                required=False, max_length=4000)


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(label=_("Review"), choices=(("approve", _("Recommend to the city")),
                                                             ("reject", _("Do not recommend"))),
                                 widget=forms.RadioSelect)
    reason = forms.CharField(label=_("Opinion"), max_length=300, required=False,
                             help_text=_("Needed when the nomination is not recommended."))


class SelectForm(forms.Form):
    grade = forms.ChoiceField(label=_("Model-site grade"))

    def __init__(self, *args, grades=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grade"].choices = list(grades)
