"""`{% page_query param number %}`: the current query string with one page parameter set, for pages that show more
than one paginated list (each list keeps its own parameter)."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def page_query(context, param: str, number: int) -> str:
    query = context["request"].GET.copy()
    query[param] = number
    return "?" + query.urlencode()
