"""How an account is named to people: its holder's name, never a login name unless nothing else is known."""

import re

from django.core.exceptions import ObjectDoesNotExist
from django.utils.translation import gettext as _

_CJK = re.compile(r"[\u3400-\u9fff]")


def display_name(user) -> str:
    """The account's full name (family name first when written in Chinese: 张三, not 三 张); else the member's name
    for a member's account; else what the role holds ("白沙镇 account", "System administrator"); else, for an
    account with no name and no role, its login name. "" for no account."""
    if user is None or not getattr(user, "is_authenticated", False):
        return ""
    first, last = (user.first_name or "").strip(), (user.last_name or "").strip()
    if first or last:
        return last + first if _CJK.search(first + last) else " ".join(p for p in (first, last) if p)
    try:
        role = user.role
    except ObjectDoesNotExist:
        return user.get_username()
    if role.member_id:
        return role.member.name
    target = role.region or role.organisation
    if target is not None:
        return _("%(name)s account") % {"name": target.name}
    return str(role.get_kind_display())
