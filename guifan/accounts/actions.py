"""Writes of the accounts app: passwords chosen or reset, authenticator apps enrolled, demo exemptions; role
requests and their decisions (三员分立). Each is atomic and logged: role grants in the change log (with the region
path of the granted scope, so it shows in the region's and the requester's log) and the security log."""

from django.conf import settings
from django.contrib.auth import update_session_auth_hash
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from guifan.core import audit, security_log
from guifan.core.models import ChangeLog

from . import grants, passwords, second_factor, signals
from .models import Role, RoleGrant
from .password_models import PasswordState
from .scope import Scope
from .signals import password_changed


@transaction.atomic
def change_own_password(request, form) -> None:
    """Stores the password of a valid PasswordChangeForm for the logged-in user; keeps them logged in."""
    user = form.save()  # set_password and save: the history validator records the hash and the date
    PasswordState.objects.update_or_create(user=user, defaults={"must_change": False})
    update_session_auth_hash(request, user)
    password_changed.send(sender=PasswordState, user=user, by=user, request=request, reason="own")


@transaction.atomic
def password_reset_by_admin(request, user) -> None:
    """After an administrator set `user`'s password: the user must choose their own at next login."""
    PasswordState.objects.update_or_create(user=user, defaults={"must_change": True})
    password_changed.send(sender=PasswordState, user=user, by=request.user, request=request, reason="reset")


@transaction.atomic
def password_set_by_command(user, reason: str) -> None:
    """A password stored by a management command (no request, no acting user): history, date, the forced change
    after a reset, and the signal."""
    passwords.remember(user)
    if reason == signals.RESET:
        PasswordState.objects.update_or_create(user=user, defaults={"must_change": True})
    password_changed.send(sender=PasswordState, user=user, by=None, request=None, reason=reason)


@transaction.atomic
def new_account_password(request, user) -> None:
    """An account made in the admin with a password: its first password is recorded like any other."""
    if user.has_usable_password():
        passwords.remember(user)
        password_changed.send(sender=PasswordState, user=user, by=request.user, request=request,
                              reason=signals.CREATED)


@transaction.atomic
def start_totp_enrolment(user) -> TOTPDevice:
    """A new, unconfirmed device with a fresh secret (any earlier unconfirmed one is dropped)."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)


@transaction.atomic
def confirm_totp_device(request, device: TOTPDevice, token: str) -> bool:
    """The first code from the app confirms the device and verifies this session; False if the code is wrong."""
    if not device.verify_token(token):
        return False
    TOTPDevice.objects.filter(user=device.user, confirmed=True).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    otp_login(request, device)
    return True


def verify_code(request, token: str) -> bool:
    """Checks a code against the user's device; a right one marks this session verified."""
    device = second_factor.confirmed_device(request.user)
    if device is None or not device.verify_token(token):
        return False
    otp_login(request, device)
    return True


@transaction.atomic
def make_demo_account(user) -> TOTPDevice:
    """Demo only (DEBUG on): exempt from the forced and periodic password change, with a confirmed device."""
    if not settings.DEBUG:
        raise ImproperlyConfigured("Demo accounts exist only with DEBUG on (GUIFAN_DEBUG=1).")
    PasswordState.objects.update_or_create(user=user, defaults={"demo_exempt": True, "must_change": False})
    device = second_factor.confirmed_device(user)
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="demo", confirmed=True)
    return device


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


def _check_four_eyes(grant: RoleGrant, decider, request) -> None:
    """No one approves a request they made or one that gives them a role. A superuser setting the system up (not in
    daily use) may approve what it asked for itself, since no one else can ask for the administrator roles."""
    reason = None
    if grant.user_id == decider.pk:
        reason = "own_account"
    elif grant.requested_by_id == decider.pk and not decider.is_superuser:
        reason = "own_request"
    if reason is None:
        return
    security_log.record(security_log.Event.ROLE_APPROVE, request=request, user=decider, obj=grant,
                        result=security_log.Result.DENIED, detail={"kind": grant.kind, "four_eyes": reason})
    if reason == "own_account":
        raise ValidationError(_("No one approves a role for their own account: another administrator decides."))
    raise ValidationError(_("No one approves their own request: another security administrator decides."))


def approve(grant: RoleGrant, decider, request=None) -> Role:
    """Sets the account's role as asked (replacing its present one), after checking the request still holds."""
    _check_decider(grant, decider, security_log.Event.ROLE_APPROVE, request)
    _check_four_eyes(grant, decider, request)
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
