"""The sample city's party dues for a year (GUAR-N-01, guifan.dues): each active member's category and declared
income drawn (retired members a pension, rural members farmers, a few students or unemployed, the others employed),
the monthly amount by the pack's bands, the months paid up to `until` with planted arrears (some members stop paying,
a few six months or more: flagged for their branch), and the dues returned to the two-new organisations (most in
full, some short: the GUAR-N-01 criterion fails there). Written in bulk; incomes encrypted (one ciphertext per
distinct sample value: the sample's incomes are drawn from a short list).
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from decimal import Decimal

import polars as pl

from guifan.core import bulk, crypto
from guifan.dues.actions import ACTIVE, default_category
from guifan.dues.models import DuesAssessment, DuesPayment, DuesReturn
from guifan.members.models import Member
from guifan.seeding.sample_figures import params


def _params() -> dict:
    """The `dues:` section of data/sample-figures.yaml, amounts as Decimal."""
    found = dict(params()["dues"])
    for key in ("incomes", "pensions", "farmer_amounts"):
        found[key] = [Decimal(v) for v in found[key]]
    found["short_return_ratio"] = Decimal(found["short_return_ratio"])
    return found


def clear(year: int) -> None:
    DuesPayment.objects.filter(year=year).delete()
    DuesReturn.objects.filter(year=year).delete()
    DuesAssessment.objects.filter(year=year).delete()


def write_year(year: int, rules, *, seed: int = 1, until: dt.date | None = None) -> dict:
    """Writes the year's dues of every active member; returns counts (assessments, payments, flagged, returns)."""
    rng = random.Random(f"dues-{year}-{seed}")
    until = until or dt.date(year, 12, 31)
    last_month = until.month if until.year == year else 12
    clear(year)
    p = _params()
    tokens = {v: crypto.encrypt(str(v)) for v in p["incomes"] + p["pensions"]}
    members = Member.objects.filter(status__in=ACTIVE).order_by("pk").values_list(
        "pk", "organisation_id", "organisation__domain", "retired")
    now = dt.datetime.now(dt.UTC)
    assess = defaultdict(list)
    pay = defaultdict(list)
    paid_by_org: dict[int, Decimal] = defaultdict(Decimal)
    flagged = 0
    for pk, org_id, domain, retired in members.iterator(chunk_size=20_000):
        category = default_category(rules, domain, retired)
        if category is None:
            continue
        income = None
        may_be_low = category not in ("farmer", "retired") and "low_income" in rules.categories
        if may_be_low and rng.random() < p["low_income_share"]:
            category = "low_income"
        if category == "retired":
            income = rng.choice(p["pensions"])
        elif category == "employed":
            income = rng.choice(p["incomes"])
        cat = rules.categories[category]
        amount = (rng.choice([a for a in p["farmer_amounts"] if rules.allows(category, None, a)] or [cat.fixed_min])
                  if cat.is_fixed else rules.monthly(category, income))
        for key, value in (("member", pk), ("organisation", org_id), ("year", year), ("category", category),
                           ("income_encrypted", tokens[income] if income is not None else ""),
                           ("monthly_amount", str(amount)), ("set_at", now)):
            assess[key].append(value)
        # arrears: some stop paying in one of the last nine months, a third of them long enough to be flagged
        stop = last_month + 1
        if rng.random() < p["stopping_share"]:
            stop = rng.randint(max(1, last_month - 8), last_month)
            flagged += (last_month - stop + 1) >= rules.arrears_months
        assess["months_paid"].append((1 << (stop - 1)) - 1)  # months 1 to stop - 1 paid
        for month in range(1, stop):
            for key, value in (("member", pk), ("organisation", org_id), ("year", year), ("month", month),
                               ("kind", DuesPayment.Kind.MONTHLY), ("amount", str(amount)),
                               ("paid_on", dt.date(year, month, p["paid_on_day"])), ("recorded_at", now)):
                pay[key].append(value)
            paid_by_org[org_id] += amount
    bulk.insert_frame(DuesAssessment, pl.DataFrame(dict(assess)))
    bulk.insert_frame(DuesPayment, pl.DataFrame(dict(pay)))
    returns = _write_returns(year, rng, paid_by_org, until, p)
    bulk.analyze(DuesAssessment, DuesPayment)
    return {"assessments": len(assess["member"]), "payments": len(pay["member"]), "flagged": flagged,
            "returns": returns}


def _write_returns(year: int, rng, paid_by_org: dict, until: dt.date, p: dict) -> int:
    """The dues returned to the two-new organisations (the whole subtree's dues are the root's: returned to the
    organisation whose members paid them), most in full, the others short."""
    from guifan.orgs.models import Organisation

    two_new = set(Organisation.objects.filter(pk__in=list(paid_by_org), domain="N").values_list("pk", flat=True))
    rows = []
    for org_id in sorted(two_new):
        paid = paid_by_org[org_id]
        returned = (paid if rng.random() < p["returned_in_full_share"]
                    else (paid * p["short_return_ratio"]).quantize(Decimal("0.01")))
        rows.append(DuesReturn(organisation_id=org_id, year=year, amount=returned, returned_on=until))
    DuesReturn.objects.bulk_create(rows, batch_size=2000)
    return len(rows)
