from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Document


class IssueForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Document.Kind.choices)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    deadline = forms.DateField(label=_("Deadline for the rectification reports"), required=False,
                               widget=forms.DateInput(attrs={"type": "date"}),
                               help_text=_("Needed by a notice of criticism and a notice of the year's results."))
    organisation = forms.CharField(label=_("Organisation code (check-up report)"), required=False, max_length=32)
    pdf = forms.BooleanField(label=_("Also make the PDF"), required=False, initial=True)


class ResponseForm(forms.Form):
    text = forms.CharField(label=_("Rectification report"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    file = forms.FileField(label=_("File"), required=False)


class TemplateForm(forms.Form):
    file = forms.FileField(label=_("Word template (.docx)"))
