"""Importing party members: member_field_errors for each row, registered ID numbers in one query per 500 rows,
then one transaction of bulk inserts with their change log."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from guifan.core import audit, crypto
from guifan.core.models import ChangeLog
from guifan.members.actions import build_member, id_number_registered_message, member_field_errors
from guifan.members.models import Member

from .importers import (
    ErrorCollector,
    ImportResult,
    assign_pks,
    changed_underfoot_message,
    duplicates_in_file,
    fetch_by,
    in_chunks,
    parse_rows,
)

BATCH = 1000


def _resolve_organisations(rows, scope, errors: ErrorCollector) -> None:
    """Codes become organisations of the user's scope; a code outside the scope is as unknown as a wrong one."""
    codes = {d.get("organisation") for _n, d in rows} | {d.get("party_group") for _n, d in rows}
    known = fetch_by(scope.organisations().select_related("region"), "code", codes)
    for number, data in rows:
        code = data.get("organisation")
        data["organisation"] = known.get(code) if code else None
        if code and data["organisation"] is None:
            errors.add(number, "organisation", _("Unknown organisation code (or outside your scope)."))
        group_code = data.pop("party_group", "")
        if not group_code:
            continue
        group = known.get(group_code)
        if group is None:
            errors.add(number, "party_group", _("Unknown party group code (or outside your scope)."))
        elif data["organisation"] is not None:
            data["party_group"] = group


def _check_rows(rows, errors: ErrorCollector, today) -> None:
    for number, data in rows:
        # An unknown code is already reported: the collector keeps that reason over "required". The birth date
        # column is checked against the ID number there too (members.actions.birth_date_errors).
        errors.add_all(number, member_field_errors(data, today=today))


def _check_registered(rows, errors: ErrorCollector) -> None:
    hashes = {}
    for number, data in rows:
        if data.get("id_number") and not errors.has(number, "id_number"):
            hashes.setdefault(crypto.keyed_hash(data["id_number"]), []).append(number)
    for chunk in in_chunks(hashes):
        for found in Member.objects.filter(id_number_hash__in=chunk).values_list("id_number_hash", flat=True):
            for number in hashes[found]:
                errors.add(number, "id_number", id_number_registered_message())


def validate_members(sheet, *, scope, today=None) -> tuple[list[tuple[int, dict]], ErrorCollector]:
    errors = ErrorCollector(sheet.columns)
    rows = parse_rows(sheet, errors)
    _resolve_organisations(rows, scope, errors)
    _check_rows(rows, errors, today)
    duplicates_in_file(
        [(n, d) for n, d in rows if not errors.has(n, "id_number")], "id_number", errors,
        _("The same ID number is already in row %(row)s of this file."),
    )
    _check_registered(rows, errors)
    return rows, errors


def write_members(rows, *, user) -> list[Member]:
    members = []
    for _number, data in rows:
        data.setdefault("ethnicity", "")
        data["ethnicity"] = data["ethnicity"] or "汉族"
        data["status"] = data.get("status") or Member.Status.NORMAL
        members.append(build_member(data))
    with transaction.atomic():
        Member.objects.bulk_create(members, batch_size=BATCH)
        assign_pks(members, Member, "id_number_hash")
        logs = [
            audit.entry(m, ChangeLog.Action.CREATE, user, after=audit.snapshot(m), source="import") for m in members
        ]
        ChangeLog.objects.bulk_create(logs, batch_size=BATCH)
    return members


def import_members(sheet, *, scope, user, today=None) -> ImportResult:
    result = ImportResult(kind="members", sheet=sheet)
    rows, errors = validate_members(sheet, scope=scope, today=today)
    if errors:
        result.errors = errors.as_list()
        return result
    try:
        result.created = len(write_members(rows, user=user))
    except IntegrityError:
        collector = ErrorCollector(sheet.columns)
        collector.add(sheet.rows[0][0], "", changed_underfoot_message())
        result.errors = collector.as_list()
    return result
