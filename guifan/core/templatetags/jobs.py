from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from guifan.core.models import Job

register = template.Library()


@register.simple_tag(takes_context=True)
def jobs_nav(context):
    """The link to the user's exports, with how many finished since they last looked (a job ready is a notice).
    Shown once the user has started a job."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return ""
    mine = Job.objects.filter(user=user)
    if not mine.exists():
        return ""
    ready = mine.filter(seen_at__isnull=True, state__in=Job.FINISHED).count()
    current = mark_safe(' aria-current="page"') if context.get("section") == "jobs" else ""
    url = reverse("jobs:list")
    if ready:
        return format_html('<a href="{}"{}>{} <span class="badge">{}</span></a>', url, current, _("My exports"), ready)
    return format_html('<a href="{}"{}>{}</a>', url, current, _("My exports"))
