"""The site's keys: read from the environment or a key file, checked before anything starts, and newly made.

Each key comes from its environment variable, else from the key file named by GUIFAN_KEYRING_FILE (JSON, readable
by its owner only, kept outside the repository and backed up apart from the database):

    GUIFAN_SECRET_KEY        "secret_key"         Django's SECRET_KEY (sessions, CSRF, password reset links)
    GUIFAN_FIELD_KEYS        "field_keys"         keys that encrypt personal data, each with an id:
                                                  `id:base64,id:base64` / {"id": "base64", ...}; the first is
                                                  current (the file may name it in "current_field_key"), the
                                                  others only decrypt values not yet rotated
    GUIFAN_HASH_KEY          "hash_key"           base64 secret of the keyed hash used to find and de-duplicate
    GUIFAN_LEGACY_FIELD_KEY  "legacy_field_key"   optional: the text of the old GUIFAN_FIELD_KEY, to read values
                                                  written before key ids (until `guifan keys rotate` has run)
    GUIFAN_CIPHER            "cipher"             aes-gcm (default) or sm4-gcm
    GUIFAN_AUDIT_KEYS        "audit_keys"         keys of the audit trail's hash chains (guifan.core.chain), each
                                                  with an id, as the field keys ("current_audit_key" in the file):
                                                  new links are made with the current one and record its id, the
                                                  others verify older links. Apart from the hash key, so that a new
                                                  hash key leaves the chains intact.
    GUIFAN_LEGACY_AUDIT_KEY  "legacy_audit_key"   the key of links made before audit key ids (id "legacy"): the old
                                                  GUIFAN_AUDIT_KEY text, or the HKDF of the hash key they were made
                                                  under; `guifan keys generate` pins it when it adds an audit key or
                                                  a new hash key. Unset, it is derived from the present hash key
                                                  (or the old GUIFAN_AUDIT_KEY), as those links were.

Secrets are at least 32 random bytes, base64; `guifan keys generate` makes a full set. This module reads no Django
settings (the settings module calls it), so that it also runs where the keys are wrong.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
import os
import re
import secrets
import stat
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from .ciphers import DEFAULT, SUITES

# Known keys, allowed in development only (DEBUG on, or the test run). The development hash key is derived the old
# way (SHA-256 of the text) so that databases made before key ids keep their hashes.
DEVELOPMENT_SECRET_KEY = "insecure-development-key-change-me"
DEVELOPMENT_FIELD_KEY = "development-field-key-change-me"
DEVELOPMENT_HASH_KEY = "development-hash-key-change-me"
DEVELOPMENT_FIELD_KEY_ID = "dev"
DEVELOPMENT_AUDIT_KEY = "development-audit-key-change-me"
LEGACY_AUDIT_KEY_ID = "legacy"  # links made before audit key ids: keyed by the HKDF of the hash key
AUDIT_KEY_LABEL = "guifan audit chain"
KNOWN_DEFAULTS = {DEVELOPMENT_SECRET_KEY, DEVELOPMENT_FIELD_KEY, DEVELOPMENT_HASH_KEY, DEVELOPMENT_AUDIT_KEY,
                  "change-me", "changeme"}

MIN_SECRET_BYTES = 32
MIN_SECRET_KEY_LENGTH = 50  # what Django's deploy check asks of SECRET_KEY
KEY_ID = re.compile(r"^[A-Za-z0-9_-]{1,32}$")
GENERATE_HINT = ("Generate keys with `guifan keys generate --file /etc/guifan/keys.json` and set "
                 "GUIFAN_KEYRING_FILE=/etc/guifan/keys.json (docs/deployment.md) / "
                 "用 `guifan keys generate --file /etc/guifan/keys.json` 生成密钥并设置 GUIFAN_KEYRING_FILE。")


class UnsafeKeys(ImproperlyConfigured):
    """Raised by the settings with DEBUG off when a key is missing, a known default or too short."""


@dataclass
class Keys:
    secret_key: str = ""
    field_keys: dict[str, str] = field(default_factory=dict)  # {key id: base64 secret}, the current one first
    current_field_key: str = ""
    hash_key: str = ""
    legacy_field_key: str = ""
    cipher: str = DEFAULT
    audit_keys: dict[str, str] = field(default_factory=dict)  # {key id: base64 secret}, the current one first
    current_audit_key: str = ""
    legacy_audit_key: str = ""  # the text the legacy links' HMAC key was made from (see audit_keyring)
    file: str = ""
    problems: list[str] = field(default_factory=list)


def secret_bytes(value: str) -> bytes:
    """The bytes of a base64 secret; a development key that is not base64 (the known ones) is taken as its text.
    With DEBUG off only base64 secrets get this far (`problems_of`)."""
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        return value.encode()


def parse_key_list(text: str) -> dict[str, str]:
    """`id:base64,id:base64` → {id: base64}, in order."""
    keys = {}
    for part in text.split(","):
        part = part.strip()
        if part:
            key_id, _, secret = part.partition(":")
            keys[key_id.strip()] = secret.strip()
    return keys


def _read_file(path: str, problems: list[str], check_mode: bool) -> dict:
    file = Path(path)
    try:
        mode = file.stat().st_mode
        data = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        problems.append(f"GUIFAN_KEYRING_FILE {path} cannot be read as JSON ({exc.__class__.__name__}) / "
                        "无法读取密钥文件")
        return {}
    if check_mode and mode & (stat.S_IRWXG | stat.S_IRWXO):
        problems.append(f"GUIFAN_KEYRING_FILE {path} can be read by others (mode {stat.S_IMODE(mode):o}): "
                        f"`chmod 600 {path}` / 密钥文件权限过宽，应为 600")
    if not isinstance(data, dict):
        problems.append(f"GUIFAN_KEYRING_FILE {path} is not a JSON object / 密钥文件格式错误")
        return {}
    return data


def _secret_problem(name: str, value: str) -> str | None:
    if not value:
        return f"{name} is missing / 缺少 {name}"
    if value in KNOWN_DEFAULTS:
        return f"{name} is a known development default / {name} 是公开的开发用默认值"
    try:
        raw = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        return f"{name} is not base64 / {name} 不是 base64 编码"
    if len(raw) < MIN_SECRET_BYTES:
        return (f"{name} is too short ({len(raw)} bytes, {MIN_SECRET_BYTES} needed) / "
                f"{name} 过短（{len(raw)} 字节，至少 {MIN_SECRET_BYTES} 字节）")
    return None


def problems_of(keys: Keys) -> list[str]:
    """What is wrong with the keys for a production start; empty when they are fine."""
    found = list(keys.problems)
    secret = keys.secret_key
    if not secret:
        found.append("GUIFAN_SECRET_KEY is missing / 缺少 GUIFAN_SECRET_KEY")
    elif secret in KNOWN_DEFAULTS or secret.startswith("django-insecure-"):
        found.append("GUIFAN_SECRET_KEY is a known development default / GUIFAN_SECRET_KEY 是公开的开发用默认值")
    elif len(secret) < MIN_SECRET_KEY_LENGTH or len(set(secret)) < 5:
        found.append(f"GUIFAN_SECRET_KEY is too short ({len(secret)} characters, {MIN_SECRET_KEY_LENGTH} needed) / "
                     f"GUIFAN_SECRET_KEY 过短（至少 {MIN_SECRET_KEY_LENGTH} 个字符）")
    if not keys.field_keys:
        found.append("GUIFAN_FIELD_KEYS is missing / 缺少 GUIFAN_FIELD_KEYS（个人信息加密密钥）")
    for key_id, value in keys.field_keys.items():
        if not KEY_ID.match(key_id):
            found.append(f"GUIFAN_FIELD_KEYS: key id {key_id!r} must be 1-32 letters, digits, - or _ / 密钥编号不合规")
        problem = _secret_problem(f"GUIFAN_FIELD_KEYS[{key_id}]", value)
        if problem:
            found.append(problem)
    if keys.field_keys and keys.current_field_key not in keys.field_keys:
        found.append(f"current field key {keys.current_field_key!r} is not among GUIFAN_FIELD_KEYS / "
                     "当前密钥编号不存在")
    problem = _secret_problem("GUIFAN_HASH_KEY", keys.hash_key)
    if problem:
        found.append(problem)
    if keys.hash_key and keys.hash_key in keys.field_keys.values():
        found.append("GUIFAN_HASH_KEY must differ from the field keys / GUIFAN_HASH_KEY 不得与加密密钥相同")
    if keys.cipher not in SUITES:
        found.append(f"GUIFAN_CIPHER {keys.cipher!r} is not one of {', '.join(SUITES)} / 不支持的加密算法")
    found += _audit_key_problems(keys)
    return found


def _audit_key_problems(keys: Keys) -> list[str]:
    found = []
    if not keys.audit_keys:
        found.append("GUIFAN_AUDIT_KEYS is missing: add one with `guifan keys generate --file FILE --new-audit-key` "
                     "(links made before stay verifiable) / 缺少 GUIFAN_AUDIT_KEYS（审计链密钥）")
    for key_id, value in keys.audit_keys.items():
        if not KEY_ID.match(key_id) or key_id == LEGACY_AUDIT_KEY_ID:
            found.append(f"GUIFAN_AUDIT_KEYS: key id {key_id!r} must be 1-32 letters, digits, - or _, not "
                         f"{LEGACY_AUDIT_KEY_ID!r} / 密钥编号不合规")
        problem = _secret_problem(f"GUIFAN_AUDIT_KEYS[{key_id}]", value)
        if problem:
            found.append(problem)
        if value and value in (keys.hash_key, *keys.field_keys.values()):
            found.append(f"GUIFAN_AUDIT_KEYS[{key_id}] must differ from the hash and field keys / "
                         "审计链密钥不得与其他密钥相同")
    if keys.audit_keys and keys.current_audit_key not in keys.audit_keys:
        found.append(f"current audit key {keys.current_audit_key!r} is not among GUIFAN_AUDIT_KEYS / "
                     "当前审计链密钥编号不存在")
    return found


def audit_keyring(keys: Keys, environ=None) -> tuple[str, dict[str, str]]:
    """(current audit key id, {key id: key text}) for the hash chains, the legacy key included: the pinned
    legacy_audit_key, else the old GUIFAN_AUDIT_KEY, else the HKDF of the hash key (how links were keyed before key
    ids). The chain derives each HMAC key from its text."""
    environ = os.environ if environ is None else environ
    legacy = keys.legacy_audit_key or environ.get("GUIFAN_AUDIT_KEY") or derived(keys.hash_key, AUDIT_KEY_LABEL)
    return keys.current_audit_key, {**keys.audit_keys, LEGACY_AUDIT_KEY_ID: legacy}


def from_environment(environ, development: bool) -> Keys:
    """The keys from `environ` and the key file. With `development`, what is missing is a development key."""
    keys = Keys()
    path = environ.get("GUIFAN_KEYRING_FILE", "")
    data = _read_file(path, keys.problems, check_mode=not development) if path else {}
    keys.file = path
    keys.secret_key = environ.get("GUIFAN_SECRET_KEY") or str(data.get("secret_key") or "")
    if environ.get("GUIFAN_FIELD_KEYS"):
        keys.field_keys = parse_key_list(environ["GUIFAN_FIELD_KEYS"])
        current = ""
    else:
        stored = data.get("field_keys") or {}
        keys.field_keys = {str(k): str(v) for k, v in stored.items()} if isinstance(stored, dict) else {}
        current = str(data.get("current_field_key") or "")
    keys.current_field_key = current or next(iter(keys.field_keys), "")
    keys.hash_key = environ.get("GUIFAN_HASH_KEY") or str(data.get("hash_key") or "")
    keys.legacy_field_key = environ.get("GUIFAN_LEGACY_FIELD_KEY") or str(data.get("legacy_field_key") or "")
    keys.cipher = environ.get("GUIFAN_CIPHER") or str(data.get("cipher") or DEFAULT)
    if environ.get("GUIFAN_AUDIT_KEYS"):
        keys.audit_keys, current = parse_key_list(environ["GUIFAN_AUDIT_KEYS"]), ""
    else:
        stored = data.get("audit_keys") or {}
        keys.audit_keys = {str(k): str(v) for k, v in stored.items()} if isinstance(stored, dict) else {}
        current = str(data.get("current_audit_key") or "")
    keys.current_audit_key = current or next(iter(keys.audit_keys), "")
    keys.legacy_audit_key = environ.get("GUIFAN_LEGACY_AUDIT_KEY") or str(data.get("legacy_audit_key") or "")
    if environ.get("GUIFAN_FIELD_KEY") and not keys.field_keys:
        keys.problems.append("GUIFAN_FIELD_KEY (one key, no id) is no longer read: set it as GUIFAN_LEGACY_FIELD_KEY "
                             "to read old values, add GUIFAN_FIELD_KEYS, then `guifan keys rotate` / "
                             "旧变量 GUIFAN_FIELD_KEY 已不再使用")
    if development:
        keys.secret_key = keys.secret_key or DEVELOPMENT_SECRET_KEY
        if not keys.field_keys:
            keys.field_keys = {DEVELOPMENT_FIELD_KEY_ID: DEVELOPMENT_FIELD_KEY}
            keys.current_field_key = DEVELOPMENT_FIELD_KEY_ID
            # Values written before key ids, under the old variable or its development default, stay readable.
            keys.legacy_field_key = keys.legacy_field_key or environ.get("GUIFAN_FIELD_KEY") or DEVELOPMENT_FIELD_KEY
        keys.hash_key = keys.hash_key or DEVELOPMENT_HASH_KEY
        if not keys.audit_keys:
            keys.audit_keys, keys.current_audit_key = {"dev": DEVELOPMENT_AUDIT_KEY}, "dev"
    return keys


def refuse_unsafe(keys: Keys) -> None:
    found = problems_of(keys)
    if found:
        lines = "\n".join(f"  - {p}" for p in found)
        raise UnsafeKeys(f"guifan refuses to start with DEBUG off: the keys are not safe / 密钥不安全，拒绝启动:\n"
                         f"{lines}\n{GENERATE_HINT}")


# Making keys -------------------------------------------------------------------------------------------------------

def new_secret() -> str:
    return base64.b64encode(secrets.token_bytes(MIN_SECRET_BYTES)).decode()


def new_key_id(taken=()) -> str:
    while True:
        key_id = f"k{dt.date.today():%Y%m%d}-{secrets.token_hex(2)}"
        if key_id not in taken:
            return key_id


def new_keyring(cipher: str = DEFAULT) -> dict:
    """A full set of new random keys, as the key file holds them."""
    key_id = new_key_id()
    audit_key_id = new_key_id({key_id})
    return {
        "secret_key": secrets.token_urlsafe(50),
        "field_keys": {key_id: new_secret()},
        "current_field_key": key_id,
        "hash_key": new_secret(),
        "cipher": cipher,
        "audit_keys": {audit_key_id: new_secret()},
        "current_audit_key": audit_key_id,
    }


def _add_key(data: dict, keys: str, current: str) -> str:
    """A new key in `data[keys]`, made current (`data[current]`); the old keys stay."""
    old = dict(data.get(keys) or {})
    key_id = new_key_id(old)
    data[keys] = {key_id: new_secret(), **old}
    data[current] = key_id
    return key_id


def add_field_key(data: dict) -> str:
    """A new current field key in a key file's data; the old keys stay, to decrypt until rotation."""
    return _add_key(data, "field_keys", "current_field_key")


def add_audit_key(data: dict, environ=None) -> str:
    """A new current audit key in a key file's data. The old audit keys stay (they verify older links); before the
    first one, the legacy key is pinned (see pin_legacy_audit_key)."""
    pin_legacy_audit_key(data, environ)
    return _add_key(data, "audit_keys", "current_audit_key")


def pin_legacy_audit_key(data: dict, environ=None) -> None:
    """Records in a key file's data the key of the links made before audit key ids, as the settings compute it now
    (see audit_keyring: the old GUIFAN_AUDIT_KEY, else derived from the hash key in effect, the environment's over
    the file's), so that a new hash key leaves those links verifiable."""
    environ = os.environ if environ is None else environ
    if not data.get("legacy_audit_key"):
        hash_key = environ.get("GUIFAN_HASH_KEY") or data.get("hash_key") or ""
        data["legacy_audit_key"] = (environ.get("GUIFAN_LEGACY_AUDIT_KEY") or environ.get("GUIFAN_AUDIT_KEY")
                                    or derived(hash_key, AUDIT_KEY_LABEL))


def _ordered(keys: dict, current: str) -> str:
    current = current or next(iter(keys))
    return ",".join(f"{k}:{keys[k]}" for k in [current, *(k for k in keys if k != current)])


def as_environment(data: dict) -> str:
    """The same keys as environment variable lines."""
    lines = [
        f"GUIFAN_SECRET_KEY='{data['secret_key']}'",
        f"GUIFAN_FIELD_KEYS='{_ordered(data['field_keys'], data.get('current_field_key'))}'",
        f"GUIFAN_HASH_KEY='{data['hash_key']}'",
        f"GUIFAN_CIPHER='{data.get('cipher', DEFAULT)}'",
    ]
    if data.get("audit_keys"):
        lines.append(f"GUIFAN_AUDIT_KEYS='{_ordered(data['audit_keys'], data.get('current_audit_key'))}'")
    if data.get("legacy_field_key"):
        lines.append(f"GUIFAN_LEGACY_FIELD_KEY='{data['legacy_field_key']}'")
    if data.get("legacy_audit_key"):
        lines.append(f"GUIFAN_LEGACY_AUDIT_KEY='{data['legacy_audit_key']}'")
    return "\n".join(lines) + "\n"


def write_private(path: Path, text: str) -> None:
    """Write `text` to `path` readable by its owner only (0600), replacing the file in one step."""
    path = Path(path)
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.chmod(temporary, 0o600)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def derived(secret: str, label: str) -> str:
    """A key of its own for one purpose (`label`), derived from `secret` by HKDF-SHA256, as hex text."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=label.encode()).derive(
        secret_bytes(secret) if secret else b"").hex()
