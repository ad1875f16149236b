import json

from django.contrib import admin
from django.utils.html import format_html

from .admin_scope import ReadOnlyScopedAdmin, configure_site
from .models import ChangeLog, SecurityEvent, SensitiveAccess

configure_site(admin.site)


def _pretty(value) -> str:
    if value is None:
        return "-"
    return format_html("<pre>{}</pre>", json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True))


@admin.register(ChangeLog)
class ChangeLogAdmin(ReadOnlyScopedAdmin):
    officers = frozenset({"audit_admin"})
    list_display = ("time", "user", "action", "object_type", "object_repr", "source")
    # A date filter rather than date_hierarchy: the latter needs MySQL's time-zone tables (CONVERT_TZ).
    list_filter = (("time", admin.DateFieldListFilter), "action", "object_type", "source")
    search_fields = ("object_repr",)
    exclude = ("before", "after", "seq", "prev_hash", "row_hash")
    readonly_fields = ("before_pretty", "after_pretty")

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields if f.name not in self.exclude] + list(self.readonly_fields)

    @admin.display(description=ChangeLog._meta.get_field("before").verbose_name)
    def before_pretty(self, obj):
        return _pretty(obj.before)

    @admin.display(description=ChangeLog._meta.get_field("after").verbose_name)
    def after_pretty(self, obj):
        return _pretty(obj.after)


@admin.register(SensitiveAccess)
class SensitiveAccessAdmin(ReadOnlyScopedAdmin):
    """Who saw whose full ID number or phone, and why: for the audit administrator (and superusers)."""

    officers = frozenset({"audit_admin"})
    list_display = ("time", "username", "object_type", "object_repr", "fields", "reason")
    list_filter = (("time", admin.DateFieldListFilter), "object_type", "fields")
    search_fields = ("object_repr", "username")

    def has_module_permission(self, request):
        return super().has_module_permission(request) and (request.scope.is_all or request.scope.is_audit_admin)

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request) and super().has_view_permission(request, obj)


@admin.register(SecurityEvent)
class SecurityEventAdmin(ReadOnlyScopedAdmin):
    """The security log, scoped as the audit page (accounts.Scope.security_events)."""

    officers = frozenset({"audit_admin"})
    list_display = ("time", "username", "event", "result", "ip", "object_repr")
    list_filter = (("time", admin.DateFieldListFilter), "event", "result")
    search_fields = ("username", "object_repr")
