"""The meeting record form: the record's fields as a Django form, the attendance and grades read from the posted
`att-<member pk>`, `reason-<member pk>` and `grade-<member pk>` fields (one radio group per member), and handed to
meetings.actions, which checks them."""

from django import forms
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from guifan.core.forms import DateInput

from .models import Appraisal, Attendance


def kind_label(kind) -> str:
    """A pack kind's label in the user's language (Chinese when the pack has none in it)."""
    language = (get_language() or "zh")[:2]
    return kind.label.get(language) or kind.label.get("zh") or ""


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Kind"))
    held_on = forms.DateField(label=gettext_lazy("Date"), widget=DateInput)
    topic = forms.CharField(label=gettext_lazy("Topic"), max_length=200)
    place = forms.CharField(label=gettext_lazy("Place"), max_length=100, required=False)
    host = forms.CharField(label=gettext_lazy("Host"), max_length=50, required=False)
    minutes = forms.CharField(label=gettext_lazy("Minutes"), required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))
    lecturer = forms.CharField(label=gettext_lazy("Lecturer"), max_length=50, required=False)
    preparation = forms.CharField(label=gettext_lazy("Lesson preparation"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}),
                                  help_text=gettext_lazy("The preparation record of a party lecture (备课)."))

    FIELDS = ("topic", "place", "host", "minutes", "lecturer", "preparation")

    def __init__(self, *args, kinds=(), members=(), fixed_kind=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.kinds = {k.code: k for k in kinds}
        self.members = list(members)
        if fixed_kind is not None:  # an edit keeps the kind
            self.kinds = {fixed_kind.code: fixed_kind}
            self.fields["kind"].disabled = True
        self.fields["kind"].choices = [(code, kind_label(k)) for code, k in self.kinds.items()]
        self.fields["kind"].widget.attrs["data-kinds"] = "1"
        self.fields["held_on"].initial = self.fields["held_on"].initial or timezone.localdate()
        self.attendance_errors: list[str] = []  # the action's messages on the attendance and grades
        self.attendance: dict[int, tuple[str, str]] = {}
        self.grades: dict[int, str] = {}

    # --- the attendance list, as the template shows it -----------------------------------------------------------

    def member_rows(self):
        """One row per member: the status chosen (present by default), the reason and grade typed."""
        data = self.data if self.is_bound else {}
        initial = self.initial.get("attendance", {})
        initial_grades = self.initial.get("grades", {})
        rows = []
        for member in self.members:
            status, reason = initial.get(member.pk, (Attendance.Status.PRESENT, ""))
            grade = initial_grades.get(member.pk, "")
            if self.is_bound:
                status = data.get(f"att-{member.pk}", Attendance.Status.PRESENT)
                reason = data.get(f"reason-{member.pk}", "")
                grade = data.get(f"grade-{member.pk}", "")
            rows.append({"member": member, "status": status, "reason": reason, "grade": grade})
        return rows

    def statuses(self):
        return Attendance.Status.choices

    def grade_choices(self):
        return Appraisal.Grade.choices

    def kind_needs(self) -> str:
        """JSON {code: ["lecturer", "grades", ...]}: which optional parts each kind shows (for the page's script)."""
        import json

        return json.dumps({code: [*k.needs, *(["grades"] if k.grades else [])] for code, k in self.kinds.items()})

    def optional_fields(self):
        return [self[name] for name in ("lecturer", "preparation")]

    def main_fields(self):
        return [self[name] for name in ("kind", "held_on", "topic", "place", "host", "minutes")]

    def any_grades(self) -> bool:
        return any(k.grades for k in self.kinds.values())

    # --- reading the posted attendance ---------------------------------------------------------------------------

    def clean(self):
        cleaned = super().clean()
        attendance, grades, twice = {}, {}, []
        for key in self.data:
            if not key.startswith("att-"):
                continue
            try:
                pk = int(key[4:])
            except ValueError:
                continue
            values = self.data.getlist(key) if hasattr(self.data, "getlist") else [self.data[key]]
            if len(values) > 1:
                twice.append(pk)
                continue
            attendance[pk] = (values[0], self.data.get(f"reason-{pk}", ""))
            grade = self.data.get(f"grade-{pk}", "")
            if grade and values[0] == Attendance.Status.PRESENT:
                grades[pk] = grade
        if twice:
            names = {m.pk: m.name for m in self.members}
            listed = "、".join(names.get(pk, str(pk)) for pk in twice)
            raise forms.ValidationError(_("A member is marked twice: %(names)s.") % {"names": listed}, code="twice")
        self.attendance = attendance
        kind = self.kinds.get(cleaned.get("kind"))
        self.grades = grades if kind is not None and kind.grades else {}
        return cleaned

    def action_fields(self) -> dict:
        return {name: self.cleaned_data.get(name, "") for name in self.FIELDS}


class EvidenceForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Photo or PDF"),
                           widget=forms.ClearableFileInput(attrs={"accept": "image/*,application/pdf"}),
                           error_messages={"required": gettext_lazy("Choose a file.")})
