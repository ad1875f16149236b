"""`{{ user|display_name }}`: a person's name where a page names the signed-in user or who did something."""

from django import template

from guifan.core.names import display_name as _display_name

register = template.Library()


@register.filter
def display_name(user) -> str:
    return _display_name(user)
