"""Read-only admin views of the model sites: they change only through modelsites.actions (the pages)."""

from django.contrib import admin

from guifan.core.admin_scope import ReadOnlyScopedAdmin

from .models import Nomination

CODES = ("domain", "grade", "nominated_level")  # shown in words on the pages, not as codes here


@admin.register(Nomination)
class NominationAdmin(ReadOnlyScopedAdmin):
    list_display = ("organisation", "year", "state", "stars")
    list_filter = ("year", "state")
    search_fields = ("organisation__name", "organisation__code")
    list_select_related = ("organisation",)
    exclude = CODES

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields if f.name not in CODES]

    def scope_queryset(self, request, qs):
        return qs.filter(organisation__in=request.scope.organisations())
