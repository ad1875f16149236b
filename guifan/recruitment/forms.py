from django import forms
from django.utils.translation import gettext_lazy as _

from guifan.members.models import Member

# The fields a step's checks ask for (the pack's check kinds), beyond the date and notes every step has.
FIELDS_OF_CHECK = {
    "people": ("people",),
    "conclusion": ("conclusion",),
    "training": ("training_days", "training_hours"),
    "notice": ("notice_from", "notice_until"),
    "vote": ("eligible_voters", "present_voters", "in_favour"),
    "probation": ("extension_months",),
}


class DateInput(forms.DateInput):
    input_type = "date"


class ApplicantForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=50)
    gender = forms.ChoiceField(label=_("Gender"), choices=Member.Gender.choices)
    id_number = forms.CharField(label=_("ID number"), max_length=18)
    applied_on = forms.DateField(label=_("Application submitted on"), widget=DateInput)


class StepForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DateInput)
    people = forms.ModelMultipleChoiceField(label=_("People involved"), queryset=Member.objects.none(),
                                            widget=forms.CheckboxSelectMultiple, required=False)
    conclusion = forms.CharField(label=_("Conclusion of the political review"), widget=forms.Textarea(
        attrs={"rows": 3}), required=False)
    training_days = forms.DecimalField(label=_("Training days"), min_value=0, max_digits=5, decimal_places=1,
                                       required=False)
    training_hours = forms.DecimalField(label=_("Training hours"), min_value=0, max_digits=6, decimal_places=1,
                                        required=False)
    notice_from = forms.DateField(label=_("Notice posted on"), widget=DateInput, required=False)
    notice_until = forms.DateField(label=_("Notice ends on"), widget=DateInput, required=False)
    eligible_voters = forms.IntegerField(label=_("Full members with a vote"), min_value=0, required=False)
    present_voters = forms.IntegerField(label=_("Of them present"), min_value=0, required=False)
    in_favour = forms.IntegerField(label=_("Votes in favour"), min_value=0, required=False)
    extension_months = forms.IntegerField(label=_("Extend the probation by (months)"), min_value=1,
                                          required=False, help_text=_("Leave empty to make the member full."))
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, step=None, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        wanted = {"date", "notes"}
        for check in step.checks if step is not None else ():
            wanted.update(FIELDS_OF_CHECK.get(check.kind, ()))
        for name in list(self.fields):
            if name not in wanted:
                del self.fields[name]
        if "people" in self.fields and members is not None:
            self.fields["people"].queryset = members
            self.fields["people"].label_from_instance = lambda m: m.name
