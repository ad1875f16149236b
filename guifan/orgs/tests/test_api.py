"""The organisation and host-unit API: scoped, filtered with the shared filterset, paginated, read-only."""

from guifan.api import actions as api_actions


def test_anonymous_gets_nothing(client, two_counties):
    r = client.get("/api/organisations/")
    assert r.status_code == 401 and r.headers["WWW-Authenticate"].startswith("Bearer")


def test_county_lists_its_organisations_only(client, users, two_counties):
    client.force_login(users["county"])
    data = client.get("/api/organisations/").json()
    assert data["count"] == 3 and {o["region"] for o in data["results"]} == {"450321100"}
    outside = two_counties["lingui"]["branch"]
    assert client.get(f"/api/organisations/{outside.pk}/").status_code == 404


def test_filters_of_the_shared_filterset(client, users, two_counties):
    yang = two_counties["yangshuo"]
    client.force_login(users["county"])
    assert [o["name"] for o in client.get("/api/organisations/", {"kind": "group"}).json()["results"]] == \
        [yang["group"].name]
    assert client.get("/api/organisations/", {"q": yang["branch"].code}).json()["count"] == 1
    assert client.get("/api/organisations/", {"parent": yang["committee"].pk}).json()["count"] == 2
    assert client.get("/api/organisations/", {"region": "450312"}).json()["count"] == 0
    page = client.get("/api/organisations/", {"limit": 1}).json()
    assert page["count"] == 3 and len(page["results"]) == 1 and page["next"]


def test_read_only(client, users, two_counties):
    client.force_login(users["admin"])
    assert client.post("/api/organisations/", {"name": "x"}).status_code == 405
    branch = two_counties["yangshuo"]["branch"]
    assert client.delete(f"/api/organisations/{branch.pk}/").status_code == 405


def test_host_units_are_scoped(client, users, two_counties):
    client.force_login(users["organisation"])
    assert [u["name"] for u in client.get("/api/host-units/").json()["results"]] == ["yangshuo村"]
    client.force_login(users["city"])
    assert client.get("/api/host-units/").json()["count"] == 2


def test_a_device_token_gets_the_same_scope(client, users, two_counties):
    _token, key = api_actions.issue_token(users["county"], "phone")
    data = client.get("/api/organisations/", HTTP_AUTHORIZATION=f"Bearer {key}").json()
    assert data["count"] == 3
