"""Every change to a member is one function here: validated, atomic, written to the change log."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from guifan.core import audit, crypto, idcard
from guifan.core.bulk import assign_pks
from guifan.core.models import ChangeLog
from guifan.core.scoping import Scope
from guifan.orgs.models import Organisation

from . import rollups
from .models import Member, Post, Transfer

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
    transfer = Transfer.objects.create(
        member=member, from_organisation=member.organisation, to_organisation=to, date=date, reason=reason, user=user
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
