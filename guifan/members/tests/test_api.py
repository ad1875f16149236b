"""The member API: masked personal data only, scoped, searchable by full ID number through the keyed hash."""


def test_members_are_masked_and_scoped(client, users, two_counties):
    client.force_login(users["county"])
    data = client.get("/api/members/").json()
    assert data["count"] == 4
    row = data["results"][0]
    member = next(m for m in two_counties["yangshuo"]["members"] if m.pk == row["id"])
    assert row["id_number_masked"] == member.id_number_masked and row["phone_masked"] == member.phone_masked
    text = str(data)
    assert member.reveal_id_number() not in text and member.reveal_phone() not in text
    # With the masked number, a birth date would give the whole ID number back.
    assert "birth_date" not in row and not any(k.endswith(("_encrypted", "_hash")) for k in row)


def test_search_by_full_id_number_stays_in_scope(client, users, two_counties):
    client.force_login(users["county"])
    inside = two_counties["yangshuo"]["members"][1]
    outside = two_counties["lingui"]["members"][1]
    assert [m["id"] for m in client.get("/api/members/", {"q": inside.reveal_id_number()}).json()["results"]] == \
        [inside.pk]
    assert client.get("/api/members/", {"q": outside.reveal_id_number()}).json()["count"] == 0
    assert client.get(f"/api/members/{outside.pk}/").status_code == 404


def test_member_role_sees_only_themselves(client, users, two_counties):
    client.force_login(users["member"])
    assert [m["id"] for m in client.get("/api/members/").json()["results"]] == [users["member"].role.member_id]


def test_organisation_filter_takes_the_subtree(client, users, two_counties):
    client.force_login(users["city"])
    committee = two_counties["lingui"]["committee"]
    assert client.get("/api/members/", {"organisation": committee.pk}).json()["count"] == 4
