"""Keys: read from the environment and the key file, refused when unsafe, encryption with key ids and ciphers."""

import base64
import hashlib
import json
import os

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from guifan.core import crypto, keyring

SECRET = "s" * 20 + "abcdefghijklmnopqrstuvwxyz0123456789"


def production_env(**extra):
    ring = keyring.new_keyring()
    env = {"GUIFAN_SECRET_KEY": ring["secret_key"], "GUIFAN_HASH_KEY": ring["hash_key"],
           "GUIFAN_FIELD_KEYS": ",".join(f"{k}:{v}" for k, v in ring["field_keys"].items()),
           "GUIFAN_AUDIT_KEYS": ",".join(f"{k}:{v}" for k, v in ring["audit_keys"].items())}
    env.update(extra)
    return env


def test_generated_keys_are_safe():
    keys = keyring.from_environment(production_env(), development=False)
    assert keyring.problems_of(keys) == []
    keyring.refuse_unsafe(keys)


def test_missing_keys_are_named():
    problems = " ".join(keyring.problems_of(keyring.from_environment({}, development=False)))
    for name in ("GUIFAN_SECRET_KEY", "GUIFAN_FIELD_KEYS", "GUIFAN_HASH_KEY"):
        assert f"{name} is missing" in problems


@pytest.mark.parametrize("name, value, says", [
    ("GUIFAN_SECRET_KEY", keyring.DEVELOPMENT_SECRET_KEY, "known development default"),
    ("GUIFAN_SECRET_KEY", "short-but-not-default", "too short"),
    ("GUIFAN_HASH_KEY", keyring.DEVELOPMENT_HASH_KEY, "known development default"),
    ("GUIFAN_HASH_KEY", base64.b64encode(b"x" * 16).decode(), "too short"),
    ("GUIFAN_HASH_KEY", "not base64 !", "not base64"),
    ("GUIFAN_FIELD_KEYS", f"k1:{keyring.DEVELOPMENT_FIELD_KEY}", "known development default"),
    ("GUIFAN_FIELD_KEYS", "bad id:" + base64.b64encode(bytes(range(32))).decode(), "key id"),
    ("GUIFAN_CIPHER", "des", "GUIFAN_CIPHER"),
])
def test_unsafe_keys_are_refused(name, value, says):
    with pytest.raises(keyring.UnsafeKeys) as refused:
        keyring.refuse_unsafe(keyring.from_environment(production_env(**{name: value}), development=False))
    assert name in str(refused.value) and says in str(refused.value)
    assert "guifan keys generate" in str(refused.value)


def test_development_fills_in_the_known_keys():
    keys = keyring.from_environment({}, development=True)
    assert keys.secret_key == keyring.DEVELOPMENT_SECRET_KEY
    assert keys.field_keys == {"dev": keyring.DEVELOPMENT_FIELD_KEY} and keys.current_field_key == "dev"
    assert keys.legacy_field_key == keyring.DEVELOPMENT_FIELD_KEY  # old development databases stay readable


def test_key_file_is_read_and_must_be_private(tmp_path):
    path = tmp_path / "keys.json"
    data = keyring.new_keyring("sm4-gcm")
    keyring.add_field_key(data)
    keyring.write_private(path, json.dumps(data))
    assert os.stat(path).st_mode & 0o777 == 0o600
    keys = keyring.from_environment({"GUIFAN_KEYRING_FILE": str(path)}, development=False)
    assert keyring.problems_of(keys) == []
    assert keys.current_field_key == data["current_field_key"] == next(iter(keys.field_keys))
    assert len(keys.field_keys) == 2 and keys.cipher == "sm4-gcm"
    os.chmod(path, 0o644)
    problems = keyring.problems_of(keyring.from_environment({"GUIFAN_KEYRING_FILE": str(path)}, development=False))
    assert any("chmod 600" in p for p in problems)


def test_environment_lines_give_the_same_keys():
    data = keyring.new_keyring()
    env = dict(line.split("=", 1) for line in keyring.as_environment(data).splitlines())
    keys = keyring.from_environment({k: v.strip("'") for k, v in env.items()}, development=False)
    assert keys.field_keys == data["field_keys"] and keys.hash_key == data["hash_key"]


@pytest.fixture
def fresh_keys(settings):
    ring = keyring.new_keyring()
    settings.FIELD_KEYS = ring["field_keys"]
    settings.FIELD_KEY_CURRENT = ring["current_field_key"]
    settings.FIELD_HASH_KEY = ring["hash_key"]
    settings.FIELD_LEGACY_KEY = ""
    return settings


@pytest.mark.parametrize("cipher", ["aes-gcm", "sm4-gcm"])
def test_values_carry_key_id_and_cipher(fresh_keys, cipher):
    fresh_keys.FIELD_CIPHER = cipher
    token = crypto.encrypt("45032119800517001X")
    prefix = f"v2:{fresh_keys.FIELD_KEY_CURRENT}:{cipher}:"
    assert token.startswith(prefix) and "45032119800517001X" not in token
    assert crypto.decrypt(token) == "45032119800517001X"
    assert crypto.encrypt("45032119800517001X") != token  # a new nonce each time
    assert crypto.header_of(token) == (fresh_keys.FIELD_KEY_CURRENT, cipher) and crypto.is_current(token)


def test_sm4_gcm_is_the_standard_cipher():
    """GB/T 32907 SM4 test vector (key = plaintext = 0123456789abcdeffedcba9876543210) through the GCM counter: the
    first keystream block of GCM with a 96-bit nonce is E(K, nonce || 00000002)."""
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    key = bytes.fromhex("0123456789abcdeffedcba9876543210")
    block = Cipher(algorithms.SM4(key), modes.ECB()).encryptor().update(key)
    assert block.hex() == "681edf34d206965e86b3e94f536e4246"
    nonce = bytes(12)
    sealed = nonce + Cipher(algorithms.SM4(key), modes.GCM(nonce)).encryptor().update(bytes(16))
    keystream = Cipher(algorithms.SM4(key), modes.ECB()).encryptor().update(nonce + b"\0\0\0\2")
    assert sealed[12:28] == keystream


def test_old_keys_still_decrypt_and_unknown_ones_fail(fresh_keys):
    old = crypto.encrypt("13800000000")
    old_id = fresh_keys.FIELD_KEY_CURRENT
    new_id = keyring.new_key_id(fresh_keys.FIELD_KEYS)
    fresh_keys.FIELD_KEYS = {new_id: keyring.new_secret(), **fresh_keys.FIELD_KEYS}
    fresh_keys.FIELD_KEY_CURRENT = new_id
    assert crypto.decrypt(old) == "13800000000" and not crypto.is_current(old)
    del fresh_keys.FIELD_KEYS[old_id]
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(old)


def test_a_changed_header_does_not_decrypt(fresh_keys):
    token = crypto.encrypt("13800000000")
    other_id = "k-other"
    fresh_keys.FIELD_KEYS = {**fresh_keys.FIELD_KEYS, other_id: fresh_keys.FIELD_KEYS[fresh_keys.FIELD_KEY_CURRENT]}
    forged = token.replace(f":{fresh_keys.FIELD_KEY_CURRENT}:", f":{other_id}:", 1)
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(forged)  # same secret, other id: the header is authenticated (and the key derived apart)


def legacy_token(plain: str, key_text: str) -> str:
    nonce = os.urandom(12)
    aead = AESGCM(hashlib.sha256(key_text.encode()).digest())
    return base64.b64encode(nonce + aead.encrypt(nonce, plain.encode(), None)).decode()


def test_old_form_decrypts_only_with_the_legacy_key(fresh_keys):
    token = legacy_token("45032119800517001X", "the old field key")
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(token)
    fresh_keys.FIELD_LEGACY_KEY = "the old field key"
    assert crypto.decrypt(token) == "45032119800517001X"
    assert crypto.header_of(token) == (crypto.LEGACY, "aes-gcm") and not crypto.is_current(token)


def test_keyed_hash_depends_on_key_and_cipher_and_not_on_the_field_key(fresh_keys):
    first = crypto.keyed_hash("45032119800517001X")
    assert len(first) == 64 and first == crypto.keyed_hash("45032119800517001X")
    fresh_keys.FIELD_KEYS = {fresh_keys.FIELD_KEY_CURRENT: keyring.new_secret()}
    assert crypto.keyed_hash("45032119800517001X") == first
    fresh_keys.FIELD_CIPHER = "sm4-gcm"  # HMAC-SM3
    sm3 = crypto.keyed_hash("45032119800517001X")
    assert len(sm3) == 64 and sm3 != first
    fresh_keys.FIELD_CIPHER = "aes-gcm"
    fresh_keys.FIELD_HASH_KEY = keyring.new_secret()
    assert crypto.keyed_hash("45032119800517001X") != first


def test_hash_and_encryption_keys_are_derived_apart(fresh_keys):
    secret = fresh_keys.FIELD_KEYS[fresh_keys.FIELD_KEY_CURRENT]
    assert crypto._hash_key(secret, "hmac-sha256") != crypto.field_key(fresh_keys.FIELD_KEY_CURRENT, "aes-gcm")
    assert crypto.field_key(fresh_keys.FIELD_KEY_CURRENT, "aes-gcm")[:16] != crypto.field_key(
        fresh_keys.FIELD_KEY_CURRENT, "sm4-gcm")


def test_development_hash_is_the_old_one(settings):
    settings.FIELD_HASH_KEY = keyring.DEVELOPMENT_HASH_KEY
    settings.FIELD_CIPHER = "aes-gcm"
    import hmac

    old_key = hashlib.sha256(keyring.DEVELOPMENT_HASH_KEY.encode()).digest()
    assert crypto.keyed_hash("a") == hmac.new(old_key, b"a", hashlib.sha256).hexdigest()
