"""The FilterSet every list's filters derive from."""

import django_filters
from django.utils.text import capfirst


class FilterSet(django_filters.FilterSet):
    """Filters generated from `Meta.fields` get their model field's verbose name as a lazy label.

    django-filter otherwise writes the label as text the first time it is read, in the language active at that
    moment, and keeps it on the class's own filters: one request to /api/schema/ (drf-spectacular reads those) in
    English left the organisation and member filters in English for every user until the server restarted."""

    @classmethod
    def filter_for_field(cls, field, field_name, lookup_expr=None):
        made = super().filter_for_field(field, field_name, lookup_expr)
        if made._label is None and made.lookup_expr == "exact" and getattr(field, "verbose_name", None):
            made.label = capfirst(field.verbose_name)
        return made
