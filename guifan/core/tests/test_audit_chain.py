"""The audit trail is append-only and tamper-evident: hash chains that `guifan audit verify` walks, rows the ORM
refuses to change, users who cannot be deleted, and archives that respect the retention."""

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.models import ProtectedError
from django.utils import timezone

from guifan.core import archive, audit, chain, checks, security_log
from guifan.core.models import ChainHead, ChangeLog, SecurityEvent


def _verify() -> str:
    out = io.StringIO()
    call_command("audit", "verify", stdout=out)
    return out.getvalue()


def _logs(two_counties, n=3):
    org = two_counties["yangshuo"]["branch"]
    return [audit.record(org, ChangeLog.Action.UPDATE, before={"name": f"old {i}"}) for i in range(n)]


def test_rows_are_chained_and_verify(two_counties, users):
    logs = _logs(two_counties)
    assert [log.seq for log in logs] == [logs[0].seq, logs[0].seq + 1, logs[0].seq + 2]
    assert logs[1].prev_hash == logs[0].row_hash and len(logs[2].row_hash) == 64
    security_log.record(security_log.Event.LOGIN, user=users["county"])
    assert "audit trail intact" in _verify()


def test_bulk_writes_are_chained(two_counties, users):
    members = two_counties["yangshuo"]["members"]
    before = ChangeLog.objects.count()
    rows = ChangeLog.objects.bulk_create([audit.entry(m, ChangeLog.Action.CREATE, users["county"]) for m in members])
    assert len({r.seq for r in rows}) == len(members) and all(r.username == "county" for r in rows)
    assert ChangeLog.objects.count() == before + len(members)
    assert set(ChangeLog.objects.filter(username="county").values_list("seq", flat=True)) == {r.seq for r in rows}
    assert "audit trail intact" in _verify()


def test_an_update_through_raw_sql_is_detected(two_counties):
    logs = _logs(two_counties)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {ChangeLog._meta.db_table} SET object_repr = %s WHERE id = %s", ["forged", logs[1].pk])
    with pytest.raises(CommandError, match=rf"core.changelog: row id {logs[1].pk} .*edited"):
        _verify()


def test_a_deleted_row_is_detected(two_counties):
    logs = _logs(two_counties)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {ChangeLog._meta.db_table} WHERE id = %s", [logs[1].pk])
    with pytest.raises(CommandError, match=rf"row id {logs[2].pk} .*missing"):
        _verify()


def test_a_deleted_last_row_and_a_forged_head_are_detected(two_counties):
    logs = _logs(two_counties)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {ChangeLog._meta.db_table} WHERE id = %s", [logs[-1].pk])
    with pytest.raises(CommandError, match="missing at the end"):
        _verify()
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {ChainHead._meta.db_table} SET seq = seq - 1 WHERE name = %s", ["core.changelog"])
    with pytest.raises(CommandError, match="head was changed"):
        _verify()


def test_the_orm_refuses_to_change_or_delete_audit_rows(two_counties):
    log = _logs(two_counties, 1)[0]
    log.object_repr = "forged"
    with pytest.raises(chain.AuditRowImmutable):
        log.save()
    with pytest.raises(chain.AuditRowImmutable):
        log.delete()
    with pytest.raises(chain.AuditRowImmutable):
        ChangeLog.objects.filter(pk=log.pk).update(object_repr="forged")
    with pytest.raises(chain.AuditRowImmutable):
        ChangeLog.objects.filter(pk=log.pk).delete()
    assert "audit trail intact" in _verify()


def test_a_user_with_audit_rows_cannot_be_deleted_and_keeps_the_name(users, two_counties):
    log = audit.record(two_counties["yangshuo"]["branch"], ChangeLog.Action.UPDATE, users["county"],
                       before={"name": "x"})
    assert log.username == "county"
    with pytest.raises(ProtectedError):
        users["county"].delete()


def _old_event(days_ago):
    return SecurityEvent.objects.create(event=SecurityEvent.Event.LOGIN, username=f"old{days_ago}",
                                        time=timezone.now() - dt.timedelta(days=days_ago))


def test_archive_keeps_rows_younger_than_the_retention(tmp_path, db):
    very_old, old, recent = _old_event(400), _old_event(200), _old_event(30)
    output = tmp_path / "audit.jsonl"
    call_command("audit", "archive", "--before", timezone.localdate().isoformat(), "--output", str(output),
                 stdout=io.StringIO())
    lines = output.read_text(encoding="utf-8").splitlines()
    archived = [json.loads(line) for line in lines if json.loads(line).get("kind") != "anchor"]
    assert [r["content"]["username"] for r in archived if r["chain"] == "core.securityevent"] == [
        "old400", "old200", "old30"]
    # Written, but only the rows past 180 days are removed; the chain still verifies from its anchor.
    assert set(SecurityEvent.objects.values_list("username", flat=True)) >= {"old30"}
    assert not SecurityEvent.objects.filter(pk__in=[very_old.pk, old.pk]).exists()
    assert SecurityEvent.objects.filter(pk=recent.pk).exists()
    assert "audit trail intact" in _verify()
    out = io.StringIO()
    call_command("audit", "verify", "--archive", str(output), stdout=out)
    assert "archive intact: 3 rows" in out.getvalue()
    assert SecurityEvent.objects.filter(event="audit_archive").exists()


def test_an_edited_archive_is_detected(tmp_path, db):
    _old_event(400)
    _old_event(300)
    output = tmp_path / "audit.jsonl"
    call_command("audit", "archive", "--before", "2099-01-01", "--output", str(output), stdout=io.StringIO())
    output.write_text(output.read_text(encoding="utf-8").replace("old300", "old301"), encoding="utf-8")
    with pytest.raises(CommandError, match="content does not match"):
        call_command("audit", "verify", "--archive", str(output), stdout=io.StringIO())


def test_a_retention_below_six_months_is_refused(settings, tmp_path, db):
    settings.AUDIT_RETENTION_DAYS = 90
    assert [e.id for e in checks.audit_retention(None)] == ["core.E001"]
    with pytest.raises(CommandError, match="below the minimum"):
        call_command("audit", "archive", "--before", "2020-01-01", "--output", str(tmp_path / "a.jsonl"))
    assert not (tmp_path / "a.jsonl").exists()
    settings.AUDIT_RETENTION_DAYS = 365
    assert checks.audit_retention(None) == []
    with pytest.raises(archive.RetentionError):
        settings.AUDIT_RETENTION_DAYS = 179
        archive.retention_cutoff()
