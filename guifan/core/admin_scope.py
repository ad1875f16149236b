"""The back office obeys the one rule: every admin row, choice, filter and permission comes from request.scope.

Who may use the admin at all: active staff users who are superusers or hold a city, county, township or
organisation role. Members (and users without a role) never get in, whatever their staff flag says.
"""

from django.conf import settings
from django.contrib import admin
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from guifan.core import audit
from guifan.core.models import ChangeLog

# Roles that may open the back office; a member role may not (SPEC: members see only themselves, on the site).
DATA_ADMIN_KINDS = frozenset({"city", "county", "township", "organisation"})
# 三员分立 (accounts.Role.ADMIN_KINDS): each opens only the admin pages that name it in `officers`.
OFFICER_KINDS = frozenset({"system_admin", "security_admin", "audit_admin"})
ADMIN_ROLE_KINDS = DATA_ADMIN_KINDS | OFFICER_KINDS

# The Scope method that gives each register model's rows.
SCOPE_METHODS = {
    "regions.region": "regions",
    "orgs.hostunit": "host_units",
    "orgs.organisation": "organisations",
    "members.member": "members",
    "core.changelog": "change_logs",
    "core.securityevent": "security_events",
    "core.sensitiveaccess": "sensitive_accesses",
}


def may_use_admin(request) -> bool:
    user = request.user
    if not (user.is_active and user.is_staff):
        return False
    return request.scope.kind == "all" or request.scope.kind in ADMIN_ROLE_KINDS


def scoped_queryset(scope, model, qs=None):
    """The rows of a register model that the scope covers; None for a model the register does not scope."""
    method = SCOPE_METHODS.get(model._meta.label_lower)
    if method is None:
        return None
    return getattr(scope, method)(model._default_manager.all() if qs is None else qs)


# Words of Django's admin templates that its Chinese catalogue lacks (the screen-reader headers of the index's
# tables): translated in ours, which comes first (INSTALLED_APPS).
DJANGO_ADMIN_WORDS = (_("Model name"), _("Add link"), _("Change or view list link"))


def configure_site(site) -> None:
    """Chinese header and title, and the role check on every admin view (the default site is kept)."""
    site.site_header = settings.SITE_TITLE
    site.site_title = settings.SITE_TITLE
    site.index_title = _("Register administration")
    # AdminSite.admin_view calls self.has_permission(request) for every view, the index and login redirect included.
    site.has_permission = may_use_admin


class ScopedRelatedFilter(admin.RelatedFieldListFilter):
    """A foreign-key filter in the sidebar that lists only the related rows in the user's scope."""

    def field_choices(self, field, request, model_admin):
        qs = scoped_queryset(request.scope, field.related_model)
        if qs is None:
            return super().field_choices(field, request, model_admin)
        ordering = self.field_admin_ordering(field, request, model_admin)
        if ordering:
            qs = qs.order_by(*ordering)
        return [(obj.pk, str(obj)) for obj in qs]


class ScopedAdminMixin:
    """get_queryset, foreign-key choices and permissions through request.scope.

    `editable_by` says who may add, change and delete: "scope" (anyone whose role can edit, inside the scope),
    "superuser", or "nobody" (a read-only view). `deletable_by` does the same for deletion, which for the
    register is kept to superusers: organisations are dissolved and members leave, rows are not deleted.
    """

    editable_by = "scope"
    deletable_by = "superuser"
    # The 三员 kinds that may open this admin (register pages: none of them).
    officers: frozenset = frozenset()

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        scoped = self.scope_queryset(request, qs)
        return scoped if scoped is not None else qs.none()

    def scope_queryset(self, request, qs):
        """Override for models the Scope has no method for."""
        return scoped_queryset(request.scope, self.model, qs)

    def _in_scope(self, request, obj) -> bool:
        return obj is None or obj.pk is None or self.get_queryset(request).filter(pk=obj.pk).exists()

    def _may(self, who: str, request) -> bool:
        if who == "superuser":
            return request.scope.is_all
        if who == "scope":
            return request.scope.can_edit
        return False

    def _opens(self, request) -> bool:
        kind = request.scope.kind
        return may_use_admin(request) and (kind not in OFFICER_KINDS or kind in self.officers)

    def has_module_permission(self, request):
        return self._opens(request)

    def has_view_permission(self, request, obj=None):
        return self._opens(request) and self._in_scope(request, obj)

    def has_add_permission(self, request, *args):
        return self.has_view_permission(request) and self._may(self.editable_by, request)

    def has_change_permission(self, request, obj=None):
        return self.has_view_permission(request, obj) and self._may(self.editable_by, request)

    def has_delete_permission(self, request, obj=None):
        return self.has_change_permission(request, obj) and self._may(self.deletable_by, request)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "queryset" not in kwargs:
            qs = scoped_queryset(request.scope, db_field.related_model)
            if qs is not None:
                kwargs["queryset"] = qs
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "queryset" not in kwargs:
            qs = scoped_queryset(request.scope, db_field.related_model)
            if qs is not None:
                kwargs["queryset"] = qs
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class AuditedAdminMixin:
    """Saves and deletes made in the admin go to the change log: who, before, after (source "admin").

    Models with actions override `save_through_actions` to call them instead of saving the object directly.
    """

    audit_source = "admin"

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            saved = self.save_through_actions(request, obj, form, change)
            if saved is None:
                before = audit.snapshot(type(obj)._default_manager.get(pk=obj.pk)) if change else None
                obj.save()
                action = ChangeLog.Action.UPDATE if change else ChangeLog.Action.CREATE
                audit.record(obj, action, request.user, before=before, source=self.audit_source)
            elif saved is not obj:
                obj.pk = saved.pk
                obj.refresh_from_db()

    def save_through_actions(self, request, obj, form, change):
        """Return the saved object, or None to let the mixin save and log it."""
        return None

    def delete_model(self, request, obj):
        with transaction.atomic():
            audit.record(obj, ChangeLog.Action.DELETE, request.user, before=audit.snapshot(obj),
                         source=self.audit_source)
            obj.delete()

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for obj in queryset:
                self.delete_model(request, obj)


class ScopedModelAdmin(ScopedAdminMixin, AuditedAdminMixin, admin.ModelAdmin):
    """The base of every register ModelAdmin."""


class ReadOnlyScopedAdmin(ScopedAdminMixin, admin.ModelAdmin):
    """Logs and other records nobody edits by hand."""

    editable_by = "nobody"
    deletable_by = "nobody"

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields] + list(self.readonly_fields)
