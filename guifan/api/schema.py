"""The error answers every operation can give, added to the OpenAPI schema (drf-spectacular documents only the
success of an operation by itself): 401 without a valid token or session, 403 when the role may not, 404 for an
object outside the scope or a malformed id, 400 for a filter value a list refuses."""

DETAIL = {"type": "object", "properties": {"detail": {"type": "string"}}, "required": ["detail"]}
FIELD_ERRORS = {"type": "object", "description": "Field → messages (Chinese by default).",
                "additionalProperties": {"type": "array", "items": {"type": "string"}}}
PAGE_PARAMETERS = {"limit", "offset"}


def _json(ref: str, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": {"$ref": ref}}}}


def document_errors(result, generator, request, public):
    """POSTPROCESSING_HOOKS entry: adds the error answers (without replacing those an operation documents)."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault("ErrorDetail", DETAIL)
    schemas.setdefault("FieldErrors", FIELD_ERRORS)
    detail, fields = "#/components/schemas/ErrorDetail", "#/components/schemas/FieldErrors"
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            if any(requirement for requirement in operation.get("security", [{}])):
                responses.setdefault("401", _json(detail, "No valid token or session."))
                responses.setdefault("403", _json(detail, "Not allowed for your role (or a session without its "
                                                          "CSRF token)."))
            if "{" in path:
                responses.setdefault("404", _json(detail, "Not found, or outside your scope."))
            filters = [p for p in operation.get("parameters", []) if p.get("in") == "query"
                       and p.get("name") not in PAGE_PARAMETERS]
            if filters or method in ("post", "put", "patch"):
                responses.setdefault("400", _json(fields, "A value was refused."))
    return result
