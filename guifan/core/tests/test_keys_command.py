"""`guifan keys status|rotate|generate`, and the refusal to start with unsafe keys (in subprocesses)."""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from guifan.core import crypto, keyring
from guifan.core.models import ChangeLog
from guifan.core.tests.test_keyring import legacy_token, production_env
from guifan.members.models import Member

ROOT = Path(__file__).resolve().parents[3]


def run(*args) -> str:
    out = io.StringIO()
    with translation.override("en"):
        call_command("keys", *args, stdout=out, stderr=out)
    return out.getvalue()


def new_current_key(settings, hash_too=False):
    key_id = keyring.new_key_id(settings.FIELD_KEYS)
    settings.FIELD_KEYS = {key_id: keyring.new_secret(), **settings.FIELD_KEYS}
    settings.FIELD_KEY_CURRENT = key_id
    if hash_too:
        settings.FIELD_HASH_KEY = keyring.new_secret()
    return key_id


@pytest.fixture
def members(two_counties):
    return [m for county in two_counties.values() for m in county["members"]]


def test_rotate_re_encrypts_every_value_and_logs_each_chunk(settings, members):
    before = {m.pk: (m.reveal_id_number(), m.reveal_phone(), m.id_number_hash) for m in members}
    old_id = settings.FIELD_KEY_CURRENT
    key_id = new_current_key(settings)
    assert key_id in run("status") and old_id in run("status")

    out = run("rotate", "--dry-run")
    assert f"{len(members)} rows read, 0 rewritten, {2 * len(members)} values re-encrypted" in out
    assert Member.objects.filter(id_number_encrypted__startswith=f"v2:{key_id}:").count() == 0

    out = run("rotate", "--chunk-size", "3")
    assert f"{len(members)} rows read, {len(members)} rewritten, {2 * len(members)} values re-encrypted, 0 keyed" in out
    for m in Member.objects.all():
        assert m.id_number_encrypted.startswith(f"v2:{key_id}:aes-gcm:")
        assert m.phone_encrypted.startswith(f"v2:{key_id}:aes-gcm:")
        assert (m.reveal_id_number(), m.reveal_phone(), m.id_number_hash) == before[m.pk]
    logs = ChangeLog.objects.filter(source="keys rotate")
    assert logs.count() == -(-len(members) // 3)  # one entry per chunk
    assert sum(log.after["rows"] for log in logs) == len(members)
    assert all(before[m.pk][0] not in json.dumps(log.after) for log in logs for m in members)

    out = run("rotate")  # run again: resumes where it stopped, nothing left to write
    assert "0 rewritten, 0 values re-encrypted" in out
    status = run("status")
    assert f"{key_id:<20} aes-gcm  {len(members):>9}" in status
    for secret in settings.FIELD_KEYS.values():
        assert secret not in status


def test_rotate_recomputes_hashes_and_moves_to_sm4(settings, members):
    numbers = {m.pk: m.reveal_id_number() for m in members}
    new_current_key(settings, hash_too=True)
    settings.FIELD_CIPHER = "sm4-gcm"
    out = run("rotate")
    assert f"{len(members)} keyed hashes recomputed" in out
    for m in Member.objects.all():
        assert m.id_number_encrypted.split(":")[2] == "sm4-gcm"
        assert m.id_number_hash == crypto.keyed_hash(numbers[m.pk])
    one = members[0]
    assert Member.objects.get(id_number_hash=crypto.keyed_hash(numbers[one.pk])).pk == one.pk


def test_old_form_values_are_rotated_with_the_legacy_key(settings, members):
    settings.FIELD_LEGACY_KEY = "the old field key"
    m = members[0]
    Member.objects.filter(pk=m.pk).update(id_number_encrypted=legacy_token(m.reveal_id_number(), "the old field key"))
    assert "old form, no key id" in run("status")
    run("rotate")
    m.refresh_from_db()
    assert crypto.header_of(m.id_number_encrypted)[0] == settings.FIELD_KEY_CURRENT
    settings.FIELD_LEGACY_KEY = ""
    assert m.reveal_id_number()  # readable without the legacy key now


def test_values_that_cannot_be_decrypted_are_reported_and_kept(settings, members):
    m = members[0]
    Member.objects.filter(pk=m.pk).update(phone_encrypted=legacy_token("13800000000", "a key nobody has"))
    settings.FIELD_LEGACY_KEY = ""
    with pytest.raises(CommandError, match="1 values could not be rotated"), translation.override("en"):
        run("rotate")
    assert "no key to read it" in run("status")
    m.refresh_from_db()
    assert crypto.header_of(m.phone_encrypted)[0] == crypto.LEGACY


def python(*args, env, **kwargs):
    # The command runs as on a server: none of this run's GUIFAN_ settings, nor the browser tests' async switch.
    clean = {k: v for k, v in os.environ.items()
             if not k.startswith("GUIFAN_") and k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean.update(env, PYTHONPATH=str(ROOT), GUIFAN_DATA_DIR=kwargs.pop("data_dir"))
    return subprocess.run([sys.executable, *args], env=clean, capture_output=True, text=True, cwd=ROOT, timeout=120)


def test_commands_refuse_to_start_with_debug_off_and_default_keys(tmp_path):
    env = {"GUIFAN_DEBUG": "0", "GUIFAN_SECRET_KEY": keyring.DEVELOPMENT_SECRET_KEY}
    done = python("-m", "guifan.cli", "check", env=env, data_dir=str(tmp_path))
    assert done.returncode != 0
    assert "GUIFAN_SECRET_KEY is a known development default" in done.stderr
    assert "GUIFAN_FIELD_KEYS is missing" in done.stderr and "GUIFAN_HASH_KEY is missing" in done.stderr
    assert "guifan keys generate" in done.stderr and "Traceback" not in done.stderr


def test_the_wsgi_server_refuses_too(tmp_path):
    done = python("-c", "import guifan.wsgi", env={"GUIFAN_DEBUG": "0"}, data_dir=str(tmp_path))
    assert done.returncode != 0 and "GUIFAN_SECRET_KEY is missing" in done.stderr


def test_generate_writes_a_private_key_file_that_starts_the_commands(tmp_path):
    path = tmp_path / "keys.json"
    done = python("-m", "guifan.cli", "keys", "generate", "--file", str(path), env={"GUIFAN_DEBUG": "0"},
                  data_dir=str(tmp_path))
    assert done.returncode == 0, done.stderr
    assert os.stat(path).st_mode & 0o777 == 0o600
    data = json.loads(path.read_text())
    assert data["current_field_key"] in data["field_keys"]
    assert data["secret_key"] not in done.stdout
    done = python("-m", "guifan.cli", "check", env={"GUIFAN_DEBUG": "0", "GUIFAN_KEYRING_FILE": str(path)},
                  data_dir=str(tmp_path))
    assert done.returncode == 0, done.stderr
    done = python("-m", "guifan.cli", "keys", "generate", "--file", str(path), env={}, data_dir=str(tmp_path))
    assert done.returncode != 0 and json.loads(path.read_text()) == data  # never overwritten


def test_generate_prints_keys_the_settings_accept():
    out = io.StringIO()
    call_command("keys", "generate", "--format", "env", stdout=out)
    env = {k: v.strip("'") for k, v in (line.split("=", 1) for line in out.getvalue().splitlines())}
    assert keyring.problems_of(keyring.from_environment(env, development=False)) == []
    assert set(env) >= set(production_env())


def test_encrypted_fields_are_found_by_name_and_by_registration(monkeypatch):
    from guifan.core import encrypted_fields as registry

    found = registry.encrypted_fields()
    assert registry.EncryptedField("members.Member", "id_number_encrypted", "id_number_hash") in found
    assert registry.EncryptedField("members.Member", "phone_encrypted", "") in found
    monkeypatch.setattr(registry, "_registered", [])
    registry.register("core.ChangeLog", "object_repr")
    registry.register("core.ChangeLog", "object_repr")
    assert [s for s in registry.encrypted_fields() if s.model == "core.ChangeLog"] == [
        registry.EncryptedField("core.ChangeLog", "object_repr")]
