"""The report form of an organisation, generated from the standard pack (no fact list or threshold in Python).

The form holds the facts reported (not derived) in the organisation's domain, grouped by the pillar of the first
criterion that reads each one (criteria of the organisation's host-unit kind first); facts no criterion reads go to
an "other" group. A fact's help text is the quote of that criterion. A checklist read by a criterion becomes a group
of checkboxes (and the figures its items compare) inside the pillar. Derived facts the group's criteria read are
shown read-only for context. A yes/no fact, or checklist item, with `evidence` needs its evidence when ticked.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from guifan.core.languages import in_language
from guifan.standards.expressions.nodes import names

OTHER = "other"




@dataclass
class Item:
    fact: object
    help: str = ""
    evidence: dict | None = None  # {zh, en}: what proves the fact when it is ticked
    criteria: list = field(default_factory=list)

    @property
    def code(self) -> str:
        return self.fact.code

    @property
    def label(self) -> str:
        return in_language(self.fact.label)


@dataclass
class Checklist:
    id: str
    title: str
    quote: str
    items: list = field(default_factory=list)


@dataclass
class Group:
    key: str
    title: str
    items: list = field(default_factory=list)       # Item, reported
    checklists: list = field(default_factory=list)  # Checklist
    derived: list = field(default_factory=list)     # Item, read-only


@dataclass
class FormSpec:
    groups: list
    items: dict  # code -> Item, every reported fact of the form

    def evidence_codes(self) -> list[str]:
        return [code for code, item in self.items.items() if item.evidence]


def _applies_to(criterion, domain: str) -> bool:
    domains = criterion.applies.domains
    return domains is None or domain in domains


def _read_names(pack, criterion) -> list[str]:
    nodes = [criterion.check] + [n for n in (criterion.applies.when,) if n is not None]
    found = set().union(*(names(node) for node in nodes))
    return sorted(found)


def build(pack, domain: str, host_kind: str | None = None, frequency: str = "yearly",
          leave_out: set[str] | frozenset = frozenset()) -> FormSpec:
    """The form of a report of `frequency` (the period's kind): the facts of that frequency only, but those in
    `leave_out` (the typed meeting figures of an organisation keeping records, `guifan.facts.periods.not_asked`);
    the register's figures are shown beside the yearly report."""
    reported = {f.code: f for f in pack.reported_facts(frequency) if domain in f.domains and f.code not in leave_out}
    groups = {pid: Group(pid, in_language(p.get("title"))) for pid, p in pack.pillars.items()}
    items: dict[str, Item] = {}
    derived_seen: set[str] = set()
    criteria = [c for c in pack.organisation_criteria if _applies_to(c, domain)]
    criteria.sort(key=lambda c: bool(c.applies.hosts) and host_kind not in c.applies.hosts)  # stable
    for c in criteria:
        group = groups[c.pillar]
        if c.checklist and c.checklist in pack.checklists:
            checklist = pack.checklists[c.checklist]
            box = Checklist(checklist["id"], in_language(checklist.get("title")), checklist.get("quote", ""))
            for raw, node in zip(checklist["items"], checklist["nodes"], strict=True):
                for code in ([raw["fact"]] if raw.get("fact") else sorted(names(node))):
                    if code in reported and code not in items:
                        evidence = (raw.get("evidence") if raw.get("fact") else None) or reported[code].evidence
                        label = in_language(raw.get("label")) if raw.get("fact") else c.quote
                        items[code] = Item(reported[code], label, evidence, [c.id])
                        box.items.append(items[code])
            if box.items:
                group.checklists.append(box)
            continue
        for code in _read_names(pack, c):
            if code in reported and code not in items:
                items[code] = Item(reported[code], c.quote, reported[code].evidence, [c.id])
                group.items.append(items[code])
            elif (frequency == "yearly" and code in pack.facts and pack.facts[code].derived_from
                  and code not in derived_seen):
                derived_seen.add(code)
                group.derived.append(Item(pack.facts[code], c.quote))
    other = Group(OTHER, _("Other figures"))
    for code, fact in reported.items():
        if code not in items:
            items[code] = Item(fact, "", fact.evidence)
            other.items.append(items[code])
    ordered = [g for g in groups.values() if g.items or g.checklists] + ([other] if other.items else [])
    return FormSpec(ordered, items)


# Outliers the pack's own rules do not name, derived from the register and last year's figures (warnings only: the
# secretary confirms them before submitting). A count of people or households cannot be larger than the number of
# people the register knows in the organisation (its members, or its host unit's staff).
HEAD_COUNT_UNITS = ("人", "户")
# A figure more than this many times last year's (or less than its inverse), for facts without an outlier rule.
JUMP_RATIO = 10


def _number(value):
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _shown(value) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}".rstrip("0").rstrip(".")


def register_outliers(pack, values: dict, *, previous: dict | None = None, frequency: str = "yearly") -> list:
    """[(fact codes, message, False)]: a head count above the register's, a jump against last year."""
    people = [_number(values.get(code)) for code, f in pack.facts.items()
              if f.derived_from and f.type == "integer" and f.unit == "人"]
    people = [n for n in people if n is not None]
    bound = max(people) if people else None
    ruled = {r.fact for r in pack.outlier_rules if r.max_ratio is not None or r.min_ratio is not None}
    found = []
    for code, fact in pack.facts.items():
        value = _number(values.get(code))
        if fact.derived_from or fact.frequency != frequency or value is None or fact.type not in ("integer", "number"):
            continue
        label, unit = in_language(fact.label), fact.unit
        if bound is not None and fact.type == "integer" and unit in HEAD_COUNT_UNITS and value > bound:
            found.append(((code,), _("%(label)s is %(value)s %(unit)s, more than the %(bound)s people the register "
                                     "has in this organisation; please check.")
                          % {"label": label, "value": _shown(value), "unit": unit, "bound": _shown(bound)}, False))
            continue
        before = _number((previous or {}).get(code))
        if code in ruled or not before or before <= 0:
            continue
        ratio = value / before
        if (ratio > JUMP_RATIO and value - before >= JUMP_RATIO) or (value > 0 and ratio < 1 / JUMP_RATIO):
            found.append(((code,), _("%(label)s is %(value)s %(unit)s, last year %(before)s %(unit)s: please check "
                                     "this large change.")
                          % {"label": label, "value": _shown(value), "unit": unit, "before": _shown(before)}, False))
    return found


def consistency_problems(pack, values: dict, *, previous: dict | None = None, domain: str | None = None,
                         frequency: str = "yearly") -> list:
    """Checks between facts (a figure cannot exceed another…) from the pack's validation and outlier rules:
    [(fact codes, message, blocking)]. Through `guifan.reporting.quality.check_report` (data-quality rules); a broken
    validation rule blocks submission, an outlier is a warning. Then `register_outliers` (warnings) for the facts
    the pack's outlier rules did not flag."""
    try:
        from guifan.reporting import quality
    except ImportError:  # pragma: no cover - the data-quality module ships with the facts app
        return []
    problems = []
    for issue in quality.check_report(pack, values, previous=previous, domain=domain, frequency=frequency):
        problems.append((tuple(issue.facts), issue.message, issue.severity == quality.ERROR))
    flagged = {codes[0] for codes, _message, blocking in problems if not blocking and codes}
    problems += [p for p in register_outliers(pack, values, previous=previous, frequency=frequency)
                 if p[0][0] not in flagged and (domain is None or domain in pack.facts[p[0][0]].domains)]
    return problems
