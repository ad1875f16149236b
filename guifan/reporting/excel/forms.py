"""The forms of the figures Excel section: which template to download, and the import of a filled-in one."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from guifan.core.spreadsheets.forms import ImportForm
from guifan.core.vocabulary import REGION_LEVELS
from guifan.facts import periods


def pack_years(today=None) -> list[int]:
    """The years some stored pack is in effect, up to this year (the latest first)."""
    from guifan.standards.models import PackVersion

    this_year = (today or timezone.localdate()).year
    years: set[int] = set()
    for start, end in PackVersion.objects.exclude(effective_from=None).values_list("effective_from", "effective_to"):
        years.update(range(start.year, max(start.year, min(end.year if end else this_year, this_year)) + 1))
    return sorted(years, reverse=True)


def frequencies_of(year: int) -> tuple[str, ...]:
    """The frequencies of the facts reported under the pack in effect in `year` (yearly first)."""
    from guifan.standards.selectors import pack_for_year

    return pack_for_year(year).pack().frequencies


def period_choices() -> list:
    """Choices grouped by year: the year, then its quarters and months when its pack has quarterly or monthly facts.
    The periods were stored when the pack was loaded (`facts.periods.open_periods`)."""
    return [(str(year), [(p.code, periods.title(p)) for p in periods.periods_of(year, frequencies_of(year))])
            for year in pack_years()]


class FactsTemplateForm(forms.Form):
    """Which facts template to download: a period (a year, or one of its quarters or months when the pack of that
    year has quarterly or monthly facts) and a region within the user's scope (down to townships). An organisation
    user chooses no region: the template holds their own organisations."""

    region = forms.ChoiceField(label=_("Region"))
    period = forms.ChoiceField(label=_("Period"))

    def __init__(self, *args, scope, **kwargs):
        kwargs.setdefault("auto_id", "facts_%s")
        super().__init__(*args, **kwargs)
        if scope.organisation is not None:
            del self.fields["region"]
        else:
            regions = scope.regions().current().filter(level__in=REGION_LEVELS).order_by("code")
            self.fields["region"].choices = [(r.code, f"{r.code} {r.name}") for r in regions.only("code", "name")]
        self.fields["period"].choices = period_choices()


class FactsImportForm(ImportForm):
    """A filled-in facts template; when a period is chosen, a workbook made for another period is refused."""

    period = forms.ChoiceField(label=_("Period"), required=False,
                               help_text=_("Leave empty to import the figures for the period written in the "
                                           "workbook."))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "facts_import_%s")
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = [("", _("The period of the workbook")), *period_choices()]
