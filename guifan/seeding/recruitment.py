"""The sample city's recruitment files (发展党员, ACT-G-03, guifan.recruitment): applicants at every stage of the
pack's steps across a share of the branches, their steps dated forward from the application so that every minimum
period of the pack holds (a year as an activist, a year on probation), a few left with a deadline passed (the talk
within a month, the committee's approval within three months: reminders and overdue counts). Files of the probation
stage belong to probationary members of the register (their branch meeting is the date they joined), so that no
member is made here. Written in bulk; ID numbers encrypted, hashed and masked as the app does.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict

from guifan.core import bulk, crypto, idcard
from guifan.core.dates import add_months
from guifan.members.models import Member
from guifan.orgs.models import Organisation
from guifan.recruitment.models import Applicant, StepRecord

SHARE = 0.12  # of the branches have applicants
ACTIVE = ("normal", "flowing")


def clear() -> None:
    StepRecord.people.through.objects.all().delete()
    StepRecord.objects.all().delete()
    Applicant.objects.all().delete()


def _dates(rules, rng, until_index: int, start: dt.date) -> list[dt.date]:
    """A date for each step up to `until_index`, forward from `start`, meeting the pack's minimum periods and
    (mostly) its deadlines."""
    order = rules.order
    dates: list[dt.date] = []
    for i in range(until_index + 1):
        step = rules.step(order[i])
        day = start if i == 0 else dates[-1] + dt.timedelta(days=rng.randint(3, 30))
        for check in step.checks:
            if check.kind in ("min_after", "probation") and check["step"] in order[:i]:
                day = max(day, add_months(dates[order.index(check["step"])], check["months"]))
            if check.kind == "max_after" and check["step"] in order[:i]:
                day = min(day, add_months(dates[order.index(check["step"])], check["months"]))
            if check.kind == "after_notice":
                day = max(day, dates[-1] + dt.timedelta(days=8))
        dates.append(max(day, dates[-1]) if dates else day)
    return dates


def _fields(rules, code: str, day: dt.date, rng, conclusion: str) -> dict:
    step = rules.step(code)
    out: dict = {}
    for check in step.checks:
        if check.kind == "conclusion":
            out["conclusion_encrypted"] = conclusion
        elif check.kind == "training":
            out["training_days"] = check["days"]
        elif check.kind == "notice":
            out["notice_from"], out["notice_until"] = day, day + dt.timedelta(days=check["days"] + 1)
        elif check.kind == "vote":
            eligible = rng.randint(5, 40)
            present = rng.randint(eligible // 2 + 1, eligible)
            out |= {"eligible_voters": eligible, "present_voters": present,
                    "in_favour": rng.randint(eligible // 2 + 1, present)}
    return out


def write_sample(rules, *, today: dt.date, seed: int = 1, share: float = SHARE) -> dict:
    """Writes the sample's files; returns counts (applicants, steps, overdue planted)."""
    conclusion = crypto.encrypt("政治审查合格")
    rng = random.Random(f"recruitment-{seed}")
    clear()
    order = rules.order
    admits = next(s.index for s in rules.steps.values() if s.admits)
    meeting = order.index("branch_meeting") if "branch_meeting" in order else admits - 2
    branches = list(Organisation.objects.filter(kind=Organisation.Kind.BRANCH, dissolved_on__isnull=True)
                    .order_by("pk").values_list("pk", "region__code"))
    chosen = [b for b in branches if rng.random() < share]
    chosen_ids = [pk for pk, _code in chosen]
    full = defaultdict(list)
    probationary = defaultdict(list)
    for pk, org_id, category, *rest in (
            Member.objects.filter(organisation_id__in=chosen_ids, status__in=ACTIVE).order_by("pk")
            .values_list("pk", "organisation_id", "category", "joined_on", "name", "gender", "birth_month",
                         "id_number_encrypted", "id_number_hash", "id_number_masked").iterator(chunk_size=20_000)):
        (full if category == "full" else probationary)[org_id].append((pk, *rest))
    linked = set(Applicant.objects.exclude(member=None).values_list("member_id", flat=True))
    hashes: set[str] = set()
    applicants, plans, overdue = [], [], 0
    for org_id, region_code in chosen:
        for _n in range(rng.randint(1, 3)):
            target = rng.randrange(0, admits)  # before admission: a person, not yet a member
            late = rng.random() < 0.15 and target in (0, admits - 1)
            dates = _dates(rules, rng, target, dt.date(2000, 1, 1))
            shift = (today - dt.timedelta(days=rng.randint(120, 300) if late else rng.randint(0, 20))) - dates[-1]
            dates = [d + shift for d in dates]
            overdue += late
            birth = dates[0] - dt.timedelta(days=365 * rng.randint(19, 45) + rng.randint(0, 364))
            male = rng.random() < 0.6
            number = idcard.generate(rng, region_code[:6], birth, male)
            digest = crypto.keyed_hash(number)
            if digest in hashes:
                continue
            hashes.add(digest)
            a = Applicant(name=f"申请人{len(applicants) + 1}", gender="M" if male else "F", organisation_id=org_id,
                          last_step=order[target], last_step_on=dates[-1])
            a.id_number_encrypted, a.id_number_hash = crypto.encrypt(number), digest
            a.id_number_masked = crypto.mask_id_number(number)
            a.birth_month = idcard.first_of_month(birth)
            applicants.append(a)
            plans.append(dates)
        for member_pk, joined, name, gender, birth_month, encrypted, digest, masked in probationary.get(org_id, [])[:2]:
            if member_pk in linked:
                continue
            relative = _dates(rules, rng, len(order) - 1, dt.date(2000, 1, 1))
            shift = joined - relative[meeting]
            dates = [d + shift for d in relative]
            target = max((i for i, d in enumerate(dates) if d <= today and i < len(order) - 2), default=-1)
            if target < admits:
                continue
            dates = dates[:target + 1]
            if digest in hashes:
                continue
            hashes.add(digest)
            a = Applicant(name=name, gender=gender, organisation_id=org_id, last_step=order[target],
                          last_step_on=dates[-1], member_id=member_pk, birth_month=birth_month,
                          id_number_encrypted=encrypted, id_number_hash=digest, id_number_masked=masked)
            applicants.append(a)
            plans.append(dates)
    Applicant.objects.bulk_create(applicants, batch_size=2000)
    bulk.assign_pks(applicants, Applicant, "id_number_hash")
    now = dt.datetime.now(dt.UTC)
    rows = []
    for a, dates in zip(applicants, plans, strict=True):
        for i, day in enumerate(dates):
            fields = _fields(rules, order[i], day, rng, conclusion)
            rows.append(StepRecord(applicant_id=a.pk, step=order[i], done_on=day, recorded_at=now, **fields))
    StepRecord.objects.bulk_create(rows, batch_size=5000)
    people = []
    needs = {s.code: c for s in rules.steps.values() for c in s.checks_of("people")}
    for pk, _applicant_id, step, org_id in (StepRecord.objects.filter(step__in=list(needs))
                                           .values_list("pk", "applicant_id", "step", "applicant__organisation_id")):
        pool = full.get(org_id, [])
        for member_pk, *_rest in rng.sample(pool, min(len(pool), needs[step]["max"])):
            people.append(StepRecord.people.through(steprecord_id=pk, member_id=member_pk))
    StepRecord.people.through.objects.bulk_create(people, batch_size=5000)
    bulk.analyze(Applicant, StepRecord)
    return {"applicants": len(applicants), "steps": len(rows), "overdue": overdue}
