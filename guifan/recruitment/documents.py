"""Word files of a recruitment file made from the recorded dates (docxtpl): the public notice of a candidate (公示)
and the approval notice (审批通知). The templates are shipped in guifan/recruitment/docx/ (made by
`python -m guifan.recruitment.make_templates`)."""

from __future__ import annotations

import io
from pathlib import Path

from docxtpl import DocxTemplate

from .models import Applicant

TEMPLATES = Path(__file__).parent / "docx"
KINDS = ("notice", "approval")


def _zh_date(day) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


def _ready(kind: str, records: dict) -> bool:
    """Whether the steps the document of `kind` is made from are recorded."""
    if kind == "notice":
        return any(r.notice_from for r in records.values())
    return kind == "approval" and "branch_meeting" in records and "committee_approval" in records


def available(applicant: Applicant) -> list[str]:
    """The kinds of document the applicant's recorded steps can make (the file page links only these)."""
    records = {r.step: r for r in applicant.steps.all()}
    return [kind for kind in KINDS if _ready(kind, records)]


def render(applicant: Applicant, kind: str) -> bytes | None:
    """The .docx of `kind` for the applicant, or None when the steps it is made from are not recorded."""
    records = {r.step: r for r in applicant.steps.order_by("done_on", "id")}
    if not _ready(kind, records):
        return None
    org = applicant.organisation
    context = {"name": applicant.name, "organisation": org.name,
               "gender": applicant.get_gender_display(), "birth": applicant.birth_year_month}
    if kind == "notice":
        review = next(r for r in records.values() if r.notice_from)
        applied, activist = records.get("apply"), records.get("activist")
        candidate = records.get("candidate")
        context |= {"notice_from": _zh_date(review.notice_from), "notice_until": _zh_date(review.notice_until),
                    "applied_on": _zh_date(applied.done_on if applied else None),
                    "activist_on": _zh_date(activist.done_on if activist else None),
                    "candidate_on": _zh_date(candidate.done_on if candidate else None),
                    "introducers": "、".join(m.name for m in records["introducers"].people.all())
                    if "introducers" in records else ""}
    elif kind == "approval":
        meeting, approval = records["branch_meeting"], records["committee_approval"]
        context |= {"meeting_on": _zh_date(meeting.done_on), "approved_on": _zh_date(approval.done_on),
                    "probation_from": _zh_date(meeting.done_on), "committee": org.parent.name if org.parent_id
                    else org.name}
    doc = DocxTemplate(TEMPLATES / f"{kind}.docx")
    doc.render(context)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
