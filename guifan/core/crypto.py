"""Personal data at rest: AES-GCM encryption, a keyed hash to find and de-duplicate, and masks for display."""

import base64
import hashlib
import hmac
import os
from functools import lru_cache

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings


@lru_cache(maxsize=4)
def _aead(key_text: str) -> AESGCM:
    return AESGCM(hashlib.sha256(key_text.encode()).digest())


@lru_cache(maxsize=4)
def _hash_key(key_text: str) -> bytes:
    return hashlib.sha256(key_text.encode()).digest()


def encrypt(plain: str) -> str:
    if not plain:
        return ""
    nonce = os.urandom(12)
    return base64.b64encode(nonce + _aead(settings.FIELD_ENCRYPTION_KEY).encrypt(nonce, plain.encode(), None)).decode()


def decrypt(token: str) -> str:
    if not token:
        return ""
    raw = base64.b64decode(token)
    return _aead(settings.FIELD_ENCRYPTION_KEY).decrypt(raw[:12], raw[12:], None).decode()


def keyed_hash(plain: str) -> str:
    """Stable for equal inputs, useless without the key: what lookups and uniqueness use."""
    if not plain:
        return ""
    return hmac.new(_hash_key(settings.FIELD_HASH_KEY), plain.encode(), hashlib.sha256).hexdigest()


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
