"""Pages of every API list: `limit` is clamped to MAX_LIMIT and `offset` to the list's end, so that no value of
either (huge, negative, not a number) reaches the database or answers 500."""

from django.conf import settings
from rest_framework.pagination import LimitOffsetPagination


class ClampedLimitOffsetPagination(LimitOffsetPagination):
    """limit: 1..max_limit (a larger one gives max_limit, an invalid one the default page size); offset: 0 up."""

    @property
    def max_limit(self):
        return int(getattr(settings, "API_MAX_PAGE_SIZE", 500))

    def get_limit(self, request):
        number = _whole_number(request.query_params.get(self.limit_query_param))
        return min(number or self.default_limit, self.max_limit)

    def get_offset(self, request):
        # Past the end the page is empty anyway (the base class answers [] before slicing): no huge number in SQL.
        return min(_whole_number(request.query_params.get(self.offset_query_param)) or 0, 2**62)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.limit_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1, "maximum": self.max_limit}
                parameter["description"] = (f"Rows per page (default {self.default_limit}, at most {self.max_limit}; "
                                            "a larger value gives the maximum).")
            elif parameter["name"] == self.offset_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 0}
        return parameters


def _whole_number(raw: str | None) -> int | None:
    """A non-negative whole number written in ASCII digits (any length: a long one is simply large), else None."""
    raw = (raw or "").strip()
    if not (raw.isascii() and raw.isdigit()):
        return None
    return int(raw) if len(raw) <= 18 else 10**18
