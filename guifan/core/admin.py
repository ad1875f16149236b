import json

from django.contrib import admin
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from . import selectors
from .admin_scope import ReadOnlyScopedAdmin, configure_site
from .models import ChangeLog, SecurityEvent, SensitiveAccess

configure_site(admin.site)


def _pretty(value) -> str:
    if value is None:
        return "-"
    return format_html("<pre>{}</pre>", json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True))


def _in_words(obj, side: str) -> str:
    """One side of a change as the change log page shows it (labels, choices by name), the stored JSON under 详情."""
    lines = [(d.label, getattr(d, side)) for d in selectors.differences(obj) if getattr(d, side) is not None]
    listed = format_html_join("", "<li>{}: {}</li>", lines)
    raw = getattr(obj, side)
    if raw is None:
        return listed or "-"
    return format_html("<ul>{}</ul><details><summary>{}</summary>{}</details>", listed, _("Details"), _pretty(raw))


class SourceFilter(admin.SimpleListFilter):
    """The sources present, in words (guifan.core.selectors.SOURCES)."""

    title = _("source")
    parameter_name = "source"

    def lookups(self, request, model_admin):
        sources = model_admin.get_queryset(request).order_by().values_list("source", flat=True).distinct()
        return [(s, selectors.source_label(s) or s) for s in sorted(set(sources)) if s]

    def queryset(self, request, queryset):
        return queryset.filter(source=self.value()) if self.value() else queryset


@admin.register(ChangeLog)
class ChangeLogAdmin(ReadOnlyScopedAdmin):
    officers = frozenset({"audit_admin"})
    list_display = ("time", "user", "action", "type_words", "object_repr", "source_words")
    # A date filter rather than date_hierarchy: the latter needs MySQL's time-zone tables (CONVERT_TZ).
    list_filter = (("time", admin.DateFieldListFilter), "action", ("content_type", admin.RelatedOnlyFieldListFilter),
                   SourceFilter)
    search_fields = ("object_repr",)
    exclude = ("before", "after", "seq", "prev_hash", "row_hash", "source", "object_type")
    readonly_fields = ("type_words", "source_words", "before_pretty", "after_pretty")

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields if f.name not in self.exclude] + list(self.readonly_fields)

    @admin.display(description=ChangeLog._meta.get_field("object_type").verbose_name)
    def type_words(self, obj):
        model = obj.content_type.model_class() if obj.content_type_id else None
        return str(model._meta.verbose_name) if model else obj.object_type

    @admin.display(description=ChangeLog._meta.get_field("source").verbose_name)
    def source_words(self, obj):
        return selectors.source_label(obj.source) or obj.source or "-"

    @admin.display(description=ChangeLog._meta.get_field("before").verbose_name)
    def before_pretty(self, obj):
        return _in_words(obj, "before")

    @admin.display(description=ChangeLog._meta.get_field("after").verbose_name)
    def after_pretty(self, obj):
        return _in_words(obj, "after")


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
