"""The region API lists the divisions of the user's region."""


def test_county_sees_its_own_divisions(client, users, two_counties):
    client.force_login(users["county"])
    codes = {r["code"] for r in client.get("/api/regions/", {"limit": 500}).json()["results"]}
    assert "450321" in codes and "450321100" in codes
    assert all(c.startswith("450321") for c in codes)
    data = client.get("/api/regions/", {"code": "450321100"}).json()["results"]
    assert data[0]["parent"] == "450321" and data[0]["level"] == "township"
