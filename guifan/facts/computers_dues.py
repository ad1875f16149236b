"""The computers of the facts derived from the party dues records (declared in guifan/standards/computers.py,
"party dues records"; GUAR-N-01): the year's dues paid by an organisation's subtree and the dues returned to it.

An organisation keeps dues records for the year when a member of its subtree has a monthly amount set for it
(guifan.dues); one that keeps none is unknown (None), never a pass. Read in bulk once per derivation.
The dues app keeps money as Decimal; the fact's value is the engine's number (a float of the cent-exact sum).
"""

from __future__ import annotations

from decimal import Decimal

from guifan.dues import selectors as dues
from guifan.standards.computers import COMPUTERS

implementation = COMPUTERS.implementation


class DuesRecords:
    def __init__(self, d):
        only = d.only  # a region's derivation reads the year's grouped sums of all (a few thousand rows)
        self.keeping = dues.keeping(d.period.year, only)
        self.paid = dues.paid_by_organisation(d.period.year, only)
        self.returned = dues.returned_by_organisation(d.period.year, only)


def _records(d) -> DuesRecords:
    return d.loaded("dues", DuesRecords)


def _subtree(d, pk: int):
    stack = [pk]
    while stack:
        here = stack.pop()
        yield here
        stack.extend(d.reg.org_children.get(here, ()))


@implementation("dues_paid")
def dues_paid(d, org, unit, fact):
    if org is None:
        return None
    records = _records(d)
    pks = list(_subtree(d, org["pk"]))
    if not any(pk in records.keeping for pk in pks):
        return None
    return float(sum((records.paid.get(pk, Decimal(0)) for pk in pks), Decimal(0)))


@implementation("dues_returned")
def dues_returned(d, org, unit, fact):
    if org is None:
        return None
    records = _records(d)
    pks = list(_subtree(d, org["pk"]))
    if not any(pk in records.keeping for pk in pks):
        return None
    return float(sum((records.returned.get(pk, Decimal(0)) for pk in pks), Decimal(0)))
