"""Every change to a member is one function here: validated, atomic, written to the change log."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from guifan.core import audit, crypto, idcard
from guifan.core.bulk import assign_pks
from guifan.core.dates import add_months
from guifan.core.models import ChangeLog
from guifan.core.scoping import Scope
from guifan.orgs.models import Organisation
from guifan.standards.member_status_rules import MemberStatusRules

from . import committee, rollups
from .models import GONE_STATUSES, Member, Post, StatusChange, Transfer
from .selectors import probation_ends, status_rules

# The birth date is not asked for: it is read from the ID number (GB 11643), see birth_date_errors. Only its year and
# month are stored (Member.birth_month).
REQUIRED = ("name", "gender", "id_number", "joined_on", "organisation")


def check_organisation(org: Organisation | None) -> None:
    if org is None:
        raise ValidationError({"organisation": _("Unknown organisation code.")})
    if not org.can_hold_members:
        raise ValidationError(
            {"organisation": _("A member belongs to a branch, not to a party group; choose the group's branch.")}
        )
    if org.dissolved_on:
        raise ValidationError({"organisation": _("This organisation has been dissolved.")})


def clean_member_data(data: dict, *, instance: Member | None = None, today: dt.date | None = None,
                      scope: Scope | None = None) -> dict:
    """Checks one member's fields; raises ValidationError with a message per field, in the user's language.

    A number registered already is named (which member) only when that member is in `scope`; else, and without a
    scope, the refusal does not say that the person is a member elsewhere (see registered_elsewhere_message)."""
    errors = member_field_errors(data, today=today)
    if data.get("id_number") and "id_number" not in errors:
        clash = Member.objects.filter(id_number_hash=crypto.keyed_hash(data["id_number"]))
        if instance is not None:
            clash = clash.exclude(pk=instance.pk)
        if clash.exists():
            errors["id_number"] = id_number_registered_message(_visible_clash(clash, scope))
    if errors:
        raise ValidationError(errors)
    return data


def _visible_clash(clash, scope: Scope | None) -> Member | None:
    if scope is None:
        return None
    return scope.members(clash).select_related("organisation").first()


def id_number_registered_message(member: Member | None = None) -> str:
    """Why a registered ID number is refused, shared with bulk imports. With `member` (one the user may see): who has
    it. Without: a number registered outside the user's scope, which the user must not learn is a member anywhere,
    so the words are those of any number that cannot be registered here; the level covering both settles it."""
    if member is None:
        return registered_elsewhere_message()
    return _("A member with this ID number is already registered: %(name)s, %(organisation)s.") % {
        "name": member.name, "organisation": member.organisation.name}


def registered_elsewhere_message() -> str:
    return _("This ID number cannot be registered here; please check with the higher-level organisation department.")


def member_field_errors(data: dict, *, today: dt.date | None = None) -> dict:
    """Every check of clean_member_data that needs no query (bulk imports check registered ID numbers at once).

    Normalises data["id_number"] in place; returns {field: message}."""
    today = today or timezone.localdate()
    errors = {}
    for field in REQUIRED:
        if data.get(field) in (None, ""):
            errors[field] = _("This field is required.")
    if data.get("id_number"):
        try:
            data["id_number"] = idcard.validate(data["id_number"])
        except idcard.IdNumberError as exc:
            errors["id_number"] = str(exc)
        else:
            errors.update(birth_date_errors(data, today=today))
    birth = data.get("birth_date")
    joined = data.get("joined_on")
    if joined and joined > today:
        errors["joined_on"] = _("The date of joining is in the future.")
    if birth and joined and joined < birth:
        errors["joined_on"] = _("The date of joining is before the birth date.")
    phone = (data.get("phone") or "").strip()
    if phone and not (phone.isdigit() and 7 <= len(phone) <= 15):
        errors["phone"] = _("A phone number has 7 to 15 digits.")
    if "organisation" not in errors:
        try:
            check_organisation(data.get("organisation"))
        except ValidationError as exc:
            errors.update(exc.message_dict)
    group = data.get("party_group")
    if group is not None and (group.kind != Organisation.Kind.GROUP or group.parent_id != data["organisation"].pk):
        errors["party_group"] = _("The party group must be a group of the member's branch.")
    return errors


def birth_date_errors(data: dict, *, today: dt.date) -> dict:
    """Sets data["birth_date"] from the valid ID number data["id_number"]; a birth date given that disagrees with it,
    or one in the future, is an error (on the birth date when one was given, else on the ID number)."""
    given = data.get("birth_date")
    derived = idcard.birth_date_of(data["id_number"])
    field = "birth_date" if given else "id_number"
    if given and given != derived:
        return {"birth_date": _("The birth date does not match the one inside the ID number.")}
    data["birth_date"] = derived
    if derived > today:
        return {field: _("The birth date is in the future.")}
    return {}


_PLAIN_FIELDS = ("name", "gender", "ethnicity", "education", "joined_on", "category", "status", "retired",
                 "organisation", "party_group", "work_unit")


def _apply(member: Member, data: dict) -> None:
    for field in _PLAIN_FIELDS:
        if field in data:
            setattr(member, field, data[field])
    if data.get("birth_date"):
        member.set_birth(data["birth_date"])
    if data.get("id_number"):
        member.set_id_number(data["id_number"])
    if "phone" in data:
        member.set_phone((data.get("phone") or "").strip())


def build_member(data: dict) -> Member:
    """An unsaved member from cleaned data (for bulk imports that save many at once)."""
    member = Member()
    _apply(member, data)
    return member


@transaction.atomic
def members_import(rows, *, user=None, source: str = "import") -> list[Member]:
    """Registers many members at once: all or nothing, in bulk, with a change-log record per member. Each row is a
    member's data checked by the caller (the Excel sheet, members.sheets.check: member_field_errors and the ID
    numbers registered or repeated); an empty ethnicity is Han, an empty status normal."""
    members = []
    for data in rows:
        data = {**data, "ethnicity": data.get("ethnicity") or "汉族",
                "status": data.get("status") or Member.Status.NORMAL}
        members.append(build_member(data))
    Member.objects.bulk_create(members, batch_size=1000)
    assign_pks(members, Member, "id_number_hash")
    logs = [audit.entry(m, ChangeLog.Action.CREATE, user, after=audit.snapshot(m), source=source) for m in members]
    ChangeLog.objects.bulk_create(logs, batch_size=1000)
    rollups.refresh_members(members)
    return members


@transaction.atomic
def create_member(data: dict, *, user=None, source: str = "web", scope: Scope | None = None) -> Member:
    """`scope`: the user's, so that a clash with a member they may see names that member."""
    member = build_member(clean_member_data(dict(data), scope=scope))
    member.save()
    audit.record(member, ChangeLog.Action.CREATE, user, source=source)
    rollups.refresh_members([member])
    return member


@transaction.atomic
def update_member(member: Member, data: dict, *, user=None, source: str = "web", scope: Scope | None = None) -> Member:
    """Changes the given fields; an empty or absent ID number keeps the stored one. `scope` as for create_member."""
    merged = {f: getattr(member, f) for f in REQUIRED if f != "id_number"} | dict(data)
    keep_id = not merged.get("id_number")
    if keep_id:
        merged["id_number"] = member.reveal_id_number()
    cleaned = clean_member_data(merged, instance=member, scope=scope)
    if keep_id:
        cleaned.pop("id_number")
    moving_to = cleaned.pop("organisation", None)
    group = cleaned.pop("party_group", member.party_group) if moving_to not in (None, member.organisation) else None
    before = audit.snapshot(member)
    was = {member.organisation_id, member.party_group_id}
    _apply(member, cleaned)
    member.save()
    audit.record(member, ChangeLog.Action.UPDATE, user, before=before, source=source)
    if moving_to is not None and moving_to.pk != member.organisation_id:
        # A member changes organisation only by a transfer, wherever the change is made (form, admin, import).
        transfer_member(member, moving_to, date=timezone.localdate(), user=user,
                        reason=_("Changed through %(source)s") % {"source": source})
        if group is not None and group.parent_id == moving_to.pk:
            member.party_group = group
            member.save(update_fields=["party_group"])
    rollups.refresh_organisations(was | {member.organisation_id, member.party_group_id})  # status, category, moves
    return member


@transaction.atomic
def transfer_member(member: Member, to: Organisation, *, date: dt.date, reason: str = "", user=None) -> Transfer:
    check_organisation(to)
    if to.pk == member.organisation_id:
        raise ValidationError({"organisation": _("The member already belongs to this organisation.")})
    before = audit.snapshot(member)
    was = {member.organisation_id, member.party_group_id}
    # Recorded at once (the admin, imports, the edit form): accepted on its date, within the city.
    transfer = Transfer.objects.create(
        member=member, from_organisation=member.organisation, to_organisation=to, date=date, reason=reason, user=user,
        state=Transfer.State.ACCEPTED, accepted_on=date, within_city=True,
    )
    member.organisation = to
    member.party_group = None
    member.save(update_fields=["organisation", "party_group"])
    audit.record(member, ChangeLog.Action.UPDATE, user, before=before, source="transfer")
    rollups.refresh_organisations(was | {to.pk})
    return transfer


# --- posts (issue 11, training) ------------------------------------------------------------------------------------
def post_errors(organisation: Organisation, member: Member, post: str, started_on: dt.date,
                ended_on: dt.date | None) -> dict:
    """{field: message} of a post about to be created (shared by create_post and the admin form)."""
    errors = {}
    if post not in Post.Kind.values:
        errors["post"] = _("Unknown post.")
    if not member.organisation.path.startswith(organisation.path):
        errors["member"] = _("The member does not belong to this organisation or one under it.")
    if started_on and ended_on is not None and ended_on < started_on:
        errors["ended_on"] = _("A post cannot end before it starts.")
    if not errors and Post.objects.filter(organisation=organisation, member=member, post=post,
                                          ended_on__isnull=True).exists():
        errors["post"] = _("The member already holds this post in this organisation.")
    return errors


@transaction.atomic
def create_post(organisation: Organisation, member: Member, post: str, *, started_on: dt.date,
                ended_on: dt.date | None = None, user=None, source: str = "web") -> Post:
    """A member takes a post in an organisation (the member belongs to it or to one under it)."""
    errors = post_errors(organisation, member, post, started_on, ended_on)
    if errors:
        raise ValidationError(errors)
    found = Post.objects.create(organisation=organisation, member=member, post=post, started_on=started_on,
                                ended_on=ended_on)
    audit.record(found, ChangeLog.Action.CREATE, user, source=source)
    return found


@transaction.atomic
def end_post(post: Post, *, ended_on: dt.date, user=None, source: str = "web") -> Post:
    """The member leaves the post on `ended_on` (replaced, M05, or term over)."""
    if ended_on < post.started_on:
        raise ValidationError({"ended_on": _("A post cannot end before it starts.")})
    before = audit.snapshot(post)
    post.ended_on = ended_on
    post.save(update_fields=["ended_on"])
    audit.record(post, ChangeLog.Action.UPDATE, user, before=before, source=source)
    return post


# --- the branch committee (issue 11; committee_rules.py, members/committee.py, docs/meetings.md) -----------------
def committee_post_errors(organisation: Organisation, member: Member, post: str, started_on: dt.date, *,
                          today: dt.date) -> dict:
    """{field: message} of a committee post about to be taken, by the pack's `committee:` rule; {} when it may."""
    rules = committee.committee_rules(started_on if started_on <= today else today)
    if not rules.elects(organisation.kind):
        return {"organisation": _("This kind of organisation sets no branch committee under the standard.")}
    if organisation.dissolved_on:
        return {"organisation": _("This organisation has been dissolved.")}
    errors = {}
    if post not in rules:
        errors["post"] = _("The standard lists no such branch committee post.")
    if member.organisation_id != organisation.pk:
        errors["member"] = _("Only a member of this branch can sit on its committee.")
    elif member.status in GONE_STATUSES:
        errors["member"] = _("The member is no longer in the party register.")
    elif member.category != Member.Category.FULL:
        errors["member"] = _("Branch committee members must be full members; a probationary member cannot hold "
                             "a committee post.")
    if started_on > today:
        errors["started_on"] = _("The appointment date is in the future.")
    elif started_on < member.joined_on:
        errors["started_on"] = _("The appointment date is before the member joined the party.")
    if errors:
        return errors
    running = committee.open_posts(organisation, rules, started_on)
    if any(p.member_id == member.pk and p.post == post for p in running):
        return {"post": _("The member already holds this committee post.")}
    holder = next((p for p in running if p.post == post), None)
    if holder is not None and rules.posts[post].single:
        return {"post": _("%(post)s is held by %(name)s since %(date)s; end that post first (one holder at a time).")
                % {"post": committee.label(rules, post), "name": holder.member.name,
                   "date": holder.started_on.isoformat()}}
    holders = {p.member_id for p in running} | {member.pk}
    if len(holders) > rules.max_members:
        return {"member": _("The branch committee would have %(n)s members; the standard allows at most %(max)s.")
                % {"n": len(holders), "max": rules.max_members}}
    return {}


def _set_secretary(organisation: Organisation, member_id: int | None, user, source: str) -> None:
    """The register's secretary (Organisation.secretary) follows the recorded 书记 post, audited."""
    if organisation.secretary_id == member_id:
        return
    before = audit.snapshot(organisation)
    organisation.secretary_id = member_id
    organisation.save(update_fields=["secretary"])
    audit.record(organisation, ChangeLog.Action.UPDATE, user, before=before, source=source)


@transaction.atomic
def appoint_committee_post(organisation: Organisation, member: Member, post: str, *, started_on: dt.date,
                           user=None, today: dt.date | None = None, source: str = "web") -> Post:
    """A full member of the branch takes a post of its committee from `started_on`; the 书记 becomes the register's
    secretary. Refused (nothing written) as committee_post_errors says."""
    today = today or timezone.localdate()
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    errors = committee_post_errors(organisation, member, post, started_on, today=today)
    if errors:
        raise ValidationError(errors)
    found = Post.objects.create(organisation=organisation, member=member, post=post, started_on=started_on)
    audit.record(found, ChangeLog.Action.CREATE, user, source=source)
    if post == Post.Kind.SECRETARY:
        _set_secretary(organisation, member.pk, user, source)
    return found


@transaction.atomic
def end_committee_post(post: Post, *, ended_on: dt.date, user=None, today: dt.date | None = None,
                       source: str = "web") -> Post:
    """The holder leaves the committee post on `ended_on` (not in the future); ending the 书记 post clears the
    register's secretary when it names the holder."""
    today = today or timezone.localdate()
    if post.ended_on is not None:
        raise ValidationError({"ended_on": _("This post has already ended.")})
    if ended_on > today:
        raise ValidationError({"ended_on": _("The end date is in the future.")})
    if ended_on < post.started_on:
        raise ValidationError({"ended_on": _("A post cannot end before it starts.")})
    before = audit.snapshot(post)
    post.ended_on = ended_on
    post.save(update_fields=["ended_on"])
    audit.record(post, ChangeLog.Action.UPDATE, user, before=before, source=source)
    organisation = Organisation.objects.select_for_update().get(pk=post.organisation_id)
    if post.post == Post.Kind.SECRETARY and organisation.secretary_id == post.member_id:
        _set_secretary(organisation, None, user, source)
    return post


# --- status changes and transfers (issue 12 items 2 and 3; TEAM-R-02; docs/member-status.md) ----------------------
def _rule_text(rules: MemberStatusRules) -> str:
    return _("rule %(rule)s of the standard (Party Constitution, article 7)") % {"rule": rules.rule}


def _label(kind) -> str:
    return kind.label.get("zh") or kind.code


def last_change(member: Member) -> StatusChange | None:
    return member.status_changes.order_by("-date", "-id").first()


def _check_date(member: Member, day: dt.date, today: dt.date, previous: StatusChange | None) -> None:
    if day > today:
        raise ValidationError({"date": _("The date of the change is in the future.")})
    if day < member.joined_on:
        raise ValidationError({"date": _("The date of the change is before the member joined the party.")})
    if previous is not None and day < previous.date:
        raise ValidationError({"date": _("The date of the change is before the previous change (%(date)s).")
                              % {"date": previous.date.isoformat()}})


def _parse_day(value, field: str) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise ValidationError({field: _("Enter a valid date.")}) from None


def _check_probation(member: Member, kind, day: dt.date, rules: MemberStatusRules, details: dict) -> dict:
    """转正 no earlier than the probation's end (extended when extended); one extension of the allowed length."""
    if kind.code == "extension":
        if member.status_changes.filter(change="extension").count() >= rules.extensions:
            raise ValidationError({"change": _("The probation can be extended only %(n)s time(s) (%(rule)s).")
                                  % {"n": rules.extensions, "rule": _rule_text(rules)}})
        try:
            months = int(details.get("months") or 0)
        except (TypeError, ValueError):
            months = 0
        if not rules.extension_min_months <= months <= rules.extension_max_months:
            raise ValidationError({"details": _("An extension lasts %(low)s to %(high)s months (%(rule)s).")
                                  % {"low": rules.extension_min_months, "high": rules.extension_max_months,
                                     "rule": _rule_text(rules)}})
        return {"months": months}
    if kind.code == "full":
        end = probation_ends([member], rules)[member.pk]
        if day < end:
            raise ValidationError({"date": _("The probation ends on %(end)s: the member cannot be admitted as a "
                                             "full member before it (%(rule)s).")
                                  % {"end": end.isoformat(), "rule": _rule_text(rules)}})
    return {}


def _clean_details(member: Member, kind, day: dt.date, details: dict, rules: MemberStatusRules,
                   previous: StatusChange | None) -> dict:
    """The details a change keeps, checked against what the pack says it needs."""
    kept: dict = {}
    if kind.probationary:
        kept.update(_check_probation(member, kind, day, rules, details))
    if "destination" in kind.needs:
        destination = (details.get("destination") or "").strip()
        if not destination:
            raise ValidationError({"details": _("A flowing-out record says where the member goes (%(quote)s).")
                                  % {"quote": rules.flowing_quote}})
        kept.update(destination=destination[:200],
                    receiving_organisation=(details.get("receiving_organisation") or "").strip()[:200],
                    dual_management=bool(details.get("dual_management")),
                    activity_card=(details.get("activity_card") or "").strip()[:50])
    if "since" in kind.needs:
        if not details.get("since"):
            raise ValidationError({"details": _("A lost-contact record gives the day contact was lost.")})
        since = _parse_day(details["since"], "details")
        if add_months(since, rules.lost_contact_months) > day:
            raise ValidationError({"details": _("A member is recorded as lost contact only after %(months)s months "
                                                "without contact: contact was lost on %(since)s (%(quote)s).")
                                  % {"months": rules.lost_contact_months, "since": since.isoformat(),
                                     "quote": rules.lost_contact_quote}})
        kept.update(since=since.isoformat(), search=(details.get("search") or "").strip()[:500])
    if "appraisal" in kind.needs:
        appraisal = details.get("appraisal") or {}
        if not (appraisal.get("date") and (appraisal.get("text") or appraisal.get("id"))):
            raise ValidationError({"details": _("A member is found unqualified by a democratic appraisal: give its "
                                                "date and result (%(quote)s).") % {"quote": rules.disposals_quote}})
        found_on = _parse_day(appraisal["date"], "details")
        if found_on > day:
            raise ValidationError({"details": _("The appraisal is dated after the change.")})
        kept["appraisal"] = {"id": appraisal.get("id"), "date": found_on.isoformat(),
                             "text": (appraisal.get("text") or "").strip()[:300]}
    if "disposal" in kind.needs:
        finding = previous if previous is not None and previous.change == "unqualified" else (
            member.status_changes.filter(change="unqualified").order_by("-date", "-id").first())
        if finding is None or not finding.details.get("appraisal"):
            raise ValidationError({"change": _("A disposal needs the appraisal that found the member unqualified: "
                                               "record it first (%(quote)s).") % {"quote": rules.disposals_quote}})
        disposal = rules.disposals.get(details.get("disposal") or "")
        if disposal is None:
            raise ValidationError({"details": _("Choose a disposal the standard allows (%(quote)s).")
                                  % {"quote": rules.disposals_quote}})
        kept.update(disposal=disposal.code, finding=finding.pk)
    return kept


@transaction.atomic
def change_status(member: Member, to: str, *, date: dt.date, reason: str = "", document: str = "",
                  details: dict | None = None, user=None, today: dt.date | None = None,
                  rules: MemberStatusRules | None = None, source: str = "web") -> StatusChange:
    """Records the change `to` (a code of the pack's member_status.changes) for the member: checked against the
    member's status and category, its date against today and the previous change, its details against what the
    pack says it needs; the member's status and category follow. Refused with the rule in Chinese, nothing written."""
    today = today or timezone.localdate()
    rules = rules or status_rules(date)
    member = Member.objects.select_for_update().get(pk=member.pk)
    kind = rules.changes.get(to)
    if kind is None:
        raise ValidationError({"change": _("Unknown status change.")})
    previous = last_change(member)
    _check_date(member, date, today, previous)
    if member.status not in kind.from_statuses or (kind.probationary and
                                                   member.category != Member.Category.PROBATIONARY):
        raise ValidationError({"change": _("“%(change)s” is not allowed for a member who is %(status)s, %(category)s "
                                           "(%(rule)s).") % {
            "change": _label(kind), "status": member.get_status_display(), "category": member.get_category_display(),
            "rule": _rule_text(rules)}})
    kept = _clean_details(member, kind, date, dict(details or {}), rules, previous)
    to_status = kind.target(member.status)
    if kind.code == "disposal":
        to_status = rules.disposals[kept["disposal"]].to_status or member.status
    before = audit.snapshot(member)
    change = StatusChange.objects.create(
        member=member, change=kind.code, from_status=member.status, to_status=to_status,
        from_category=member.category, to_category=kind.category or member.category, date=date,
        reason=reason.strip()[:300], document_number=document.strip()[:60], details=kept, user=user)
    audit.record(change, ChangeLog.Action.CREATE, user, source=source)
    if (to_status, change.to_category) != (member.status, member.category):
        member.status, member.category = to_status, change.to_category
        member.save(update_fields=["status", "category"])
        audit.record(member, ChangeLog.Action.UPDATE, user, before=before, source="status")
        rollups.refresh_organisations({member.organisation_id, member.party_group_id})
    return change


def _transfer_target_errors(to: Organisation | None) -> None:
    """A transfer's receiving organisation must exist, be open and hold members (a branch, not a group)."""
    if to is None:
        raise ValidationError({"to_organisation": _("The receiving organisation does not exist in the register; a "
                                                     "transfer out of the city names it as outside the city.")})
    try:
        check_organisation(to)
    except ValidationError as exc:
        raise ValidationError({"to_organisation": exc.message_dict["organisation"]}) from None


def open_transfer(member: Member) -> Transfer | None:
    return member.transfers.filter(state=Transfer.State.ISSUED).first()


@transaction.atomic
def issue_transfer(member: Member, *, to: Organisation | None = None, outside_name: str = "", date: dt.date,
                   letter_number: str, reason: str = "", user=None, today: dt.date | None = None,
                   rules: MemberStatusRules | None = None) -> Transfer:
    """The sending organisation issues the letter (组织关系介绍信): to an organisation of the city (`to`), or out of
    the city to one named by `outside_name`. The member stays in the sending organisation until accepted; the
    deadline is the date plus the pack's letter validity."""
    today = today or timezone.localdate()
    rules = rules or status_rules(date)
    member = Member.objects.select_for_update().get(pk=member.pk)
    within = not outside_name.strip()
    if within:
        _transfer_target_errors(to)
        if to.pk == member.organisation_id:
            raise ValidationError({"to_organisation": _("The member already belongs to this organisation.")})
    if date > today:
        raise ValidationError({"date": _("The date of the letter is in the future.")})
    if not letter_number.strip():
        raise ValidationError({"letter_number": _("A transfer letter has a number.")})
    if member.status in GONE_STATUSES:
        raise ValidationError({"member": _("This member is no longer in the register.")})
    if open_transfer(member) is not None:
        raise ValidationError({"member": _("This member already has a transfer letter awaiting acceptance.")})
    transfer = Transfer.objects.create(
        member=member, from_organisation=member.organisation, to_organisation=to if within else None,
        within_city=within, to_outside_name="" if within else outside_name.strip()[:200],
        state=Transfer.State.ISSUED, letter_number=letter_number.strip()[:50],
        deadline=date + dt.timedelta(days=rules.transfer_valid_days), date=date, reason=reason.strip()[:200],
        user=user)
    audit.record(transfer, ChangeLog.Action.CREATE, user, source="transfer")
    return transfer


def _open_or_refuse(transfer: Transfer, day: dt.date, today: dt.date) -> Transfer:
    transfer = Transfer.objects.select_for_update().select_related("member").get(pk=transfer.pk)
    if transfer.state != Transfer.State.ISSUED:
        raise ValidationError({"state": _("This transfer is no longer awaiting acceptance.")})
    if day > today:
        raise ValidationError({"date": _("The date is in the future.")})
    if day < transfer.date:
        raise ValidationError({"date": _("The date is before the letter was issued (%(date)s).")
                              % {"date": transfer.date.isoformat()}})
    return transfer


@transaction.atomic
def accept_transfer(transfer: Transfer, *, date: dt.date, user=None, today: dt.date | None = None) -> Transfer:
    """The receiving organisation accepts: the member moves (within the city) or leaves the city's register
    (moved out, when the receipt of an outside organisation came back). A late acceptance is allowed and stays
    visible as accepted after its deadline."""
    today = today or timezone.localdate()
    transfer = _open_or_refuse(transfer, date, today)
    member = transfer.member
    if transfer.within_city:
        _transfer_target_errors(transfer.to_organisation)
    before_t, before_m = audit.snapshot(transfer), audit.snapshot(member)
    was = {member.organisation_id, member.party_group_id}
    transfer.state, transfer.accepted_on = Transfer.State.ACCEPTED, date
    transfer.save(update_fields=["state", "accepted_on"])
    audit.record(transfer, ChangeLog.Action.UPDATE, user, before=before_t, source="transfer")
    if transfer.within_city:
        member.organisation, member.party_group = transfer.to_organisation, None
        member.save(update_fields=["organisation", "party_group"])
        was.add(transfer.to_organisation_id)
    else:
        member.status = Member.Status.MOVED_OUT
        member.save(update_fields=["status"])
    audit.record(member, ChangeLog.Action.UPDATE, user, before=before_m, source="transfer")
    rollups.refresh_organisations(was)
    return transfer


@transaction.atomic
def return_transfer(transfer: Transfer, *, date: dt.date, reason: str, user=None,
                    today: dt.date | None = None) -> Transfer:
    """The receiving organisation returns the letter with its reason; the member stays where they were."""
    today = today or timezone.localdate()
    if not reason.strip():
        raise ValidationError({"return_reason": _("Say why the letter is returned.")})
    transfer = _open_or_refuse(transfer, date, today)
    before = audit.snapshot(transfer)
    transfer.state, transfer.returned_on, transfer.return_reason = Transfer.State.RETURNED, date, reason.strip()[:200]
    transfer.save(update_fields=["state", "returned_on", "return_reason"])
    audit.record(transfer, ChangeLog.Action.UPDATE, user, before=before, source="transfer")
    return transfer


@transaction.atomic
def cancel_transfer(transfer: Transfer, *, user=None) -> Transfer:
    """The sending organisation withdraws a letter not yet accepted."""
    transfer = Transfer.objects.select_for_update().get(pk=transfer.pk)
    if transfer.state != Transfer.State.ISSUED:
        raise ValidationError({"state": _("This transfer is no longer awaiting acceptance.")})
    before = audit.snapshot(transfer)
    transfer.state = Transfer.State.CANCELLED
    transfer.save(update_fields=["state"])
    audit.record(transfer, ChangeLog.Action.UPDATE, user, before=before, source="transfer")
    return transfer


def registered_in_the_city_message(member: Member | None = None) -> str:
    """Why a member arriving from outside the city is refused when the ID number is registered: the member is in
    the city's register, so a transfer within the city is the way. Naming who only when the user may see them
    (id_number_registered_message): else the words say so without confirming that this person is a member here."""
    if member is None:
        return _("This ID number cannot be registered as a transfer from outside the city: if the member's "
                 "organisation is already in the city, the transfer is made within the city, by a letter from that "
                 "organisation. Please check with the higher-level organisation department.")
    return _("A member with this ID number is already registered: %(name)s, %(organisation)s. This is not a transfer "
             "from outside the city: the organisation holding the member issues a transfer letter within the city.") % {
        "name": member.name, "organisation": member.organisation.name}


@transaction.atomic
def receive_from_outside(organisation: Organisation, data: dict, *, outside_name: str, letter_number: str,
                         date: dt.date | None, reason: str = "", user=None, scope: Scope | None = None,
                         today: dt.date | None = None) -> Transfer:
    """组织关系从市外转入: the receiving organisation records the letter of an organisation outside the city (its
    name, the letter's number, the day it was received) and the member's register data (`data`, as create_member
    takes them, without the organisation). The member is registered in `organisation` and the transfer kept as
    accepted on the day received, coming from outside the city. Refused, nothing written: a receiving organisation
    that cannot hold members, an ID number registered already (a transfer within the city is the way), a date in the
    future or before the member joined, no letter number, no sending organisation, any field the register refuses."""
    today = today or timezone.localdate()
    _transfer_target_errors(organisation)
    data = {**data, "organisation": organisation}
    errors = member_field_errors(data, today=today)
    if not outside_name.strip():
        errors["outside_name"] = _("Name the organisation outside the city that issued the transfer letter.")
    if not letter_number.strip():
        errors["letter_number"] = _("A transfer letter has a number.")
    joined = data.get("joined_on")
    if date is None:
        errors["date"] = _("This field is required.")
    elif date > today:
        errors["date"] = _("The date the letter was received is in the future.")
    elif joined and date < joined:
        errors["date"] = _("The letter was received before the member joined the party.")
    if "id_number" not in errors:
        clash = Member.objects.filter(id_number_hash=crypto.keyed_hash(data["id_number"]))
        if clash.exists():
            errors["id_number"] = registered_in_the_city_message(_visible_clash(clash, scope))
    if errors:
        raise ValidationError(errors)
    member = create_member(data, user=user, source="transfer:in", scope=scope)
    transfer = Transfer.objects.create(
        member=member, from_organisation=None, from_outside_name=outside_name.strip()[:200],
        to_organisation=organisation, within_city=False, state=Transfer.State.ACCEPTED,
        letter_number=letter_number.strip()[:50], date=date, accepted_on=date, reason=reason.strip()[:200],
        user=user)
    audit.record(transfer, ChangeLog.Action.CREATE, user, source="transfer:in")
    return transfer
