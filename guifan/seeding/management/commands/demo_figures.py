"""`guifan demo_figures`: the demo's figures and verdicts — the pack loaded, 2017 figures closed (approved up to the
city), 2018 figures in their reporting season (the living year, guifan.seeding.living), one assessment per year.
Idempotent: each step runs only when its result is missing, so `make demo` can be run again."""

import io
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from guifan.assessment.actions import run_assessment
from guifan.assessment.models import AssessmentRun
from guifan.facts.models import FactReport, Period
from guifan.seeding import living
from guifan.seeding.figures import seed_figures
from guifan.seeding.management.commands.seed_facts import described
from guifan.seeding.rectification import seed_rectification
from guifan.standards.selectors import ensure_shipped_pack_loaded

YEARS = (2017, 2018)
LIVING_YEAR = 2018


class Command(BaseCommand):
    @property
    def help(self):
        return _("Load the shipped pack, sample figures for 2017 (closed) and 2018 (in its reporting season) and "
                 "assess both years, when not done yet.")

    def handle(self, *args, **options):
        stored = ensure_shipped_pack_loaded()
        self.stdout.write(_("Standard pack: %(title)s (version %(version)s)")
                          % {"title": stored.title_zh, "version": stored.version})
        pack = stored.pack()
        for year in YEARS:  # in order: a year's derived figures read the verdicts of the year before
            derived = False
            if not FactReport.objects.filter(period__year=year).exists():
                started = time.perf_counter()
                if year == LIVING_YEAR:
                    living.set_season(year)  # before the facts are derived: the periods still open are not judged
                result = seed_figures(pack, year)  # derives the register's facts first
                self.stdout.write(described(year, result, time.perf_counter() - started))
                derived = True
                started = time.perf_counter()
                laid = living.live(pack, year, closed=year != LIVING_YEAR)  # and counts the reports
                self.stdout.write(_("%(year)s: %(reports)s reports in their states, %(events)s workflow steps, in "
                                    "%(t).1f s.") % {"year": year, "reports": f"{laid['reports']:,}",
                                                     "events": f"{laid['events']:,}",
                                                     "t": time.perf_counter() - started})
            if AssessmentRun.objects.filter(year=year, official=True).exists():
                continue
            started = time.perf_counter()
            if not derived:
                call_command("derive_facts", f"--year={year}", f"--pack={stored.pack_id}@{stored.version}",
                             stdout=io.StringIO())
            self.stdout.write(_("Assessing %(year)s…") % {"year": year})
            run = run_assessment(year)
            self.stdout.write(_("Assessed %(year)s (run %(run)s) in %(t).1f s.")
                              % {"year": year, "run": run.pk, "t": time.perf_counter() - started})
        laid = seed_rectification(LIVING_YEAR)
        if laid["proposed"]:
            self.stdout.write(_("%(year)s weak and lax list: %(proposed)s proposed, %(confirmed)s confirmed, "
                                "%(closed)s tasks closed with evidence.") % {"year": LIVING_YEAR, **laid})
        self.write_planted(stored.pack())

    def write_planted(self, pack):
        found = living.rule_failures(pack, Period.yearly(LIVING_YEAR))
        self.stdout.write(_("Validation failures left on purpose in %(year)s (drafts: submitting them is refused "
                            "until they are corrected): %(n)s") % {"year": LIVING_YEAR, "n": len(found)})
        for failure in found:
            self.stdout.write(f"  {failure.organisation}：{failure.message}")
