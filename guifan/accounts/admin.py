from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin  # registers the user model: replaced below
from django.db.models import Q

from guifan.core.admin_scope import ScopedModelAdmin

from . import actions
from .models import Role


@admin.register(Role)
class RoleAdmin(ScopedModelAdmin):
    """Superusers manage every role; city, county and township roles manage the roles inside their region."""

    list_display = ("user", "kind", "region", "organisation", "member")
    list_filter = ("kind",)
    search_fields = ("user__username",)
    autocomplete_fields = ("region", "organisation", "member")
    list_select_related = ("user", "region", "organisation", "member")
    deletable_by = "scope"

    @staticmethod
    def manages_roles(request) -> bool:
        return request.scope.is_all or request.scope.region is not None

    def scope_queryset(self, request, qs):
        scope = request.scope
        if scope.is_all:
            return qs
        if not self.manages_roles(request):
            return qs.none()
        inside = (Q(region__in=scope.regions()) | Q(organisation__in=scope.organisations())
                  | Q(member__in=scope.members()))
        # Never the user's own role, nor a superuser's: a role cannot widen itself.
        return qs.filter(inside).exclude(user=request.user).exclude(user__is_superuser=True)

    def has_module_permission(self, request):
        return super().has_module_permission(request) and self.manages_roles(request)

    def has_view_permission(self, request, obj=None):
        return self.manages_roles(request) and super().has_view_permission(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user" and not request.scope.is_all:
            users = get_user_model().objects.filter(is_superuser=False).exclude(pk=request.user.pk)
            in_scope_roles = self.get_queryset(request).values("user")
            kwargs["queryset"] = users.filter(Q(role__isnull=True) | Q(pk__in=in_scope_roles))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class AccountUserAdmin(UserAdmin):
    """Django's user admin; a password an administrator sets must be changed by its user at the next login."""

    def user_change_password(self, request, id, form_url=""):
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            actions.password_reset_by_admin(request, self.get_object(request, id))
        return response


if admin.site.is_registered(get_user_model()):
    admin.site.unregister(get_user_model())
admin.site.register(get_user_model(), AccountUserAdmin)
