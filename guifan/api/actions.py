"""Writes of the API app: issuing and revoking device tokens, each with its change-log row."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from guifan.core import audit
from guifan.core.models import ChangeLog

from .models import ApiToken

TOKEN_PREFIX = "gf_"
# last_used_at is written at most this often per token: a busy client does not write on every request.
TOUCH_EVERY = timedelta(minutes=5)


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def token_lifetime() -> timedelta:
    return timedelta(days=float(getattr(settings, "API_TOKEN_DAYS", 30)))


@transaction.atomic
def issue_token(user, device_name: str) -> tuple[ApiToken, str]:
    """A new token for one device of `user`: (the stored token, the key to give the client once)."""
    key = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, device_name=device_name.strip()[:100], key_hash=hash_key(key),
                                    prefix=key[:10], expires_at=timezone.now() + token_lifetime())
    audit.entry(token, ChangeLog.Action.CREATE, user, after={"device": token.device_name,
                                                             "expires_at": token.expires_at.isoformat()},
                source="api:token").save()
    return token, key


@transaction.atomic
def revoke_token(token: ApiToken, by) -> ApiToken:
    """Revokes a token (by its user or an administrator); the row stays, for the record."""
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit.entry(token, ChangeLog.Action.UPDATE, by, before={"revoked_at": None},
                    after={"revoked_at": token.revoked_at.isoformat()}, source="api:token").save()
    return token


def touch(token: ApiToken) -> None:
    """Notes when a token was last used (bookkeeping of authentication, like a session's expiry; not logged)."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > TOUCH_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now


@transaction.atomic
def revoke_all_tokens(user, by) -> int:
    """Revokes every active token of `user` (e.g. when the password is changed or the account is disabled)."""
    tokens = list(ApiToken.objects.filter(user=user, revoked_at__isnull=True))
    for token in tokens:
        revoke_token(token, by)
    return len(tokens)
