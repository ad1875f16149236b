"""Floating funding (浮动保障, M12; GUAR-R-01/02/05, GUAR-U-04/05, GUAR-N-01) as a pack states it: `funding:`.

Each village's and community's floors (the region's standard), an addition per star level, extra for model sites and
for organisations under rectification, the year-on-year increase, the share of each payer (city : district = 4 : 6
for community pay and funds), and the two-new support (once per newly and separately set-up organisation, a year per
secretary, per member). guifan.funding applies them; nothing there knows an amount. Money is Decimal. A pack needs
no funding section; with one, a share set not adding up to 1 or a negative or absurd amount is refused at load.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from types import MappingProxyType

# The most any one line may give one organisation in a year: a larger figure is a typing error, not a policy.
MAX_AMOUNT = Decimal("10000000")
MAX_RATE = Decimal("1")


@dataclass(frozen=True)
class Cited:
    source: str
    spec: tuple[str, ...]
    quote: str


@dataclass(frozen=True)
class Floor:
    code: str
    label: dict
    hosts: tuple[str, ...]
    amount: Decimal  # per organisation per year (for per-person lines: per_person × Σ count × ratio)
    per_person: Decimal | None
    people: tuple[dict, ...]  # ({role, label, count, ratio}, …) for a pay line
    shares: MappingProxyType  # {payer: Decimal}, adding up to 1
    cited: Cited


@dataclass(frozen=True)
class FundingRules:
    raw: dict  # the section as written: what-if changes a copy of it and compiles again
    cited: Cited
    payers: MappingProxyType  # {code: label}
    default_shares: MappingProxyType
    base_year: int
    floors: tuple[Floor, ...]
    secretary_pay: dict | None  # {hosts, times, deputy_ratio, rural_income {default, county code: yuan}, cited}
    star_additions: MappingProxyType  # {stars: Decimal}
    star_shares: MappingProxyType
    stars_cited: Cited
    model_site: Decimal
    model_site_cited: Cited
    rectification: Decimal
    rectification_cited: Cited
    yearly_increase: Decimal
    increase_cited: Cited
    new_organisation: Decimal
    per_secretary: Decimal
    per_member: Decimal
    two_new_shares: MappingProxyType
    two_new_cited: Cited

    @property
    def hosts(self) -> tuple[str, ...]:
        """The host-unit kinds whose organisations are funded as villages or communities."""
        return tuple(dict.fromkeys(h for f in self.floors for h in f.hosts))

    def rural_income(self, county_code: str | None) -> Decimal | None:
        if not self.secretary_pay:
            return None
        incomes = self.secretary_pay["rural_income"]
        return incomes.get(county_code or "", incomes.get("default"))

    def increase_factor(self, year: int) -> Decimal:
        """(1 + rate) ^ (year − base year) − 1: the share added to a year's subtotal; 0 in the base year."""
        years = max(0, year - self.base_year)
        return (1 + self.yearly_increase) ** years - 1


class _Checker:
    def __init__(self, sources: dict, payers: set, problem):
        self.sources, self.payers, self.problem, self.count = sources, payers, problem, 0

    def bad(self, location, message):
        self.count += 1
        self.problem(location, message)

    def money(self, value, location, what: str, limit: Decimal = MAX_AMOUNT) -> Decimal:
        try:
            amount = Decimal(str(value))
        except (InvalidOperation, ValueError, TypeError):
            self.bad(location, f"funding: {what} {value!r} is not an amount（{what} 不是金额）")
            return Decimal(0)
        if not amount.is_finite() or amount < 0:
            self.bad(location, f"funding: {what} {value!r} is negative（{what} 不能为负数）")
            return Decimal(0)
        if amount > limit:
            self.bad(location, f"funding: {what} {value!r} is more than {limit}, which cannot be right"
                               f"（{what} 超过 {limit}，金额不合理）")
            return Decimal(0)
        return amount

    def shares(self, value, location, what: str) -> MappingProxyType:
        if not isinstance(value, dict) or not value:
            self.bad(location, f"funding: {what}: shares must name payers（{what} 的分担比例须列明出资方）")
            return MappingProxyType({})
        out = {}
        for payer, share in value.items():
            if payer not in self.payers:
                self.bad(location, f"funding: {what}: payer {payer!r} is not one of the payers"
                                   f"（出资方 {payer} 未定义）")
            out[payer] = self.money(share, location, f"{what} share of {payer}", MAX_RATE)
        total = sum(out.values(), Decimal(0))
        if total != 1:
            self.bad(location, f"funding: {what}: the shares add up to {total}, not 1"
                               f"（{what} 的分担比例合计为 {total}，不等于1）")
        return MappingProxyType(out)

    def cited(self, part: dict, location, what: str) -> Cited:
        if part.get("source") not in self.sources:
            self.bad(location, f"funding: {what}: source {part.get('source')!r} is not one of the pack's sources"
                               f"（{what} 的依据不在 sources 中）")
        if not part.get("quote"):
            self.bad(location, f"funding: {what}: quote the plan's sentence（{what} 须引用原文）")
        return Cited(part.get("source", ""), tuple(part.get("spec", ())), part.get("quote", ""))


def _part(d: dict, key: str) -> dict:
    value = d.get(key)
    return value if isinstance(value, dict) else {}


def compile_funding_rules(data: dict, sources: dict, problem) -> FundingRules | None:
    """The funding rules of a pack's `funding:` (None when absent or when a problem was reported)."""
    d = data.get("funding")
    if d is None:
        return None
    where = ["funding"]
    payers = {p["code"]: p.get("label", {}) for p in d.get("payers", []) if isinstance(p, dict) and p.get("code")}
    c = _Checker(sources, set(payers), problem)
    if not payers:
        c.bad(where, "funding: name the payers（须列明出资方）")
    cited = c.cited(d, where, "funding")
    default = c.shares(d.get("default_shares"), [*where, "default_shares"], "default_shares")
    floors = []
    for i, f in enumerate(d.get("floors", [])):
        here = [*where, "floors", i]
        code = f.get("code", f"#{i}")
        people = tuple(f.get("people", ()))
        per_person = None
        if "per_person" in f:
            per_person = c.money(f["per_person"], here, f"{code}: per_person")
            amount = Decimal(0)
            for p in people:
                count = p.get("count")
                if not isinstance(count, int) or not 0 <= count <= 100:
                    c.bad(here, f"funding: {code}: count {count!r} must be a whole number 0–100（人数不合理）")
                    continue
                amount += per_person * count * c.money(p.get("ratio"), here, f"{code}: ratio", Decimal(10))
            if amount > MAX_AMOUNT:
                c.bad(here, f"funding: {code}: {amount} a year is more than {MAX_AMOUNT}（金额不合理）")
        else:
            amount = c.money(f.get("amount"), here, f"{code}: amount")
        if not f.get("hosts"):
            c.bad(here, f"funding: {code}: name the host-unit kinds it is for（须列明适用的村、社区类型）")
        floors.append(Floor(code=code, label=f.get("label", {}), hosts=tuple(f.get("hosts", ())), amount=amount,
                            per_person=per_person, people=people,
                            shares=c.shares(f["shares"], here, code) if "shares" in f else default,
                            cited=c.cited(f, here, code)))
    secretary = None
    if "secretary_pay" in d:
        s, here = d["secretary_pay"], [*where, "secretary_pay"]
        incomes = {str(k): c.money(v, here, f"rural_income {k}") for k, v in _part(s, "rural_income").items()}
        if "default" not in incomes:
            c.bad(here, "funding: secretary_pay.rural_income needs a default（须设默认的农村居民人均可支配收入）")
        secretary = {"hosts": tuple(s.get("hosts", ())), "times": c.money(s.get("times"), here, "times", Decimal(10)),
                     "deputy_ratio": c.money(s.get("deputy_ratio"), here, "deputy_ratio", MAX_RATE),
                     "rural_income": incomes, "cited": c.cited(s, here, "secretary_pay")}
    stars = _part(d, "stars")
    additions = {}
    for level, amount in _part(stars, "additions").items():
        try:
            key = int(level)
        except (TypeError, ValueError):
            c.bad([*where, "stars"], f"funding: star level {level!r} is not a number（星级须为数字）")
            continue
        additions[key] = c.money(amount, [*where, "stars"], f"stars.additions.{level}")
    increase = _part(d, "yearly_increase")
    two_new = _part(d, "two_new")

    def shares_of(part, name):
        return c.shares(part["shares"], [*where, name], name) if "shares" in part else default

    rules = FundingRules(
        raw=d, cited=cited, payers=MappingProxyType(payers), default_shares=default,
        base_year=int(d.get("base_year", 0)), floors=tuple(floors), secretary_pay=secretary,
        star_additions=MappingProxyType(additions), star_shares=shares_of(stars, "stars"),
        stars_cited=c.cited(stars, [*where, "stars"], "stars"),
        model_site=c.money(_part(d, "model_site").get("amount", 0), [*where, "model_site"], "model_site"),
        model_site_cited=c.cited(_part(d, "model_site"), [*where, "model_site"], "model_site"),
        rectification=c.money(_part(d, "rectification").get("amount", 0), [*where, "rectification"], "rectification"),
        rectification_cited=c.cited(_part(d, "rectification"), [*where, "rectification"], "rectification"),
        yearly_increase=c.money(increase.get("rate", 0), [*where, "yearly_increase"], "yearly_increase", MAX_RATE),
        increase_cited=c.cited(increase, [*where, "yearly_increase"], "yearly_increase"),
        new_organisation=c.money(two_new.get("new_organisation", 0), [*where, "two_new"], "new_organisation"),
        per_secretary=c.money(two_new.get("per_secretary", 0), [*where, "two_new"], "per_secretary"),
        per_member=c.money(two_new.get("per_member", 0), [*where, "two_new"], "per_member"),
        two_new_shares=shares_of(two_new, "two_new"), two_new_cited=c.cited(two_new, [*where, "two_new"], "two_new"),
    )
    return None if c.count else rules


def with_parameters(rules: FundingRules, changes: dict, sources: dict) -> FundingRules:
    """The rules with what-if `changes` applied to a copy of the section, compiled and checked again; raises
    ValueError with the problems when the changed formula is refused. `changes` keys: "stars.<n>", "model_site",
    "rectification", "yearly_increase", "floor.<code>", "city_share" (of every line shared with the city)."""
    raw = copy.deepcopy(rules.raw)
    for key, value in changes.items():
        if key.startswith("stars."):
            raw.setdefault("stars", {}).setdefault("additions", {})[int(key[6:])] = value
        elif key in ("model_site", "rectification"):
            raw.setdefault(key, {})["amount"] = value
        elif key == "yearly_increase":
            raw.setdefault("yearly_increase", {})["rate"] = value
        elif key.startswith("floor."):
            for f in raw.get("floors", []):
                if f.get("code") == key[6:]:
                    f["per_person" if "per_person" in f else "amount"] = value
        elif key == "city_share":
            for f in raw.get("floors", []):
                if "city" in f.get("shares", {}):
                    others = [p for p in f["shares"] if p != "city"]
                    f["shares"] = {"city": value, **{p: 1 - Decimal(str(value)) for p in others[:1]}}
    problems: list[str] = []
    changed = compile_funding_rules({"funding": raw}, sources, lambda _where, message: problems.append(message))
    if changed is None:
        raise ValueError("; ".join(problems))
    return changed
