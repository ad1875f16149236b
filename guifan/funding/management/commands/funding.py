"""`guifan funding --year 2018 --format json|xlsx [--output F] [--store]`: the year's floating funding over the
whole city from the stored results (the published rating, else the official assessment), as JSON or the budget
workbook; --store also keeps it as the year's official funding. Prints the time taken (to stderr)."""

import json
import sys
import time

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from guifan.funding import actions, export, workbook
from guifan.funding.calculation import calculate


class Command(BaseCommand):
    @property
    def help(self):
        return _("Compute a year's floating funding over the city and write it as JSON or as the budget workbook.")

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--format", choices=("json", "xlsx"), default="json")
        parser.add_argument("--output", help=_("The file to write (JSON to standard output when omitted)."))
        parser.add_argument("--store", action="store_true", help=_("Also store it as the year's official funding."))

    def handle(self, *args, year, format, output=None, store=False, **options):
        started = time.perf_counter()
        try:
            calc = calculate(year)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        computed = time.perf_counter() - started
        if format == "xlsx":
            if not output:
                raise CommandError(_("Give --output for a workbook."))
            orgs, regions = export.calculation_rows(calc)
            workbook.write(output, calc.rules, year, orgs, regions, "zh")
        else:
            text = json.dumps(export.as_json(calc), ensure_ascii=False, indent=1)
            if output:
                with open(output, "w", encoding="utf-8") as handle:
                    handle.write(text)
            else:
                self.stdout.write(text)
        written = time.perf_counter() - started
        if store:
            run = actions.compute_funding(year)
            sys.stderr.write(_("Stored as funding run %(run)s in %(t).2f s.\n") % {"run": run.pk, "t": run.seconds})
        total = f"{calc.funded()['total'].sum() / 100:,.2f}"
        sys.stderr.write(_("%(n)s organisations funded, %(total)s yuan; computed in %(c).2f s, written in %(w).2f s "
                           "in all.\n") % {"n": calc.funded().height, "total": total, "c": computed, "w": written})
