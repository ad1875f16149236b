"""Migration 0004 on existing rows: the birth date cut to its month, the mask recomputed from the decrypted number,
and the old masks in change-log entries and unmasked-view records replaced."""

import datetime as dt
import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from guifan.core import audit, crypto
from guifan.core.models import ChangeLog, SensitiveAccess

migration = importlib.import_module("guifan.members.migrations.0004_birth_month_and_region_only_mask")
NUMBER = "45032119831124002X"
OLD = "450321********002X"
NEW = "450321************"


def test_a_member_row_is_converted():
    row = SimpleNamespace(birth_date=dt.date(1983, 11, 24), id_number_encrypted=crypto.encrypt(NUMBER),
                          birth_month=None, id_number_masked=OLD)
    assert migration._member(row)
    assert row.birth_month == dt.date(1983, 11, 1) and row.id_number_masked == NEW == crypto.mask_id_number(NUMBER)


@pytest.mark.django_db
def test_logged_old_masks_are_replaced(two_counties):
    member = two_counties["yangshuo"]["members"][0]
    log = audit.entry(member, ChangeLog.Action.UPDATE, None, {"id_number_masked": OLD, "status": "normal"},
                      {"id_number_masked": "450312********1234", "status": "flowing"})
    log.object_repr = f"{member.name} ({OLD})"
    log.save()
    access = SensitiveAccess.objects.create(object_type="members.member", object_id=str(member.pk),
                                            object_repr=f"{member.name} ({OLD})", fields="id_number")
    # The models as the migration sees them: before the audit tables became an append-only chain (core 0004 runs
    # after it), whose models refuse any change to a row.
    historical = MigrationLoader(connection).project_state(("members", "0004_birth_month_and_region_only_mask")).apps
    logs, accesses = historical.get_model("core", "ChangeLog"), historical.get_model("core", "SensitiveAccess")
    migration._in_batches(logs.objects.filter(pk=log.pk), ["before", "after", "object_repr"], migration._log)
    migration._in_batches(accesses.objects.filter(pk=access.pk), ["object_repr"], migration._access)
    log.refresh_from_db()
    access.refresh_from_db()
    assert log.before == {"id_number_masked": NEW, "status": "normal"}
    assert log.after == {"id_number_masked": "450312************", "status": "flowing"}
    assert log.object_repr == access.object_repr == f"{member.name} ({NEW})"
    assert apps.get_model("members", "Member")._meta.get_field("birth_month")
