"""Organisational life as a pack states it (SPEC ACT-G-01/02, ACT-R-01, ACT-U-01, ACT-A-01): the kinds of meeting
and activity an organisation records, who holds each, how often it is due, its quorum and what a record must hold.

A `rules:` entry carries `meetings:`, a list of kinds (shape in the JSON Schema), cited by the rule's source, quote
and SPEC ids (a kind may quote its own sentence). guifan.meetings records meetings of these kinds and guifan.facts
derives the meeting facts from the records by them: "at least one a month" is judged month by month, and a meeting
of a kind with a quorum counts only when more than that share of the members with a vote attended.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType

from guifan.standards.register_rules import Cited

PERIODS_PER_YEAR = {"month": 12, "quarter": 4, "year": 1}


@dataclass(frozen=True)
class MeetingKind:
    code: str
    label: dict
    held_by: tuple[str, ...]  # organisation kinds
    domains: tuple[str, ...]
    cited: Cited
    every: str | None = None  # month, quarter, year; None: recorded, never due
    at_least: int | None = None
    min_full_members: int | None = None
    due_when: str | None = None  # committee: due where a committee is recorded, else by min_full_members
    quorum: float | None = None  # held only when more than this share of the members with a vote attend
    needs: tuple[str, ...] = ()
    grades: bool = False

    @property
    def spec(self) -> tuple[str, ...]:
        return self.cited.spec

    def is_due_for(self, kind: str, domain: str, full_members: int | None, committee: bool = False) -> bool | None:
        """Whether an organisation of `kind` in `domain` with `full_members` must hold this kind (None: the
        number of full members it depends on is unknown). `committee`: the organisation has a committee recorded,
        which makes a kind with `due_when: committee` due whatever its member count."""
        if not self.every or kind not in self.held_by or domain not in self.domains:
            return False
        if committee and self.due_when == "committee":
            return True
        if self.min_full_members is None:
            return True
        return None if full_members is None else full_members >= self.min_full_members

    def holds(self, kind: str, domain: str) -> bool:
        """Whether an organisation of `kind` in `domain` may record this kind at all."""
        return kind in self.held_by and domain in self.domains

    def quorate(self, voting_members: int, voting_present: int) -> bool:
        """More than `quorum` of the members with a vote present (always, for a kind without a quorum)."""
        return self.quorum is None or voting_present > self.quorum * voting_members


@dataclass(frozen=True)
class MeetingRules:
    kinds: MappingProxyType  # {code: MeetingKind}, in the pack's order

    def __getitem__(self, code: str) -> MeetingKind:
        return self.kinds[code]

    def __contains__(self, code: str) -> bool:
        return code in self.kinds

    def __iter__(self):
        return iter(self.kinds.values())

    def for_organisation(self, kind: str, domain: str) -> list[MeetingKind]:
        """The kinds an organisation of `kind` in `domain` records, in the pack's order."""
        return [k for k in self.kinds.values() if k.holds(kind, domain)]


def compile_meeting_rules(rules: list[dict], problem) -> MeetingRules:
    """The meeting kinds of a pack's (schema-valid) `rules:`; a code given twice is reported through
    `problem(location, message)`."""
    kinds: dict[str, MeetingKind] = {}
    for i, rule in enumerate(rules):
        for j, k in enumerate(rule.get("meetings") or ()):
            if k["code"] in kinds:
                problem(["rules", i, "meetings", j], f"rule {rule['id']}: meeting kind {k['code']!r} is given twice "
                                                     f"(first in rule {kinds[k['code']].cited.rule})")
                continue
            cited = Cited(rule=rule["id"], source=rule["source"], quote=k.get("quote", rule["quote"]),
                          spec=tuple(k.get("spec", rule.get("spec", ()))))
            kinds[k["code"]] = MeetingKind(
                code=k["code"], label=k["label"], held_by=tuple(k["held_by"]), domains=tuple(k["domains"]),
                cited=cited, every=k.get("every"), at_least=k.get("at_least"),
                min_full_members=k.get("min_full_members"), due_when=k.get("due_when"), quorum=k.get("quorum"),
                needs=tuple(k.get("needs", ())),
                grades=k.get("grades", False))
    return MeetingRules(MappingProxyType(kinds))


def check_meeting_facts(raw_facts: list[dict], facts: dict, meetings: MeetingRules, problem) -> None:
    """A fact derived from organisational life (`source: meetings`) names a kind of the pack (`params.kind`), one
    that is due for the periods it counts (its `typed` fallback is checked with every derived fact's)."""
    for i, f in enumerate(raw_facts):
        derived = f.get("derived_from") or {}
        if derived.get("source") != "meetings":
            continue
        params = derived.get("params") or {}
        kind = params.get("kind")
        if kind not in meetings:
            problem(["facts", i, "derived_from"], f"fact {f['code']}: {kind!r} is not a meeting kind of the pack")
        elif derived["computer"] == "meeting_periods_short" and not meetings[kind].every:
            problem(["facts", i, "derived_from"], f"fact {f['code']}: meeting kind {kind!r} has no `every`")


def check_committee_meetings(meetings: MeetingRules, committee, problem) -> None:
    """A kind due by the recorded committee (`due_when: committee`) needs the pack's `committee:` rule."""
    if committee is not None:
        return
    for kind in meetings:
        if kind.due_when == "committee":
            problem(["rules"], f"meeting kind {kind.code}: due_when: committee needs a rule with `committee:`")
