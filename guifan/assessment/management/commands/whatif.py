"""`guifan whatif --year 2018 --set R-TEAM-secretary-training.threshold=60 [--set ID.check="..."] [--save]`."""

from django.core.management.base import BaseCommand, CommandError

from guifan.assessment.actions import default_pack_version, run_assessment
from guifan.assessment.frame import build_frame
from guifan.assessment.whatif import OverrideError, compare, overrides_from

LISTED = 20


class Command(BaseCommand):
    help = ("Judge a year's figures against a changed standard and print which verdicts change, per county. "
            "Nothing official changes; --save stores the changed run as not official.")

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--set", dest="assignments", action="append", required=True, metavar="ID.KEY=VALUE",
                            help="CRITERION_ID.threshold=NUMBER or CRITERION_ID.check=EXPRESSION (repeatable)")
        parser.add_argument("--approved-only", action="store_true")
        parser.add_argument("--pack", help="stored pack id (default: the pack in effect that year)")
        parser.add_argument("--save", action="store_true", help="store the changed run (official=False)")

    def handle(self, *args, year, assignments, approved_only, pack, save, **options):
        version = default_pack_version(year, pack)
        try:
            overrides = overrides_from(assignments)
            result = compare(version.pack(), build_frame(version.pack(), year, approved_only=approved_only),
                             overrides)
        except OverrideError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"what-if on {year}, pack {version}: {overrides}")
        self.stdout.write(f"{len(result.changes):,} verdicts change; {result.stars_changed:,} organisations change "
                          "star level")
        self.stdout.write(f"{'county':<8} {'judged':>7} {'changed':>8} {'to pass':>8} {'to fail':>8} {'stars':>6}")
        for c in result.counties:
            self.stdout.write(f"{c['code']:<8} {c['judged']:>7,} {c['changed']:>8,} {c['to_pass']:>8,} "
                              f"{c['to_fail']:>8,} {c['stars_changed']:>6,}")
        for r in result.regions:
            self.stdout.write(f"region {r['level']} {r['code']} {r['criterion']}: {r['verdict']} → "
                              f"{r['verdict_after']} (actual {r['actual']})")
        for ch in result.changes[:LISTED]:
            self.stdout.write(f"  {ch['id']:<12} {ch['county']} {ch['criterion']}: {ch['before']} → {ch['after']} "
                              f"(actual {ch['actual']}, stars {ch['stars_before']} → {ch['stars_after']})")
        if len(result.changes) > LISTED:
            self.stdout.write(f"  … and {len(result.changes) - LISTED:,} more")
        if save:
            run = run_assessment(year, pack_version=version, approved_only=approved_only, overrides=overrides,
                                 official=False)
            self.stdout.write(f"stored as run {run.pk} (not official)")
