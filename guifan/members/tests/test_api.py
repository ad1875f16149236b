"""The member API: masked personal data only, scoped; found by full ID number through the keyed hash, by POST only."""

from guifan.core import idcard


def test_members_are_masked_and_scoped(client, users, two_counties):
    client.force_login(users["county"])
    data = client.get("/api/members/").json()
    assert data["count"] == 4
    row = data["results"][0]
    member = next(m for m in two_counties["yangshuo"]["members"] if m.pk == row["id"])
    assert row["id_number_masked"] == member.id_number_masked and row["phone_masked"] == member.phone_masked
    text = str(data)
    assert member.reveal_id_number() not in text and member.reveal_phone() not in text
    # Of the birth date, year and month only: it is all that is stored.
    assert "birth_date" not in row and not any(k.endswith(("_encrypted", "_hash")) for k in row)
    assert row["birth_month"] == f"{member.birth_month:%Y-%m}"
    birth = idcard.birth_date_of(member.reveal_id_number())
    assert f"{birth:%Y%m%d}" not in text and birth.isoformat() not in text


def test_query_string_never_matches_a_full_id_number(client, users, two_counties):
    client.force_login(users["county"])
    inside = two_counties["yangshuo"]["members"][1]
    assert client.get("/api/members/", {"q": inside.reveal_id_number()}).json()["count"] == 0
    assert client.get("/api/members/", {"q": inside.name}).json()["count"] == 1


def test_find_by_full_id_number_in_the_body_stays_in_scope(client, users, two_counties):
    client.force_login(users["county"])
    inside = two_counties["yangshuo"]["members"][1]
    outside = two_counties["lingui"]["members"][1]
    response = client.post("/api/members/find/", {"id_number": inside.reveal_id_number().lower()},
                           content_type="application/json")
    assert response.status_code == 200 and response.json()["id"] == inside.pk
    assert inside.reveal_id_number() not in response.content.decode()
    response = client.post("/api/members/find/", {"id_number": outside.reveal_id_number()},
                           content_type="application/json")
    assert response.status_code == 404 and outside.name not in response.content.decode()
    response = client.post("/api/members/find/", {"id_number": "12345"}, content_type="application/json")
    assert response.status_code == 400 and "id_number" in response.json()
    assert client.get("/api/members/find/").status_code == 405
    assert client.get(f"/api/members/{outside.pk}/").status_code == 404


def test_member_role_sees_only_themselves(client, users, two_counties):
    client.force_login(users["member"])
    assert [m["id"] for m in client.get("/api/members/").json()["results"]] == [users["member"].role.member_id]


def test_organisation_filter_takes_the_subtree(client, users, two_counties):
    client.force_login(users["city"])
    committee = two_counties["lingui"]["committee"]
    assert client.get("/api/members/", {"organisation": committee.pk}).json()["count"] == 4
