"""`guifan bench assess --orgs 100000`: the Polars engine against the plain evaluator on the same random input."""

import time

from guifan.assessment.engine import plain, vectorised
from guifan.assessment.engine.synthetic import synthetic_frame
from guifan.standards.pack import load_pack


def run(write, *, orgs: int, pack: str, naive_orgs: int | None, seed: int) -> None:
    pack = load_pack(pack)
    n = orgs
    started = time.perf_counter()
    frame = synthetic_frame(pack, n, seed=seed)
    write(f"input: {n:,} organisations × {len(pack.facts)} facts built in "
          f"{time.perf_counter() - started:.2f} s; pack {pack.id} {pack.version}: "
          f"{len(pack.organisation_criteria)} organisation + {len(pack.rollup_criteria)} "
          "roll-up criteria")
    started = time.perf_counter()
    vectorised.assess(pack, frame.head(1000))
    write(f"polars warm-up on 1,000 organisations (thread pool, plan caches): "
          f"{time.perf_counter() - started:.3f} s")
    timings = []
    for _ in range(3):
        started = time.perf_counter()
        result = vectorised.assess(pack, frame)
        timings.append(time.perf_counter() - started)
    fast = min(timings)
    runs = ", ".join(f"{t:.3f}" for t in timings)
    write(f"polars: {fast:.3f} s best of 3 (runs {runs} s; {result.organisations.height:,} "
          f"organisations, {result.regions.height:,} region verdicts)")
    k = min(naive_orgs or n, n)
    rows = frame.head(k).to_dicts()
    started = time.perf_counter()
    org_results = [plain.assess_organisation(pack, row) for row in rows]
    plain.assess_regions(pack, rows, org_results)
    naive = (time.perf_counter() - started) * (n / k)
    scaled = "" if k == n else f" (measured on {k:,}, scaled to {n:,})"
    write(f"naive:  {naive:.3f} s{scaled}")
    write(f"ratio:  {naive / fast:.1f}× faster")
