"""`guifan derive_facts --year 2018`: the facts the register gives, written into every organisation's report."""

import time

from django.core.management.base import BaseCommand, CommandError

from guifan.facts.derived import derive_facts
from guifan.facts.models import Period
from guifan.facts.periods import open_periods
from guifan.members import rollups
from guifan.standards.models import PackVersion
from guifan.standards.selectors import pack_for_year, pack_version


class Command(BaseCommand):
    help = "Compute the derived facts (register, members, regions) of a year for every active organisation."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--pack", help="stored pack ID or ID@VERSION (default: the one in effect that year)")

    def handle(self, *args, year, pack=None, **options):
        try:
            stored = pack_version(pack) if pack else pack_for_year(year)
        except PackVersion.DoesNotExist as exc:
            raise CommandError(f"{exc}; load one with `guifan pack load FILE`") from None
        open_periods(stored.pack())
        started = time.perf_counter()
        result = derive_facts(stored.pack(), Period.yearly(year))
        self.stdout.write(
            f"{stored} {year}: {result['facts']} derivable facts for {result['organisations']:,} organisations "
            f"({result['created']:,} reports created, {result['updated']:,} updated) in "
            f"{time.perf_counter() - started:.2f} s")
        rollups.rebuild()  # the register's breaches are judged with the pack of each year
        if result["not_computed"]:
            self.stdout.write("not computed yet: " + ", ".join(result["not_computed"]))
