"""`guifan seed_facts --year 2018 [--year 2017] [--seed N]`: sample reported figures for the sample city."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from guifan.facts.models import FactReport, Period
from guifan.reporting import completeness
from guifan.seeding.figures import seed_figures
from guifan.standards.models import PackVersion
from guifan.standards.selectors import ensure_shipped_pack_loaded, pack_for_year, pack_version


def described(year: int, result: dict, seconds: float) -> str:
    return _("%(year)s sample figures: %(values)s reported values for %(orgs)s organisations (%(sub)s quarterly "
             "and monthly reports), %(regions)s region figures, in %(t).1f s.") % {
        "year": year, "values": f"{result['values']:,}", "orgs": f"{result['organisations']:,}",
        "sub": f"{result['sub_year_reports']:,}", "regions": result["region_figures"], "t": seconds}


class Command(BaseCommand):
    help = ("Generate plausible reported figures (with failures on purpose) for every active organisation, derive "
            "the register's facts, for one or more years.")

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, action="append", required=True, help="repeat for several years")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--pack", help="stored pack ID or ID@VERSION (default: the one in effect)")
        parser.add_argument("--state", choices=[s.value for s in FactReport.State], default="approved")

    def handle(self, *args, year, seed, pack=None, state, **options):
        for one_year in sorted(year):
            try:
                stored = pack_version(pack) if pack else pack_for_year(one_year)
            except PackVersion.DoesNotExist:
                try:
                    stored = pack_for_year(one_year + 1)  # figures of the year before a pack's first year
                except PackVersion.DoesNotExist:
                    stored = ensure_shipped_pack_loaded()
            started = time.perf_counter()
            result = seed_figures(stored.pack(), one_year, seed=seed, state=state)
            self.stdout.write(described(one_year, result, time.perf_counter() - started))
            completeness.rebuild(Period.objects.filter(year=one_year))  # the reports written are counted
        if not year:
            raise CommandError("give --year")
