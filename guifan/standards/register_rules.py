"""The register's rules as a pack states them (SPEC ORG-G-01, M01): set-up by member count, term lengths, coverage.

A `rules:` entry carries `register:` with one of `set_up`, `terms` or `coverage` (shape in the JSON Schema). The
register (guifan.orgs.rules) judges organisations by the rules of the pack in effect in the year looked at, so a
pack without a set-up or a term rule is refused with its line: the register could not judge by it. Every set-up
threshold is also a constant usable in checks, named after its kind (`branch_min_full_members`,
`general_branch_min_members`…), and a coverage rule's minimum headcount too (`enterprise_min_headcount`).
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType

SET_UP, TERMS, COVERAGE = "set_up", "terms", "coverage"
# The set-up thresholds the register reads, by organisation kind (the schema requires every one of them).
SET_UP_THRESHOLDS = {"branch": ("min_full_members", "max_members"), "general_branch": ("min_members",),
                     "committee": ("min_members",)}


@dataclass(frozen=True)
class Cited:
    """Where a register rule comes from: the pack rule's id, source, quote and SPEC ids."""

    rule: str
    source: str
    quote: str
    spec: tuple[str, ...]


@dataclass(frozen=True)
class CoverageRule:
    """Open host units of these kinds (of at least this headcount; substantive ones only) need an organisation."""

    code: str
    host_kinds: tuple[str, ...]
    cited: Cited
    min_headcount: int | None = None
    substantive_only: bool = False

    @property
    def spec(self) -> tuple[str, ...]:
        return self.cited.spec


@dataclass(frozen=True)
class RegisterRules:
    """What the register needs of a pack, read once when the pack is parsed (a Pack is never changed)."""

    set_up: MappingProxyType  # {kind: {threshold: number}}, e.g. {"branch": {"min_full_members": 3, …}, …}
    default_term_years: int
    term_years_by_host_kind: MappingProxyType
    coverage: tuple[CoverageRule, ...]
    set_up_cited: Cited
    terms_cited: Cited

    def threshold(self, kind: str, name: str) -> int:
        return self.set_up[kind][name]

    @property
    def branch_min_full_members(self) -> int:
        return self.threshold("branch", "min_full_members")

    @property
    def branch_max_members(self) -> int:
        return self.threshold("branch", "max_members")

    @property
    def general_branch_min_members(self) -> int:
        return self.threshold("general_branch", "min_members")

    @property
    def committee_min_members(self) -> int:
        return self.threshold("committee", "min_members")

    def term_years(self, host_kind: str | None) -> int:
        return self.term_years_by_host_kind.get(host_kind or "", self.default_term_years)


def _cited(rule: dict) -> Cited:
    return Cited(rule=rule["id"], source=rule["source"], quote=rule["quote"], spec=tuple(rule.get("spec", ())))


def register_constants(rule: dict) -> dict[str, float]:
    """The names a rule's register part adds to the pack's constants (usable in checks)."""
    register = rule.get("register") or {}
    if SET_UP in register:
        return {f"{kind}_{name}": value for kind, thresholds in register[SET_UP].items()
                for name, value in thresholds.items()}
    if COVERAGE in register and "min_headcount" in register[COVERAGE]:
        return {f"{register[COVERAGE]['code']}_min_headcount": register[COVERAGE]["min_headcount"]}
    return {}


def compile_register_rules(rules: list[dict], problem) -> RegisterRules | None:
    """The register's rules of a pack's (schema-valid) `rules:`; reports through `problem(location, message)` a
    missing or repeated set-up or term rule and a repeated coverage code, and then returns None."""
    found: dict[str, list[int]] = {SET_UP: [], TERMS: [], COVERAGE: []}
    for i, rule in enumerate(rules):
        for part in rule.get("register") or {}:
            found[part].append(i)
    ok = True
    for part, wanted in ((SET_UP, "the set-up thresholds by member count (ORG-G-01, M01)"),
                         (TERMS, "the term lengths (ORG-G-01)")):
        if not found[part]:
            problem(["rules"], f"rules: no rule gives the register {wanted}: add one with `register: {{{part}: …}}`")
            ok = False
        for i in found[part][1:]:
            problem(["rules", i], f"rule {rules[i]['id']}: a second `register: {part}` rule "
                                  f"(the first is {rules[found[part][0]]['id']})")
            ok = False
    coverage, codes = [], {}
    for i in found[COVERAGE]:
        rule, part = rules[i], rules[i]["register"][COVERAGE]
        if part["code"] in codes:
            problem(["rules", i], f"rule {rule['id']}: coverage code {part['code']!r} is already used by rule "
                                  f"{codes[part['code']]}")
            ok = False
        codes[part["code"]] = rule["id"]
        coverage.append(CoverageRule(code=part["code"], host_kinds=tuple(part["hosts"]), cited=_cited(rule),
                                     min_headcount=part.get("min_headcount"),
                                     substantive_only=part.get("substantive_only", False)))
    if not ok:
        return None
    set_up_rule, terms_rule = rules[found[SET_UP][0]], rules[found[TERMS][0]]
    terms = terms_rule["register"][TERMS]
    set_up = {kind: MappingProxyType(dict(t)) for kind, t in set_up_rule["register"][SET_UP].items()}
    return RegisterRules(
        set_up=MappingProxyType(set_up),
        default_term_years=terms["default_years"],
        term_years_by_host_kind=MappingProxyType(dict(terms.get("years_by_host_kind", {}))),
        coverage=tuple(coverage), set_up_cited=_cited(set_up_rule), terms_cited=_cited(terms_rule),
    )
