"""The report form (fields from the pack, see formspec.py) and the approval forms."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from guifan.reporting.formspec import FormSpec, text

EVIDENCE_PREFIX = "evidence__"


def _field(fact, label: str, help_text: str, disabled: bool) -> forms.Field:
    common = {"label": label, "required": False, "help_text": help_text, "disabled": disabled}
    unit = f" ({fact.unit})" if fact.unit else (" (%)" if fact.type == "percent" else "")
    common["label"] = label + unit
    if fact.type == "boolean":
        return forms.BooleanField(**common)
    if fact.type == "enum":
        return forms.ChoiceField(choices=[("", "—")] + [(v, v) for v in fact.values], **common)
    if fact.type == "date":
        return forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), **common)
    attrs = {"inputmode": "numeric" if fact.type == "integer" else "decimal"}
    if fact.type == "integer":
        return forms.IntegerField(min_value=0, widget=forms.NumberInput(attrs=attrs), **common)
    return forms.FloatField(min_value=0, max_value=100 if fact.type == "percent" else None,
                            widget=forms.NumberInput(attrs={**attrs, "step": "any"}), **common)


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
                    label=_("Evidence: %(what)s") % {"what": text(item.evidence)}, required=False, max_length=500,
                    disabled=disabled, help_text=_("Where the proof is kept (file name, ledger page, link)."))

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
                what = text(self.spec.items[code].evidence)
                problems.append((EVIDENCE_PREFIX + code,
                                 _("Ticked: give its evidence (%(what)s).") % {"what": what}))
        return problems


class ReturnForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)
