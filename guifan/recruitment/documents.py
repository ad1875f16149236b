"""Word files of a recruitment file made from the recorded dates (docxtpl): the public notice of a candidate (公示),
the approval notice (审批通知) and the cover and basic data of the application form (入党志愿书: every date blank
until its step is recorded; the ethnicity once the applicant is a member, the register keeping it). Documents are
Chinese whatever the user's language. The templates are shipped in guifan/recruitment/docx/ (made by
`python -m guifan.recruitment.make_templates`)."""

from __future__ import annotations

import io
from pathlib import Path

from django.utils import translation
from docxtpl import DocxTemplate

from .models import Applicant

TEMPLATES = Path(__file__).parent / "docx"
KINDS = ("notice", "approval", "form_cover")


def _zh_date(day) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


def _ready(kind: str, records: dict) -> bool:
    """Whether the steps the document of `kind` is made from are recorded."""
    if kind == "notice":
        return any(r.notice_from for r in records.values())
    if kind == "form_cover":
        return "apply" in records
    return kind == "approval" and "branch_meeting" in records and "committee_approval" in records


def available(applicant: Applicant) -> list[str]:
    """The kinds of document the applicant's recorded steps can make (the file page links only these)."""
    records = {r.step: r for r in applicant.steps.all()}
    return [kind for kind in KINDS if _ready(kind, records)]


def _date_of(records: dict, step: str) -> str:
    record = records.get(step)
    return _zh_date(record.done_on if record else None)


def _introducers(records: dict) -> str:
    return "、".join(m.name for m in records["introducers"].people.all()) if "introducers" in records else ""


def render(applicant: Applicant, kind: str) -> bytes | None:
    """The .docx of `kind` for the applicant, or None when the steps it is made from are not recorded."""
    records = {r.step: r for r in applicant.steps.order_by("done_on", "id")}
    if not _ready(kind, records):
        return None
    with translation.override("zh-hans"):
        return _render(applicant, kind, records)


def _render(applicant: Applicant, kind: str, records: dict) -> bytes:
    org = applicant.organisation
    context = {"name": applicant.name, "organisation": org.name,
               "gender": applicant.get_gender_display(), "birth": applicant.birth_year_month}
    if kind == "notice":
        review = next(r for r in records.values() if r.notice_from)
        context |= {"notice_from": _zh_date(review.notice_from), "notice_until": _zh_date(review.notice_until),
                    "applied_on": _date_of(records, "apply"), "activist_on": _date_of(records, "activist"),
                    "candidate_on": _date_of(records, "candidate"), "introducers": _introducers(records)}
    elif kind == "approval":
        meeting, approval = records["branch_meeting"], records["committee_approval"]
        context |= {"meeting_on": _zh_date(meeting.done_on), "approved_on": _zh_date(approval.done_on),
                    "probation_from": _zh_date(meeting.done_on), "committee": org.parent.name if org.parent_id
                    else org.name}
    elif kind == "form_cover":
        context |= {"ethnicity": applicant.member.ethnicity if applicant.member_id else "",
                    "applied_on": _date_of(records, "apply"), "activist_on": _date_of(records, "activist"),
                    "candidate_on": _date_of(records, "candidate"), "introducers": _introducers(records),
                    "meeting_on": _date_of(records, "branch_meeting"),
                    "approved_on": _date_of(records, "committee_approval")}
    doc = DocxTemplate(TEMPLATES / f"{kind}.docx")
    doc.render(context)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
