"""The computers of the facts derived from the party dues records (declared in guifan/standards/computers.py,
"party dues records"; GUAR-N-01): the year's dues paid by an organisation's subtree and the dues returned to it.

An organisation keeps dues records for the year when a member of its subtree has a monthly amount set for it
(guifan.dues). One that keeps none is judged on the figure it typed in its yearly report (`typed`, a reported fact
of the pack), and without one is unknown (None), never a pass. Read in bulk once per derivation.
The dues app keeps money as Decimal; the fact's value is the engine's number (a float of the cent-exact sum).
"""

from __future__ import annotations

from decimal import Decimal

from guifan.dues import selectors as dues
from guifan.facts.typed_figures import load_typed, typed_codes
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


def _load_typed(d) -> dict:
    return load_typed(d, typed_codes(d.pack, d.facts.values(), "dues"))


def _typed(d, org, typed: str | None):
    """The organisation's own typed figure for the year, when the fact names one; None without."""
    if not typed:
        return None
    return d.loaded("typed_dues", _load_typed).get((org["pk"], typed), {}).get(1)


def _subtree(d, pk: int):
    stack = [pk]
    while stack:
        here = stack.pop()
        yield here
        stack.extend(d.reg.org_children.get(here, ()))


@implementation("dues_paid")
def dues_paid(d, org, unit, fact, typed=None):
    if org is None:
        return None
    records = _records(d)
    pks = list(_subtree(d, org["pk"]))
    if not any(pk in records.keeping for pk in pks):
        return _typed(d, org, typed)
    return float(sum((records.paid.get(pk, Decimal(0)) for pk in pks), Decimal(0)))


@implementation("dues_returned")
def dues_returned(d, org, unit, fact, typed=None):
    if org is None:
        return None
    records = _records(d)
    pks = list(_subtree(d, org["pk"]))
    if not any(pk in records.keeping for pk in pks):
        return _typed(d, org, typed)
    return float(sum((records.returned.get(pk, Decimal(0)) for pk in pks), Decimal(0)))
