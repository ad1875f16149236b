"""The checks of the pack's recruitment steps (guifan/standards/recruitment_rules.py), as pure functions over the
dates and figures of a step and the steps recorded before it. Each returns the refusal (a Chinese sentence citing the
rule's article and quote) or None. Dates are compared per the rules: a minimum period ends on the same day of the
month `months` later (allowed that day, refused the day before); a maximum period likewise (allowed that day,
refused the day after).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from fractions import Fraction

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from guifan.core.dates import add_months
from guifan.standards.recruitment_rules import RecruitmentRules, Step, StepCheck, label

ACTIVE_STATUSES = ("normal", "flowing", "lost_contact", "pocket")


def add_years(day: dt.date, years: int) -> dt.date:
    return add_months(day, 12 * years)


@dataclass
class Proposed:
    """A step to record: its date and what the form gave."""

    date: dt.date
    people: list = field(default_factory=list)  # members.Member
    notes: str = ""
    conclusion: str = ""
    eligible_voters: int | None = None
    present_voters: int | None = None
    in_favour: int | None = None
    training_days: float | None = None
    training_hours: float | None = None
    notice_from: dt.date | None = None
    notice_until: dt.date | None = None
    extension_months: int | None = None


def cite(check: StepCheck) -> str:
    return _("the detailed rules on recruiting members (2014), %(article)s: “%(quote)s”") % {
        "article": check.article, "quote": check.quote}


def refusal(message: str, check: StepCheck) -> str:
    return f"{message}（{cite(check)}）"


def deadline_of(check: StepCheck, done: dict) -> dt.date | None:
    """The last day allowed by a max_after check (its `months`), from the date of the step it counts from."""
    start = done.get(check["step"])
    return add_months(start.done_on, check["months"]) if start is not None else None


def check_step(rules: RecruitmentRules, step: Step, proposed: Proposed, done: dict, birth: dt.date,
               branch_id: int, extensions: list) -> list[str]:
    """Every refusal of `step` on `proposed`: `done` is {step code: the latest StepRecord}, `extensions` the
    probation extensions recorded (months)."""
    out = []
    for check in step.checks:
        message = CHECKS[check.kind](rules, step, check, proposed, done, birth, branch_id, extensions)
        if message:
            out.append(refusal(message, check))
    return out


def _min_age(rules, step, check, p, done, birth, branch_id, extensions):
    if p.date < add_years(birth, check["years"]):
        return _("An applicant must be at least %(years)s years old on the day they apply.") % {
            "years": check["years"]}
    return None


def _min_after(rules, step, check, p, done, birth, branch_id, extensions):
    start = done.get(check["step"])
    if start is None:
        return None
    earliest = add_months(start.done_on, check["months"])
    if p.date < earliest:
        return _("%(step)s can be recorded on %(earliest)s at the earliest, %(months)s months after %(start)s "
                 "(%(start_on)s).") % {"step": _label(step), "earliest": earliest, "months": check["months"],
                                       "start": _label(rules.step(check["step"])), "start_on": start.done_on}
    return None


def _max_after(rules, step, check, p, done, birth, branch_id, extensions):
    start = done.get(check["step"])
    if start is None:
        return None
    deadline = add_months(start.done_on, check["months"])
    limit = add_months(start.done_on, check.get("limit_months") or check["months"])
    if p.date > limit:
        return _("%(step)s was due by %(deadline)s, %(months)s months after %(start)s (%(start_on)s): it is too "
                 "late to record it on %(date)s.") % {
            "step": _label(step), "deadline": limit, "months": check.get("limit_months") or check["months"],
            "start": _label(rules.step(check["step"])), "start_on": start.done_on, "date": p.date}
    if p.date > deadline and not p.notes.strip():
        return _("%(step)s was due by %(deadline)s: recorded later, the notes must give the special reason.") % {
            "step": _label(step), "deadline": deadline}
    return None


def _people(rules, step, check, p, done, birth, branch_id, extensions):
    n = len(p.people)
    if not check["min"] <= n <= check["max"]:
        if check["min"] == check["max"]:
            return _("This step needs exactly %(n)s people; %(given)s were given.") % {"n": check["min"],
                                                                                       "given": n}
        return _("This step needs %(min)s to %(max)s people; %(given)s were given.") % {
            "min": check["min"], "max": check["max"], "given": n}
    for member in p.people:
        if check.get("full") and (member.category != "full" or member.status not in ACTIVE_STATUSES):
            return _("%(name)s is not a full member in good standing: only full members can be named here.") % {
                "name": member.name}
        if check.get("same_branch") and member.organisation_id != branch_id:
            return _("%(name)s is not a member of the applicant's branch.") % {"name": member.name}
    return None


def _conclusion(rules, step, check, p, done, birth, branch_id, extensions):
    if not p.conclusion.strip():
        return _("The political review must end in a written conclusion.")
    return None


def _training(rules, step, check, p, done, birth, branch_id, extensions):
    days, hours = p.training_days or 0, p.training_hours or 0
    if Fraction(str(days)) < check["days"] and Fraction(str(hours)) < Fraction(str(check["hours"])):
        return _("The training must last at least %(days)s days or %(hours)s hours.") % {
            "days": check["days"], "hours": check["hours"]}
    return None


def _notice(rules, step, check, p, done, birth, branch_id, extensions):
    if p.notice_from is None or p.notice_until is None:
        return _("Give the dates the public notice is posted and ends.")
    if p.notice_until < p.notice_from:
        return _("The public notice ends before it is posted.")
    if (p.notice_until - p.notice_from).days + 1 < check["days"]:
        return _("The public notice must be posted for at least %(days)s days.") % {"days": check["days"]}
    if p.notice_from < p.date:
        return _("The public notice is posted after the branch committee's review.")
    return None


def _after_notice(rules, step, check, p, done, birth, branch_id, extensions):
    notice = next((r for r in done.values() if r.notice_until is not None), None)
    if notice is None:
        return _("No public notice of the candidate is recorded.")
    if p.date <= notice.notice_until:
        return _("The public notice ends on %(until)s: this step comes after it.") % {"until": notice.notice_until}
    return None


def _vote(rules, step, check, p, done, birth, branch_id, extensions):
    eligible, present, favour = p.eligible_voters, p.present_voters, p.in_favour
    if eligible is None or present is None or favour is None:
        return _("Give the full members with a vote, those present and the votes in favour.")
    if not favour <= present <= eligible:
        return _("The votes in favour cannot exceed those present, nor those present the members with a vote.")
    if present <= eligible * Fraction(str(check["present_over"])):
        return _("Without a quorum: %(present)s of %(eligible)s members with a vote were present, more than "
                 "%(share)s are needed.") % {"present": present, "eligible": eligible,
                                             "share": _share(check["present_over"])}
    if favour <= eligible * Fraction(str(check["in_favour_over"])):
        return _("Not passed: %(favour)s of %(eligible)s members with a vote were in favour, more than "
                 "%(share)s are needed.") % {"favour": favour, "eligible": eligible,
                                             "share": _share(check["in_favour_over"])}
    return None


def _probation(rules, step, check, p, done, birth, branch_id, extensions):
    start = done.get(check["step"])
    if start is None:
        return None
    if p.extension_months is not None:
        if len(extensions) >= check.get("extensions", 0):
            return _("The probation can be extended %(n)s time(s) only.") % {"n": check.get("extensions", 0)}
        low, high = check.get("extension_min_months", 1), check.get("extension_max_months", 120)
        if not low <= p.extension_months <= high:
            return _("The probation is extended by %(low)s to %(high)s months.") % {"low": low, "high": high}
    earliest = add_months(start.done_on, check["months"] + sum(extensions))
    if p.date < earliest:
        return _("The probation ends on %(earliest)s: the branch meeting on it is held from that day.") % {
            "earliest": earliest}
    return None


def _share(value) -> str:
    return _("half") if Fraction(str(value)) == Fraction(1, 2) else f"{Fraction(str(value)) * 100:.0f}%"


def _label(step: Step) -> str:
    return label(step.label, get_language() or "zh-hans")


CHECKS = {"min_age": _min_age, "min_after": _min_after, "max_after": _max_after, "people": _people,
          "conclusion": _conclusion, "training": _training, "notice": _notice, "after_notice": _after_notice,
          "vote": _vote, "probation": _probation}
