"""Reads of official documents, scoped: a user sees the documents their region issued (or a region below it) and
those sent to them (a recipient in their scope); of a document they did not issue, only their own recipients."""

from __future__ import annotations

from django.db.models import Count, Q

from .models import Document, Recipient


def _recipient_filter(scope, prefix: str = "") -> Q:
    return (Q(**{f"{prefix}organisation__in": scope.organisations()})
            | Q(**{f"{prefix}region__in": scope.regions()}))


def documents(scope):
    if scope.is_all:
        return Document.objects.select_related("issuer")
    mine = Document.objects.filter(issuer__in=scope.regions()).values("pk")
    sent = Recipient.objects.filter(_recipient_filter(scope)).values("document_id")
    return (Document.objects.filter(Q(pk__in=mine) | Q(pk__in=sent)).select_related("issuer")
            .defer("docx", "pdf"))


def document(scope, pk) -> Document | None:
    return documents(scope).filter(pk=pk).first()


def issued_by_scope(scope, document: Document) -> bool:
    return scope.is_all or scope.regions().filter(pk=document.issuer_id).exists()


def recipients(scope, document: Document):
    """All recipients for the issuing side, else only the user's own."""
    qs = document.recipients.select_related("organisation", "region").defer("response_file")
    return qs if issued_by_scope(scope, document) else qs.filter(_recipient_filter(scope))


def recipient_states(recipients, today) -> list[tuple[str, str, int]]:
    """(state, its label, how many) of the recipients, counted by the database; states without any left out."""
    counts = recipients.order_by().aggregate(
        received=Count("pk", filter=Q(received_at__isnull=False)),
        not_asked=Count("pk", filter=Q(received_at__isnull=True, deadline__isnull=True)),
        overdue=Count("pk", filter=Q(received_at__isnull=True, deadline__lt=today)),
        awaiting=Count("pk", filter=Q(received_at__isnull=True, deadline__gte=today)))
    return [(state, Recipient.State(state).label, counts[state])
            for state in ("overdue", "awaiting", "received", "not_asked") if counts[state]]


def recipient(scope, pk) -> Recipient | None:
    item = Recipient.objects.filter(pk=pk).select_related("document", "organisation", "region").first()
    if item is None or document(scope, item.document_id) is None:
        return None
    return item if recipients(scope, item.document).filter(pk=pk).exists() else None


def overdue(scope, today=None):
    """Reminders: the overdue responses the user owes (their recipients) or awaits (of documents they issued)."""
    if scope.is_all:
        qs = Recipient.objects.all()
    else:
        issued = Document.objects.filter(issuer__in=scope.regions()).values("pk")
        qs = Recipient.objects.filter(Q(document__in=issued) | _recipient_filter(scope))
    return qs.overdue(today).select_related("document", "organisation", "region").defer(
        "response_file", "document__docx", "document__pdf")
