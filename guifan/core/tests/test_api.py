"""The change-log API, and the OpenAPI schema and its documentation page."""

from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema

from guifan.members import actions as member_actions


def test_change_log_is_scoped(client, users, two_counties):
    for key in ("yangshuo", "lingui"):
        member_actions.update_member(two_counties[key]["members"][0], {"status": "flowing"}, user=users["admin"])
    client.force_login(users["county"])
    rows = client.get("/api/change-log/").json()["results"]
    assert [r["object_repr"].split(" ")[0] for r in rows] == ["yangshuo党员0"]
    assert rows[0]["user"] == "admin" and rows[0]["after"] == {"status": "flowing"}


def test_schema_is_valid_and_documented(client, users):
    schema = SchemaGenerator().get_schema(request=None, public=True)
    validate_schema(schema)
    assert {"/api/organisations/", "/api/members/{id}/", "/api/change-log/"} <= set(schema["paths"])
    client.force_login(users["county"])
    assert client.get("/api/schema/").status_code == 200
    docs = client.get("/api/docs/")  # the page loads its script as a file (CSP), and the script names the schema
    assert docs.status_code == 200 and b'<script src="/api/docs/?script="></script>' in docs.content
    assert b"/api/schema/" in client.get("/api/docs/?script=").content
