"""`guifan demo_figures`: the demo's figures and verdicts — the pack loaded, 2017 and 2018 figures, one assessment
per year. Idempotent: each step runs only when its result is missing, so `make demo` can be run again."""

import time

from django.core.management import call_command
from django.core.management.base import BaseCommand

from guifan.assessment.actions import run_assessment
from guifan.assessment.models import AssessmentRun
from guifan.facts.models import FactReport
from guifan.standards.selectors import ensure_shipped_pack_loaded

YEARS = (2017, 2018)


class Command(BaseCommand):
    help = "Load the shipped pack, sample figures for 2017 and 2018 and assess both years, when not done yet."

    def handle(self, *args, **options):
        stored = ensure_shipped_pack_loaded()
        self.stdout.write(f"pack {stored}")
        for year in YEARS:  # in order: a year's derived figures read the verdicts of the year before
            if not FactReport.objects.filter(period__year=year).exists():
                call_command("seed_facts", f"--year={year}", stdout=self.stdout)
            if AssessmentRun.objects.filter(year=year, official=True).exists():
                continue
            started = time.perf_counter()
            call_command("derive_facts", f"--year={year}", f"--pack={stored.pack_id}@{stored.version}",
                         stdout=self.stdout)
            run = run_assessment(year)
            self.stdout.write(f"assessed {year}: run {run.pk}, {time.perf_counter() - started:.1f} s")
