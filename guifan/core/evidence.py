"""Evidence files (photos and PDF) kept for a record: a meeting held, a rectification task done.

One model shape (`EvidenceFile`, abstract), one storage outside any public URL, one check of what a file is (read
from its first bytes, never its name), one way to store an upload with its audit entry and one scoped download. An
app declares its concrete model with the record it belongs to and its `upload_to`.
"""

from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.db import models, transaction
from django.http import FileResponse, Http404
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from guifan.core import audit
from guifan.core.models import ChangeLog

EVIDENCE_TYPES = (  # (leading bytes, content type, extension): what a file is, read from the file, not its name
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
    (b"GIF87a", "image/gif", ".gif"),
    (b"GIF89a", "image/gif", ".gif"),
    (b"%PDF-", "application/pdf", ".pdf"),
)


def evidence_type(head: bytes) -> tuple[str, str] | None:
    """(content type, extension) of a file starting with `head`; WebP too; None for anything else."""
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp", ".webp"
    for magic, content_type, extension in EVIDENCE_TYPES:
        if head.startswith(magic):
            return content_type, extension
    return None


class EvidenceStorage(FileSystemStorage):
    """Evidence files under settings.DATA_DIR / "evidence", read when used (tests move the data directory). They
    have no URL: they are served only by scoped views (`file_response`)."""

    def __init__(self):
        super().__init__(base_url=None)

    @property
    def base_location(self):
        return str(Path(settings.DATA_DIR) / "evidence")

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("evidence files have no public URL")


def evidence_storage():
    return EvidenceStorage()


class EvidenceFile(models.Model):
    """A photo or a PDF kept as evidence; the user's file name is kept in `name`, never in the stored path."""

    file = models.FileField(_("file"), storage=evidence_storage, max_length=200)
    name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(_("size in bytes"))
    content_type = models.CharField(_("content type"), max_length=50)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("uploaded by"))
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["pk"]
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")

    def __str__(self):
        return self.name

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


def file_snapshot(item: EvidenceFile) -> dict:
    """The change log's view of an evidence file: its stored name as text (a FieldFile is not JSON)."""
    return {**audit.snapshot(item), "file": item.file.name}


def checked_upload(upload) -> tuple[str, str, str]:
    """(content type, extension, file name) of an upload that may be kept: only images and PDF (read from the
    file's first bytes), not empty, at most settings.EVIDENCE_MAX_BYTES; a ValidationError on `file` otherwise."""
    if upload is None:
        raise ValidationError({"file": gettext("Choose a file.")})
    if upload.size > settings.EVIDENCE_MAX_BYTES:
        raise ValidationError({"file": gettext("The file is too large: at most %(size)s.")
                               % {"size": filesizeformat(settings.EVIDENCE_MAX_BYTES)}})
    if upload.size == 0:
        raise ValidationError({"file": gettext("The file is empty.")})
    upload.seek(0)
    found = evidence_type(upload.read(16))
    upload.seek(0)
    if found is None:
        raise ValidationError(
            {"file": gettext("Only photos (JPEG, PNG, GIF, WebP) and PDF files are kept as evidence.")})
    content_type, extension = found
    name = (upload.name or "").rsplit("/", 1)[-1].rsplit("\\", 1)[-1][:200] or extension
    return content_type, extension, name


@transaction.atomic
def store(item: EvidenceFile, upload, *, user, source: str, related) -> EvidenceFile:
    """Checks `upload`, saves it as `item` (an unsaved instance naming its record) and writes its audit entry
    against `related`; the stored file is removed again when the record cannot be written."""
    item.content_type, extension, item.name = checked_upload(upload)
    item.size, item.uploaded_by = upload.size, user
    item.file.save(f"evidence{extension}", upload, save=False)
    stored = item.file.name
    try:
        item.save()
        audit.entry(item, ChangeLog.Action.CREATE, user, None, file_snapshot(item), source, related).save()
    except Exception:
        item.file.storage.delete(stored)
        raise
    return item


def remove_stored_file(sender, instance, **kwargs):
    """post_delete receiver: the file on disk goes with its row, once the deletion is committed."""
    storage, name = instance.file.storage, instance.file.name
    if name:
        transaction.on_commit(lambda: storage.delete(name))


def file_response(item: EvidenceFile | None) -> FileResponse:
    """An evidence file the caller has already found within the user's scope (None: not found): photos and PDF
    shown inline, never sniffed, never cached."""
    if item is None:
        raise Http404
    try:
        handle = item.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(handle, content_type=item.content_type, as_attachment=not item.is_image
                            and item.content_type != "application/pdf", filename=item.name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
