"""Accounts in the back office: the system administrator's page (三员分立). Accounts are created, changed and
deactivated, never deleted (their names stay on the audit trail); no one but a superuser makes a superuser or
gives Django permissions, and the system administrator does not touch superusers' or administrators' accounts."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.db import transaction

from guifan.core import audit, security_log
from guifan.core.admin_scope import may_use_admin
from guifan.core.models import ChangeLog

from . import actions
from .models import Role

User = get_user_model()
if admin.site.is_registered(User):
    admin.site.unregister(User)

LOCKED_FOR_SYSTEM_ADMIN = ("is_superuser", "groups", "user_permissions", "last_login", "date_joined")


@admin.register(User)
class GuifanUserAdmin(UserAdmin):
    list_display = ("username", "first_name", "last_name", "is_active", "is_staff", "last_login")
    actions = None

    @staticmethod
    def _manages(request) -> bool:
        return may_use_admin(request) and (request.scope.is_all or request.scope.officer == Role.Kind.SYSTEM_ADMIN)

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.scope.is_all:
            return qs
        return qs.filter(is_superuser=False).exclude(role__kind__in=Role.ADMIN_KINDS) | qs.filter(pk=request.user.pk)

    def has_module_permission(self, request):
        return self._manages(request)

    def has_view_permission(self, request, obj=None):
        return self._manages(request) and (obj is None or self.get_queryset(request).filter(pk=obj.pk).exists())

    def has_add_permission(self, request):
        return self._manages(request)

    def has_change_permission(self, request, obj=None):
        return self.has_view_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False  # deactivate instead: the audit trail keeps the name

    def get_readonly_fields(self, request, obj=None):
        return () if request.scope.is_all else LOCKED_FOR_SYSTEM_ADMIN

    def user_change_password(self, request, id, form_url=""):
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:  # the form saved the new password
            # the user must choose their own at the next login; the signal tells the audit trail
            actions.password_reset_by_admin(request, User._default_manager.get(pk=id))
        return response

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            before = audit.snapshot(User._default_manager.get(pk=obj.pk)) if change else None
            super().save_model(request, obj, form, change)
            audit.record(obj, ChangeLog.Action.UPDATE if change else ChangeLog.Action.CREATE, request.user,
                         before=before, source="admin")
            security_log.record(security_log.Event.USER_CHANGE, request=request, obj=obj,
                                detail={"change": bool(change), "fields": sorted(form.changed_data)})
            if not change:
                actions.new_account_password(request, obj)
