from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import actions
from .models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Administrators see every device token and revoke them; a token is never created or edited here."""

    list_display = ["user", "device_name", "prefix", "created_at", "last_used_at", "expires_at", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["user__username", "device_name", "prefix"]
    readonly_fields = list_display
    fields = list_display
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Revoke the selected tokens"), permissions=["delete"])
    def revoke(self, request, queryset):
        for token in queryset:
            actions.revoke_token(token, request.user)
        self.message_user(request, ngettext("%(n)d token revoked.", "%(n)d tokens revoked.", queryset.count())
                          % {"n": queryset.count()}, messages.SUCCESS)

    def get_actions(self, request):
        found = super().get_actions(request)
        found.pop("delete_selected", None)  # revoked, never deleted: the record stays
        return found
