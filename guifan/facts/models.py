"""Periods and the figures reported or derived for each organisation in a period (DHIS2's data values, by report).

One `FactReport` per organisation and period holds every value as one JSON document ({fact code: value}): reading
12,000 organisations × 150 facts is then 12,000 rows, not 1.8 million. `values` are what the organisation reports
(forms, Excel); `derived` is what the register computes (`guifan derive_facts`). `FactChange` keeps each reported
value's history (who, when, old, new, through what).
"""

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

from guifan.core.vocabulary import level_name
from guifan.orgs.models import Organisation
from guifan.regions.models import Region

# A month as a reader says it, whole so that each language orders year and month its own way (2018年3月, March 2018).
MONTH_TITLES = (
    _("January %(year)s"), _("February %(year)s"), _("March %(year)s"), _("April %(year)s"), _("May %(year)s"),
    _("June %(year)s"), _("July %(year)s"), _("August %(year)s"), _("September %(year)s"), _("October %(year)s"),
    _("November %(year)s"), _("December %(year)s"))


class Period(models.Model):
    class Kind(models.TextChoices):
        YEARLY = "yearly", _("Yearly")
        QUARTERLY = "quarterly", _("Quarterly")
        MONTHLY = "monthly", _("Monthly")

    code = models.CharField(_("code"), max_length=10, unique=True, help_text=_("2018, 2018Q1 or 201801."))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.YEARLY)
    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    number = models.PositiveSmallIntegerField(_("quarter or month"), default=0)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    deadline = models.DateField(_("deadline"), null=True, blank=True,
                                help_text=_("Reports submitted after this day are late; empty: the period's end."))

    class Meta:
        ordering = ["start", "kind"]
        verbose_name = _("period")
        verbose_name_plural = _("periods")

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        """The period as users read it, never its code: 2018年度, 2018年第1季度, 2018年3月 (2018, 2018 Q1, March
        2018)."""
        if self.kind == self.Kind.QUARTERLY:
            return gettext("%(year)s Q%(n)s") % {"year": self.year, "n": self.number}
        if self.kind == self.Kind.MONTHLY:
            return str(MONTH_TITLES[self.number - 1]) % {"year": self.year}
        return pgettext("a yearly reporting period", "%(year)s") % {"year": self.year}

    @classmethod
    def build(cls, kind: str, year: int, number: int = 0) -> "Period":
        """The period (unsaved) of a kind, year and quarter or month number: its code and dates."""
        if kind == cls.Kind.YEARLY:
            return cls(code=str(year), kind=kind, year=year, number=0, start=dt.date(year, 1, 1),
                       end=dt.date(year, 12, 31))
        first, months = (3 * number - 2, 3) if kind == cls.Kind.QUARTERLY else (number, 1)
        start = dt.date(year, first, 1)
        after = first + months
        end = (dt.date(year + 1, 1, 1) if after > 12 else dt.date(year, after, 1)) - dt.timedelta(1)
        code = f"{year}Q{number}" if kind == cls.Kind.QUARTERLY else f"{year}{number:02d}"
        return cls(code=code, kind=kind, year=year, number=number, start=start, end=end)

    @classmethod
    def of(cls, kind: str, year: int, number: int = 0) -> "Period":
        """The stored period, created on first use."""
        made = cls.build(kind, year, number)
        period, _created = cls.objects.get_or_create(
            code=made.code, defaults={f: getattr(made, f) for f in ("kind", "year", "number", "start", "end")})
        return period

    @classmethod
    def yearly(cls, year: int) -> "Period":
        return cls.of(cls.Kind.YEARLY, year)

    @classmethod
    def quarterly(cls, year: int, quarter: int) -> "Period":
        return cls.of(cls.Kind.QUARTERLY, year, quarter)

    @classmethod
    def monthly(cls, year: int, month: int) -> "Period":
        return cls.of(cls.Kind.MONTHLY, year, month)

    @property
    def due(self) -> dt.date:
        """The last day a report is on time."""
        return self.deadline or self.end


class FactReport(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        APPROVED = "approved", _("Approved")
        RETURNED = "returned", _("Returned")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="fact_reports",
                                     verbose_name=_("organisation"))
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="reports", verbose_name=_("period"))
    values = models.JSONField(_("reported values"), default=dict, blank=True)
    derived = models.JSONField(_("derived values"), default=dict, blank=True)
    derived_at = models.DateTimeField(_("derived at"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT, db_index=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+", verbose_name=_("submitted by"))
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("approved by"))
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    returned_reason = models.TextField(_("reason for return"), blank=True)
    approval_level = models.CharField(
        _("approved up to"), max_length=10, blank=True, default="",
        help_text=_("The highest level (township, county, city) that has approved the report; empty until approved."))
    evidence = models.JSONField(_("evidence"), default=dict, blank=True,
                                help_text=_("{fact code: what proves it}, for the facts whose pack asks for evidence."))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["period", "organisation"]
        constraints = [models.UniqueConstraint(fields=["organisation", "period"], name="fact_report_unique")]
        indexes = [models.Index(fields=["period", "state"])]
        verbose_name = _("fact report")
        verbose_name_plural = _("fact reports")

    def __str__(self):
        return f"{self.organisation} {self.period}"

    @property
    def is_locked(self) -> bool:
        return self.state == self.State.APPROVED

    # The change log (guifan.core.selectors) words the workflow's entries: {"state", "level", "reason"}.
    audit_labels = {"level": _("approval level"), "reason": _("reason for return")}

    @classmethod
    def audit_value(cls, attname: str, value):
        return level_name(value) if attname in ("level", "approval_level") else None

    @classmethod
    def audit_reprs(cls, ids) -> dict[str, str]:
        keys = [int(i) for i in ids if str(i).isdigit()]
        reports = cls.objects.filter(pk__in=keys).select_related("organisation", "period")
        return {str(r.pk): str(r) for r in reports}

    def get_approval_level_display(self) -> str:
        """How far up the report is approved, in words: 乡镇（街道）级, 县（市、区）级, 市级; "" when not approved."""
        return level_name(self.approval_level)

    audit_related = "organisation"

    def audit_region_path(self):
        return self.organisation.region.path


class FactChange(models.Model):
    """One change of one reported value: the value's history (issue 4: who, when, old and new)."""

    class Source(models.TextChoices):
        FORM = "form", _("Web form")
        EXCEL = "excel", _("Excel import")
        API = "api", _("API")
        SAMPLE = "sample", _("Sample figures")
        ADMIN = "admin", _("Administration")

    report = models.ForeignKey(FactReport, on_delete=models.CASCADE, related_name="changes", verbose_name=_("report"))
    code = models.CharField(_("fact"), max_length=100)
    old = models.JSONField(_("old value"), null=True, blank=True)
    new = models.JSONField(_("new value"), null=True, blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="+", verbose_name=_("by"))
    time = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.FORM)

    class Meta:
        ordering = ["-time", "-id"]
        indexes = [models.Index(fields=["report", "code"])]
        verbose_name = _("fact change")
        verbose_name_plural = _("fact changes")

    def __str__(self):
        return f"{self.code}: {self.old} → {self.new}"


class RegionFigure(models.Model):
    """A published figure of a region for a period (statistics bureau, human-resources bureau), e.g. a county's rural
    per-capita disposable income. Facts with `derived_from.source: regions` that the divisions cannot compute are read
    from here: each organisation takes the figure of its nearest region that has one."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="figures", verbose_name=_("region"))
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="region_figures",
                               verbose_name=_("period"))
    code = models.CharField(_("fact"), max_length=100)
    value = models.JSONField(_("value"), null=True)
    source = models.CharField(_("published by"), max_length=200, blank=True)

    class Meta:
        ordering = ["period", "region", "code"]
        constraints = [models.UniqueConstraint(fields=["region", "period", "code"], name="region_figure_unique")]
        verbose_name = _("region figure")
        verbose_name_plural = _("region figures")

    def __str__(self):
        return f"{self.region} {self.period} {self.code}"
