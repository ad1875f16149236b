"""Reading recruitment files (发展党员, ACT-G-03, TEAM-R-04): the rules in effect, a branch's applicants with their
stage and next step, the reminders (a step whose deadline falls within N days or has passed), a region's pipeline
(applicants per stage, overdue steps: each one GROUP BY over the per-organisation ancestor table
orgs.OrganisationStructure), the villages with no member admitted for two years, and what ACT-G-03 is derived from.
Read-only."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Count, Exists, OuterRef
from django.utils import timezone

from guifan.core.dates import add_months
from guifan.core.vocabulary import child_level
from guifan.members.models import Member
from guifan.orgs.models import HostUnit
from guifan.standards.recruitment_rules import RecruitmentRules, label
from guifan.standards.selectors import pack_in_effect, reporting_year

from .models import Applicant, StepRecord

REMINDER_DAYS = 14  # a deadline this close is a reminder (the page's default; `?within=` changes it)
VILLAGE_KINDS = (HostUnit.Kind.ADMIN_VILLAGE, HostUnit.Kind.RURAL_COMMUNITY)


def rules(year: int | None = None) -> RecruitmentRules | None:
    version = pack_in_effect(year or reporting_year())
    return version.pack().recruitment if version is not None else None


def stage_label(rules_: RecruitmentRules, step_code: str, language: str) -> str:
    return label(rules_.stage_of(step_code).label, language) if step_code in rules_.steps else ""


def step_label(rules_: RecruitmentRules, step_code: str, language: str) -> str:
    return label(rules_.step(step_code).label, language) if step_code in rules_.steps else ""


def applicants(scope, organisation=None):
    qs = Applicant.objects.filter(organisation__in=scope.organisations()).select_related("organisation")
    return qs.filter(organisation=organisation) if organisation is not None else qs


def _deadline_rows(rules_: RecruitmentRules):
    """[(step before the deadline step, the deadline step, its max_after check)]."""
    out = []
    for step, check in rules_.deadlines():
        if step.index == 0:
            continue
        before = rules_.order[step.index - 1]
        out.append((before, step, check))
    return out


def reminders(qs, rules_: RecruitmentRules, today: dt.date, within: int = REMINDER_DAYS) -> list[dict]:
    """The applicants of `qs` whose next step has a deadline within `within` days of today or past it, the latest
    first: {"applicant", "step", "deadline", "overdue"}."""
    out = []
    for before, step, check in _deadline_rows(rules_):
        horizon = add_months(today + dt.timedelta(days=within), -check["months"])
        records = (StepRecord.objects.filter(step=check["step"], applicant__in=qs.filter(last_step=before),
                                             extension_months__isnull=True, done_on__lte=horizon)
                   .select_related("applicant", "applicant__organisation"))
        for r in records:
            deadline = add_months(r.done_on, check["months"])
            if deadline - today <= dt.timedelta(days=within):
                out.append({"applicant": r.applicant, "step": step, "deadline": deadline,
                            "overdue": deadline < today})
    seen, unique = set(), []
    for row in sorted(out, key=lambda r: r["deadline"]):
        if row["applicant"].pk not in seen:
            seen.add(row["applicant"].pk)
            unique.append(row)
    return unique


def file_of(applicant: Applicant, rules_: RecruitmentRules, language: str) -> list[dict]:
    """The applicant's steps in the pack's order, each with its records (latest last) and whether it is done."""
    records = defaultdict(list)
    for r in applicant.steps.prefetch_related("people").order_by("done_on", "id"):
        records[r.step].append(r)
    out = []
    for stage in rules_.stages:
        steps = [{"step": rules_.step(c), "label": label(rules_.step(c).label, language), "records": records[c]}
                 for c in stage.steps]
        out.append({"stage": stage, "label": label(stage.label, language), "steps": steps})
    return out


def pipeline(scope, region, rules_: RecruitmentRules, today: dt.date) -> dict:
    """A region's applicants per stage (the region's total and per child region), the overdue next steps, the
    villages with no member admitted for two years; within the scope. Each a GROUP BY on the ancestor table."""
    level = region.level
    below = child_level(level)
    base = Applicant.objects.filter(organisation__in=scope.organisations(),
                                    **{f"organisation__structure__{level}": region}).order_by()
    stage_of = {code: rules_.step(code).stage for code in rules_.order}
    totals = {s.code: 0 for s in rules_.stages}
    children: dict[int, dict] = defaultdict(lambda: {s.code: 0 for s in rules_.stages} | {"overdue": 0})
    column = f"organisation__structure__{below}" if below else None
    keys = ["last_step"] + ([column] if column else [])
    for row in base.values(*keys).annotate(n=Count("pk")):
        stage = stage_of.get(row["last_step"])
        if stage is None:
            continue
        totals[stage] += row["n"]
        if column and row[column]:
            children[row[column]][stage] += row["n"]
    overdue = 0
    for before, _step, check in _deadline_rows(rules_):
        cutoff = add_months(today, -check["months"])
        late = StepRecord.objects.filter(step=check["step"], extension_months__isnull=True, done_on__lt=cutoff,
                                         applicant__in=base.filter(last_step=before)).order_by()
        if column:
            for row in late.values(f"applicant__{column}").annotate(n=Count("pk")):
                if row[f"applicant__{column}"]:
                    children[row[f"applicant__{column}"]]["overdue"] += row["n"]
                overdue += row["n"]
        else:
            overdue += late.count()
    return {"totals": totals, "overdue": overdue, "children": dict(children),
            "quiet_villages": quiet_villages(scope, region, today)}


def quiet_villages(scope, region, today: dt.date, years: int = 2):
    """The villages (administrative villages, rural communities) of the region with an organisation in scope and no
    member admitted (joined_on) in the last `years` years (TEAM-R-04; the fact members_recruited_2y counts the
    same dates)."""
    since = add_months(today, -12 * years)
    recent = Member.objects.filter(organisation__host_unit=OuterRef("pk"), joined_on__gt=since)
    return (HostUnit.objects.filter(kind__in=VILLAGE_KINDS, region__path__startswith=region.path,
                                    organisations__in=scope.organisations()).distinct()
            .annotate(recent=Exists(recent)).filter(recent=False).order_by("name", "pk"))


def admitted_in(year: int, rules_: RecruitmentRules, organisations=None) -> dict[int, list[dict]]:
    """{organisation id: [{"applicant": id, "review", "notice", "vote": StepRecord id or None}]} of the applicants
    admitted (the pack's `admits` step) in `year`: which record shows the political review, the public notice and
    the branch vote (ACT-G-03). Two queries."""
    admits = [s.code for s in rules_.steps.values() if s.admits]
    review = [s.code for s in rules_.steps.values() if s.checks_of("conclusion")]
    notice = [s.code for s in rules_.steps.values() if s.checks_of("notice")]
    admits_index = min((rules_.step(c).index for c in admits), default=len(rules_.order))
    vote = [s.code for s in rules_.steps.values() if s.checks_of("vote") and s.index < admits_index]
    qs = StepRecord.objects.filter(step__in=admits, done_on__year=year)
    if organisations is not None:
        qs = qs.filter(applicant__organisation_id__in=organisations)
    admitted = dict(qs.values_list("applicant_id", "applicant__organisation_id"))
    found: dict[int, dict] = defaultdict(dict)
    for pk, applicant_id, step, conclusion in (StepRecord.objects.filter(applicant_id__in=list(admitted),
                                                                        step__in=review + notice + vote)
                                               .values_list("pk", "applicant_id", "step", "conclusion_encrypted")):
        if step in review and conclusion:
            found[applicant_id]["review"] = pk
        elif step in notice:
            found[applicant_id]["notice"] = pk
        elif step in vote:
            found[applicant_id]["vote"] = pk
    out: dict[int, list[dict]] = defaultdict(list)
    for applicant_id, org_id in admitted.items():
        f = found.get(applicant_id, {})
        out[org_id].append({"applicant": applicant_id, "review": f.get("review"), "notice": f.get("notice"),
                            "vote": f.get("vote")})
    return dict(out)


def today() -> dt.date:
    return timezone.localdate()


def keeping(organisations=None) -> set[int]:
    """The organisations with an applicant recorded (they keep recruitment files)."""
    qs = Applicant.objects.all()
    if organisations is not None:
        qs = qs.filter(organisation_id__in=organisations)
    return set(qs.order_by().values_list("organisation_id", flat=True).distinct())
