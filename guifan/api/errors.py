"""The one shape of a refused write: {"errors": {field: [message, …]}, "saved": false}, messages in the user's
language (Chinese by default); nested fields are joined with a dot (values.party_members)."""

from rest_framework import status
from rest_framework.response import Response


def flatten(errors, prefix: str = "") -> dict[str, list[str]]:
    if isinstance(errors, dict):
        flat = {}
        for key, value in errors.items():
            flat.update(flatten(value, f"{prefix}.{key}" if prefix else str(key)))
        return flat
    if isinstance(errors, list | tuple):
        if all(not isinstance(e, dict | list | tuple) for e in errors):
            return {prefix or "non_field_errors": [str(e) for e in errors]}
        flat = {}
        for i, value in enumerate(errors):
            flat.update(flatten(value, f"{prefix}.{i}" if prefix else str(i)))
        return flat
    return {prefix or "non_field_errors": [str(errors)]}


def refused(errors, code: int = status.HTTP_400_BAD_REQUEST) -> Response:
    return Response({"errors": flatten(errors), "saved": False}, status=code)
