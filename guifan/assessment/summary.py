"""The text summary of a stored run, as `guifan assess` and `guifan whatif --save` print it."""

from __future__ import annotations

from guifan.assessment.selectors import pack_of


def _rate(passed: int, judged: int) -> str:
    return f"{passed / judged:6.1%} ({passed:,}/{judged:,})" if judged else "     — (0/0)"


def summary_lines(run) -> list[str]:
    pack = pack_of(run.pack_version)
    counts = run.counts
    lines = [
        f"run {run.pk}: year {run.year}, pack {run.pack_version}, input {run.input_hash[:12]}…, "
        f"{'official' if run.official else 'what-if (not official)'}",
        f"organisations judged: {counts['organisations']:,} (frame rows {counts.get('frame_rows', 0):,}, "
        f"regions {counts['regions']:,})",
        "pass rate per pillar (criteria passed / criteria judged):",
    ]
    for pillar, spec in pack.pillars.items():
        passed, judged = counts["pillars"].get(pillar, (0, 0))
        lines.append(f"  {pillar:<5} {spec['title']['zh']:<6} {_rate(passed, judged)}")
    lines.append("stars: " + "  ".join(f"{b['stars']}★ {counts['stars'].get(str(b['stars']), 0):,}"
                                       for b in pack.star_bands))
    lines.append(f"rectification candidates (≤ {pack.rectification['max_stars']}★): {counts['rectification']:,}")
    stages = "  ".join(f"{stage} {seconds:.2f} s" for stage, seconds in run.timings.items())
    lines.append(f"time: {stages}  total {sum(run.timings.values()):.2f} s")
    return lines
