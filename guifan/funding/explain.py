"""One organisation's funding line by line, like the check-up report: each line's amount, how it was reached in
words (the level and its addition, the share of each payer…), the regulation quoted and, behind a toggle, its ids."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from . import engine
from .inputs import FROM_RATING, FROM_RUN


@dataclass
class Explained:
    code: str
    label: str
    amount: Decimal
    how: str
    quote: str
    spec: tuple
    added: bool = True
    payers: list = field(default_factory=list)  # [(payer label, Decimal)]


def _money(value: Decimal) -> str:
    return f"{value:,.2f}"


def _t(label: dict, lang: str) -> str:
    return label.get(lang) or label.get("zh") or ""


def stars_note(inputs: dict, star_labels: dict) -> str:
    level = star_labels.get(inputs.get("stars"), "")
    if inputs.get("stars_source") == FROM_RATING:
        return _("%(level)s, the published rating of the year.") % {"level": level}
    if inputs.get("stars_source") == FROM_RUN:
        return _("%(level)s, from the official assessment: no published rating yet.") % {"level": level}
    return _("No star level: the organisation was not judged in the official assessment.")


def _how(line, rules, inputs: dict, amount: Decimal, star_labels: dict, year: int) -> str:
    kind = line.kind
    if kind == "floor":
        floor = next(f for f in rules.floors if f.code == line.code)
        if not amount:
            return _("Not for this kind of unit.")
        if floor.per_person is not None:
            people = "、".join(f"{_t(p.get('label', {}), 'zh')}{p['count']}×{p['ratio']}" for p in floor.people)
            return _("The standard per person %(pay)s yuan × (%(people)s).") % {
                "pay": _money(floor.per_person), "people": people}
        return _("The floor of the region's standard.")
    if kind == "info":
        s = rules.secretary_pay
        return _("%(times)s × the county's rural per-capita disposable income of last year (%(income)s yuan); "
                 "deputies at least %(ratio)s of it. Part of the 90,000 yuan above, not added.") % {
            "times": s["times"], "income": _money(rules.rural_income(inputs.get("county_code"))),
            "ratio": s["deputy_ratio"]} if amount else _("Not for this kind of unit.")
    if kind == "stars":
        if not inputs.get("stars"):
            return stars_note(inputs, star_labels)
        return _("%(note)s Addition for this level: %(amount)s yuan.") % {
            "note": stars_note(inputs, star_labels), "amount": _money(amount)}
    if kind == "model_site":
        if inputs.get("model_site"):
            return (_("On the published model-site list of the year: %(amount)s yuan.") % {"amount": _money(amount)}
                    if amount else _("On the published model-site list of the year, but not a village or community: "
                                     "no extra."))
        return _("Not on the published model-site list of the year (%(amount)s yuan per model site in the "
                 "standard).") % {"amount": _money(rules.model_site)}
    if kind == "rectification":
        return (_("Under rectification in the official assessment: %(amount)s yuan.") % {"amount": _money(amount)}
                if inputs.get("rectification") else _("Not under rectification."))
    if kind == "increase":
        return _("%(rate)s a year since %(base)s on the lines above: %(years)s year(s).") % {
            "rate": f"{rules.yearly_increase * 100:.1f}%", "base": rules.base_year,
            "years": max(0, year - rules.base_year)}
    if line.code == "new_organisation":
        return (_("Newly and separately set up this year and working normally: %(amount)s yuan once.")
                % {"amount": _money(rules.new_organisation)} if amount
                else _("Not a newly and separately set-up two-new organisation working normally this year."))
    if line.code == "secretary_allowance":
        return _("%(n)s secretary × %(amount)s yuan.") % {"n": inputs.get("secretaries", 0),
                                                         "amount": _money(rules.per_secretary)}
    return _("%(n)s members × %(amount)s yuan.") % {"n": inputs.get("members", 0), "amount": _money(rules.per_member)}


def explain(rules, lines_fen: dict, inputs: dict, star_labels: dict, year: int, lang: str) -> list[Explained]:
    out = []
    for line in engine.lines(rules):
        amount = engine.yuan(lines_fen.get(line.code, 0))
        if line.kind == "two_new" and inputs.get("domain") != "N":
            continue
        if line.kind in ("floor", "info") and not amount:
            continue
        if line.kind in ("stars", "model_site", "rectification", "increase") and inputs.get("domain") == "N":
            continue
        item = Explained(line.code, _t(line.label, lang), amount,
                         _how(line, rules, inputs, amount, star_labels, year), line.cited.quote, line.cited.spec,
                         added=line.kind != "info")
        if item.added and amount:
            item.payers = [(_t(rules.payers[p], lang), (amount * share).quantize(Decimal("0.01")))
                           for p, share in line.shares.items()]
        out.append(item)
    return out
