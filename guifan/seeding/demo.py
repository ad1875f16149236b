"""One demo account per role over the seeded register (demo only: the passwords are printed and documented).
Demo accounts exist only with DEBUG on: they skip the forced and periodic password change, and their second factor
is enrolled here so that `guifan demo_totp USER` can print the code an authenticator app would show."""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from guifan.accounts import actions as account_actions
from guifan.accounts import second_factor
from guifan.accounts.models import PasswordState, Role
from guifan.members.models import Member
from guifan.orgs.models import HostUnit, Organisation
from guifan.regions.models import Region

CITY_CODE = "450300"
COUNTY_CODE = "450321"  # 阳朔县
PASSWORD = "demo-{role}"


class RegisterNotSeeded(Exception):
    """The demo accounts need the sample register; the message says what to run."""


class NotInDebug(Exception):
    """Demo accounts and their codes exist only with DEBUG on."""


def require_debug() -> None:
    if not settings.DEBUG:
        raise NotInDebug(_("Demo accounts exist only with DEBUG on: run with GUIFAN_DEBUG=1 (`make demo` does)."))


def demo_code(username: str) -> str:
    """The code the demo account's authenticator app would show now."""
    require_debug()
    state = PasswordState.objects.filter(user__username=username, demo_exempt=True).select_related("user").first()
    device = state and second_factor.confirmed_device(state.user)
    if device is None:
        raise RegisterNotSeeded(_("%(user)s is not a demo account: run `guifan demo_accounts` first.")
                                % {"user": username})
    return second_factor.current_code(device)


@dataclass(frozen=True)
class DemoAccount:
    username: str
    password: str
    role: str
    scope: str


def demo_targets() -> dict:
    """The city, 阳朔县, a town of it with a village general branch or committee, that organisation, one member."""
    try:
        city = Region.objects.get(code=CITY_CODE)
        county = Region.objects.get(code=COUNTY_CODE)
    except Region.DoesNotExist as exc:
        raise RegisterNotSeeded(_("The divisions are not loaded: run `guifan seed` first.")) from exc
    org = (Organisation.objects.filter(
        region__parent=county, parent__isnull=True, host_unit__kind=HostUnit.Kind.ADMIN_VILLAGE,
        kind__in=[Organisation.Kind.GENERAL_BRANCH, Organisation.Kind.COMMITTEE],
    ).select_related("region").order_by("code").first())
    if org is None:
        raise RegisterNotSeeded(_("The register has no village organisation in %(county)s: run `guifan seed` "
                                  "first.") % {"county": county.name})
    member = (Member.objects.filter(organisation__path__startswith=org.path, category=Member.Category.FULL,
                                    status=Member.Status.NORMAL).order_by("pk").first())
    if member is None:
        raise RegisterNotSeeded(_("%(org)s has no members: run `guifan seed --flush`.") % {"org": org.name})
    return {"city": city, "county": county, "township": org.region, "organisation": org, "member": member}


def notify_returned_reports(user, organisation) -> int:
    """The notice a reporter gets when a report is returned (guifan.reporting.notices), for the sample's returned
    reports of `organisation` and below: the sample returned them before the account existed. Once per report."""
    from guifan.facts.models import FactReport
    from guifan.reporting.models import Notice

    reports = FactReport.objects.filter(organisation__path__startswith=organisation.path,
                                        state=FactReport.State.RETURNED)
    known = set(Notice.objects.filter(user=user, kind=Notice.Kind.RETURNED).values_list("organisation_id",
                                                                                       "period_id"))
    notices = [Notice(user=user, kind=Notice.Kind.RETURNED, organisation_id=r.organisation_id, period_id=r.period_id,
                      reason=r.returned_reason) for r in reports if (r.organisation_id, r.period_id) not in known]
    Notice.objects.bulk_create(notices)
    return len(notices)


@transaction.atomic
def ensure_demo_accounts() -> list[DemoAccount]:
    """Creates or resets the accounts; running it again changes nothing but the passwords' hashes."""
    require_debug()
    targets = demo_targets()
    specs = [
        ("admin", None, {}, _("everything (superuser)")),
        ("city", Role.Kind.CITY, {"region": targets["city"]}, targets["city"].name),
        ("county", Role.Kind.COUNTY, {"region": targets["county"]}, targets["county"].name),
        ("township", Role.Kind.TOWNSHIP, {"region": targets["township"]},
         f"{targets['county'].name}{targets['township'].name}"),
        ("organisation", Role.Kind.ORGANISATION, {"organisation": targets["organisation"]},
         targets["organisation"].name),
        ("member", Role.Kind.MEMBER, {"member": targets["member"]}, str(targets["member"])),
        # 三员分立: no register data, each its own admin pages.
        ("sysadmin", Role.Kind.SYSTEM_ADMIN, {}, _("accounts")),
        ("secadmin", Role.Kind.SECURITY_ADMIN, {}, _("roles and role requests")),
        ("auditor", Role.Kind.AUDIT_ADMIN, {}, _("the audit trail (read only)")),
    ]
    accounts = []
    users = get_user_model().objects
    for username, kind, scope, label in specs:
        user, _created = users.get_or_create(username=username)
        flags = {"is_superuser": kind is None,
                 "is_staff": kind is None or kind in Role.REGION_LEVEL or kind in Role.ADMIN_KINDS,
                 "is_active": True}
        password = PASSWORD.format(role=username)
        if any(getattr(user, k) != v for k, v in flags.items()) or not user.check_password(password):
            for name, value in flags.items():
                setattr(user, name, value)
            user.set_password(password)
            user.save()
        if kind is None:
            Role.objects.filter(user=user).delete()
        else:
            fields = {"kind": kind, "region": None, "organisation": None, "member": None, **scope}
            role = Role.objects.filter(user=user).first() or Role(user=user)
            for name, value in fields.items():
                setattr(role, name, value)
            role.full_clean()
            role.save()
        account_actions.make_demo_account(user)
        if kind == Role.Kind.ORGANISATION:
            notify_returned_reports(user, targets["organisation"])
        role_label = _("Superuser") if kind is None else Role.Kind(kind).label
        accounts.append(DemoAccount(username, password, str(role_label), label))
    return accounts
