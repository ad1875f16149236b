"""guifan points --year Y [--organisation ID ...]: earns the year's automatic member points from the records and
recomputes the totals, ranks, levels and uses (guifan.points.actions.compute_year; idempotent)."""

import time

from django.core.management.base import BaseCommand, CommandError

from guifan.orgs.models import Organisation
from guifan.points.actions import PointsError, compute_year


class Command(BaseCommand):
    help = "Compute the member points of a year from the records (M08)."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--organisation", type=int, action="append",
                            help="an organisation id whose members only are computed (repeatable)")

    def handle(self, *args, year, organisation=None, **options):
        organisations = None
        if organisation:
            organisations = list(Organisation.objects.filter(pk__in=organisation))
            if len(organisations) != len(set(organisation)):
                raise CommandError("unknown organisation id")
        started = time.perf_counter()
        try:
            counts = compute_year(year, organisations=organisations)
        except PointsError as exc:
            raise CommandError(str(exc)) from exc
        seconds = time.perf_counter() - started
        self.stdout.write(" ".join(f"{k}={v}" for k, v in counts.items()) + f" seconds={seconds:.1f}")
