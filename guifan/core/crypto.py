"""Personal data at rest: encryption with key ids, a keyed hash to find and de-duplicate, and masks for display.

An encrypted value names its key and cipher: `v2:<key id>:<cipher>:<base64 of nonce, ciphertext, tag>`, the header
authenticated with it. Keys come from the settings (guifan.core.keyring reads them); each cipher's key and the hash
key are derived from the configured secrets by HKDF-SHA256 with their own labels. Values of the old form (base64
only, AES-GCM under SHA-256 of GUIFAN_FIELD_KEY's text) still decrypt while FIELD_LEGACY_KEY is set; `guifan keys
rotate` rewrites every value with the current key.
"""

import base64
import hashlib
import hmac as std_hmac
from functools import lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import hmac as crypto_hmac
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

from . import keyring
from .ciphers import SUITES

PREFIX = "v2"
LEGACY = "legacy"  # the key id reported for values of the old form
_SALT = b"guifan keyring v2"


class DecryptionError(ValueError):
    """A value that cannot be decrypted with the configured keys (unknown key id, legacy key missing, tampered)."""


@lru_cache(maxsize=32)
def _derive(secret: str, label: str, length: int) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=length, salt=_SALT, info=label.encode()).derive(
        keyring.secret_bytes(secret))


def field_key(key_id: str, cipher: str) -> bytes:
    """The encryption key of `cipher` derived from field key `key_id`."""
    try:
        secret = settings.FIELD_KEYS[key_id]
    except KeyError:
        raise DecryptionError(f"unknown field key id {key_id!r}") from None
    suite = SUITES[cipher]
    return _derive(secret, f"guifan field encryption {suite.name}", suite.key_length)


def current() -> tuple[str, str]:
    """(key id, cipher) that new values are encrypted with."""
    return settings.FIELD_KEY_CURRENT, settings.FIELD_CIPHER


def header_of(token: str) -> tuple[str, str]:
    """(key id, cipher) of an encrypted value; (LEGACY, "aes-gcm") for the old form."""
    if token.startswith(PREFIX + ":"):
        parts = token.split(":", 3)
        if len(parts) == 4:
            return parts[1], parts[2]
    return LEGACY, "aes-gcm"


def is_current(token: str) -> bool:
    return not token or header_of(token) == current()


def encrypt(plain: str) -> str:
    if not plain:
        return ""
    key_id, cipher = current()
    header = f"{PREFIX}:{key_id}:{cipher}"
    sealed = SUITES[cipher].seal(field_key(key_id, cipher), plain.encode(), header.encode())
    return f"{header}:{base64.b64encode(sealed).decode()}"


@lru_cache(maxsize=4)
def _legacy_aead(key_text: str) -> AESGCM:
    return AESGCM(hashlib.sha256(key_text.encode()).digest())


def _decrypt_legacy(token: str) -> str:
    key_text = getattr(settings, "FIELD_LEGACY_KEY", "")
    if not key_text:
        raise DecryptionError("a value of the old form, and FIELD_LEGACY_KEY is not set")
    raw = base64.b64decode(token)
    return _legacy_aead(key_text).decrypt(raw[:12], raw[12:], None).decode()


def decrypt(token: str) -> str:
    if not token:
        return ""
    key_id, cipher = header_of(token)
    try:
        if key_id == LEGACY:
            return _decrypt_legacy(token)
        if cipher not in SUITES:
            raise DecryptionError(f"unknown cipher {cipher!r}")
        header, _, body = token.rpartition(":")
        return SUITES[cipher].open(field_key(key_id, cipher), base64.b64decode(body), header.encode()).decode()
    except (InvalidTag, ValueError) as exc:
        if isinstance(exc, DecryptionError):
            raise
        raise DecryptionError(f"value under key {key_id!r} does not decrypt") from exc


@lru_cache(maxsize=8)
def _hash_key(secret: str, hash_name: str) -> bytes:
    if secret == keyring.DEVELOPMENT_HASH_KEY:  # development databases made before key ids keep their hashes
        return hashlib.sha256(secret.encode()).digest()
    return _derive(secret, f"guifan keyed hash {hash_name}", 32)


def keyed_hash(plain: str) -> str:
    """Stable for equal inputs, useless without the key: what lookups and uniqueness use. HMAC-SHA256, or HMAC-SM3
    with the sm4-gcm cipher; 64 hex digits either way."""
    if not plain:
        return ""
    suite = SUITES[settings.FIELD_CIPHER]
    key = _hash_key(settings.FIELD_HASH_KEY, suite.hash_name)
    if suite.hash_name == "hmac-sha256":
        return std_hmac.new(key, plain.encode(), hashlib.sha256).hexdigest()
    mac = crypto_hmac.HMAC(key, suite.hash_algorithm())
    mac.update(plain.encode())
    return mac.finalize().hex()


def mask_id_number(number: str) -> str:
    """The region code (first 6 characters) only: 450321************. Shown with the birth month and the gender,
    at least 28 x 500 = 14,000 numbers fit; any digit of the sequence or the check digit shown would leave a few
    hundred or thousand (docs/security.md, "Personal data")."""
    if not number:
        return ""
    return number[:6] + "*" * (len(number) - 6)


def mask_phone(phone: str) -> str:
    """First 3 and last 4 digits shown: 138****5678."""
    if not phone:
        return ""
    if len(phone) <= 7:
        return "*" * len(phone)
    return phone[:3] + "*" * (len(phone) - 7) + phone[-4:]
