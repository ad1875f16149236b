from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from guifan.core.admin_scope import ScopedModelAdmin

from . import actions, grants
from .admin_users import GuifanUserAdmin  # noqa: F401 - registers the accounts page of the system administrator
from .models import Role, RoleGrant


@admin.register(Role)
class RoleAdmin(ScopedModelAdmin):
    """Roles are given through role requests (RoleGrantAdmin). Here: who holds which role, for region roles inside
    their region; the security administrator (and a superuser) may withdraw a role."""

    officers = frozenset({"security_admin"})
    list_display = ("user", "kind", "region", "organisation", "member")
    list_filter = ("kind",)
    search_fields = ("user__username",)
    list_select_related = ("user", "region", "organisation", "member")
    editable_by = "nobody"

    @staticmethod
    def manages_roles(request) -> bool:
        scope = request.scope
        return scope.is_all or scope.is_security_admin or scope.region is not None

    def scope_queryset(self, request, qs):
        scope = request.scope
        if scope.is_all:
            return qs
        if scope.is_security_admin:
            return qs.exclude(user=request.user).exclude(user__is_superuser=True)
        if not self.manages_roles(request):
            return qs.none()
        return qs.filter(user__in=grants.grantable_users(scope))

    def has_module_permission(self, request):
        return super().has_module_permission(request) and self.manages_roles(request)

    def has_view_permission(self, request, obj=None):
        return self.manages_roles(request) and super().has_view_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        scope = request.scope
        return (scope.is_all or scope.is_security_admin) and self.has_view_permission(request, obj)


@admin.register(RoleGrant)
class RoleGrantAdmin(ScopedModelAdmin):
    """Region administrators ask for roles below their level; the security administrator approves or refuses."""

    officers = frozenset({"security_admin"})
    list_display = ("user", "kind", "region", "organisation", "member", "state", "requested_by", "requested_at",
                    "decided_by")
    list_filter = ("state", "kind")
    search_fields = ("user__username",)
    list_select_related = ("user", "region", "organisation", "member", "requested_by", "decided_by")
    fields = ("user", "kind", "region", "organisation", "member", "note")
    actions = ["approve_selected", "refuse_selected"]

    def scope_queryset(self, request, qs):
        scope = request.scope
        if grants.may_decide(scope):
            return qs
        if not grants.may_request(scope):
            return qs.none()
        return qs.filter(user__in=grants.grantable_users(scope)) | qs.filter(requested_by=request.user)

    def has_module_permission(self, request):
        scope = request.scope
        return super().has_module_permission(request) and (grants.may_decide(scope) or grants.may_request(scope))

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request) and super().has_view_permission(request, obj)

    def has_add_permission(self, request, *args):
        return self.has_module_permission(request) and grants.may_request(request.scope)

    def has_change_permission(self, request, obj=None):
        return False  # decided by the list actions, never edited

    def has_delete_permission(self, request, obj=None):
        return False

    def get_actions(self, request):
        return super().get_actions(request) if grants.may_decide(request.scope) else {}

    def get_readonly_fields(self, request, obj=None):
        return self.fields if obj is not None else ()

    def get_autocomplete_fields(self, request):
        # Region administrators search inside their scope; the security administrator reads no register pages.
        return () if grants.may_decide(request.scope) else ("region", "organisation", "member")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":
            kwargs["queryset"] = grants.grantable_users(request.scope).order_by("username")
        elif grants.may_decide(request.scope) and db_field.name in ("region", "organisation", "member"):
            kwargs["queryset"] = db_field.related_model._default_manager.all()
            if db_field.name == "member":  # a number typed in: no list of every member
                kwargs["widget"] = forms.TextInput(attrs={"inputmode": "numeric"})
                kwargs["help_text"] = _("The member's number in the register.")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "kind":
            allowed = set(grants.requestable_kinds(request.scope))
            kwargs["choices"] = [("", "---------")] + [c for c in Role.Kind.choices if c[0] in allowed]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        scope = request.scope

        class CheckedForm(form):
            def clean(self):
                data = super().clean()
                if data.get("user") and data.get("kind"):
                    try:
                        grants.check_request(scope, data["user"], data["kind"], data.get("region"),
                                             data.get("organisation"), data.get("member"))
                    except ValidationError as exc:
                        raise ValidationError(exc.messages) from exc
                return data

        return CheckedForm

    def save_through_actions(self, request, obj, form, change):
        data = form.cleaned_data
        return actions.request_role(request.user, data["user"], data["kind"], data.get("region"),
                                    data.get("organisation"), data.get("member"), data.get("note", ""),
                                    request=request)

    @admin.action(description=_("Approve the selected requests"))
    def approve_selected(self, request, queryset):
        self._decide(request, queryset, actions.approve, _("%(n)d requests approved."))

    @admin.action(description=_("Refuse the selected requests"))
    def refuse_selected(self, request, queryset):
        self._decide(request, queryset, actions.refuse, _("%(n)d requests refused."))

    def _decide(self, request, queryset, decide, done):
        n = 0
        for grant in queryset.filter(state=RoleGrant.State.REQUESTED):
            try:
                decide(grant, request.user, request=request)
                n += 1
            except ValidationError as exc:
                self.message_user(request, f"{grant}: {' '.join(exc.messages)}", messages.ERROR)
        self.message_user(request, done % {"n": n}, messages.SUCCESS)


def without_date_hierarchy() -> None:
    """django-axes' lockout admins browse by date_hierarchy, which needs MySQL's time-zone tables (CONVERT_TZ): a
    500 on MariaDB without them. Their time filter stays."""
    for model, model_admin in list(admin.site._registry.items()):
        if model._meta.app_label == "axes" and model_admin.date_hierarchy:
            model_admin.date_hierarchy = None

