"""Header pieces of the reporting app: the Reports link and the unread-notices bell (base.html loads them)."""

from django import template

from guifan.reporting.models import Notice

register = template.Library()


def _unread(context) -> int:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return 0
    if not hasattr(request, "_unread_notices"):
        request._unread_notices = Notice.objects.filter(user=user, read_at__isnull=True).count()
    return request._unread_notices


@register.inclusion_tag("reporting/nav.html", takes_context=True)
def reports_nav(context):
    return {"section": context.get("section")}


@register.inclusion_tag("reporting/bell.html", takes_context=True)
def notices_bell(context):
    """Unread in-app notices of the signed-in user (reminders, returned reports), visible on phones too."""
    return {"unread": _unread(context)}


@register.simple_tag
def history_lines(changes, period):
    """`{% history_lines changes period as lines %}`: a report's value history with fact labels and values in words
    (guifan.reporting.history)."""
    from guifan.reporting.history import lines

    return lines(changes, period)
