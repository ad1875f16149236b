"""Read-only queries for the report pages; every one goes through the user's scope."""

from __future__ import annotations

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from guifan.core.languages import in_language
from guifan.facts.models import FactChange, FactReport, Period
from guifan.orgs.models import Organisation
from guifan.reporting.models import ReportEvent


def period_or_404(code: str) -> Period:
    period = Period.objects.filter(code=code).first()
    if period is None:
        raise Http404
    return period


def report_period_or_404(code: str) -> Period:
    """The period of a report or completeness page. Periods are stored when their pack is loaded
    (`facts.periods.open_periods`); a page never creates one."""
    return period_or_404(code)


def default_period() -> Period | None:
    """The latest yearly period that exists."""
    return Period.objects.filter(kind=Period.Kind.YEARLY).order_by("-start").first()


def reporting_organisation(scope, pk: int) -> Organisation:
    """An organisation of the scope that reports (not a party group), or 404."""
    org = (scope.organisations().exclude(kind=Organisation.Kind.GROUP)
           .select_related("region", "host_unit", "parent").filter(pk=pk).first())
    if org is None:
        raise Http404
    return org


def report_of(org, period) -> FactReport:
    """The stored report, or an unsaved empty one (nothing is written by reading)."""
    report = FactReport.objects.filter(organisation=org, period=period).first()
    if report is None:
        report = FactReport(organisation=org, period=period)
    report.organisation, report.period = org, period
    return report


def same_period_last_year(period: Period) -> str:
    """The code of the same year, quarter or month a year before: 2017, 2017Q3, 201705."""
    return str(period.year - 1) + period.code[len(str(period.year)):]


def previous_values(report: FactReport) -> dict | None:
    """The same period's values a year before (reported and derived) of the same organisation, for outlier rules."""
    before = FactReport.objects.filter(organisation_id=report.organisation_id,
                                       period__code=same_period_last_year(report.period)
                                       ).values_list("values", "derived").first()
    return {**before[0], **before[1]} if before else None




def _shown(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return str(value)


def quality_review(pack, report: FactReport, previous: dict | None) -> list[dict]:
    """Every quality issue of a report for its approver: validation-rule errors and outlier warnings, each with the
    labels (in the active language) and values of the facts it reads, last year's value beside them."""
    from guifan.reporting.quality import check_report

    values, previous = {**report.values, **report.derived}, previous or {}
    return [{"code": issue.code, "message": issue.message, "severity": issue.severity, "kind": issue.kind,
             "facts": [{"code": code, "label": in_language(pack.facts[code].label), "unit": pack.facts[code].unit,
                        "value": _shown(values.get(code)),
                        "previous": _shown(previous[code]) if code in previous else None}
                       for code in issue.facts]}
            for issue in check_report(pack, values, previous=previous or None, domain=report.organisation.domain,
                                      frequency=report.period.kind)]


def outlier_counts(pack, period: Period, orgs) -> dict[int, int]:
    """{organisation id: number of outlier warnings} for the received reports (`org.report`) of `orgs`, with one
    query for last year's reports (the reports themselves are already loaded); organisations without any are left
    out."""
    from guifan.reporting.completeness import RECEIVED
    from guifan.reporting.quality import OUTLIER, check_report

    received = [org for org in orgs if getattr(org, "report", None) is not None and org.report.state in RECEIVED]
    if not received:
        return {}
    rows = FactReport.objects.filter(period__code=same_period_last_year(period),
                                     organisation__in=[o.pk for o in received])
    before = {pk: {**v, **d} for pk, v, d in rows.values_list("organisation_id", "values", "derived")}
    counts = {}
    for org in received:
        issues = check_report(pack, {**org.report.values, **org.report.derived}, previous=before.get(org.pk),
                              domain=org.domain, frequency=period.kind)
        n = sum(issue.kind == OUTLIER for issue in issues)
        if n:
            counts[org.pk] = n
    return counts


def history(report: FactReport, code: str | None = None):
    if report.pk is None:
        return FactChange.objects.none()
    changes = report.changes.select_related("user")
    if code:
        changes = changes.filter(code__in=[code, f"evidence:{code}"])
    return changes


def events(report: FactReport):
    if report.pk is None:
        return ReportEvent.objects.none()
    return report.events.select_related("user")


def report_crumbs(scope, org, period, last: str | None = None) -> list[dict]:
    from guifan.facts.periods import title
    from guifan.orgs.selectors import organisation_crumbs

    crumbs = organisation_crumbs(scope, org)
    crumbs.append({"label": title(period), "url": reverse("reporting:report", args=[org.pk, period.code])})
    if last:
        crumbs.append({"label": last, "url": ""})
    return crumbs


def region_crumbs(scope, region, period) -> list[dict]:
    chain = [r for r in region.ancestors() if scope.covers_region(r)] + [region]
    return [{"label": r.name, "url": reverse("reporting:completeness", args=[period.code, r.code])} for r in chain]


def my_reports(scope, period):
    """The reports an organisation user fills in: every reporting organisation of the scope, with its state."""
    from guifan.reporting.completeness import expected_organisations

    orgs = list(expected_organisations(period, scope=scope).select_related("region", "host_unit")
                .order_by("path")[:200])
    reports = {r.organisation_id: r for r in FactReport.objects.filter(period=period, organisation__in=orgs)}
    for org in orgs:
        org.report = reports.get(org.pk)
    return orgs
