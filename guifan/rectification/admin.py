"""Read-only admin views of the weak and lax list: it changes only through rectification.actions (the pages)."""

from django.contrib import admin

from guifan.core.admin_scope import ReadOnlyScopedAdmin

from .models import Listing, ProgressReport, Task


@admin.register(Listing)
class ListingAdmin(ReadOnlyScopedAdmin):
    list_display = ("organisation", "year", "source", "state", "stars", "signed_off_stars")
    list_filter = ("year", "state", "source")
    search_fields = ("organisation__name", "organisation__code")
    list_select_related = ("organisation",)
    exclude = ("situations",)

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields if f.name != "situations"]

    def scope_queryset(self, request, qs):
        return qs.filter(organisation__in=request.scope.organisations())


@admin.register(Task)
class TaskAdmin(ReadOnlyScopedAdmin):
    list_display = ("title", "listing", "owner", "deadline", "closed_at")
    list_select_related = ("listing__organisation",)
    exclude = ("criterion",)

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields if f.name != "criterion"]

    def scope_queryset(self, request, qs):
        return qs.filter(listing__organisation__in=request.scope.organisations())


@admin.register(ProgressReport)
class ProgressReportAdmin(ReadOnlyScopedAdmin):
    list_display = ("listing", "reported_at", "reported_by")
    list_select_related = ("listing__organisation", "reported_by")

    def scope_queryset(self, request, qs):
        return qs.filter(listing__organisation__in=request.scope.organisations())
