"""The audit trail is append-only and tamper-evident: each row of a chained table (the change log, the unmasked-view
log and the security log) carries its place in its table's chain (`seq`), the hash of the row before it and its own
hash, a keyed HMAC over its canonical content and the previous hash. A ChainHead row per table holds the last
place and hash (and, after an archive, the anchor the remaining rows start from); appends lock it, so a chain stays
linear under concurrent writes (SELECT ... FOR UPDATE on PostgreSQL and MariaDB; SQLite serialises writers by its
IMMEDIATE transactions).

Lock order: a transaction that writes several chained tables writes the change log first, then the unmasked-view
log, then the security log (each append locks its own head until the transaction ends)."""

import datetime as dt
import hashlib
import hmac
import json
import threading
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.db import IntegrityError, models, transaction

GENESIS = "0" * 64


class AuditRowImmutable(Exception):
    """Audit rows are written once: never changed or deleted through the ORM."""


@lru_cache(maxsize=4)
def _key(text: str) -> bytes:
    return hashlib.sha256(("guifan-audit-chain:" + text).encode()).digest()


def _plain(value):
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC).replace(tzinfo=None)
        return value.isoformat(timespec="microseconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return value.hex
    return value


def content(obj, names=None) -> dict:
    """The row's canonical content: the columns its model lists in `chain_fields` (fixed, so that a column added
    later leaves old rows' hashes valid) and its place, JSON-normalised."""
    names = set(names or type(obj).chain_fields) | {"seq"}
    data = {}
    for field in obj._meta.concrete_fields:
        if field.attname not in names:
            continue
        value = getattr(obj, field.attname)
        if isinstance(field, models.JSONField):
            value = json.loads(json.dumps(value)) if value is not None else None
        data[field.attname] = _plain(value)
    return data


def mac(prev_hash: str, data: dict) -> str:
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hmac.new(_key(settings.AUDIT_CHAIN_KEY), f"{prev_hash}\n{text}".encode(), hashlib.sha256).hexdigest()


def head_mac(head) -> str:
    return mac("head", {"name": head.name, "seq": head.seq, "last_hash": head.last_hash,
                        "anchor_seq": head.anchor_seq, "anchor_hash": head.anchor_hash})


def chain_name(model) -> str:
    return model._meta.label_lower


def lock_head(model):
    """The model's chain head, locked until the transaction ends (created on first use)."""
    from .models import ChainHead

    name = chain_name(model)
    # Created without a locking read first: on MariaDB, SELECT ... FOR UPDATE of a missing row takes a gap lock that
    # deadlocks two first writers. (Migration core 0004 creates the heads; this covers a flushed test database.)
    if not ChainHead.objects.filter(name=name).exists():
        try:
            with transaction.atomic():
                ChainHead.objects.create(name=name)
        except IntegrityError:
            pass  # another writer created it
    return ChainHead.objects.select_for_update().get(name=name)


def save_head(head) -> None:
    head.mac = head_mac(head)
    type(head).objects.filter(pk=head.pk).update(seq=head.seq, last_hash=head.last_hash, anchor_seq=head.anchor_seq,
                                                 anchor_hash=head.anchor_hash, mac=head.mac)


def link(model, rows) -> None:
    """Gives unsaved rows their places and hashes; call inside the transaction that inserts them."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("link() runs inside the transaction that writes the rows")
    head = lock_head(model)
    for row in rows:
        if not row._state.adding or row.seq is not None:
            raise AuditRowImmutable(f"{chain_name(model)} rows are written once")
        if hasattr(row, "username") and not row.username and row.user_id:
            row.username = row.user.get_username()[:150]
        head.seq += 1
        row.seq = head.seq
        row.prev_hash = head.last_hash
        row.row_hash = mac(row.prev_hash, content(row))
        head.last_hash = row.row_hash
    save_head(head)


_thread_lock = threading.Lock()


@contextmanager
def _shared_connection_lock():
    """One connection shared by several threads (the test live server's in-memory SQLite) runs their transactions
    interleaved: appends through it take turns. Otherwise (every real server) a no-op: the database serialises."""
    if transaction.get_connection().allow_thread_sharing:
        with _thread_lock:
            yield
    else:
        yield


class ChainedQuerySet(models.QuerySet):
    """bulk_create links the rows; update and delete are refused (archive removes rows by _raw_delete)."""

    def bulk_create(self, objs, *args, **kwargs):
        if kwargs.get("ignore_conflicts") or kwargs.get("update_conflicts"):
            raise AuditRowImmutable("audit rows are appended, never merged")
        objs = list(objs)
        with _shared_connection_lock(), transaction.atomic(using=self.db):
            link(self.model, objs)
            return super().bulk_create(objs, *args, **kwargs)

    def update(self, **kwargs):
        raise AuditRowImmutable(f"{chain_name(self.model)} rows are never changed")

    def delete(self):
        raise AuditRowImmutable(f"{chain_name(self.model)} rows are never deleted (see `guifan audit archive`)")

    delete.alters_data = True
    delete.queryset_only = True


class ChainedRow(models.Model):
    """The base of the audit tables."""

    seq = models.BigIntegerField(null=True, editable=False, unique=True)
    prev_hash = models.CharField(max_length=64, blank=True, editable=False)
    row_hash = models.CharField(max_length=64, blank=True, editable=False)

    objects = ChainedQuerySet.as_manager()
    # The columns the hash covers (attnames); a column added later is covered only by rows written after it is
    # added here, under a new name of the list's version (never edit the list in place).
    chain_fields: tuple[str, ...] = ()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding or self.seq is not None:
            raise AuditRowImmutable(f"{chain_name(type(self))} rows are never changed")
        kwargs["force_insert"] = True  # never an UPDATE, even with a primary key given
        with _shared_connection_lock(), transaction.atomic():
            link(type(self), [self])
            super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditRowImmutable(f"{chain_name(type(self))} rows are never deleted")


@dataclass
class Break:
    """The first row where a chain does not hold."""

    chain: str
    row_id: int | None
    seq: int | None
    problem: str

    def __str__(self):
        where = f"row id {self.row_id} (seq {self.seq})" if self.row_id is not None else f"seq {self.seq}"
        return f"{self.chain}: {where}: {self.problem}"


def verify_model(model) -> tuple[int, Break | None]:
    """Walks one chain from its anchor: (rows checked, the first break or None)."""
    from .models import ChainHead

    name = chain_name(model)
    head = ChainHead.objects.filter(name=name).first()
    if head is None:
        first = model._default_manager.order_by("seq").first()
        if first is not None:
            return 0, Break(name, first.pk, first.seq, "rows but no chain head")
        return 0, None
    if not hmac.compare_digest(head.mac, head_mac(head)):
        return 0, Break(name, None, head.seq, "the chain head was changed")
    expected_seq, prev = head.anchor_seq + 1, head.anchor_hash
    count = 0
    unchained = model._default_manager.filter(seq__isnull=True).order_by("pk").first()
    if unchained is not None:
        return 0, Break(name, unchained.pk, None, "a row outside the chain")
    for row in model._default_manager.order_by("seq").iterator(chunk_size=2000):
        if row.seq != expected_seq:
            return count, Break(name, row.pk, row.seq, f"rows missing before it (expected seq {expected_seq})")
        if row.prev_hash != prev:
            return count, Break(name, row.pk, row.seq, "its previous hash does not match the row before it")
        if not hmac.compare_digest(row.row_hash, mac(row.prev_hash, content(row))):
            return count, Break(name, row.pk, row.seq, "its content does not match its hash (edited)")
        prev, expected_seq, count = row.row_hash, expected_seq + 1, count + 1
    if expected_seq - 1 != head.seq or prev != head.last_hash:
        return count, Break(name, None, head.seq, "rows missing at the end of the chain")
    return count, None


def verify_archive_lines(lines) -> tuple[int, str | None]:
    """Checks an archive file's rows against their hashes and each other: (rows checked, first problem)."""
    prev_by_chain: dict[str, tuple[int, str]] = {}
    count = 0
    for number, line in enumerate(lines, 1):
        record = json.loads(line)
        if record.get("kind") == "anchor":
            prev_by_chain[record["chain"]] = (record["seq"], record["hash"])
            continue
        chain = record["chain"]
        seq, prev = prev_by_chain.get(chain, (None, None))
        if seq is not None and (record["seq"] != seq + 1 or record["prev_hash"] != prev):
            return count, f"line {number}: {chain} seq {record['seq']} does not follow the line before it"
        if not hmac.compare_digest(record["row_hash"], mac(record["prev_hash"], record["content"])):
            return count, f"line {number}: {chain} seq {record['seq']}: content does not match its hash"
        prev_by_chain[chain] = (record["seq"], record["row_hash"])
        count += 1
    return count, None
