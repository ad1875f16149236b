"""A file walked through the pack's 25 steps on dates that meet every minimum and deadline exactly (the day a
minimum period ends, the day a deadline falls), for the tests to break one step at a time."""

import datetime as dt

from guifan import testing as t
from guifan.recruitment import actions
from guifan.recruitment.checks import Proposed

D = dt.date
APPLIED = D(2020, 1, 10)
BIRTH = D(2002, 1, 10)  # 18 on the day of applying

PLAN = [
    ("talk", D(2020, 2, 10), {}),
    ("activist", D(2020, 3, 1), {}),
    ("activist_filing", D(2020, 3, 5), {}),
    ("contacts", D(2020, 3, 5), {"people": "contacts"}),
    ("cultivation", D(2020, 9, 1), {}),
    ("candidate", D(2021, 3, 1), {}),
    ("candidate_filing", D(2021, 3, 5), {}),
    ("introducers", D(2021, 3, 10), {"people": "introducers"}),
    ("political_review", D(2021, 4, 1), {"conclusion": "政治审查合格"}),
    ("training", D(2021, 4, 10), {"training_days": 3}),
    ("branch_review", D(2021, 5, 1), {"notice_from": D(2021, 5, 1), "notice_until": D(2021, 5, 5)}),
    ("pre_review", D(2021, 5, 6), {}),
    ("form", D(2021, 5, 10), {}),
    ("branch_meeting", D(2021, 6, 1), {"eligible_voters": 4, "present_voters": 3, "in_favour": 3}),
    ("committee_talk", D(2021, 6, 10), {}),
    ("committee_approval", D(2021, 9, 1), {}),
    ("approval_filing", D(2021, 9, 5), {}),
    ("assigned", D(2021, 9, 5), {}),
    ("oath", D(2021, 9, 10), {}),
    ("probation_education", D(2022, 1, 10), {}),
    ("full_request", D(2022, 5, 20), {}),
    ("full_meeting", D(2022, 6, 1), {"eligible_voters": 4, "present_voters": 3, "in_favour": 3}),
    ("full_approval", D(2022, 8, 1), {}),
    ("archive", D(2022, 8, 10), {}),
]


def register(branch, rules, birth=BIRTH, applied=APPLIED, name="申请人甲"):
    number = t.id_number(branch.region.code[:6], birth, True)
    return actions.register_applicant({"name": name, "gender": "M", "id_number": number, "organisation": branch},
                                      applied, rules)


def proposed(code, date, extra, members):
    extra = dict(extra)
    people = extra.pop("people", None)
    if people == "contacts":
        extra["people"] = members[:1]
    elif people == "introducers":
        extra["people"] = members[:2]
    return Proposed(date=date, **extra)


def walk(applicant, rules, members, until=None, user=None):
    """Records the plan's steps up to and including `until` (all when None)."""
    for code, date, extra in PLAN:
        actions.record_step(applicant, code, proposed(code, date, extra, members), rules, user=user)
        if code == until:
            break
    applicant.refresh_from_db()
    return applicant


def before(code):
    """The step of the plan before `code`."""
    codes = [c for c, _d, _e in PLAN]
    index = codes.index(code)
    return codes[index - 1] if index else "apply"


def plan_of(code):
    return next((d, e) for c, d, e in PLAN if c == code)
