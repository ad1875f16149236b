"""The typed figures a derived fact falls back on (`typed`, a reported fact named in the fact's `derived_from`
params) when the organisation keeps no records of its own for the year: read in bulk from the year's reports, one
query per report frequency, each value read as text by the database (JSON stores true/false, 1, 2.0)."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import F, TextField
from django.db.models.fields.json import KT
from django.db.models.functions import Cast

from guifan.facts.models import FactReport

TRUE_TEXTS = {"true", "1", "1.0"}
FALSE_TEXTS = {"false", "0", "0.0"}


def typed_codes(pack, facts, source: str) -> dict[str, list[str]]:
    """{report frequency: codes} of the typed figures the facts of `facts` derived from `source` fall back on."""
    found: dict[str, set] = defaultdict(set)
    for fact in facts:
        derived = fact.derived_from or {}
        typed = (derived.get("params") or {}).get("typed")
        if derived.get("source") == source and typed in pack.facts:
            found[pack.facts[typed].frequency].add(typed)
    return {frequency: sorted(codes) for frequency, codes in found.items()}


def typed_fallback_facts(pack, source: str) -> set[str]:
    """Every reported fact the pack's facts derived from `source` fall back on."""
    return {code for codes in typed_codes(pack, pack.facts.values(), source).values() for code in codes}


def as_number(text):
    """A typed value as the database reads it back as text, as the engine's number (yes = 1, no = 0), or None."""
    if text is None:
        return None
    text = str(text).strip().lower()
    if text in TRUE_TEXTS or text in FALSE_TEXTS:
        return 1.0 if text in TRUE_TEXTS else 0.0
    try:
        return float(text)
    except ValueError:
        return None


def load_typed(d, codes_by_frequency: dict[str, list[str]]) -> dict:
    """{(organisation id, code): {period number: value}} of the derivation's year's reports (1 for the year)."""
    typed: dict = defaultdict(dict)
    for frequency, codes in codes_by_frequency.items():
        reports = FactReport.objects.filter(period__year=d.period.year, period__kind=frequency)
        if d.only is not None:
            reports = reports.filter(organisation_id__in=d.only)
        elif d.region_path is not None:
            reports = reports.filter(organisation__region__path__startswith=d.region_path)
        fields = {f"fact_{i}": Cast(KT(f"values__{code}"), TextField()) for i, code in enumerate(codes)}
        rows = reports.order_by().annotate(org=F("organisation_id"), number_=F("period__number"), **fields)
        for org_id, number, *values in rows.values_list("org", "number_", *fields):
            for code, text in zip(codes, values, strict=True):
                value = as_number(text)
                if value is not None:
                    typed[(org_id, code)][number or 1] = value
    return typed
