"""The audit trail is append-only and tamper-evident: each row of a chained table (the change log, the unmasked-view
log and the security log) carries its place in its table's chain (`seq`), the hash of the row before it and its own
hash, a keyed HMAC over its canonical content and the previous hash, and the id of the audit key it was made with
(settings.AUDIT_KEYS, from the keyring: a new audit key leaves older links verifiable; links made before key ids
carry "legacy"). A ChainHead row per table holds the last place and hash (and, after an archive, the anchor the
remaining rows start from); appends lock it, so a chain stays linear under concurrent writes (SELECT ... FOR UPDATE
on PostgreSQL and MariaDB; SQLite serialises writers by its IMMEDIATE transactions).

Lock order: a transaction that writes several chained tables locks their heads in LOCK_ORDER (the change log, then
the unmasked-view log, then the security log; each lock is held until the transaction ends), so that two such
transactions cannot deadlock. `lock_head` refuses (ChainLockOrder) a head that comes before one the transaction
already holds; a transaction that will append to several chains in another order locks them first with
`lock_heads(...)`."""

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
LEGACY_KEY_ID = "legacy"  # keyring.LEGACY_AUDIT_KEY_ID: links made before audit key ids
USERNAME_LENGTH = 150  # the user name column of every audit row


def logged_name(name) -> str:
    """A user name as the audit trail keeps it: an account's fits; only a name typed at a failed login can be longer."""
    return str(name or "")[:USERNAME_LENGTH]
LOCK_ORDER = ("core.changelog", "core.sensitiveaccess", "core.securityevent")


class AuditRowImmutable(Exception):
    """Audit rows are written once: never changed or deleted through the ORM."""


class UnknownAuditKey(KeyError):
    """A link names an audit key id the keyring does not hold."""


class ChainLockOrder(RuntimeError):
    """A chain head locked after one that comes later in LOCK_ORDER, in the same transaction."""


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


def current_key_id() -> str:
    return settings.AUDIT_KEY_CURRENT


def mac(prev_hash: str, data: dict, key_id: str = LEGACY_KEY_ID) -> str:
    """The HMAC of a link under the audit key `key_id`; a link with a key id binds the id too (the legacy form,
    without one, is how links were made before key ids)."""
    try:
        key = _key(settings.AUDIT_KEYS[key_id])
    except KeyError:
        raise UnknownAuditKey(key_id) from None
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    message = f"{prev_hash}\n{text}" if key_id == LEGACY_KEY_ID else f"{key_id}\n{prev_hash}\n{text}"
    return hmac.new(key, message.encode(), hashlib.sha256).hexdigest()


def head_mac(head) -> str:
    return mac("head", {"name": head.name, "seq": head.seq, "last_hash": head.last_hash,
                        "anchor_seq": head.anchor_seq, "anchor_hash": head.anchor_hash},
               getattr(head, "key_id", LEGACY_KEY_ID))


def chain_name(model) -> str:
    return model._meta.label_lower


def _held_heads() -> set:
    """The chain heads the current transaction has locked. The transaction is the outermost atomic block that is not
    a test case's: marked by a callback waiting for its commit (gone at commit or rollback) or, inside a test case,
    by its savepoint's id (each new block has a new one)."""
    connection = transaction.get_connection()
    depth = next((i for i, block in enumerate(connection.atomic_blocks) if not block._from_testcase), None)
    if depth is None:
        return set()
    state = getattr(connection, "_guifan_chain_heads", None)
    if depth == 0:
        if state and state[0] == 0 and any(entry[1] is state[1] for entry in connection.run_on_commit):
            return state[2]

        def marker():
            pass

        connection.on_commit(marker)
        token = marker
    else:
        token = connection.savepoint_ids[depth - 1] or id(connection.atomic_blocks[depth])
        if state and state[0] == depth and state[1] == token:
            return state[2]
    held = set()
    connection._guifan_chain_heads = (depth, token, held)
    return held


def lock_heads(*models) -> list:
    """Locks the heads of several chains in LOCK_ORDER: what a transaction that appends to several does first."""
    return [lock_head(model) for model in sorted(models, key=lambda model: LOCK_ORDER.index(chain_name(model)))]


def lock_head(model):
    """The model's chain head, locked until the transaction ends (created on first use). Refuses, with
    ChainLockOrder, to lock it after a head that comes later in LOCK_ORDER."""
    from .models import ChainHead

    name = chain_name(model)
    held = _held_heads()
    if name not in held:
        later = [other for other in held if LOCK_ORDER.index(other) > LOCK_ORDER.index(name)]
        if later:
            raise ChainLockOrder(f"{name} locked after {', '.join(sorted(later))}: lock the heads in the order "
                                 f"{', '.join(LOCK_ORDER)} (chain.lock_heads) at the start of the transaction")
    # Created without a locking read first: on MariaDB, SELECT ... FOR UPDATE of a missing row takes a gap lock that
    # deadlocks two first writers. (Migration core 0004 creates the heads; this covers a flushed test database.)
    if not ChainHead.objects.filter(name=name).exists():
        try:
            with transaction.atomic():
                ChainHead.objects.create(name=name)
        except IntegrityError:
            pass  # another writer created it
    head = ChainHead.objects.select_for_update().get(name=name)
    held.add(name)
    return head


def save_head(head) -> None:
    head.key_id = current_key_id()
    head.mac = head_mac(head)
    type(head).objects.filter(pk=head.pk).update(seq=head.seq, last_hash=head.last_hash, anchor_seq=head.anchor_seq,
                                                 anchor_hash=head.anchor_hash, key_id=head.key_id, mac=head.mac)


def link(model, rows) -> None:
    """Gives unsaved rows their places and hashes; call inside the transaction that inserts them."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("link() runs inside the transaction that writes the rows")
    head = lock_head(model)
    key_id = current_key_id()
    for row in rows:
        if not row._state.adding or row.seq is not None:
            raise AuditRowImmutable(f"{chain_name(model)} rows are written once")
        if hasattr(row, "username") and not row.username and row.user_id:
            row.username = logged_name(row.user.get_username())
        head.seq += 1
        row.seq = head.seq
        row.prev_hash = head.last_hash
        row.key_id = key_id
        row.row_hash = mac(row.prev_hash, content(row), key_id)
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
    key_id = models.CharField(max_length=32, default=LEGACY_KEY_ID, editable=False)

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
    try:
        if not hmac.compare_digest(head.mac, head_mac(head)):
            return 0, Break(name, None, head.seq, "the chain head was changed")
    except UnknownAuditKey:
        return 0, Break(name, None, head.seq, f"the chain head names audit key {head.key_id!r}, which the keyring "
                                              "does not hold")
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
        try:
            expected = mac(row.prev_hash, content(row), row.key_id)
        except UnknownAuditKey:
            return count, Break(name, row.pk, row.seq, f"made with audit key {row.key_id!r}, which the keyring does "
                                                       "not hold")
        if not hmac.compare_digest(row.row_hash, expected):
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
        key_id = record.get("key_id", LEGACY_KEY_ID)
        try:
            expected = mac(record["prev_hash"], record["content"], key_id)
        except UnknownAuditKey:
            return count, f"line {number}: {chain} seq {record['seq']}: audit key {key_id!r} is not in the keyring"
        if not hmac.compare_digest(record["row_hash"], expected):
            return count, f"line {number}: {chain} seq {record['seq']}: content does not match its hash"
        prev_by_chain[chain] = (record["seq"], record["row_hash"])
        count += 1
    return count, None
