"""Loads the divisions shipped with the package (data/), idempotently."""

import csv
import datetime as dt
from pathlib import Path

from django.db import transaction

from guifan.core import audit
from guifan.core.models import ChangeLog

from .models import Region

DATA = Path(__file__).parent / "data"


def _rows(name):
    with open(DATA / name, encoding="utf-8") as fh:
        yield from csv.DictReader(fh)


@transaction.atomic
def load_divisions(*, user=None) -> int:
    """Create or update every division; returns how many exist afterwards. A load that creates or changes divisions
    writes one change-log entry on the top division (source "divisions") naming them with what changed; loading the
    same files again logs nothing."""
    by_code = {r.code: r for r in Region.objects.all()}
    before = {code: audit.snapshot(r) for code, r in by_code.items()}
    rows = list(_rows("guilin-divisions.csv"))
    history = list(_rows("region-history.csv"))
    for row in rows + history:  # parents precede children in both files
        region = by_code.get(row["code"]) or Region(code=row["code"])
        region.name = row["name"]
        region.level = row["level"]
        region.parent = by_code.get(row["parent_code"])
        if row.get("valid_from"):
            region.valid_from = dt.date.fromisoformat(row["valid_from"])
        if row.get("valid_to"):
            region.valid_to = dt.date.fromisoformat(row["valid_to"])
        region.save()
        by_code[region.code] = region
    for row in history:
        if row.get("successor_code"):
            region = by_code[row["code"]]
            region.successor = by_code[row["successor_code"]]
            region.save(update_fields=["successor"])
    successor_of = {row["successor_code"]: row for row in history if row.get("successor_code")}
    for code, row in successor_of.items():
        if code in by_code and by_code[code].valid_from is None:
            by_code[code].valid_from = dt.date.fromisoformat(row["valid_to"]) + dt.timedelta(days=1)
            by_code[code].save(update_fields=["valid_from"])
    created = sorted(code for code in by_code if code not in before)
    changed = {}
    for code, was in before.items():
        now = audit.snapshot(by_code[code])
        diff = {k: [was.get(k), now[k]] for k in now if was.get(k) != now[k]}
        if diff:
            changed[code] = diff
    if created or changed:
        top = min(by_code.values(), key=lambda r: (r.depth, r.code))
        action = ChangeLog.Action.CREATE if not before else ChangeLog.Action.UPDATE
        audit.entry(top, action, user, after={"created": created, "changed": changed}, source="divisions").save()
    return Region.objects.count()
