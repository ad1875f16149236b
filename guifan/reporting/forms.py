"""The report form (fields from the pack, see formspec.py) and the approval forms.

Numbers are typed into text inputs (`inputmode` brings up the phone's number pad): a browser sends an empty value
for letters typed into `type=number`, which would clear the stored figure without a word. Here every input reaches
the server as typed, and anything that is not a plain number is refused with its reason beside the field."""

from __future__ import annotations

import math
import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from guifan.core.languages import in_language
from guifan.reporting.formspec import FormSpec
from guifan.standards.values import MAX_ABS_FACT

EVIDENCE_PREFIX = "evidence__"


class FigureField(forms.CharField):
    """A number of a fact (integer, number or percent), checked with a Chinese message for every bad input:
    letters, separators or units, a negative figure, a fraction where a count is asked, over 100 %, absurd
    magnitudes. Empty is allowed (not reported)."""

    def __init__(self, fact_type: str, **kwargs):
        self.fact_type = fact_type
        super().__init__(**kwargs)

    def to_python(self, value):
        typed = unicodedata.normalize("NFKC", str(value or "")).strip()  # full-width digits from a Chinese IME
        if not typed:
            return None
        try:
            number = float(typed)
        except ValueError:
            raise ValidationError(_("Type a number such as 12 or 3.5, without letters, units or thousands "
                                    "separators."), code="not_a_number") from None
        if not math.isfinite(number) or abs(number) > MAX_ABS_FACT:
            raise ValidationError(_("This number is far too large; check it (at most %(max)s).")
                                  % {"max": f"{MAX_ABS_FACT:,.0f}"}, code="absurd")
        if number < 0:
            raise ValidationError(_("A figure cannot be negative."), code="negative")
        if self.fact_type == "integer" and not number.is_integer():
            raise ValidationError(_("Type a whole number."), code="not_whole")
        if self.fact_type == "percent" and number > 100:
            raise ValidationError(_("A percentage cannot be over 100."), code="over_100")
        return int(number) if self.fact_type == "integer" else number


def _field(fact, label: str, help_text: str, disabled: bool) -> forms.Field:
    common = {"label": label, "required": False, "help_text": help_text, "disabled": disabled}
    if fact.type == "boolean":
        return forms.BooleanField(**common)
    if fact.type == "enum":
        return forms.ChoiceField(choices=[("", "—")] + [(v, v) for v in fact.values], **common)
    if fact.type == "date":
        return forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), **common,
                               error_messages={"invalid": _("Type a date such as 2018-06-30.")})
    mode = "numeric" if fact.type == "integer" else "decimal"
    widget = forms.TextInput(attrs={"inputmode": mode, "autocomplete": "off", "class": "figure"})
    return FigureField(fact.type, widget=widget, **common)


def unit_of(fact) -> str:
    return fact.unit or ("%" if fact.type == "percent" else "")


class ReportForm(forms.Form):
    """One field per reported fact of the spec, and an evidence field for each fact whose pack asks for one."""

    def __init__(self, spec: FormSpec, report, *args, disabled: bool = False, **kwargs):
        initial = {code: report.values.get(code) for code in spec.items}
        initial.update({EVIDENCE_PREFIX + code: report.evidence.get(code, "") for code in spec.evidence_codes()})
        super().__init__(*args, initial=initial, **kwargs)
        self.spec = spec
        for code, item in spec.items.items():
            self.fields[code] = _field(item.fact, item.label, item.help, disabled)
            if item.evidence:
                self.fields[EVIDENCE_PREFIX + code] = forms.CharField(
                    label=_("Evidence: %(what)s") % {"what": in_language(item.evidence)}, required=False,
                    max_length=500, disabled=disabled,
                    help_text=_("Where the proof is kept (file name, ledger page, link)."))

    def values(self) -> dict:
        return {code: self.cleaned_data.get(code) for code in self.spec.items}

    def evidence(self) -> dict:
        return {code: (self.cleaned_data.get(EVIDENCE_PREFIX + code) or "").strip()
                for code in self.spec.evidence_codes()}

    def evidence_problems(self) -> list[tuple[str, str]]:
        """(field name, message) for each ticked fact whose evidence is missing."""
        problems = []
        for code in self.spec.evidence_codes():
            given = (self.cleaned_data.get(EVIDENCE_PREFIX + code) or "").strip()
            if self.cleaned_data.get(code) is True and not given:
                what = in_language(self.spec.items[code].evidence)
                problems.append((EVIDENCE_PREFIX + code,
                                 _("Ticked: give its evidence (%(what)s).") % {"what": what}))
        return problems

    def error_links(self) -> list[dict]:
        """Each field error as {id, label, message}, in the form's order, for the summary at the top."""
        links = []
        for name in self.fields:
            for message in self.errors.get(name, []):
                field = self[name]
                links.append({"id": field.auto_id, "label": field.label, "message": message})
        return links


class ReturnForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)
