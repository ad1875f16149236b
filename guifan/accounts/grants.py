"""Who may ask for which role for whom, and who decides (三员分立). Read-only: the writes are in actions.py.

- A city, county or township role asks for roles strictly below its own level, inside its region, for accounts that
  have no role or one inside its region below its level; never for itself, a superuser or an administrator.
- The security administrator asks for any data role, anywhere, and decides every request.
- Only a superuser (setting the system up) asks for and grants the three administrator roles.
- No one asks for a role at or above their own level."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from .models import Role, clean_scope
from .scope import Scope


def requestable_kinds(scope: Scope) -> list[str]:
    if scope.is_all:
        return list(Role.Kind.values)
    if scope.is_security_admin:
        return list(Role.DATA_RANK)
    if scope.region is not None:
        rank = Role.DATA_RANK[scope.role.kind]
        return [kind for kind, r in Role.DATA_RANK.items() if r > rank]
    return []


def may_request(scope: Scope) -> bool:
    return bool(requestable_kinds(scope))


def may_decide(scope: Scope) -> bool:
    return scope.is_all or scope.is_security_admin


def _role_below(scope: Scope, role) -> bool:
    """A role the scope may replace: inside its region and below its level (any data role for the security admin)."""
    if role is None or scope.is_all:
        return True
    if role.kind in Role.ADMIN_KINDS:
        return False
    if scope.is_security_admin:
        return True
    if scope.region is None or Role.DATA_RANK[role.kind] <= Role.DATA_RANK[scope.role.kind]:
        return False
    path = role.audit_region_path()
    return bool(path) and path.startswith(scope.region.path)


def grantable_users(scope: Scope):
    """The accounts the scope may ask a role for."""
    users = get_user_model().objects.filter(is_superuser=False).exclude(pk=scope.user.pk)
    if scope.is_all:
        return get_user_model().objects.exclude(pk=scope.user.pk)
    if scope.is_security_admin:
        return users.exclude(role__kind__in=Role.ADMIN_KINDS)
    if scope.region is None:
        return users.none()
    rank = Role.DATA_RANK[scope.role.kind]
    below = [kind for kind, r in Role.DATA_RANK.items() if r > rank]
    path = scope.region.path
    inside = (Q(role__region__path__startswith=path) | Q(role__organisation__region__path__startswith=path)
              | Q(role__member__organisation__region__path__startswith=path))
    return users.filter(Q(role__isnull=True) | (inside & Q(role__kind__in=below)))


def check_request(scope: Scope, user, kind, region=None, organisation=None, member=None) -> None:
    """Raises ValidationError (in Chinese) unless the scope may ask for this role for this account."""
    if kind not in requestable_kinds(scope):
        raise ValidationError(_("You cannot ask for a role at or above your own level."))
    if user.pk == scope.user.pk:
        raise ValidationError(_("No one asks for a role for their own account."))
    if user.is_superuser and not scope.is_all:
        raise ValidationError(_("A superuser's account is not given roles."))
    if not _role_below(scope, getattr(user, "role", None)):
        raise ValidationError(_("This account's present role is not yours to change."))
    clean_scope(kind, region, organisation, member, user)
    if not (scope.is_all or scope.is_security_admin):
        path = Role(kind=kind, region=region, organisation=organisation, member=member).audit_region_path()
        if not path.startswith(scope.region.path):
            raise ValidationError(_("The role must cover a place inside your region."))
