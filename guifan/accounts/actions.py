"""Writes of the accounts app: role requests and their decisions (三员分立). Each is atomic and logged: the change
log (with the region path of the granted scope, so it shows in the region's and the requester's log) and the
security log."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from guifan.core import audit, security_log
from guifan.core.models import ChangeLog

from . import grants
from .models import Role, RoleGrant
from .scope import Scope

SOURCE = "role_grant"


def request_role(requester, user, kind, region=None, organisation=None, member=None, note="",
                 request=None) -> RoleGrant:
    scope = Scope(requester)
    try:
        grants.check_request(scope, user, kind, region, organisation, member)
    except ValidationError:
        security_log.record(security_log.Event.ROLE_REQUEST, request=request, user=requester, obj=user,
                            result=security_log.Result.DENIED, detail={"kind": kind})
        raise
    with transaction.atomic():
        grant = RoleGrant.objects.create(user=user, kind=kind, region=region, organisation=organisation,
                                         member=member, requested_by=requester, note=note[:200])
        audit.record(grant, ChangeLog.Action.CREATE, requester, source=SOURCE)
        security_log.record(security_log.Event.ROLE_REQUEST, request=request, user=requester, obj=grant,
                            detail={"kind": kind, "account": user.get_username()})
    return grant


def _check_decider(grant: RoleGrant, decider, event, request) -> None:
    if not grants.may_decide(Scope(decider)):
        security_log.record(event, request=request, user=decider, obj=grant, result=security_log.Result.DENIED)
        raise ValidationError(_("Only the security administrator decides role requests."))


def _decide(grant: RoleGrant, decider, state, request):
    if grant.state != RoleGrant.State.REQUESTED:
        raise ValidationError(_("This request has already been decided."))
    before = audit.snapshot(grant)
    grant.state, grant.decided_by, grant.decided_at = state, decider, timezone.now()
    grant.save(update_fields=["state", "decided_by", "decided_at"])
    action = ChangeLog.Action.APPROVE if state == RoleGrant.State.APPROVED else ChangeLog.Action.RETURN
    log = audit.entry(grant, action, decider, before={"state": before["state"]}, after={"state": state},
                      source=SOURCE)
    log.save()


def approve(grant: RoleGrant, decider, request=None) -> Role:
    """Sets the account's role as asked (replacing its present one), after checking the request still holds."""
    _check_decider(grant, decider, security_log.Event.ROLE_APPROVE, request)
    with transaction.atomic():
        grant = RoleGrant.objects.select_for_update().get(pk=grant.pk)
        user = grant.user
        grants.check_request(Scope(grant.requested_by), user, grant.kind, grant.region, grant.organisation,
                             grant.member)
        _decide(grant, decider, RoleGrant.State.APPROVED, request)
        role = Role.objects.filter(user=user).first()
        before = audit.snapshot(role) if role else None
        role = role or Role(user=user)
        role.kind, role.region, role.organisation, role.member = (grant.kind, grant.region, grant.organisation,
                                                                  grant.member)
        role.full_clean()
        role.save()
        audit.record(role, ChangeLog.Action.UPDATE if before else ChangeLog.Action.CREATE, decider, before=before,
                     source=SOURCE)
        if grant.kind in Role.ADMIN_KINDS and not user.is_staff:
            user.is_staff = True  # the administrators work in the back office
            user.save(update_fields=["is_staff"])
        security_log.record(security_log.Event.ROLE_APPROVE, request=request, user=decider, obj=grant,
                            detail={"kind": grant.kind, "account": user.get_username(),
                                    "requested_by": grant.requested_by.get_username()})
    return role


def refuse(grant: RoleGrant, decider, request=None) -> RoleGrant:
    _check_decider(grant, decider, security_log.Event.ROLE_REFUSE, request)
    with transaction.atomic():
        grant = RoleGrant.objects.select_for_update().get(pk=grant.pk)
        _decide(grant, decider, RoleGrant.State.REFUSED, request)
        security_log.record(security_log.Event.ROLE_REFUSE, request=request, user=decider, obj=grant,
                            detail={"kind": grant.kind, "account": grant.user.get_username()})
    return grant
