"""The computers of derived facts: declared here (name, source, parameters, what they compute), implemented in
guifan.facts.computers, which registers each function with `@COMPUTERS.implementation(name)` when the facts app
is ready.

Computers of `source: assessment` (earlier verdicts) are the assessment's own: guifan.assessment.frame implements them
over all organisations at once, `fn(year, scope, fact, **params)` giving a frame of (organisation, value), when it
builds the engine's input; the facts Deriver leaves them out (facts never imports the assessment).

A pack's derived fact names its computer and parameters, e.g.
`derived_from: {source: members, computer: members_recruited, params: {years: 2}, rule: {...}}`; the loader checks
them here (an unknown computer, an unknown, missing or mistyped parameter is refused with its line), so the
standards layer never imports facts and no policy number is baked into a fact's name.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

REQUIRED = object()
TYPE_NAMES = {int: "an integer", float: "a number", bool: "true or false", str: "a text", list: "a list of texts"}


@dataclass(frozen=True)
class Param:
    type: type  # int, float, bool, str or list (of texts)
    description: str
    default: object = REQUIRED
    choices: tuple = ()  # allowed values (each item, for a list)
    minimum: float | None = None

    def problem(self, name: str, value) -> str | None:
        """What is wrong with `value` for this parameter, or None."""
        ok = (isinstance(value, int | float) and not isinstance(value, bool)) if self.type is float else (
            isinstance(value, self.type) and not (self.type is int and isinstance(value, bool)))
        if ok and self.type is list:
            ok = bool(value) and all(isinstance(item, str) for item in value)
        if not ok:
            return f"parameter {name!r} must be {TYPE_NAMES[self.type]}, not {value!r}"
        items = value if self.type is list else [value]
        wrong = [item for item in items if self.choices and item not in self.choices]
        if wrong:
            return f"parameter {name!r}: {', '.join(map(repr, wrong))} is not one of {', '.join(self.choices)}"
        if self.minimum is not None and value < self.minimum:
            return f"parameter {name!r} must be at least {self.minimum:g}"
        return None


@dataclass
class Computer:
    name: str
    source: str  # register, members, regions, assessment: where its figures come from
    description: str
    params: dict[str, Param] = field(default_factory=dict)
    for_units: bool = False  # also answers for a host unit without an organisation of its own (a `kind: none` row)
    implementation: Callable | None = None

    def arguments(self, given: dict | None) -> dict:
        """The parameters to call the implementation with: those given, defaults for the rest."""
        given = given or {}
        return {name: given.get(name, p.default) for name, p in self.params.items()}


class ComputerRegistry:
    def __init__(self):
        self._computers: dict[str, Computer] = {}

    def declare(self, name: str, source: str, description: str, *, for_units: bool = False, **params: Param):
        if name in self._computers:
            raise ValueError(f"computer {name!r} is declared twice")
        self._computers[name] = Computer(name, source, description, params, for_units)

    def implementation(self, name: str) -> Callable:
        """Decorator: `fn(deriver, org, unit, **params)` computes `name` (org is None for a unit's own row)."""
        def register(fn: Callable) -> Callable:
            if name not in self._computers:
                raise LookupError(f"computer {name!r} is not declared in guifan/standards/computers.py")
            self._computers[name].implementation = fn
            return fn
        return register

    def __getitem__(self, name: str) -> Computer:
        return self._computers[name]

    def __iter__(self):
        return iter(self._computers.values())

    def __contains__(self, name: str) -> bool:
        return name in self._computers

    def problems(self, derived_from: dict) -> list[str]:
        """What is wrong with a fact's `derived_from` (computer, source, parameters)."""
        name = derived_from["computer"]
        if name not in self._computers:
            return [f"unknown computer {name!r} (known: {', '.join(sorted(self._computers))})"]
        computer, given = self._computers[name], derived_from.get("params") or {}
        found = []
        if derived_from["source"] != computer.source:
            found.append(f"computer {name!r} reads source {computer.source!r}, not {derived_from['source']!r}")
        for key in sorted(set(given) - set(computer.params)):
            known = ", ".join(computer.params) or "none"
            found.append(f"computer {name!r} has no parameter {key!r} (parameters: {known})")
        for key, param in computer.params.items():
            if key in given:
                problem = param.problem(key, given[key])
                if problem:
                    found.append(f"computer {name!r}: {problem}")
            elif param.default is REQUIRED:
                found.append(f"computer {name!r} needs parameter {key!r} ({param.description})")
        return found


COMPUTERS = ComputerRegistry()
_declare = COMPUTERS.declare
_HOST_SUB_UNITS = ("villager_group", "compound", "building")
_ORG_KINDS = ("committee", "general_branch", "branch", "group")

# --- the register: the host unit ----------------------------------------------------------------------------------
_declare("has_party_organisation", "register", "the unit hosts an organisation, or a joint organisation covers it",
         for_units=True)
_declare("hosts_separate_organisation", "register",
         "the unit hosts an active organisation set up separately at the period's end, or that many years before",
         for_units=True, years_before=Param(int, "years before the period's end", default=0, minimum=0))
_declare("newly_set_up_separately", "register", "the organisation is set up separately and founded in the period")
_declare("unit_headcount", "register", "the host unit's registered headcount", for_units=True)
_declare("unit_flag", "register", "a yes/no the host unit is registered with", for_units=True,
         flag=Param(str, "which flag", choices=("poor_village", "substantive", "window_unit")))
_declare("sub_units", "register",
         "open units of a kind below the unit (villager groups of a village, compounds or buildings of a community); "
         "with `covered_by`, only those an active organisation of those kinds hosts or covers", for_units=True,
         kind=Param(str, "the kind of unit counted", choices=_HOST_SUB_UNITS),
         covered_by=Param(list, "organisation kinds that cover a unit", default=None, choices=_ORG_KINDS))
# --- the register: the organisation -------------------------------------------------------------------------------
_declare("organisation_kind_in", "register", "the organisation is of one of these kinds",
         kinds=Param(list, "organisation kinds", choices=_ORG_KINDS))
_declare("party_groups", "register", "active party groups directly under the organisation")
_declare("is_regional_organisation", "register", "the organisation is registered as a regional organisation")
_declare("kind_matches_members", "register",
         "no set-up breach of the pack's `register: set_up` rule at the period's end (a party group: unknown)")
_declare("election_on_schedule", "register",
         "no expired or over-long term by the pack's `register: terms` rule at the period's end (no term recorded: "
         "unknown)")
_declare("periods_existed", "register", "months or quarters of the period the organisation (and its unit) existed, "
         "a part one counting", every=Param(str, "month or quarter", choices=("month", "quarter")))
# --- the member register ------------------------------------------------------------------------------------------
# For a unit without an organisation of its own: the members who work in it (`Member.work_unit`), whatever
# organisation they belong to (ORG-N-01: 3 or more full members there; TEAM-N-01: staff of 50+ include members).
_declare("members", "members", "members, probationary included, of the organisation and its sub-organisations; "
         "of a unit without one, the members working in it", for_units=True)
_declare("full_members", "members", "full members of the organisation and its sub-organisations; of a unit "
         "without one, the full members working in it", for_units=True)
_declare("flowing_members", "members", "members of the subtree whose status is flowing")
_declare("members_recruited", "members", "members of the subtree admitted (as probationary) in the last N years",
         years=Param(int, "how many years back from the period's end", minimum=1))
# --- divisions and published figures ------------------------------------------------------------------------------
_declare("in_urban_district", "regions", "the county-level division is an urban district (GB/T 2260 code 01-20)",
         for_units=True)
_declare("region_figure", "regions",
         "the figure published under the fact's code for the nearest region (township, then county, then city)")
# --- organisational life records ---------------------------------------------------------------------------
# From the meetings an organisation records (guifan.meetings), by the pack's meeting kinds (`rules:` `meetings:`):
# a period is short when fewer than the kind's `at_least` meetings that count (quorate) were held in it. An
# organisation that keeps no records for the year is judged on its typed figures (`typed`, a reported fact): a
# period without a value is unknown, never a pass.
_declare("meeting_periods_short", "meetings",
         "months, quarters or the year (by the kind's `every`) the organisation existed in and held fewer than the "
         "kind's `at_least` meetings that count; a kind its party groups hold: the most any of its groups is short; "
         "without records, from the typed figure (unknown when a period has none)",
         kind=Param(str, "the pack's meeting kind"),
         typed=Param(str, "the reported fact an organisation without records types instead", default=None))
_declare("meeting_due", "meetings", "the organisation must hold the kind (held by its kind and domain, enough full "
         "members where the kind says so)", kind=Param(str, "the pack's meeting kind"))
_declare("lectures_prepared", "meetings",
         "every meeting of the kind held in the year has its preparation record, and there is at least one "
         "(党课备课制); without records, the typed yes/no", kind=Param(str, "the pack's meeting kind"),
         typed=Param(str, "the reported fact an organisation without records types instead", default=None))
# --- party dues records (guifan.dues) ------------------------------------------------------------------------
# An organisation keeps dues records for a year when a member of its subtree has a monthly amount set for it
# (guifan.dues DuesAssessment); one that keeps none is judged on its typed figure (`typed`, a reported fact of its
# yearly report), and without one is unknown (never a pass).
_declare("dues_paid", "dues", "the year's monthly dues paid by the members of the organisation and its "
         "sub-organisations (special payments, which go up to the centre, left out); without records, the typed "
         "figure", typed=Param(str, "the reported fact an organisation without dues records types instead",
                               default=None))
_declare("dues_returned", "dues", "the dues recorded as returned to the organisation and its sub-organisations for "
         "the year (0 when none); without records, the typed figure",
         typed=Param(str, "the reported fact an organisation without dues records types instead", default=None))
# --- recruitment files (guifan.recruitment) ------------------------------------------------------------------
# An organisation keeps recruitment files when an applicant of its subtree is recorded; one that keeps none is
# unknown (never a pass).
_declare("recruitment_review_notice_vote", "recruitment", "every candidate admitted in the year by the organisation "
         "and its sub-organisations had the political review (with its conclusion), the public notice and the branch "
         "meeting's vote recorded (the records of the steps named by the pack's recruitment checks); nobody admitted: "
         "yes")
# --- member status records (guifan.members StatusChange; TEAM-R-02, ACT-G-04) ------------------------------------
# A member's status at the period's end is the `to` of their latest status change on or before it; a member with no
# change recorded by then has the register's status. Implemented in guifan/facts/computers_status.py.
_declare("members_in_status", "members", "members of the subtree whose status at the period's end is `status` "
         "(from their status changes; the register's status when none is recorded)",
         status=Param(str, "a member status", choices=("flowing", "lost_contact", "pocket", "unqualified")))
_declare("unqualified_undisposed", "members", "members of the subtree unqualified at the period's end with no "
         "disposal recorded since they were found unqualified")
_declare("flowing_dual_managed", "members", "every member of the subtree flowing at the period's end has a "
         "flowing-out record naming the receiving organisation under dual management; none flowing: unknown")
# --- earlier verdicts ---------------------------------------------------------------------------------------------
_declare("stars_previous_year", "assessment", "the star level of the latest official assessment of the year before")
# --- training records ---------------------------------------------------------------------------------------------
# Hours from the completions of the training app (guifan.training), counted by the pack's `training: hours` rules
# named in `requirements` (the first that applies in the organisation's domain): its audiences and course modes.
_declare("least_training_hours", "training",
         "the year's training hours of the least-trained person of the requirement's audience in the organisation "
         "(its own secretary, the secretaries or post holders of its subtree, or its subtree's members); none: unknown",
         requirements=Param(list, "codes of `training: hours` rules of the pack"))
_declare("trained_share", "training",
         "the share (%) of the requirement's audience in the organisation's subtree who reached its hours this year "
         "(at least one completion when its minimum is 0); none in the audience: unknown",
         requirements=Param(list, "codes of `training: hours` rules of the pack"))
