"""Read-only admin views of organisational life: meetings are recorded, corrected and deleted through
meetings.actions (the pages, the Excel import), which keep the counts, the attendance and the change log in step."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from guifan.core.admin_scope import ReadOnlyScopedAdmin
from guifan.standards.selectors import pack_in_effect

from .forms import kind_label
from .models import Appraisal, Attendance, Meeting, MeetingFile


def _in_organisations(request, qs, path="organisation"):
    return qs.filter(**{f"{path}__in": request.scope.organisations()})


class AttendanceInline(admin.TabularInline):
    model = Attendance
    fields = ("member", "status", "reason", "has_vote")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class FileInline(admin.TabularInline):
    model = MeetingFile
    fields = ("name", "content_type", "size", "uploaded_by", "uploaded_at")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyScopedAdmin):
    list_display = ("held_on", "topic", "kind_name", "organisation", "present", "voting_present", "voting_members")
    list_filter = ("kind", ("held_on", admin.DateFieldListFilter))
    search_fields = ("topic",)
    list_select_related = ("organisation",)
    inlines = (AttendanceInline, FileInline)
    exclude = ("kind",)  # shown by its label (kind_name), not its code

    def get_readonly_fields(self, request, obj=None):
        return ["kind_name", *(f.name for f in self.model._meta.fields if f.name != "kind")]

    def scope_queryset(self, request, qs):
        return _in_organisations(request, qs)

    @admin.display(description=_("Kind"), ordering="kind")
    def kind_name(self, obj):
        version = pack_in_effect(obj.held_on.year)
        kind = version.pack().meetings.kinds.get(obj.kind) if version is not None else None
        return kind_label(kind) if kind is not None else "—"


@admin.register(Attendance)
class AttendanceAdmin(ReadOnlyScopedAdmin):
    list_display = ("meeting", "member", "status", "reason", "has_vote")
    list_filter = ("status",)
    search_fields = ("member__name",)
    list_select_related = ("meeting", "member")

    def scope_queryset(self, request, qs):
        return _in_organisations(request, qs, "meeting__organisation")


@admin.register(Appraisal)
class AppraisalAdmin(ReadOnlyScopedAdmin):
    list_display = ("meeting", "member", "grade")
    list_filter = ("grade",)
    search_fields = ("member__name",)
    list_select_related = ("meeting", "member")

    def scope_queryset(self, request, qs):
        return _in_organisations(request, qs, "meeting__organisation")


@admin.register(MeetingFile)
class MeetingFileAdmin(ReadOnlyScopedAdmin):
    list_display = ("name", "meeting", "content_type", "size", "uploaded_by", "uploaded_at")
    list_select_related = ("meeting", "uploaded_by")
    exclude = ("file",)  # no link to the stored file: it is served only by meetings:file

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields if f.name != "file"]

    def scope_queryset(self, request, qs):
        return _in_organisations(request, qs, "meeting__organisation")
