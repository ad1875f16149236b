"""Archiving old audit rows: written to a JSON-lines file with their hashes, then removed from the tables if they are
older than the retention, leaving the chain's anchor so that `guifan audit verify` still holds."""

import datetime as dt
import json

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from . import chain
from .models import ChangeLog, SecurityEvent, SensitiveAccess

# In lock order (guifan.core.chain).
CHAINED_MODELS = (ChangeLog, SensitiveAccess, SecurityEvent)


class RetentionError(ValueError):
    pass


def retention_cutoff(now=None) -> dt.datetime:
    days = settings.AUDIT_RETENTION_DAYS
    if days < settings.AUDIT_RETENTION_MIN_DAYS:
        raise RetentionError(f"AUDIT_RETENTION_DAYS {days} is below the minimum {settings.AUDIT_RETENTION_MIN_DAYS}")
    return (now or timezone.now()) - dt.timedelta(days=days)


def _prefix_end(model, before) -> int | None:
    """The last place of the chain's oldest rows written before `before` (a contiguous run from its start)."""
    first_kept = model._default_manager.filter(time__gte=before).order_by("seq").values_list("seq", flat=True).first()
    rows = model._default_manager.all() if first_kept is None else model._default_manager.filter(seq__lt=first_kept)
    return rows.order_by("-seq").values_list("seq", flat=True).first()


def archive(before: dt.datetime, handle) -> dict:
    """Writes every audit row older than `before` to `handle` and removes those older than the retention too.
    {chain: (rows written, rows removed)}."""
    remove_before = min(before, retention_cutoff())
    done = {}
    with transaction.atomic():
        for model in CHAINED_MODELS:
            head = chain.lock_head(model)  # CHAINED_MODELS is in lock order
            name = chain.chain_name(model)
            end = _prefix_end(model, before)
            written = removed = 0
            if end is not None:
                handle.write(json.dumps({"kind": "anchor", "chain": name, "seq": head.anchor_seq,
                                         "hash": head.anchor_hash}) + "\n")
                rows = model._default_manager.filter(seq__lte=end).order_by("seq")
                for row in rows.iterator(chunk_size=2000):
                    handle.write(json.dumps({"chain": name, "id": row.pk, "seq": row.seq, "prev_hash": row.prev_hash,
                                             "row_hash": row.row_hash, "key_id": row.key_id,
                                             "content": chain.content(row)},
                                            ensure_ascii=False, default=str) + "\n")
                    written += 1
                cut = _prefix_end(model, remove_before)
                cut = min(cut, end) if cut is not None else None
                if cut is not None:
                    last = model._default_manager.get(seq=cut)
                    gone = model._default_manager.filter(seq__lte=cut)
                    removed = gone._raw_delete(gone.db)
                    head.anchor_seq, head.anchor_hash = last.seq, last.row_hash
                    chain.save_head(head)
            done[name] = (written, removed)
    return done


def verify() -> tuple[dict, list[chain.Break]]:
    """Walks every chain: ({chain: rows checked}, the first break of each broken chain)."""
    counts, breaks = {}, []
    for model in CHAINED_MODELS:
        count, broken = chain.verify_model(model)
        counts[chain.chain_name(model)] = count
        if broken is not None:
            breaks.append(broken)
    return counts, breaks
