"""The ciphers personal data can be encrypted with, by name, and the keyed hash that goes with each.

`aes-gcm` (default): AES-256-GCM, keyed hashes HMAC-SHA256. `sm4-gcm`: SM4 (GB/T 32907) in GCM mode, keyed hashes
HMAC-SM3 (GB/T 32905), for deployments that must use the national algorithms. Both are authenticated: a changed value
or header fails to decrypt instead of giving wrong text. A value sealed is nonce (12 bytes) + ciphertext + tag.
"""

import os
from dataclasses import dataclass
from functools import lru_cache

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

NONCE = 12
TAG = 16


@lru_cache(maxsize=16)
def _aes(key: bytes) -> AESGCM:
    return AESGCM(key)


def _aes_seal(key: bytes, plain: bytes, header: bytes) -> bytes:
    nonce = os.urandom(NONCE)
    return nonce + _aes(key).encrypt(nonce, plain, header)


def _aes_open(key: bytes, sealed: bytes, header: bytes) -> bytes:
    return _aes(key).decrypt(sealed[:NONCE], sealed[NONCE:], header)


def _sm4_seal(key: bytes, plain: bytes, header: bytes) -> bytes:
    nonce = os.urandom(NONCE)
    encryptor = Cipher(algorithms.SM4(key), modes.GCM(nonce)).encryptor()
    encryptor.authenticate_additional_data(header)
    body = encryptor.update(plain) + encryptor.finalize()
    return nonce + body + encryptor.tag


def _sm4_open(key: bytes, sealed: bytes, header: bytes) -> bytes:
    nonce, body, tag = sealed[:NONCE], sealed[NONCE:-TAG], sealed[-TAG:]
    decryptor = Cipher(algorithms.SM4(key), modes.GCM(nonce, tag)).decryptor()
    decryptor.authenticate_additional_data(header)
    return decryptor.update(body) + decryptor.finalize()


@dataclass(frozen=True)
class Suite:
    name: str
    key_length: int  # bytes of the encryption key derived for this cipher
    seal: object
    open: object
    hash_name: str  # the keyed hash's HMAC, named in the key derivation label
    hash_algorithm: object


SUITES = {
    "aes-gcm": Suite("aes-gcm", 32, _aes_seal, _aes_open, "hmac-sha256", hashes.SHA256),
    "sm4-gcm": Suite("sm4-gcm", 16, _sm4_seal, _sm4_open, "hmac-sm3", hashes.SM3),
}
DEFAULT = "aes-gcm"
