from django import forms
from django.utils.translation import gettext_lazy as _

from guifan.core.forms import DateInput

from .models import Course


class LibraryForm(forms.Form):
    name = forms.CharField(label=_("name"), max_length=100)
    owner = forms.ChoiceField(label=_("owned by"))

    def __init__(self, *args, owners=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = list(owners)


class CourseForm(forms.Form):
    title = forms.CharField(label=_("title"), max_length=200)
    mode = forms.ChoiceField(label=_("mode"), choices=Course.Mode.choices)
    hours = forms.DecimalField(label=_("hours"), min_value=0, max_value=999, decimal_places=1)
    credits = forms.DecimalField(label=_("credits"), min_value=0, max_value=999, decimal_places=1)
    audience = forms.ChoiceField(label=_("audience"), required=False)

    def __init__(self, *args, audiences=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["audience"].choices = [("", _("Every member")), *audiences]


class ClassForm(forms.Form):
    title = forms.CharField(label=_("title"), max_length=200)
    starts_on = forms.DateField(label=_("starts on"), widget=DateInput)
    ends_on = forms.DateField(label=_("ends on"), widget=DateInput)
    place = forms.CharField(label=_("place"), max_length=100, required=False)


class ExamForm(forms.Form):
    title = forms.CharField(label=_("title"), max_length=200)
    scheme = forms.ChoiceField(label=_("exam scheme"))
    held_on = forms.DateField(label=_("held on"), widget=DateInput)
    questions = forms.IntegerField(label=_("questions per paper"), min_value=1, max_value=500)
    total = forms.IntegerField(label=_("total marks"), min_value=1, max_value=1000)
    pass_mark = forms.IntegerField(label=_("pass mark"), min_value=0, max_value=1000, required=False,
                                   help_text=_("Empty: the standard's share of the total."))

    def __init__(self, *args, schemes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scheme"].choices = list(schemes)


class DayForm(forms.Form):
    day = forms.DateField(label=_("completed on"), widget=DateInput)
