"""`guifan bench dues`: the party dues of the sample city (GUAR-N-01): the time to compute a year's monthly amounts
for every member (guifan.dues.actions.compute_year, from the declarations of the year before, recomputed by the
pack's bands) and to record one month's payments for the whole city in bulk (record_month_for_all), then the arrears
of a branch. Rolled back unless --keep."""

from __future__ import annotations

import datetime as dt
import time

from django.db import connection, transaction

from guifan.dues import actions, selectors
from guifan.dues.models import DuesAssessment
from guifan.members.models import Member
from guifan.seeding import dues as sample
from guifan.standards.selectors import ensure_shipped_pack_loaded


class Rollback(Exception):
    pass


def run(write, *, year: int, seed: int, keep: bool) -> None:
    members = Member.objects.count()
    write(f"database: {connection.vendor}; {members:,} members")
    if not members:
        write("the register is empty: run `guifan seed --scale city` first")
        return
    rules = ensure_shipped_pack_loaded().pack().dues
    try:
        with transaction.atomic():
            started = time.perf_counter()
            counts = sample.write_year(year - 1, rules, seed=seed)
            write(f"sample declarations and payments of {year - 1}: {counts['assessments']:,} amounts, "
                  f"{counts['payments']:,} months paid in {time.perf_counter() - started:.1f} s (set-up, not timed)")
            DuesAssessment.objects.filter(year=year).delete()
            started = time.perf_counter()
            result = actions.compute_year(year, rules)
            write(f"compute_year({year}): {result['set']:,} members' monthly amounts "
                  f"({result['without_income']:,} without a declared income) in {time.perf_counter() - started:.2f} s")
            started = time.perf_counter()
            n = actions.record_month_for_all(year, 1, rules, paid_on=dt.date(year, 1, 31))
            write(f"record_month_for_all({year}-01): {n:,} payments in {time.perf_counter() - started:.2f} s")
            started = time.perf_counter()
            org = DuesAssessment.objects.filter(year=year).values_list("organisation_id", flat=True).first()
            if org is not None:
                rows = selectors.arrears(Member.objects.filter(organisation_id=org), year - 1, 12, rules)
                write(f"arrears of one branch ({len(rows)} rows) in {time.perf_counter() - started:.3f} s")
            if not keep:
                raise Rollback
    except Rollback:
        write("rolled back (--keep keeps the records)")
