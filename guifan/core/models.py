"""What every app shares: the audit trail. The change log of every change (register, reports, approvals,
assessment runs), the log of unmasked views of personal data and the security log (logins, exports, denied access,
role grants...). All three are append-only hash chains (guifan.core.chain) and keep the user's name as text: users
are deactivated, never deleted."""

import uuid

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .chain import GENESIS, LEGACY_KEY_ID, USERNAME_LENGTH, ChainedRow


class ChainHead(models.Model):
    """The last place and hash of one audit table's chain, and the anchor its oldest kept row follows."""

    name = models.CharField(max_length=50, unique=True)
    seq = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default=GENESIS)
    anchor_seq = models.BigIntegerField(default=0)
    anchor_hash = models.CharField(max_length=64, default=GENESIS)
    key_id = models.CharField(max_length=32, default=LEGACY_KEY_ID)  # the audit key of `mac`
    mac = models.CharField(max_length=64, blank=True)

    def __str__(self):
        return f"{self.name} #{self.seq}"


class ChangeLog(ChainedRow):
    """One row per change of any object (NetBox's ObjectChange): who, when, in which request, what object and which
object it belongs to (a member's organisation, a report's organisation), before and after (personal data masked).
Register edits, imports, transfers, report submissions and approvals, and assessment runs all write here."""

    class Action(models.TextChoices):
        CREATE = "create", _("Created")
        UPDATE = "update", _("Updated")
        DELETE = "delete", _("Deleted")
        SUBMIT = "submit", _("Submitted")
        APPROVE = "approve", _("Approved")
        RETURN = "return", _("Returned")
        RUN = "run", _("Run")

    time = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    # PROTECT: a user with audit rows cannot be deleted (deactivate instead); the name is kept as text too.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("user")
    )
    username = models.CharField(_("user name"), max_length=USERNAME_LENGTH, blank=True)
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("object type"))
    # The content type's label ("orgs.organisation"), kept beside it for filters and scoped queries.
    object_type = models.CharField(_("object type"), max_length=50)
    object_id = models.CharField(_("object id"), max_length=40)
    object_repr = models.CharField(_("object"), max_length=200)
    related_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                     verbose_name=_("related object type"))
    related_id = models.CharField(_("related object id"), max_length=40, blank=True)
    related_repr = models.CharField(_("related object"), max_length=200, blank=True)
    request_id = models.UUIDField(_("request"), null=True, blank=True, db_index=True,
                                  help_text=_("The web request (or command run) that made the change."))
    # The path of the region the object sits in, so a scoped user sees only changes in their subtree.
    region_path = models.CharField(_("region path"), max_length=255, blank=True, db_index=True)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=30, blank=True)

    chain_fields = ("time", "user_id", "username", "action", "content_type_id", "object_type", "object_id",
                    "object_repr", "related_type_id", "related_id", "related_repr", "request_id", "region_path",
                    "before", "after", "source")

    class Meta:
        ordering = ["-time", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]
        verbose_name = _("change log entry")
        verbose_name_plural = _("change log")

    def __str__(self):
        return f"{self.time:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"


class SensitiveAccess(ChainedRow):
    """Every time a person's full ID number or phone is shown, who saw whose, and why."""

    time = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, verbose_name=_("user"))
    username = models.CharField(_("user name"), max_length=USERNAME_LENGTH, blank=True)
    object_type = models.CharField(_("object type"), max_length=50)
    object_id = models.CharField(_("object id"), max_length=40)
    object_repr = models.CharField(_("object"), max_length=200)
    fields = models.CharField(_("fields"), max_length=100)
    reason = models.CharField(_("reason"), max_length=200)

    chain_fields = ("time", "user_id", "username", "object_type", "object_id", "object_repr", "fields", "reason")

    class Meta:
        ordering = ["-time", "-id"]
        verbose_name = _("unmasked view")
        verbose_name_plural = _("unmasked views")

    def __str__(self):
        return f"{self.time:%Y-%m-%d %H:%M} {self.username} {self.object_repr}"


class SecurityEvent(ChainedRow):
    """A security event or important action: who (and from which address), when, what, on which object, and
whether it succeeded, failed or was denied. `detail` never holds an ID number or a phone (guifan.core.security_log
masks them). `actor_kind` and `region_path` are the actor's role when it happened, for scoped reading."""

    class Event(models.TextChoices):
        LOGIN = "login", _("Login")
        LOGOUT = "logout", _("Logout")
        LOCKOUT = "lockout", _("Account locked")
        PASSWORD_CHANGE = "password_change", _("Password change")
        ROLE_REQUEST = "role_request", _("Role requested")
        ROLE_APPROVE = "role_approve", _("Role approved")
        ROLE_REFUSE = "role_refuse", _("Role refused")
        ROLE_GRANT = "role_grant", _("Role granted")
        USER_CHANGE = "user_change", _("Account changed")
        EXPORT = "export", _("Export")
        UNMASKED_VIEW = "unmasked_view", _("Unmasked view")
        ACCESS_DENIED = "access_denied", _("Access denied")
        API_READ = "api_read", _("API read of personal data")
        AUDIT_ARCHIVE = "audit_archive", _("Audit archive")

    class Result(models.TextChoices):
        SUCCESS = "success", _("Success")
        FAILURE = "failure", _("Failure")
        DENIED = "denied", _("Denied")

    time = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                             related_name="+", verbose_name=_("user"))
    username = models.CharField(_("user name"), max_length=USERNAME_LENGTH, blank=True, db_index=True)
    actor_kind = models.CharField(_("role"), max_length=20, blank=True)
    region_path = models.CharField(_("region path"), max_length=255, blank=True, db_index=True)
    event = models.CharField(_("event"), max_length=20, choices=Event.choices, db_index=True)
    result = models.CharField(_("result"), max_length=10, choices=Result.choices, default=Result.SUCCESS)
    ip = models.GenericIPAddressField(_("address"), null=True, blank=True)
    object_type = models.CharField(_("object type"), max_length=50, blank=True)
    object_id = models.CharField(_("object id"), max_length=40, blank=True)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    path = models.CharField(_("address visited"), max_length=200, blank=True)
    request_id = models.UUIDField(_("request"), null=True, blank=True)
    detail = models.JSONField(_("detail"), null=True, blank=True)

    chain_fields = ("time", "user_id", "username", "actor_kind", "region_path", "event", "result", "ip",
                    "object_type", "object_id", "object_repr", "path", "request_id", "detail")

    class Meta:
        ordering = ["-time", "-id"]
        verbose_name = _("security event")
        verbose_name_plural = _("security log")

    def __str__(self):
        return f"{self.time:%Y-%m-%d %H:%M} {self.username} {self.event} {self.result}"


class Job(models.Model):
    """One run of a long task for a user (an export, the city assessment…): what, for whom, how far, its file.
    Run by the task worker (guifan.core.jobs); the user watches it on its page and downloads the file when done."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")

    FINISHED = (State.DONE, State.FAILED, State.CANCELLED)

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("kind"), max_length=50)
    title = models.CharField(_("title"), max_length=200)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="jobs",
                             verbose_name=_("user"))
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.QUEUED)
    done = models.PositiveBigIntegerField(_("done"), default=0)
    total = models.PositiveBigIntegerField(_("total"), null=True, blank=True)
    message = models.CharField(_("message"), max_length=300, blank=True)
    file_name = models.CharField(_("file name"), max_length=200, blank=True)
    file_path = models.CharField(_("file"), max_length=300, blank=True, help_text=_("Under the data folder."))
    rows = models.PositiveIntegerField(_("rows"), null=True, blank=True)
    cancel_requested = models.BooleanField(_("cancel requested"), default=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("file kept until"), null=True, blank=True)
    seen_at = models.DateTimeField(_("seen at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "seen_at"]), models.Index(fields=["state", "heartbeat_at"])]
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")

    def __str__(self):
        return self.title

    @property
    def finished(self) -> bool:
        return self.state in self.FINISHED

    @property
    def result_link(self) -> tuple[str, str] | None:
        """(label, url) of the page a done job's outcome is on, for a kind that writes no file."""
        from guifan.core.jobs import registry

        kind = registry.get(self.kind)
        if self.state != self.State.DONE or kind is None or kind.result is None:
            return None
        return kind.result(self)

    @property
    def percent(self) -> int | None:
        if self.state == self.State.DONE:
            return 100
        return min(99, int(self.done * 100 / self.total)) if self.total else None
