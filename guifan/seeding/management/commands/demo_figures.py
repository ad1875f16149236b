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
        missing = [y for y in YEARS if not FactReport.objects.filter(period__year=y).exists()]
        if missing:
            call_command("seed_facts", *[f"--year={y}" for y in missing], stdout=self.stdout)
        for year in YEARS:
            if AssessmentRun.objects.filter(year=year, official=True).exists():
                continue
            started = time.perf_counter()
            run = run_assessment(year)
            self.stdout.write(f"assessed {year}: run {run.pk}, {time.perf_counter() - started:.1f} s")
