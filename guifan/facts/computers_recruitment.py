"""The computers of the facts derived from the recruitment files (declared in guifan/standards/computers.py,
"recruitment files"; ACT-G-03): every candidate admitted in the year by the organisation's subtree had the political
review (with its conclusion), the public notice and the branch meeting's vote recorded before admission.

An organisation keeps recruitment files when an applicant of its subtree is recorded (guifan.recruitment); one that
keeps none is unknown (None), never a pass. One that keeps files and admitted nobody in the year passes (nobody was
admitted without the three). Read in bulk once per derivation.
"""

from __future__ import annotations

from guifan.recruitment import selectors as recruitment
from guifan.standards.computers import COMPUTERS

implementation = COMPUTERS.implementation


class RecruitmentFiles:
    def __init__(self, d):
        rules = d.pack.recruitment
        self.admitted = recruitment.admitted_in(d.period.year, rules, d.only) if rules else {}
        self.keeping = recruitment.keeping(d.only)


def _subtree(d, pk: int):
    stack = [pk]
    while stack:
        here = stack.pop()
        yield here
        stack.extend(d.reg.org_children.get(here, ()))


@implementation("recruitment_review_notice_vote")
def recruitment_review_notice_vote(d, org, unit, fact):
    if org is None or d.pack.recruitment is None:
        return None
    files = d.loaded("recruitment", RecruitmentFiles)
    pks = list(_subtree(d, org["pk"]))
    if not any(pk in files.keeping for pk in pks):
        return None
    return all(row["review"] and row["notice"] and row["vote"]
               for pk in pks for row in files.admitted.get(pk, ()))
