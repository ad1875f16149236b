"""A standard pack, loaded and checked: facts, checklists, pillars, national and register rules, criteria, stars.

`load_pack(path_or_id)` reads the YAML (size-limited, line-tracked), validates it against the JSON Schema, then
checks what a schema cannot (ids unique, names declared, expressions safe and well typed, star bands complete) and
compiles every criterion's expression once into the typed tree both engines use.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

import jsonschema
from django.utils import translation

from guifan.core.vocabulary import DOMAINS, LEVELS_BOTTOM_UP
from guifan.standards.centre_rules import CentreRules, PlatformRules, compile_centre_rules, compile_platform_rules
from guifan.standards.committee_rules import CommitteeRules, compile_committee_rules
from guifan.standards.computers import COMPUTERS
from guifan.standards.dues_rules import DuesRules, compile_dues_rules
from guifan.standards.errors import PackError
from guifan.standards.expansion_rules import ExpansionRules, compile_expansion_rules
from guifan.standards.expressions import nodes as n
from guifan.standards.expressions.parser import ROLLUP_RESULT_NAMES, ExpressionError, NameTable, parse_expression
from guifan.standards.funding_rules import FundingRules, compile_funding_rules
from guifan.standards.meeting_rules import (
    MeetingRules,
    check_committee_meetings,
    check_meeting_facts,
    compile_meeting_rules,
)
from guifan.standards.member_status_rules import MemberStatusRules, compile_member_status_rules
from guifan.standards.model_site_rules import ModelSiteRules, compile_model_site_rules
from guifan.standards.point_rules import PointRules, compile_point_rules
from guifan.standards.quality_rules import OutlierRule, ValidationRule, compile_quality_rules
from guifan.standards.rating_rules import RatingRules, compile_rating_rules
from guifan.standards.recruitment_rules import RecruitmentRules, compile_recruitment_rules
from guifan.standards.rectification_rules import RectificationRules, compile_rectification_rules
from guifan.standards.register_rules import RegisterRules, compile_register_rules, register_constants
from guifan.standards.training_rules import TrainingRules, compile_training_rules, training_constants
from guifan.standards.venue_rules import VenueRules, compile_venue_rules
from guifan.standards.yaml_lines import line_of, load_yaml, read_text

PACKS_DIR = Path(__file__).resolve().parent / "packs"
SCHEMA_PATH = Path(__file__).resolve().parent / "schema" / "pack.schema.json"
ORGANISATION = "organisation"
REGION_LEVELS = LEVELS_BOTTOM_UP  # ("township", "county", "city"), from guifan.core.vocabulary
ORGANISATION_KINDS = ("committee", "general_branch", "branch")  # default of an organisation-level criterion
NO_ORGANISATION = "none"
YEARLY = "yearly"
FREQUENCIES = (YEARLY, "quarterly", "monthly")
NUMERIC_AGGREGATES = ("sum", "mean", "min", "max", "last")
BOOLEAN_AGGREGATES = ("any", "all", "last")  # kind of a row for a unit that has no party organisation of its own
VALUE_TYPES = {"number": n.NUMBER, "integer": n.NUMBER, "percent": n.NUMBER, "boolean": n.BOOLEAN,
               "enum": n.TEXT, "date": n.DATE}


@dataclass(frozen=True)
class Fact:
    code: str
    label: dict
    type: str
    domains: tuple[str, ...]
    unit: str = ""
    values: tuple[str, ...] = ()
    derived_from: dict | None = None
    evidence: dict | None = None
    frequency: str = YEARLY
    aggregate: str | None = None  # how the year's value is made of the quarterly or monthly values

    @property
    def is_reported(self) -> bool:
        return not self.derived_from

    @property
    def value_type(self) -> str:
        return VALUE_TYPES[self.type]


@dataclass(frozen=True)
class Applies:
    level: str
    domains: tuple[str, ...] | None
    kinds: tuple[str, ...] | None
    hosts: tuple[str, ...] | None
    units: str
    when: n.Node | None
    where: n.Node | None


@dataclass(frozen=True)
class Criterion:
    id: str
    spec: tuple[str, ...]
    quote: str
    source: str
    title: dict
    applies: Applies
    pillar: str
    weight: float
    severity: str
    missing: str
    advice: dict
    text: str  # the check as written, or "checklist: V10R"
    checklist: str | None
    check: n.Node
    actual: n.Node
    threshold: n.Node
    gap: str | None  # "below" (threshold - actual), "above" (actual - threshold), "distance", or None
    line: int = 0

    @property
    def is_rollup(self) -> bool:
        return self.applies.level != ORGANISATION

    @property
    def op(self) -> str | None:
        return self.check.op if isinstance(self.check, n.Compare) else None


@dataclass
class Pack:
    id: str
    version: str
    title: dict
    effective: dict
    sources: dict
    facts: dict[str, Fact]
    checklists: dict[str, dict]
    pillars: dict[str, dict]
    rules: list[dict]
    constants: dict[str, float]
    criteria: list[Criterion]
    scoring: dict
    star_bands: list[dict]
    rectification: dict
    checksum: str
    raw: dict = field(repr=False, default_factory=dict)
    validation_rules: list[ValidationRule] = field(default_factory=list)
    outlier_rules: list[OutlierRule] = field(default_factory=list)
    register: RegisterRules | None = None  # the register's rules (set-up, terms, coverage); always set once loaded
    meetings: MeetingRules | None = None  # the kinds of organisational life; always set once loaded
    training: TrainingRules | None = None  # hours each role must reach, exam schemes (training_rules.py)
    points: PointRules | None = None  # member points (M08), None when the pack gives no point rules
    rating: RatingRules | None = None  # rating and upgrading steps (ORG-R-04), None without a rating section
    funding: FundingRules | None = None  # floating funding (M12), None without a funding section
    rectification_rules: RectificationRules | None = None  # weak-and-lax list (M03); always set once loaded
    dues: DuesRules | None = None  # party dues (GUAR-N-01, dues_rules.py), None when the pack gives no dues rule
    recruitment: RecruitmentRules | None = None  # recruiting members (ACT-G-03, recruitment_rules.py), or None
    # member status and transfers (TEAM-R-02, member_status_rules.py), None without a member-status rule
    member_status: MemberStatusRules | None = None
    committee: CommitteeRules | None = None  # the branch committee and its posts (committee_rules.py), or None
    # party-mass service centres (M15, C15) and the smart-platform rating (M17): centre_rules.py, or None
    centres: CentreRules | None = None
    platform: PlatformRules | None = None
    expansion: ExpansionRules | None = None  # the expansion list's gaps (M01, expansion_rules.py), or None
    # model sites (示范点, M02, model_site_rules.py), None without a model_sites section
    model_sites: ModelSiteRules | None = None
    venues: VenueRules | None = None  # venue rating (M13, venue_rules.py), None without a venue_rating section

    @property
    def organisation_criteria(self) -> list[Criterion]:
        return [c for c in self.criteria if not c.is_rollup]

    @property
    def rollup_criteria(self) -> list[Criterion]:
        return [c for c in self.criteria if c.is_rollup]

    def criterion(self, criterion_id: str) -> Criterion:
        return next(c for c in self.criteria if c.id == criterion_id)

    def reported_facts(self, frequency: str | None = YEARLY) -> list[Fact]:
        """The facts organisations report (not derived), in the pack's order; of one frequency unless None."""
        return [f for f in self.facts.values() if f.is_reported and (frequency is None or f.frequency == frequency)]

    @property
    def frequencies(self) -> tuple[str, ...]:
        """The frequencies of the pack's reported facts (yearly first), e.g. ("yearly", "monthly")."""
        found = {f.frequency for f in self.facts.values() if f.is_reported}
        return tuple(f for f in FREQUENCIES if f in found)


def pack_schema() -> dict:
    """The pack's JSON Schema, with the domains and region levels filled in from their one home."""
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    schema["$defs"]["domain"]["enum"] = list(DOMAINS)
    schema["$defs"]["level"]["enum"] = [ORGANISATION, *REGION_LEVELS]
    return schema


@cache
def _schema_validator():
    return jsonschema.Draft202012Validator(pack_schema())


def resolve_pack_path(path_or_id: str | os.PathLike) -> Path:
    """A file path as given, or a pack id shipped in guifan/standards/packs/ (e.g. "guilin-2018")."""
    candidate = Path(path_or_id)
    if candidate.exists():
        return candidate
    shipped = PACKS_DIR / f"{path_or_id}.yaml"
    if str(path_or_id).replace("-", "").replace("_", "").isalnum() and shipped.exists():
        return shipped
    raise PackError([f"no pack file or shipped pack id {str(path_or_id)!r}"], str(path_or_id))


def load_pack(path_or_id: str | os.PathLike) -> Pack:
    path = resolve_pack_path(path_or_id)
    return parse_pack(read_text(path), str(path))


def parse_pack(text: str, path: str = "") -> Pack:
    """The pack of a YAML text, checked and compiled. Parsing takes a few tenths of a second, so the last
    few packs parsed are kept: every page and command that asks for the pack in effect gets it at once. A Pack is
    never changed once made. Its problems are in English, as the rest of a pack's validation is written for its
    authors; the what-if page parses a single check in the user's language."""
    with translation.override("en"):
        return _parsed(text, path)


@lru_cache(maxsize=8)
def _parsed(text: str, path: str) -> Pack:
    data = load_yaml(text, path)
    problems = [_schema_problem(data, error) for error in _schema_validator().iter_errors(data)]
    if problems:
        raise PackError(sorted(problems, key=_line_key), path)
    return _Compiler(data, path, hashlib.sha256(text.encode("utf-8")).hexdigest()).compile()


def _line_key(problem: str) -> int:
    head = problem.split(":", 1)[0]
    return int(head[5:]) if head.startswith("line ") and head[5:].isdigit() else 0


def _schema_problem(data, error: jsonschema.ValidationError) -> str:
    location = list(error.absolute_path)
    where = "/".join(str(step) for step in location) or "(top)"
    message = error.message
    if error.validator == "oneOf":
        choices = [", ".join(option.get("required", [])) for option in error.validator_value]
        message = f"needs exactly one of: {' | '.join(choices)}"
    elif error.validator == "additionalProperties":
        message = f"unknown key(s): {message.split('(')[-1].rstrip(')')}"
    return f"line {line_of(data, location)}: {where}: {message}"


class _Compiler:
    def __init__(self, data: dict, path: str, checksum: str):
        self.data = data
        self.path = path
        self.checksum = checksum
        self.problems: list[str] = []

    def problem(self, location: list, message: str) -> None:
        self.problems.append(f"line {line_of(self.data, location)}: {message}")

    def _check_frequency(self, i: int, f: dict) -> None:
        """A quarterly or monthly fact is reported, and says how its year's value is made (sum, last…)."""
        frequency, aggregate, code = f.get("frequency", YEARLY), f.get("aggregate"), f["code"]
        if frequency == YEARLY:
            if aggregate:
                self.problem(["facts", i], f"fact {code}: 'aggregate' is only for quarterly or monthly facts")
            return
        if f.get("derived_from"):
            self.problem(["facts", i], f"fact {code}: a derived fact is yearly; remove 'frequency'")
        allowed = (BOOLEAN_AGGREGATES if f["type"] == "boolean" else NUMERIC_AGGREGATES
                   if f["type"] in ("number", "integer", "percent") else ("last",))
        if aggregate not in allowed:
            self.problem(["facts", i], f"fact {code}: a {frequency} {f['type']} fact needs 'aggregate', one of "
                                       f"{', '.join(allowed)}")

    def compile(self) -> Pack:
        d = self.data
        if d["effective"]["from"] > d["effective"]["to"]:
            self.problem(["effective"], "effective.from is after effective.to")
        sources = self._unique(d["sources"], "sources", "id")
        facts = {code: Fact(
            code=code, label=f["label"], type=f["type"], domains=tuple(f["domains"]), unit=f.get("unit", ""),
            values=tuple(f.get("values", ())), derived_from=f.get("derived_from"), evidence=f.get("evidence"),
            frequency=f.get("frequency", YEARLY), aggregate=f.get("aggregate"),
        ) for code, f in self._unique(d["facts"], "facts", "code").items()}
        for i, f in enumerate(d["facts"]):
            self._check_frequency(i, f)
        for i, f in enumerate(d["facts"]):
            if f["code"] in ROLLUP_RESULT_NAMES:
                self.problem(["facts", i], f"fact {f['code']}: the name is reserved for an organisation's result")
            if f.get("values") and f["type"] != "enum":
                self.problem(["facts", i], f"fact {f['code']}: 'values' is only for enum facts")
            if f.get("derived_from"):
                for message in COMPUTERS.problems(f["derived_from"]):
                    self.problem(["facts", i, "derived_from"], f"fact {f['code']}: {message}")
                typed = (f["derived_from"].get("params") or {}).get("typed")
                if typed is not None and (typed not in facts or facts[typed].derived_from):
                    self.problem(["facts", i, "derived_from"],
                                 f"fact {f['code']}: typed figure {typed!r} is not a reported fact")
        rules = d.get("rules", [])
        self._unique(rules, "rules", "id")
        constants = self._constants(rules, sources, facts)
        register = compile_register_rules(rules, self.problem)
        meetings = compile_meeting_rules(rules, self.problem)
        training = compile_training_rules(rules, facts, self.problem)
        check_meeting_facts(d["facts"], facts, meetings, self.problem)
        points = compile_point_rules(rules, self.problem)
        dues = compile_dues_rules(rules, self.problem)
        recruitment = compile_recruitment_rules(rules, self.problem)
        member_status = compile_member_status_rules(rules, self.problem, sources)
        committee = compile_committee_rules(rules, self.problem)
        check_committee_meetings(meetings, committee, self.problem)
        table = NameTable(
            facts={code: f.value_type for code, f in facts.items()}, constants=constants,
            enum_values={code: f.values for code, f in facts.items() if f.type == "enum"},
        )
        checklists = self._checklists(table, facts)
        pillars = self._unique(d["pillars"], "pillars", "id")
        criteria = [self._criterion(i, c, table, facts, checklists, pillars, sources)
                    for i, c in enumerate(d["criteria"])]
        self._unique(d["criteria"], "criteria", "id")
        bands, rectification = self._stars()
        rating = compile_rating_rules(d, [b["stars"] for b in bands], sources, self.problem)
        funding = compile_funding_rules(d, sources, self.problem)
        expansion = compile_expansion_rules(d, register, sources, self.problem)
        venues = compile_venue_rules(d, checklists, sources, self.problem)
        rectification_rules = compile_rectification_rules(
            rectification, [b["stars"] for b in bands], {c["id"] for c in d["criteria"]}, sources, self.problem)
        model_sites = compile_model_site_rules(d, [b["stars"] for b in bands], {c["id"]: c for c in d["criteria"]},
                                               sources, self.problem)
        validation_rules, outlier_rules = compile_quality_rules(d, table, facts, self.problem, line_of)
        centres = compile_centre_rules(d, checklists, sources, self.problem)
        platform = compile_platform_rules(d, sources, self.problem)
        if self.problems:
            raise PackError(sorted(self.problems, key=_line_key), self.path)
        return Pack(
            id=d["pack"], version=str(d["version"]), title=d["title"], effective=d["effective"], sources=sources,
            facts=facts, checklists=checklists, pillars=pillars, rules=rules, constants=constants,
            criteria=[c for c in criteria if c is not None], scoring=d["scoring"], star_bands=bands,
            rectification=rectification, checksum=self.checksum, raw=d, validation_rules=validation_rules,
            outlier_rules=outlier_rules, register=register, meetings=meetings, training=training, points=points,
            rating=rating, funding=funding,
            rectification_rules=rectification_rules,
            dues=dues,
            recruitment=recruitment,
            member_status=member_status,
            committee=committee,
            centres=centres,
            platform=platform,
            expansion=expansion,
            model_sites=model_sites,
            venues=venues,
        )

    def _unique(self, items: list, section: str, key: str) -> dict:
        seen: dict = {}
        for i, item in enumerate(items):
            if item[key] in seen:
                self.problem([section, i], f"{section}: duplicate {key} {item[key]!r}")
            seen[item[key]] = item
        return seen

    def _constants(self, rules: list, sources: dict, facts: dict) -> dict[str, float]:
        constants: dict[str, float] = {}
        for i, rule in enumerate(rules):
            if rule["source"] not in sources:
                self.problem(["rules", i], f"rule {rule['id']}: unknown source {rule['source']!r}")
            named = {**rule.get("constants", {}), **register_constants(rule), **training_constants(rule)}
            for code, value in named.items():
                if code in constants or code in facts or code in ROLLUP_RESULT_NAMES:
                    self.problem(["rules", i], f"rule {rule['id']}: constant {code!r} is already a name in the pack")
                constants[code] = value
        return constants

    def _checklists(self, table: NameTable, facts: dict) -> dict[str, dict]:
        checklists = self._unique(self.data.get("checklists", []), "checklists", "id")
        compiled = {}
        for i, checklist in enumerate(self.data.get("checklists", [])):
            items = []
            for j, item in enumerate(checklist["items"]):
                where = ["checklists", i, "items", j]
                try:
                    node = parse_expression(item.get("check") or item["fact"], table)
                except ExpressionError as exc:
                    self.problem(where, f"checklist {checklist['id']} item {item['id']}: {exc}")
                    continue
                if "fact" in item and facts.get(item["fact"]) and facts[item["fact"]].type != "boolean":
                    self.problem(where, f"checklist {checklist['id']} item {item['id']}: fact must be boolean")
                items.append(node)
            compiled[checklist["id"]] = {**checklists[checklist["id"]], "nodes": tuple(items)}
        return compiled

    def _criterion(self, i, c, table, facts, checklists, pillars, sources) -> Criterion | None:
        where = ["criteria", i]
        name = f"criterion {c['id']}"
        applies = c["applies"]
        level = applies.get("level", ORGANISATION)
        rollup = level != ORGANISATION
        if c["pillar"] not in pillars:
            self.problem(where, f"{name}: pillar {c['pillar']!r} is not declared in pillars")
        if c.get("source", "plan") not in sources:
            self.problem(where, f"{name}: unknown source {c.get('source', 'plan')!r}")
        if rollup and "when" in applies:
            self.problem(where, f"{name}: a roll-up criterion filters its children with 'where', not 'when'")
        if not rollup and "where" in applies:
            self.problem(where, f"{name}: 'where' is for roll-up criteria; use 'when' at organisation level")
        try:
            when = parse_expression(applies["when"], table) if "when" in applies else None
            where_node = parse_expression(applies["where"], table) if "where" in applies else None
            if "checklist" in c:
                if rollup:
                    raise ExpressionError("a checklist is judged per organisation, not at a region level")
                if c["checklist"] not in checklists:
                    raise ExpressionError(f"unknown checklist {c['checklist']!r}")
                items = checklists[c["checklist"]]["nodes"]
                check = n.Logic(n.BOOLEAN, "and", items) if len(items) > 1 else items[0]
                actual, threshold, gap = n.CountTrue(n.NUMBER, items), n.Number(n.NUMBER, float(len(items))), "below"
                text = f"checklist: {c['checklist']}"
            else:
                text = c["check"]
                check = parse_expression(text, table, rollup=rollup)
                if rollup and not n.aggregates(check):
                    raise ExpressionError("a roll-up criterion needs share(), count(), sum() or ratio()")
                actual, threshold, gap = _measure(check)
        except ExpressionError as exc:
            self.problem(where, f"{name}: {exc}")
            return None
        domains = tuple(applies["domains"]) if "domains" in applies else None
        self._check_fact_domains(where, name, domains, [check, when, where_node], facts)
        kinds = applies.get("kinds")
        kinds = tuple(kinds) if kinds else (None if rollup else ORGANISATION_KINDS)
        return Criterion(
            id=c["id"], spec=tuple(c["spec"]), quote=c["quote"], source=c.get("source", "plan"), title=c["title"],
            applies=Applies(level=level, domains=domains, kinds=kinds,
                            hosts=tuple(applies["hosts"]) if "hosts" in applies else None,
                            units=applies.get("units", "primary"), when=when, where=where_node),
            pillar=c["pillar"], weight=float(c["weight"]), severity=c["severity"],
            missing=c.get("missing", "not_reported"), advice=c["advice"], text=text,
            checklist=c.get("checklist"), check=check, actual=actual, threshold=threshold, gap=gap,
            line=line_of(self.data, where),
        )

    def _check_fact_domains(self, where, name, domains, trees, facts) -> None:
        if domains is None:
            return
        for tree in trees:
            for code in sorted(n.names(tree)) if tree is not None else ():
                fact = facts.get(code)
                missing = [d for d in domains if fact and d not in fact.domains]
                if missing:
                    self.problem(where, f"{name}: fact {code!r} is not reported in domain(s) {', '.join(missing)}")

    def _stars(self):
        stars = self.data["stars"]
        bands = sorted(stars["bands"], key=lambda b: -b["min_score"])
        scale = self.data["scoring"]["scale"]
        if bands[-1]["min_score"] != 0:
            self.problem(["stars"], "stars: the lowest band must start at min_score 0 so that every score has a level")
        if any(b["min_score"] > scale for b in bands):
            self.problem(["stars"], f"stars: a band starts above the scoring scale {scale}")
        levels = [b["stars"] for b in bands]
        if len(set(levels)) != len(levels) or levels != sorted(levels, reverse=True):
            self.problem(["stars"], "stars: each band needs its own star level, higher scores more stars")
        if len({b["min_score"] for b in bands}) != len(bands):
            self.problem(["stars"], "stars: two bands start at the same score")
        rectification = stars["rectification"]
        if rectification["max_stars"] not in levels:
            self.problem(["stars", "rectification"], "stars.rectification.max_stars is not a star level of a band")
        return bands, rectification


def _measure(check: n.Node):
    """Actual value, threshold and gap direction of a check: its comparison's sides, or yes/no as 1/0."""
    if isinstance(check, n.Compare) and check.left.type == n.NUMBER:
        gap = {">=": "below", ">": "below", "<=": "above", "<": "above", "==": "distance"}.get(check.op)
        return check.left, check.right, gap
    return n.AsNumber(n.NUMBER, check), n.Number(n.NUMBER, 1.0), "below"
