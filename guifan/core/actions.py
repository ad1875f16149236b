"""Writes of the core app: re-encrypting personal data with the current key (`guifan keys rotate`)."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from . import audit, crypto
from .encrypted_fields import EncryptedField
from .models import ChangeLog

CHUNK = 1000


@dataclass
class RotationCounts:
    rows: int = 0  # rows read
    written: int = 0  # rows rewritten
    reencrypted: int = 0  # values encrypted anew with the current key and cipher
    rehashed: int = 0  # keyed hashes computed anew (the hash key or the cipher's hash changed)
    failed: dict = field(default_factory=dict)  # {(field, key id): values that cannot be decrypted}


def _rotate_row(row, specs: list[EncryptedField], counts: RotationCounts) -> set[str]:
    changed = set()
    for spec in specs:
        token = getattr(row, spec.field) or ""
        if not token:
            continue
        try:
            plain = crypto.decrypt(token)
        except crypto.DecryptionError:
            key = (spec.field, crypto.header_of(token)[0])
            counts.failed[key] = counts.failed.get(key, 0) + 1
            continue
        if not crypto.is_current(token):
            setattr(row, spec.field, crypto.encrypt(plain))
            changed.add(spec.field)
            counts.reencrypted += 1
        if spec.hash_field:
            digest = crypto.keyed_hash(plain)
            if getattr(row, spec.hash_field) != digest:
                setattr(row, spec.hash_field, digest)
                changed.add(spec.hash_field)
                counts.rehashed += 1
    return changed


def _rotate_chunk(model, specs, pks, counts: RotationCounts, dry_run: bool, user) -> None:
    columns = [name for spec in specs for name in (spec.field, spec.hash_field) if name]
    with transaction.atomic():
        # Locked while rewritten: an edit made meanwhile waits, instead of being overwritten by an older value.
        query = model.objects.filter(pk__in=pks).only("pk", *columns)
        rows = list(query if dry_run else query.select_for_update())
        before = counts.reencrypted, counts.rehashed
        changed_rows, changed_names = [], set()
        for row in rows:
            changed = _rotate_row(row, specs, counts)
            if changed:
                changed_rows.append(row)
                changed_names |= changed
        counts.rows += len(rows)
        if dry_run or not changed_rows:
            return
        model.objects.bulk_update(changed_rows, sorted(changed_names))
        counts.written += len(changed_rows)
        key_id, cipher = crypto.current()
        audit.entry(ContentType.objects.get_for_model(model), ChangeLog.Action.RUN, user, after={
            "keys rotate": model._meta.label_lower, "rows": len(changed_rows),
            "reencrypted": counts.reencrypted - before[0], "rehashed": counts.rehashed - before[1],
            "key": key_id, "cipher": cipher, "first_id": str(rows[0].pk), "last_id": str(rows[-1].pk),
        }, source="keys rotate").save()


def rotate_encrypted_values(model, specs: list[EncryptedField], *, chunk: int = CHUNK, dry_run: bool = False,
                            user=None, progress: Callable[[RotationCounts], None] | None = None) -> RotationCounts:
    """Re-encrypt the model's values not under the current key and cipher, and recompute the keyed hashes that
    differ. Each chunk of rows is one transaction with its change-log entry; an interrupted run is resumed by running
    again (rows already current are read, not written). With `dry_run` nothing is written."""
    counts = RotationCounts()
    last = None
    while True:
        query = model.objects.order_by("pk").values_list("pk", flat=True)
        if last is not None:
            query = query.filter(pk__gt=last)
        pks = list(query[:chunk])
        if not pks:
            return counts
        _rotate_chunk(model, specs, pks, counts, dry_run, user)
        last = pks[-1]
        if progress:
            progress(counts)
