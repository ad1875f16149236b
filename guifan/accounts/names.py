"""How an account is named to people: its holder's name, never a login name unless nothing else is known."""

import re

from django.core.exceptions import ObjectDoesNotExist

_CJK = re.compile(r"[\u3400-\u9fff]")


def display_name(user) -> str:
    """The account's full name (family name first when it is written in Chinese: 张三, not 三 张), else the name of
    the member a member's account belongs to, else the login name. "" for no account."""
    if user is None or not getattr(user, "is_authenticated", False):
        return ""
    first, last = (user.first_name or "").strip(), (user.last_name or "").strip()
    if first or last:
        return last + first if _CJK.search(first + last) else " ".join(p for p in (first, last) if p)
    try:
        member = user.role.member
    except ObjectDoesNotExist:
        member = None
    if member is not None:
        return member.name
    return user.get_username()
