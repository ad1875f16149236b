"""`guifan seed_programmes`: the sample city's ratings and floating funding (guifan.seeding.programmes) and its
official documents of the living year (guifan.seeding.documents)."""

import time

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from guifan.seeding import programmes
from guifan.seeding.documents import seed_documents
from guifan.seeding.expansion import seed_expansion
from guifan.seeding.model_sites import seed_model_sites

YEARS = (2017, 2018)
LIVING_YEAR = 2018


class Command(BaseCommand):
    @property
    def help(self):
        return _("Rate the sample years step by step, nominate and publish their model sites and compute their "
                 "floating funding, when not done yet.")

    def handle(self, *args, **options):
        for year in YEARS:
            started = time.perf_counter()
            done = programmes.rate_year(year, complete=year != LIVING_YEAR)
            sites = seed_model_sites(year)  # before the funding: the published sites get its extra
            if sites["nominated"]:
                self.stdout.write(_("%(year)s model sites: %(nominated)s nominated, %(reviewed)s reviewed, "
                                    "%(selected)s selected, %(published)s published.") % {"year": year, **sites})
            run = programmes.fund_year(year)
            self.stdout.write(_("%(year)s: %(steps)s rating steps; funding %(funding)s, in %(t).1f s.") % {
                "year": year, "steps": done["steps"],
                "funding": f"{run.total:,.2f}" if run else _("already computed or no assessment"),
                "t": time.perf_counter() - started})
        laid = seed_expansion()
        if laid["found"]:
            self.stdout.write(_("Expansion list: %(found)s gaps found, %(fixed)s fixed and closed, %(open)s open, "
                                "%(overdue)s overdue.") % laid)
        started = time.perf_counter()
        laid = seed_documents(LIVING_YEAR)
        self.stdout.write(_("%(year)s: %(n)s official documents, in %(t).1f s.") % {
            "year": LIVING_YEAR, "n": laid["documents"], "t": time.perf_counter() - started})
        if laid["without_pdf"]:
            self.stdout.write(_("The documents were issued without their PDF: %(reason)s")
                              % {"reason": laid["without_pdf"]})
