"""`guifan bench activities`: a year of the sample city's meetings and training written in bulk, then the time to
derive every fact of the year (guifan.facts.derived.derive_facts, with the meeting and training computers) and to
compute every member's points (guifan.points.actions.compute_year). Rolled back unless --keep."""

from __future__ import annotations

import datetime as dt
import time

from django.db import connection, transaction

from guifan.facts.derived import derive_facts
from guifan.facts.models import Period
from guifan.members.models import Member
from guifan.orgs.models import Organisation
from guifan.seeding import activities
from guifan.seeding.bench_pages.table import table
from guifan.standards.selectors import ensure_shipped_pack_loaded


class Rollback(Exception):
    pass


def run(write, *, year: int, seed: int, copies: int, keep: bool) -> None:
    orgs = Organisation.objects.count()
    members = Member.objects.count()
    by_kind = {}
    for kind in Organisation.objects.values_list("kind", flat=True):
        by_kind[kind] = by_kind.get(kind, 0) + 1
    write(f"database: {connection.vendor}; the sample city: {orgs:,} organisations "
          f"({', '.join(f'{k} {n:,}' for k, n in sorted(by_kind.items()))}), {members:,} members")
    if not orgs:
        write("the register is empty: run `guifan seed --scale city` first")
        return
    pack = ensure_shipped_pack_loaded().pack()
    try:
        with transaction.atomic():
            _measure(write, pack, year, seed, copies)
            if not keep:
                raise Rollback
    except Rollback:
        write("rolled back (--keep keeps the records)")


def _measure(write, pack, year: int, seed: int, copies: int) -> None:
    started = time.perf_counter()
    cleared = activities.clear(year)
    write(f"cleared the sample's {year} records in {time.perf_counter() - started:.1f} s "
          f"({sum(cleared.values()):,} rows)")
    started = time.perf_counter()
    until = dt.date(year, 12, 31)
    written = activities.Written(until=until)
    reg = activities.Register(year)
    loaded = time.perf_counter()
    with activities.indexes_after((activities.Meeting, activities.Attendance, activities.Appraisal,
                                   activities.Enrolment)):
        for copy in range(copies):  # another draw of the year's meetings: more meetings per organisation
            activities.write_meetings(reg, year, until, seed + copy, written)
        activities.write_training(reg, year, until, seed, written)
    activities.reset_sequences()
    generated = time.perf_counter()
    activities.bulk.analyze(activities.Meeting, activities.Attendance, activities.Appraisal,
                            activities.TrainingClass, activities.Enrolment, activities.Exam, activities.Paper)
    analyzed = time.perf_counter()
    writing = sum(written.seconds.values())
    rows = [[label, f"{n:,}", f"{written.seconds[label]:.1f}",
             f"{n / written.seconds[label]:,.0f}" if written.seconds[label] else "-"]
            for label, n in written.rows.items()]
    rows.append(["total", f"{sum(written.rows.values()):,}", f"{writing:.1f}", ""])
    how = "COPY" if connection.vendor == "postgresql" else "executemany"
    write(f"{year} written ({how}), {copies} draw(s) of the meetings:")
    for line in table(["table", "rows", "s writing", "rows/s"], rows, right=(1, 2, 3)):
        write("  " + line)
    write(f"reading the register {loaded - started:.1f} s; generating and writing {generated - loaded:.1f} s "
          f"(of which writing {writing:.1f} s); ANALYZE {analyzed - generated:.1f} s")
    started = time.perf_counter()
    derived = derive_facts(pack, Period.yearly(year))
    derive = time.perf_counter() - started
    write(f"derive_facts({pack.id}, {year}): {derive:.1f} s ({derived})")
    try:
        from guifan.points.actions import compute_year
    except ImportError:
        write("points: not available on this branch (guifan.points.actions.compute_year)")
        points = None
    else:
        started = time.perf_counter()
        result = compute_year(year)
        points = time.perf_counter() - started
        write(f"compute_year({year}): {points:.1f} s ({result})")
    total = derive + (points or 0.0)
    write(f"facts and points: {total:.1f} s (target: under 30 s on PostgreSQL)")
