"""`guifan bench assess --orgs 100000`: the Polars engine against the plain evaluator on the same random input.
`guifan bench import-facts`: the city's figures template, every reported fact filled in, imported in one go."""

import time

from django.core.management.base import BaseCommand, CommandError

from guifan.assessment.engine import plain, vectorised
from guifan.assessment.engine.synthetic import synthetic_frame
from guifan.standards.pack import load_pack


class Command(BaseCommand):
    help = "Benchmarks that print figures. assess: vectorised vs naive per-organisation evaluation of a pack."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="bench", required=True)
        assess = sub.add_parser("assess", help="time the whole pack over N random organisations")
        assess.add_argument("--orgs", type=int, default=100_000)
        assess.add_argument("--pack", default="guilin-2018")
        assess.add_argument("--naive-orgs", type=int, default=None,
                            help="run the naive evaluator on the first K organisations only and scale its time up")
        assess.add_argument("--seed", type=int, default=1)
        facts = sub.add_parser("import-facts", help="import one workbook with every fact of every organisation")
        facts.add_argument("--year", type=int, default=2018)
        facts.add_argument("--region", default=None, help="region code (default: the top region, the city)")
        facts.add_argument("--seed", type=int, default=1)
        facts.add_argument("--keep", action="store_true", help="keep the imported figures (default: roll back)")

    def handle(self, *args, bench, **options):
        if bench == "import-facts":
            from guifan.facts.actions import FactError
            from guifan.reporting.excel.bench import run

            try:
                return run(self.stdout.write, year=options["year"], region_code=options["region"],
                           seed=options["seed"], keep=options["keep"])
            except FactError as exc:
                raise CommandError(str(exc)) from exc
        pack = load_pack(options["pack"])
        n = options["orgs"]
        started = time.perf_counter()
        frame = synthetic_frame(pack, n, seed=options["seed"])
        self.stdout.write(f"input: {n:,} organisations × {len(pack.facts)} facts built in "
                          f"{time.perf_counter() - started:.2f} s; pack {pack.id} {pack.version}: "
                          f"{len(pack.organisation_criteria)} organisation + {len(pack.rollup_criteria)} "
                          "roll-up criteria")
        started = time.perf_counter()
        vectorised.assess(pack, frame.head(1000))
        self.stdout.write(f"polars warm-up on 1,000 organisations (thread pool, plan caches): "
                          f"{time.perf_counter() - started:.3f} s")
        timings = []
        for _ in range(3):
            started = time.perf_counter()
            result = vectorised.assess(pack, frame)
            timings.append(time.perf_counter() - started)
        fast = min(timings)
        runs = ", ".join(f"{t:.3f}" for t in timings)
        self.stdout.write(f"polars: {fast:.3f} s best of 3 (runs {runs} s; {result.organisations.height:,} "
                          f"organisations, {result.regions.height:,} region verdicts)")
        k = min(options["naive_orgs"] or n, n)
        rows = frame.head(k).to_dicts()
        started = time.perf_counter()
        org_results = [plain.assess_organisation(pack, row) for row in rows]
        plain.assess_regions(pack, rows, org_results)
        naive = (time.perf_counter() - started) * (n / k)
        scaled = "" if k == n else f" (measured on {k:,}, scaled to {n:,})"
        self.stdout.write(f"naive:  {naive:.3f} s{scaled}")
        self.stdout.write(f"ratio:  {naive / fast:.1f}× faster")
