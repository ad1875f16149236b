"""Party members: personal data encrypted, found by keyed hash, always listed masked; transfers keep history."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from guifan.core import crypto, idcard
from guifan.orgs.models import Organisation

GONE_STATUSES = ("left", "deceased", "moved_out")  # not counted anywhere: left the party, died, moved out of the city


class Member(models.Model):
    class Gender(models.TextChoices):
        MALE = "M", _("Male")
        FEMALE = "F", _("Female")

    class Category(models.TextChoices):
        FULL = "full", _("Full member")
        PROBATIONARY = "probationary", _("Probationary member")

    class Status(models.TextChoices):
        NORMAL = "normal", _("Normal")
        FLOWING = "flowing", _("Flowing")
        LOST_CONTACT = "lost_contact", _("Lost contact")
        POCKET = "pocket", _("Pocket member")
        UNQUALIFIED = "unqualified", _("Unqualified")
        LEFT = "left", _("Left the party")
        DECEASED = "deceased", _("Deceased")
        MOVED_OUT = "moved_out", _("Transferred out of the city")

    class Education(models.TextChoices):
        PRIMARY = "primary", _("Primary school or below")
        JUNIOR = "junior", _("Junior secondary")
        SENIOR = "senior", _("Senior secondary or technical")
        COLLEGE = "college", _("College")
        BACHELOR = "bachelor", _("Bachelor")
        POSTGRADUATE = "postgraduate", _("Postgraduate")

    name = models.CharField(_("name"), max_length=50, db_index=True)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices)
    ethnicity = models.CharField(_("ethnicity"), max_length=20, default="汉族")
    # 出生年月 only, stored as the first day of the month: the day is not kept anywhere in clear, since with the region
    # code and the birth month it narrows the ID number down (docs/security.md, "Personal data").
    birth_month = models.DateField(_("birth month"), help_text=_("Year and month of birth; the day is always 1."))
    id_number_encrypted = models.TextField(_("ID number (encrypted)"), editable=False)
    id_number_hash = models.CharField(_("ID number hash"), max_length=64, unique=True, editable=False)
    id_number_masked = models.CharField(_("ID number"), max_length=18, editable=False)
    phone_encrypted = models.TextField(_("phone (encrypted)"), blank=True, editable=False)
    phone_masked = models.CharField(_("phone"), max_length=20, blank=True, editable=False)
    education = models.CharField(_("education"), max_length=20, choices=Education.choices, blank=True)
    joined_on = models.DateField(_("joined on"))
    category = models.CharField(_("category"), max_length=15, choices=Category.choices, default=Category.FULL)
    status = models.CharField(_("status"), max_length=15, choices=Status.choices, default=Status.NORMAL, db_index=True)
    retired = models.BooleanField(_("retired"), default=False,
                                  help_text=_("Retired from work: the member points of retired members apply."))
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="members", verbose_name=_("organisation")
    )
    party_group = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="group_members",
        verbose_name=_("party group"),
    )
    # Where the member works, when it is not where their organisation sits: a unit without an organisation of its
    # own is judged on the members it employs (ORG-N-01: 3 or more full members; TEAM-N-01: 50+ staff have members).
    work_unit = models.ForeignKey(
        "orgs.HostUnit", on_delete=models.SET_NULL, null=True, blank=True, related_name="employed_members",
        verbose_name=_("work unit"),
        help_text=_("The enterprise, social organisation or other unit the member works in."),
    )

    # The change log keeps year and month only: of the birth month, and of the full birth dates that entries written
    # before it replaced the birth date hold (shown cut to YYYY-MM, core migration 0002 cut them in place).
    audit_year_month = {"birth_month": _("birth month"), "birth_date": _("birth month")}

    class Meta:
        ordering = ["organisation_id", "name", "id"]
        indexes = [models.Index(fields=["organisation", "category", "status"])]
        verbose_name = _("party member")
        verbose_name_plural = _("party members")

    def __str__(self):
        return f"{self.name} ({self.id_number_masked})"

    @property
    def birth_year_month(self) -> str:
        """出生年月 (YYYY-MM): what lists, pages, exports and the API show."""
        return idcard.year_month(self.birth_month)

    def set_birth(self, birth) -> None:
        """Keeps the year and month of a birth date (read from the ID number), never its day."""
        self.birth_month = idcard.first_of_month(birth)

    def set_id_number(self, number: str) -> None:
        """Stores a validated, normalised number: encrypted, hashed for lookups, masked for lists (the region code
        only, crypto.mask_id_number; docs/security.md)."""
        self.id_number_encrypted = crypto.encrypt(number)
        self.id_number_hash = crypto.keyed_hash(number)
        self.id_number_masked = crypto.mask_id_number(number)

    def set_phone(self, phone: str) -> None:
        self.phone_encrypted = crypto.encrypt(phone)
        self.phone_masked = crypto.mask_phone(phone)

    def reveal_id_number(self) -> str:
        """Callers must audit the view (guifan.core.audit.record_sensitive_view)."""
        return crypto.decrypt(self.id_number_encrypted)

    def reveal_phone(self) -> str:
        return crypto.decrypt(self.phone_encrypted)

    audit_related = "organisation"

    def audit_region_path(self):
        return self.organisation.region.path


class Transfer(models.Model):
    """A move between organisations (组织关系转接); the member row keeps only the current one.

    The sending organisation issues the letter (state issued, with its number and deadline: the pack's
    `member_status.transfer.valid_days`); the receiving one accepts it (the member moves then) or returns it with a
    reason. Until accepted the member stays in the sending organisation's register and counts, shown "in transit"
    (members.selectors.in_transit). A transfer out of the city names the outside organisation by text; accepting it
    (the receipt came back) marks the member moved out. A transfer in from outside the city (the receiving branch
    got the letter of an organisation elsewhere) has no sending organisation but its name (`from_outside_name`) and
    is accepted when recorded, the member registered then. Moves recorded at once (the admin, imports, the edit
    form) are accepted on their date. `within_city` is false for both directions across the city's boundary."""

    class State(models.TextChoices):
        ISSUED = "issued", _("Issued, awaiting the receiving organisation")
        ACCEPTED = "accepted", _("Accepted")
        RETURNED = "returned", _("Returned")
        CANCELLED = "cancelled", _("Cancelled")

    OPEN = (State.ISSUED,)

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="transfers", verbose_name=_("member"))
    from_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="transfers_out", verbose_name=_("from"), null=True,
        blank=True,
    )
    from_outside_name = models.CharField(_("sending organisation outside the city"), max_length=200, blank=True)
    to_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="transfers_in", verbose_name=_("to"), null=True,
        blank=True,
    )
    within_city = models.BooleanField(_("within the city"), default=True)
    to_outside_name = models.CharField(_("receiving organisation outside the city"), max_length=200, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.ACCEPTED,
                             db_index=True)
    letter_number = models.CharField(_("letter number"), max_length=50, blank=True)
    deadline = models.DateField(_("valid until"), null=True, blank=True)
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True)
    returned_on = models.DateField(_("returned on"), null=True, blank=True)
    return_reason = models.CharField(_("reason for returning"), max_length=200, blank=True)
    date = models.DateField(_("date"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, verbose_name=_("by"))
    created = models.DateTimeField(_("recorded"), auto_now_add=True)

    audit_related = "member"

    class Meta:
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["state", "deadline"])]
        constraints = [models.CheckConstraint(
            condition=models.Q(from_organisation__isnull=False) | ~models.Q(from_outside_name=""),
            name="transfer_has_a_sender")]
        verbose_name = _("transfer")
        verbose_name_plural = _("transfers")

    def __str__(self):
        return f"{self.member.name}: {self.from_name} → {self.to_name}"

    def audit_region_path(self):
        return (self.from_organisation or self.to_organisation).region.path

    @property
    def from_outside(self) -> bool:
        """Transferred in from an organisation outside the city."""
        return self.from_organisation_id is None

    @property
    def from_name(self) -> str:
        return self.from_organisation.name if self.from_organisation_id else self.from_outside_name

    @property
    def to_name(self) -> str:
        return self.to_organisation.name if self.to_organisation_id else self.to_outside_name

    def is_overdue(self, today) -> bool:
        return self.state == self.State.ISSUED and self.deadline is not None and self.deadline < today


class StatusChange(models.Model):
    """One change of a member's status (or probation), as an action with its date, reason and document: the member's
    history, read by the derived facts of TEAM-R-02 and the flowing-member facts (guifan/facts/computers_status.py).
    `change` is a code of the pack's `member_status.changes`. `details` holds what the change needs: for flowing out
    the destination, receiving organisation, dual-management flag and activity-card number; for lost contact the day
    contact was lost and the search actions; for unqualified the appraisal that found it (meetings' appraisal id,
    its date and text: members sits below meetings, so only the id is kept); for a disposal its kind. Unqualified
    and disposal records are sensitive: masked in lists, shown to the member's organisation and the levels above,
    the unmasked view audited."""

    SENSITIVE = ("unqualified", "disposal", "corrected")

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="status_changes",
                               verbose_name=_("member"))
    change = models.CharField(_("change"), max_length=30)
    from_status = models.CharField(_("from status"), max_length=15, choices=Member.Status.choices)
    to_status = models.CharField(_("to status"), max_length=15, choices=Member.Status.choices)
    from_category = models.CharField(_("from category"), max_length=15, choices=Member.Category.choices)
    to_category = models.CharField(_("to category"), max_length=15, choices=Member.Category.choices)
    date = models.DateField(_("date"))
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    document_number = models.CharField(_("document number"), max_length=60, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                             verbose_name=_("by"), related_name="+")
    created = models.DateTimeField(_("recorded"), auto_now_add=True)

    audit_related = "member"

    class Meta:
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["member", "date"]), models.Index(fields=["to_status", "date"])]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self):
        return f"{self.member_id} {self.change} {self.date}"

    def audit_region_path(self):
        return self.member.organisation.region.path

    @property
    def is_sensitive(self) -> bool:
        return self.change in self.SENSITIVE


# --- posts (issue 11, training) ------------------------------------------------------------------------------------
class Post(models.Model):
    """A member's post in an organisation (书记, 副书记, 组织委员, 党务工作者, 党建组织员) over a span of days: the
    audiences of the pack's training requirements (TEAM-U-03, TEAM-S-04, TEAM-N-03) and the organisation committee
    members whose rotating exams M05 follows, and the branch committee (支部委员会): the posts the pack's `committee:`
    lists, taken and ended through members.committee (guifan/standards/committee_rules.py). `Organisation.secretary`
    stays the register's current secretary: recording the 书记 post sets it, ending it clears it."""

    class Kind(models.TextChoices):
        SECRETARY = "secretary", _("Secretary")
        DEPUTY_SECRETARY = "deputy_secretary", _("Deputy secretary")
        ORGANISATION_COMMITTEE = "organisation_committee", _("Organisation committee member")
        PROPAGANDA_COMMITTEE = "propaganda_committee", _("Propaganda committee member")
        DISCIPLINE_COMMITTEE = "discipline_committee", _("Discipline inspection committee member")
        YOUTH_COMMITTEE = "youth_committee", _("Youth committee member")
        UNITED_FRONT_COMMITTEE = "united_front_committee", _("United-front committee member")
        WOMEN_COMMITTEE = "women_committee", _("Women's committee member")
        COMMITTEE_MEMBER = "committee_member", _("Committee member")
        PARTY_WORKER = "party_worker", _("Party-affairs worker")
        ORGANISER = "organiser", _("Party-building organiser")

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="posts",
                                     verbose_name=_("organisation"))
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="posts", verbose_name=_("member"))
    post = models.CharField(_("post"), max_length=30, choices=Kind.choices)
    started_on = models.DateField(_("started on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)

    audit_related = "organisation"

    class Meta:
        ordering = ["organisation_id", "post", "-started_on", "id"]
        indexes = [models.Index(fields=["organisation", "post"]), models.Index(fields=["post", "ended_on"])]
        verbose_name = _("post")
        verbose_name_plural = _("posts")

    def __str__(self):
        return f"{self.get_post_display()}: {self.member.name}"

    def audit_region_path(self):
        return self.organisation.region.path

    def held_during(self, start, end) -> bool:
        return self.started_on <= end and (self.ended_on is None or self.ended_on >= start)
