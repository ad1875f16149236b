from django.contrib import admin

from guifan.core.admin_scope import ScopedModelAdmin

from .models import Region


@admin.register(Region)
class RegionAdmin(ScopedModelAdmin):
    """Divisions come from GB/T 2260 (regions/loader.py): only a superuser corrects them here."""

    editable_by = "superuser"
    list_display = ("code", "name", "level", "parent", "valid_from", "valid_to", "successor")
    list_filter = ("level",)
    search_fields = ("code", "name")
    readonly_fields = ("path",)
    autocomplete_fields = ("parent", "successor")
    ordering = ("code",)
