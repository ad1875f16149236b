"""Every change to a recruitment file (发展党员, ACT-G-03): an applicant registered with their application, a step
recorded. Each checks the order of the pack's steps and every check the pack sets on the step
(guifan/recruitment/checks.py), refuses with the rule's article and quote in Chinese and writes nothing, and writes
its audit record. At the pack's `admits` step the applicant becomes a probationary member, at `makes_full` a full
member, both through guifan.members.actions (joined_on: the date of the branch meeting that admitted them, when the
probation starts).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from guifan.core import audit, crypto, idcard
from guifan.core.models import ChangeLog
from guifan.members import actions as member_actions
from guifan.members.models import Member
from guifan.standards.recruitment_rules import RecruitmentRules, label

from .checks import Proposed, check_step
from .models import Applicant, StepRecord

ADMITTED_AT = "branch_meeting"  # the step whose date is the date of joining (党章: 预备期从支部大会通过之日算起)


def latest_records(applicant: Applicant) -> dict:
    """{step code: its latest record} of the applicant."""
    return {r.step: r for r in applicant.steps.order_by("done_on", "id")}


def extensions_of(applicant: Applicant) -> list[int]:
    return [m for m in applicant.steps.filter(extension_months__isnull=False).order_by("id")
            .values_list("extension_months", flat=True)]


def expected_step(rules: RecruitmentRules, applicant: Applicant):
    """The step to record next: the one after the step reached, or the branch meeting on becoming full again
    after the probation was extended."""
    last = applicant.steps.order_by("-done_on", "-id").first()
    if last is not None and last.step == applicant.last_step and last.extension_months:
        return rules.step(last.step)
    return rules.next_step(applicant.last_step)


@transaction.atomic
def register_applicant(data: dict, applied_on: dt.date, rules: RecruitmentRules, user=None,
                       today: dt.date | None = None) -> Applicant:
    """A person's application to a branch (the first step, checked like every step: the age). `data`: name,
    gender, id_number, organisation."""
    errors = {}
    for name in ("name", "gender", "id_number", "organisation"):
        if data.get(name) in (None, ""):
            errors[name] = _("This field is required.")
    number = ""
    if data.get("id_number"):
        try:
            number = idcard.validate(data["id_number"])
        except idcard.IdNumberError as exc:
            errors["id_number"] = str(exc)
        else:
            digest = crypto.keyed_hash(number)
            if Applicant.objects.filter(id_number_hash=digest).exists():
                errors["id_number"] = _("An applicant with this ID number is already registered.")
            elif Member.objects.filter(id_number_hash=digest).exists():
                errors["id_number"] = member_actions.registered_elsewhere_message()
    org = data.get("organisation")
    if org is not None and "organisation" not in errors:
        try:
            member_actions.check_organisation(org)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    applicant = Applicant(name=data["name"].strip(), gender=data["gender"], organisation=org,
                          last_step="", last_step_on=applied_on)
    applicant.set_id_number(number)
    first = rules.next_step(None)
    _refuse(rules, applicant, first, Proposed(date=applied_on, notes=data.get("notes", "")), {}, today)
    applicant.last_step = first.code
    applicant.save()
    audit.record(applicant, ChangeLog.Action.CREATE, user, source="recruitment.register")
    record = StepRecord.objects.create(applicant=applicant, step=first.code, done_on=applied_on,
                                       notes=data.get("notes", ""), recorded_by=_user(user))
    audit.record(record, ChangeLog.Action.CREATE, user, source="recruitment.record_step")
    return applicant


def _user(user):
    return user if getattr(user, "is_authenticated", False) else None


def _refuse(rules, applicant, step, proposed: Proposed, done: dict, today, extensions=()):
    today = today or timezone.localdate()
    if proposed.date > today:
        raise ValidationError(_("The date of the step is in the future."))
    last = max((r.done_on for r in done.values()), default=None)
    if last is not None and proposed.date < last:
        raise ValidationError(_("The date is before the step recorded last (%(date)s): steps are recorded in "
                                "order.") % {"date": last})
    birth = idcard.birth_date_of(applicant.reveal_id_number())
    problems = check_step(rules, step, proposed, done, birth, applicant.organisation_id, list(extensions))
    if problems:
        raise ValidationError(problems)


@transaction.atomic
def record_step(applicant: Applicant, step_code: str, proposed: Proposed, rules: RecruitmentRules, user=None,
                today: dt.date | None = None) -> StepRecord:
    """Records one step of the applicant's file: it must be the next step of the pack's order, and pass every
    check the pack sets on it; else refused (ValidationError) with the rule, nothing written."""
    applicant = Applicant.objects.select_for_update().get(pk=applicant.pk)
    if step_code not in rules.steps:
        raise ValidationError(_("%(step)s is not a step of the procedure.") % {"step": step_code})
    step = rules.step(step_code)
    expected = expected_step(rules, applicant)
    if expected is None:
        raise ValidationError(_("The file is complete: every step is recorded."))
    if step.code != expected.code:
        raise ValidationError(
            _("Steps are recorded in order: the next step of this file is %(next)s (%(rule)s).")
            % {"next": _step_label(expected), "rule": _("the detailed rules on recruiting members (2014)")})
    done = latest_records(applicant)
    extensions = extensions_of(applicant)
    if proposed.extension_months is not None and not step.checks_of("probation"):
        raise ValidationError(_("Only the branch meeting on the probation can extend it."))
    _refuse(rules, applicant, step, proposed, done, today, extensions)
    before = audit.snapshot(applicant)
    record = StepRecord.objects.create(
        applicant=applicant, step=step.code, done_on=proposed.date, notes=proposed.notes.strip(),
        conclusion_encrypted=crypto.encrypt(proposed.conclusion.strip()) if proposed.conclusion.strip() else "",
        eligible_voters=proposed.eligible_voters, present_voters=proposed.present_voters,
        in_favour=proposed.in_favour, training_days=proposed.training_days,
        training_hours=proposed.training_hours, notice_from=proposed.notice_from,
        notice_until=proposed.notice_until, extension_months=proposed.extension_months, recorded_by=_user(user))
    if proposed.people:
        record.people.set(proposed.people)
    audit.record(record, ChangeLog.Action.CREATE, user, source="recruitment.record_step")
    applicant.last_step, applicant.last_step_on = step.code, proposed.date
    if step.admits and applicant.member_id is None:
        admitted = done.get(ADMITTED_AT)
        applicant.member = member_actions.create_member({
            "name": applicant.name, "gender": applicant.gender, "id_number": applicant.reveal_id_number(),
            "joined_on": admitted.done_on if admitted else proposed.date, "organisation": applicant.organisation,
            "category": Member.Category.PROBATIONARY}, user=user, source="recruitment")
    if step.makes_full and applicant.member_id is not None:
        member_actions.update_member(applicant.member, {"category": Member.Category.FULL}, user=user,
                                     source="recruitment")
    applicant.save()
    audit.record(applicant, ChangeLog.Action.UPDATE, user, before=before, source="recruitment.record_step")
    return record


def _step_label(step) -> str:
    return label(step.label, get_language() or "zh-hans")
