"""`guifan completeness --year 2018 [--region CODE]`: per period of the year, the reports expected, received, on
time, and how far the approved ones have gone (township, county, city), for a region and everything below it."""

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count, FilteredRelation, Q, Sum
from django.utils.translation import gettext as _

from guifan.facts.models import FactReport, Period
from guifan.facts.periods import title
from guifan.regions.models import Region
from guifan.reporting import completeness
from guifan.reporting.actions import LEVELS
from guifan.reporting.models import CompletenessCount


def approved_by_level(period, region, pack) -> dict[str, int]:
    """{approval level: approved reports now at it} of the organisations expected in the region: one GROUP BY."""
    orgs = completeness.expected_organisations(period, region, pack=pack)
    rows = (orgs.annotate(report=FilteredRelation("fact_reports", condition=Q(fact_reports__period=period)))
            .filter(report__state=FactReport.State.APPROVED)
            .values("report__approval_level").annotate(n=Count("pk")).order_by())
    return {r["report__approval_level"]: r["n"] for r in rows}


def rows_of(year: int, region) -> list[dict]:
    """One row per counted period of `year`: the stored counts of the region's subtree (guifan.reporting
    .completeness) added up in one query, and the approvals by level."""
    stored = {r["period"]: r for r in CompletenessCount.objects.filter(
        period__year=year, region__path__startswith=region.path).values("period").annotate(
        expected=Sum("expected"), received=Sum("received"), approved=Sum("approved"), late=Sum("late")).order_by()}
    kinds = list(Period.Kind.values)
    periods = sorted(Period.objects.filter(pk__in=list(stored)), key=lambda p: (kinds.index(p.kind), p.number))
    out = []
    for period in periods:
        counts = stored[period.pk]
        levels = approved_by_level(period, region, completeness._pack(period))
        out.append({"period": period, **{k: counts[k] for k in ("expected", "received", "approved", "late")},
                    "on_time": counts["received"] - counts["late"], **{level: levels.get(level, 0)
                                                                      for level in LEVELS}})
    return out


def width(text: str) -> int:
    """Display width: CJK characters take two columns."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def table(rows: list[list[str]]) -> list[str]:
    widths = [max(width(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = [row[0] + " " * (widths[0] - width(row[0]))]
        cells += [" " * (w - width(cell)) + cell for cell, w in zip(row[1:], widths[1:], strict=True)]
        lines.append("  ".join(cells).rstrip())
    return lines


class Command(BaseCommand):
    @property
    def help(self):
        return _("Report completeness of a year, period by period: expected, received, on time, approved at the "
                 "township, county and city level, for a region (default: the whole city).")

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help=_("The reporting year."))
        parser.add_argument("--region", help=_("A region's code (default: the top region)."))

    def handle(self, *args, year, region=None, **options):
        try:
            place = Region.objects.get(code=region) if region else Region.objects.current().order_by(
                "depth", "code").first()
        except Region.DoesNotExist as exc:
            raise CommandError(_("There is no region with the code %(code)s.") % {"code": region}) from exc
        if place is None:
            raise CommandError(_("The divisions are not loaded: run `guifan seed` first."))
        rows = rows_of(year, place)
        if not rows:
            raise CommandError(_("No report of %(year)s has been counted in %(region)s yet.")
                               % {"year": year, "region": place.name})
        self.stdout.write(_("Report completeness of %(year)s in %(region)s") % {"year": year, "region": place.name})
        headers = [_("Period"), _("Expected"), _("Received"), _("On time"), _("Late"), _("Approved"),
                   _("At township level"), _("At county level"), _("At city level")]
        body = [[title(r["period"]), *(f"{r[k]:,}" for k in ("expected", "received", "on_time", "late",
                                                              "approved", *LEVELS))] for r in rows]
        for line in table([headers, *body]):
            self.stdout.write(line)
        self.stdout.write(_("Received: submitted or approved. Late: submitted after the period's deadline. An "
                            "approved report is counted at the highest level that has approved it."))
