"""Education and training (教育培训, 学分制: M05, M09; TEAM-R-05/06, TEAM-U-03/04, TEAM-S-04, TEAM-N-03).

Four course libraries (四库: city, county, township, village), each owned by its level; courses with hours and
credits; classes with enrolment and completion; exams drawn from a question bank and marked automatically. A
member's yearly hours and credits are derived from completions, never typed; the hours each role must reach and
the pass marks are the pack's (`rules:` entries with `training:`).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CourseLibrary(models.Model):
    class Level(models.TextChoices):
        CITY = "city", _("City")
        COUNTY = "county", _("County or district")
        TOWNSHIP = "township", _("Township or street")
        VILLAGE = "village", _("Village or community")

    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    # The owner: a region for the city, county and township libraries, an organisation for a village's.
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, null=True, blank=True,
                               verbose_name=_("region"))
    organisation = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, null=True, blank=True,
                                     verbose_name=_("organisation"))
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("course library")
        verbose_name_plural = _("course libraries")

    def __str__(self):
        return self.name

    def audit_region_path(self):
        return self.region.path if self.region_id else self.organisation.region.path

    @property
    def owner_name(self) -> str:
        return self.region.name if self.region_id else self.organisation.name


class Course(models.Model):
    class Mode(models.TextChoices):
        ROTATION = "rotation", _("Centralised rotation training")
        ONLINE = "online", _("Online")
        ON_SITE = "on_site", _("On site")

    library = models.ForeignKey(CourseLibrary, on_delete=models.PROTECT, related_name="courses",
                                verbose_name=_("course library"))
    title = models.CharField(_("title"), max_length=200)
    mode = models.CharField(_("mode"), max_length=10, choices=Mode.choices)
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1)
    credits = models.DecimalField(_("credits"), max_digits=5, decimal_places=1)
    audience = models.CharField(_("audience"), max_length=40, blank=True,
                                help_text=_("A training audience of the standard pack; empty for every member."))

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")

    audit_related = "library"

    def __str__(self):
        return self.title

    def audit_region_path(self):
        return self.library.audit_region_path()


class TrainingClass(models.Model):
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="classes", verbose_name=_("course"))
    # The code a sign-in or score sheet names the class by (given at creation: PX + the number).
    code = models.CharField(_("code"), max_length=30, unique=True, null=True, blank=True)
    title = models.CharField(_("title"), max_length=200)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    place = models.CharField(_("place"), max_length=100, blank=True)
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, null=True, blank=True,
                               verbose_name=_("organised for"))

    class Meta:
        verbose_name = _("training class")
        verbose_name_plural = _("training classes")
        indexes = [models.Index(fields=["ends_on"])]

    audit_related = "course"

    def __str__(self):
        return self.title

    def audit_region_path(self):
        return self.course.library.audit_region_path()


class Enrolment(models.Model):
    training_class = models.ForeignKey(TrainingClass, on_delete=models.CASCADE, related_name="enrolments",
                                       verbose_name=_("training class"))
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="enrolments",
                               verbose_name=_("member"))
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    # The course's hours and credits when completed (a course changed later does not rewrite what was earned).
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1, default=0)
    credits = models.DecimalField(_("credits"), max_digits=5, decimal_places=1, default=0)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("recorded by"))

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [models.UniqueConstraint(fields=["training_class", "member"], name="enrolment_once")]
        indexes = [models.Index(fields=["member", "completed_on"]), models.Index(fields=["completed_on"])]

    def __str__(self):
        return f"{self.member_id} {self.training_class_id}"


class Question(models.Model):
    """A question of a library's bank: single choice (one key) or multiple choice (several)."""

    library = models.ForeignKey(CourseLibrary, on_delete=models.PROTECT, related_name="questions",
                                verbose_name=_("course library"))
    course = models.ForeignKey(Course, on_delete=models.PROTECT, null=True, blank=True, related_name="questions",
                               verbose_name=_("course"))
    text = models.TextField(_("question"))
    choices = models.JSONField(_("choices"), help_text=_("The choices, in order."))
    answer = models.JSONField(_("answer"), help_text=_("Indexes of the right choices."))
    marks = models.PositiveSmallIntegerField(_("marks"), default=1)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    audit_related = "library"

    def __str__(self):
        return self.text[:40]

    def audit_region_path(self):
        return self.library.audit_region_path()


class Exam(models.Model):
    training_class = models.ForeignKey(TrainingClass, on_delete=models.PROTECT, related_name="exams",
                                       verbose_name=_("training class"))
    code = models.CharField(_("code"), max_length=30, unique=True, null=True, blank=True)
    # The pack's exam scheme (`training: exam`): its pass share and retakes (统训统考, M05's rotating exams).
    scheme = models.CharField(_("exam scheme"), max_length=40)
    title = models.CharField(_("title"), max_length=200)
    held_on = models.DateField(_("held on"))
    questions = models.PositiveSmallIntegerField(_("questions per paper"))
    total = models.PositiveSmallIntegerField(_("total marks"))
    pass_mark = models.PositiveSmallIntegerField(_("pass mark"))

    class Meta:
        verbose_name = _("exam")
        verbose_name_plural = _("exams")

    audit_related = "training_class"

    def __str__(self):
        return self.title

    def audit_region_path(self):
        return self.training_class.audit_region_path()


class Paper(models.Model):
    """One sitting of an exam by a member: the questions drawn, the answers given, the marks."""

    exam = models.ForeignKey(Exam, on_delete=models.PROTECT, related_name="papers", verbose_name=_("exam"))
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="papers",
                               verbose_name=_("member"))
    attempt = models.PositiveSmallIntegerField(_("attempt"), default=1)
    drawn = models.JSONField(_("questions drawn"), default=list)
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    total = models.PositiveSmallIntegerField(_("total marks"), null=True, blank=True)
    passed = models.BooleanField(_("passed"), null=True)
    sat_on = models.DateField(_("sat on"), null=True, blank=True)

    class Meta:
        verbose_name = _("exam paper")
        verbose_name_plural = _("exam papers")
        constraints = [models.UniqueConstraint(fields=["exam", "member", "attempt"], name="paper_per_attempt")]
        indexes = [models.Index(fields=["member", "exam"]), models.Index(fields=["sat_on"])]

    audit_related = "member"

    def __str__(self):
        return f"{self.exam_id} {self.member_id} {self.attempt}"

    def audit_region_path(self):
        return self.member.organisation.region.path
