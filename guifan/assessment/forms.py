from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from guifan.core.vocabulary import REGION_LEVELS, RegionLevel

from . import selectors
from .selectors import pack_of
from .whatif import OverrideError, apply_overrides


def whatif_pack_version():
    """The pack of the latest official run, else the latest stored one; None when no pack is stored. Never loads one:
    the what-if page is a GET, and a GET writes nothing."""
    from guifan.standards.models import PackVersion

    run = selectors.official_run()
    return run.pack_version if run else PackVersion.objects.order_by("-loaded_at", "-id").first()


def criterion_choices(pack, lang: str) -> list:
    """The pack's criteria grouped by pillar (the five standards), each by its title in the user's language: the
    picker an official searches, with no id or formula in it."""
    groups = {pillar: [] for pillar in pack.pillars}
    for c in pack.criteria:
        level = f" · {RegionLevel(c.applies.level).label}" if c.applies.level in REGION_LEVELS else ""
        groups.setdefault(c.pillar, []).append((c.id, f"{c.title[lang]}{level}"))
    return [(pack.pillars[p]["title"][lang] if p in pack.pillars else p, sorted(items, key=lambda x: x[1]))
            for p, items in groups.items() if items]


class WhatIfForm(forms.Form):
    criterion = forms.ChoiceField(label=_("Criterion"), widget=forms.Select(attrs={
        "data-searchable": "", "data-search-placeholder": _("Search the criteria")}))
    threshold = forms.FloatField(label=_("New threshold"), required=False)
    check = forms.CharField(label=_("Or a new check (expression)"), required=False, max_length=500,
                            help_text=_("For pack authors: an expression over the pack's fact codes, e.g. "
                                        "secretary_training_hours >= 60."))
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    approved_only = forms.BooleanField(label=_("Approved figures only"), required=False)

    def __init__(self, *args, lang="zh", **kwargs):
        super().__init__(*args, **kwargs)
        self.pack_version = whatif_pack_version()
        self.pack = pack_of(self.pack_version) if self.pack_version else None
        run = selectors.official_run()
        self.fields["year"].initial = run.year if run else timezone.localdate().year
        self.fields["criterion"].choices = criterion_choices(self.pack, lang) if self.pack else []

    def clean(self):
        data = super().clean()
        change = {}
        if data.get("threshold") is not None:
            change["threshold"] = data["threshold"]
        if data.get("check"):
            change["check"] = data["check"]
        if not change:
            raise forms.ValidationError(_("Give a new threshold or a new check."))
        if data.get("criterion"):
            overrides = {data["criterion"]: change}
            try:
                apply_overrides(self.pack, overrides)
            except OverrideError as exc:
                raise forms.ValidationError(str(exc)) from None
            data["overrides"] = overrides
        return data
