"""Party dues as a pack states them (党费, GUAR-N-01): a `rules:` entry carrying `dues:`.

Per member category either percent bands of the after-tax monthly income the member declares (`up_to` inclusive:
3000.00 is in a band up to 3000, 3000.01 in the next; the last band is open) or a fixed monthly range (farmers 0.2 to
1 yuan); the special-payment threshold (a voluntary payment of 1,000 yuan or more goes up to the centre in full); how
many months in arrears flag a member for the branch (党章第九条). guifan.dues applies them; nothing there knows a band.
All amounts are Decimal, never float.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from types import MappingProxyType

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class DuesBand:
    up_to: Decimal | None  # the highest income in the band (inclusive); None: no upper bound
    percent: Decimal


@dataclass(frozen=True)
class DuesCategory:
    code: str
    label: dict
    bands: tuple[DuesBand, ...]  # empty for a fixed category
    fixed_min: Decimal | None
    fixed_max: Decimal | None

    @property
    def is_fixed(self) -> bool:
        return not self.bands

    def band_for(self, income: Decimal) -> DuesBand:
        for band in self.bands:
            if band.up_to is None or income <= band.up_to:
                return band
        raise AssertionError("the last band is open")  # compile_dues_rules checks it


@dataclass(frozen=True)
class DuesRules:
    """What guifan.dues needs of a pack, read once when the pack is parsed."""

    rule: str
    source: str
    quote: str
    spec: tuple[str, ...]
    round_to: Decimal
    arrears_months: int
    categories: MappingProxyType  # {code: DuesCategory}, in the pack's order
    special_min: Decimal | None

    def monthly(self, category: str, income: Decimal | None) -> Decimal:
        """The monthly dues of a member of `category` declaring `income` (a fixed category: its minimum)."""
        cat = self.categories[category]
        if cat.is_fixed:
            return cat.fixed_min
        if income is None or income < 0:
            raise ValueError("a banded category needs the declared income")
        band = cat.band_for(income)
        return (income * band.percent / HUNDRED).quantize(self.round_to, rounding=ROUND_HALF_UP)

    def allows(self, category: str, income: Decimal | None, amount: Decimal) -> bool:
        """`amount` is the monthly dues the pack asks of the category and income (within the range when fixed)."""
        cat = self.categories[category]
        if cat.is_fixed:
            return cat.fixed_min <= amount <= cat.fixed_max
        return amount == self.monthly(category, income)

    def is_special(self, amount: Decimal) -> bool:
        return self.special_min is not None and amount >= self.special_min


def _decimal(value) -> Decimal:
    return Decimal(str(value))


def compile_dues_rules(rules: list[dict], problem) -> DuesRules | None:
    """The dues rules of a pack's (schema-valid) `rules:`, or None when no rule has `dues:`; reports a second dues
    rule, a repeated category, bands not rising or a closed last band, a fixed range whose min exceeds its max."""
    found = [i for i, rule in enumerate(rules) if "dues" in rule]
    if not found:
        return None
    for i in found[1:]:
        problem(["rules", i], f"rule {rules[i]['id']}: a second dues rule (the first is {rules[found[0]]['id']})"
                              f"（党费规则只能有一条）")
    index, rule = found[0], rules[found[0]]
    part = rule["dues"]
    where = ["rules", index, "dues"]
    problems = 0

    def bad(location, message):
        nonlocal problems
        problems += 1
        problem(location, message)

    categories: dict[str, DuesCategory] = {}
    for j, c in enumerate(part["categories"]):
        here = [*where, "categories", j]
        if c["code"] in categories:
            bad(here, f"dues: category {c['code']!r} is given twice（党费类别 {c['code']} 重复）")
        bands = []
        for k, b in enumerate(c.get("bands") or ()):
            up_to = _decimal(b["up_to"]) if "up_to" in b else None
            last = k == len(c["bands"]) - 1
            if (up_to is None) != last:
                bad([*here, "bands", k], f"dues: category {c['code']!r}: only the last band, and it always, has no "
                                         f"up_to（党费类别 {c['code']} 仅最后一档不设上限）")
            if bands and up_to is not None and bands[-1].up_to is not None and up_to <= bands[-1].up_to:
                bad([*here, "bands", k], f"dues: category {c['code']!r}: bands must rise（党费类别 {c['code']} "
                                         f"的收入档次应递增）")
            bands.append(DuesBand(up_to=up_to, percent=_decimal(b["percent"])))
        fixed = c.get("fixed")
        low, high = (_decimal(fixed["min"]), _decimal(fixed["max"])) if fixed else (None, None)
        if fixed and low > high:
            bad([*here, "fixed"], f"dues: category {c['code']!r}: min is above max（党费类别 {c['code']} "
                                  f"的下限高于上限）")
        categories[c["code"]] = DuesCategory(code=c["code"], label=c["label"], bands=tuple(bands),
                                             fixed_min=low, fixed_max=high)
    if problems:
        return None
    special = part.get("special_payment")
    return DuesRules(
        rule=rule["id"], source=rule["source"], quote=rule["quote"], spec=tuple(rule.get("spec", ())),
        round_to=_decimal(part.get("round_to", 0.01)), arrears_months=part["arrears_months"],
        categories=MappingProxyType(categories),
        special_min=_decimal(special["min_yuan"]) if special else None,
    )
