"""The audit chains' own keys (issue 9 item 5, tamper-evident trail; keyring `audit_keys`): each link records the id
of the key it was made with, so a new audit key leaves older links verifiable, a new hash key does not touch the
chains, and links made before key ids (id "legacy", keyed from the hash key) still verify after both."""

import io
import json
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.utils import translation

from guifan.core import audit, chain, keyring, keys_generate, security_log
from guifan.core.models import ChainHead, ChangeLog, SecurityEvent


@pytest.fixture
def key_file(tmp_path, monkeypatch):
    for name in ("GUIFAN_HASH_KEY", "GUIFAN_AUDIT_KEY", "GUIFAN_AUDIT_KEYS", "GUIFAN_LEGACY_AUDIT_KEY"):
        monkeypatch.delenv(name, raising=False)
    path = tmp_path / "keys.json"
    # The test database's links so far were made under the development hash key: pinned, as in an upgrade.
    options = {"file": str(path), "legacy_hash_key": keyring.DEVELOPMENT_HASH_KEY}
    assert keys_generate.generate(options, io.StringIO(), io.StringIO()) == 0
    return path


def _change(path, **options):
    assert keys_generate.generate({"file": str(path), **options}, io.StringIO(), io.StringIO()) == 0


def _load(settings, path):
    """The settings as a restart with this key file would make them."""
    keys = keyring.from_environment({"GUIFAN_KEYRING_FILE": str(path)}, development=False)
    assert keyring.problems_of(keys) == []
    current, ring = keyring.audit_keyring(keys, environ={})
    # Rows the fixtures wrote under the test run's development audit key stay verifiable.
    settings.AUDIT_KEY_CURRENT, settings.AUDIT_KEYS = current, {**ring, "dev": keyring.DEVELOPMENT_AUDIT_KEY}
    settings.FIELD_HASH_KEY = keys.hash_key
    return keys


def _verify() -> str:
    out = io.StringIO()
    call_command("audit", "verify", stdout=out)
    return out.getvalue()


def _write(two_counties, users, n=2):
    org = two_counties["yangshuo"]["branch"]
    rows = [audit.record(org, ChangeLog.Action.UPDATE, before={"name": f"old {i}"}) for i in range(n)]
    rows.append(security_log.record(security_log.Event.LOGIN, user=users["county"]))
    return rows


def _legacy_rows(settings, two_counties, users):
    """Links as they were made before audit key ids: keyed by the HKDF of the hash key, recorded as "legacy"."""
    current = settings.AUDIT_KEY_CURRENT
    settings.AUDIT_KEY_CURRENT = chain.LEGACY_KEY_ID
    rows = _write(two_counties, users)
    settings.AUDIT_KEY_CURRENT = current
    assert {row.key_id for row in rows} == {"legacy"}
    return rows


def test_a_new_hash_key_leaves_the_chains_intact(settings, key_file, two_counties, users):
    before = _load(settings, key_file)
    legacy = _legacy_rows(settings, two_counties, users)
    new = _write(two_counties, users)
    assert {row.key_id for row in new} == {before.current_audit_key}
    legacy_key = settings.AUDIT_KEYS["legacy"]
    _change(key_file, new_hash_key=True)
    after = _load(settings, key_file)
    assert after.hash_key != before.hash_key
    assert "audit trail intact" in _verify()
    # The legacy links' key stays pinned, not derived from the new hash key.
    assert settings.AUDIT_KEYS["legacy"] == legacy_key != keyring.derived(after.hash_key, keyring.AUDIT_KEY_LABEL)
    assert ChangeLog.objects.filter(pk=legacy[0].pk, key_id="legacy").exists()


def test_without_the_pinned_legacy_key_a_new_hash_key_would_break_the_legacy_links(settings, key_file, two_counties,
                                                                                    users):
    _load(settings, key_file)
    legacy = _legacy_rows(settings, two_counties, users)
    _write(two_counties, users)  # the heads signed with the current audit key
    data = json.loads(key_file.read_text())
    del data["legacy_audit_key"]
    data["hash_key"] = keyring.new_secret()  # changed by hand, not by `keys generate --new-hash-key`
    keyring.write_private(key_file, json.dumps(data))
    _load(settings, key_file)
    with pytest.raises(CommandError, match=rf"core.changelog: row id {legacy[0].pk} .*edited"):
        _verify()


def test_a_new_audit_key_keeps_older_links_verifiable(settings, key_file, two_counties, users):
    first = _load(settings, key_file).current_audit_key
    legacy = _legacy_rows(settings, two_counties, users)
    old = _write(two_counties, users)
    _change(key_file, new_audit_key=True)
    second = _load(settings, key_file).current_audit_key
    assert second != first and set(settings.AUDIT_KEYS) >= {first, second, "legacy"}
    new = _write(two_counties, users)
    assert {row.key_id for row in new} == {second}
    assert ChainHead.objects.get(name="core.changelog").key_id == second
    assert "audit trail intact" in _verify()
    status = io.StringIO()
    with translation.override("en"):
        call_command("keys", "status", stdout=status)
    text = status.getvalue()
    assert f"Current audit key: {second}" in text
    assert re.search(rf"{first} +\d+  older key, kept to verify", text)
    assert re.search(r"legacy +\d+  made before audit key ids", text)
    # Tampering is still found, under each key.
    for row in (legacy[0], old[0], new[0]):
        with connection.cursor() as cursor:
            cursor.execute(f"UPDATE {ChangeLog._meta.db_table} SET object_repr = %s WHERE id = %s", ["forged", row.pk])
        with pytest.raises(CommandError, match=rf"row id {row.pk} .*edited"):
            _verify()
        with connection.cursor() as cursor:
            cursor.execute(f"UPDATE {ChangeLog._meta.db_table} SET object_repr = %s WHERE id = %s",
                           [row.object_repr, row.pk])
    assert "audit trail intact" in _verify()


def test_a_link_cannot_be_moved_to_another_key(settings, key_file, two_counties, users):
    first = _load(settings, key_file).current_audit_key
    _change(key_file, new_audit_key=True)
    second = _load(settings, key_file).current_audit_key
    row = _write(two_counties, users)[0]
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {ChangeLog._meta.db_table} SET key_id = %s WHERE id = %s", [first, row.pk])
    with pytest.raises(CommandError, match=rf"row id {row.pk} .*edited"):
        _verify()
    assert row.key_id == second


def test_a_removed_audit_key_is_named(settings, key_file, two_counties, users):
    first = _load(settings, key_file).current_audit_key
    row = _write(two_counties, users)[0]
    _change(key_file, new_audit_key=True)
    _load(settings, key_file)
    _write(two_counties, users)  # the heads are now signed with the new key
    del settings.AUDIT_KEYS[first]
    with pytest.raises(CommandError, match=rf"row id {row.pk} .*audit key '{first}'.*does not hold"):
        _verify()


def test_an_old_key_file_is_upgraded_with_its_legacy_links_kept(settings, tmp_path, monkeypatch, two_counties,
                                                                users):
    """A key file from before audit keys: the settings refuse to start without one; `--new-audit-key` adds it and
    pins the key the existing links were made with."""
    for name in ("GUIFAN_HASH_KEY", "GUIFAN_AUDIT_KEY", "GUIFAN_AUDIT_KEYS", "GUIFAN_LEGACY_AUDIT_KEY"):
        monkeypatch.delenv(name, raising=False)
    data = keyring.new_keyring()
    for name in ("audit_keys", "current_audit_key"):
        del data[name]
    path = tmp_path / "old-keys.json"
    keyring.write_private(path, json.dumps(data))
    old = keyring.from_environment({"GUIFAN_KEYRING_FILE": str(path)}, development=False)
    assert any("GUIFAN_AUDIT_KEYS is missing" in p and "--new-audit-key" in p for p in keyring.problems_of(old))
    current, ring = keyring.audit_keyring(old, environ={})
    assert current == "" and ring["legacy"] == keyring.derived(data["hash_key"], keyring.AUDIT_KEY_LABEL)
    settings.AUDIT_KEY_CURRENT = chain.LEGACY_KEY_ID
    settings.AUDIT_KEYS = {**ring, "dev": keyring.DEVELOPMENT_AUDIT_KEY}
    with transaction.atomic():  # the heads as that deployment made them, under its legacy key
        for head in ChainHead.objects.all():
            chain.save_head(head)
    _legacy_rows(settings, two_counties, users)
    _change(path, new_audit_key=True)
    _change(path, new_hash_key=True)
    _load(settings, path)
    _write(two_counties, users)
    assert "audit trail intact" in _verify()


def test_the_old_audit_key_variable_is_the_legacy_key(monkeypatch, tmp_path):
    path = tmp_path / "keys.json"
    monkeypatch.setenv("GUIFAN_AUDIT_KEY", "the-old-audit-key-text")
    assert keys_generate.generate({"file": str(path)}, io.StringIO(), io.StringIO()) == 0
    assert json.loads(path.read_text())["legacy_audit_key"] == "the-old-audit-key-text"
    keys = keyring.from_environment({"GUIFAN_KEYRING_FILE": str(path)}, development=False)
    assert keyring.audit_keyring(keys, environ={})[1]["legacy"] == "the-old-audit-key-text"


def test_an_archive_keeps_each_links_key(settings, key_file, tmp_path, db):
    _load(settings, key_file)
    SecurityEvent.objects.create(event=SecurityEvent.Event.LOGIN, username="before")
    _change(key_file, new_audit_key=True)
    _load(settings, key_file)
    SecurityEvent.objects.create(event=SecurityEvent.Event.LOGIN, username="after")
    output = tmp_path / "audit.jsonl"
    call_command("audit", "archive", "--before", "2099-01-01", "--output", str(output), stdout=io.StringIO())
    records = [json.loads(line) for line in output.read_text().splitlines()]
    assert len({r["key_id"] for r in records if r.get("kind") != "anchor" and r["chain"] == "core.securityevent"}) == 2
    out = io.StringIO()
    call_command("audit", "verify", "--archive", str(output), stdout=out)
    assert "archive intact" in out.getvalue()
    output.write_text(output.read_text().replace('"after"', '"afterwards"'))
    with pytest.raises(CommandError, match="content does not match"):
        call_command("audit", "verify", "--archive", str(output), stdout=io.StringIO())


def test_generated_keys_have_an_audit_key_apart_from_the_hash_key():
    data = keyring.new_keyring()
    assert data["current_audit_key"] in data["audit_keys"]
    assert data["audit_keys"][data["current_audit_key"]] != data["hash_key"]
    env = {k: v.strip("'") for k, v in (line.split("=", 1) for line in keyring.as_environment(data).splitlines())}
    keys = keyring.from_environment(env, development=False)
    assert keyring.problems_of(keys) == [] and keys.audit_keys == data["audit_keys"]
    same = dict(env, GUIFAN_AUDIT_KEYS=f"a1:{data['hash_key']}")
    assert any("must differ" in p for p in keyring.problems_of(keyring.from_environment(same, development=False)))
