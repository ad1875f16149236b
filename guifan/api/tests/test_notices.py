"""A user's own notices through the API, and marking them read."""

from guifan.facts.models import Period
from guifan.reporting.models import Notice


def _notice(user, org, kind=Notice.Kind.REMINDER):
    return Notice.objects.create(user=user, kind=kind, organisation=org, period=Period.yearly(2018))


def test_notices_are_listed_and_marked_read(as_user, users, two_counties):
    org = two_counties["yangshuo"]["committee"]
    first, second = _notice(users["organisation"], org), _notice(users["organisation"], org, Notice.Kind.RETURNED)
    theirs = _notice(users["county"], org)
    c = as_user(users["organisation"])
    listed = c.get("/api/notices/").json()["results"]
    assert {n["id"] for n in listed} == {first.pk, second.pk} and not any(n["read"] for n in listed)
    assert listed[0]["organisation_name"] == org.name and listed[0]["period"] == "2018"
    assert c.get(f"/api/notices/{theirs.pk}/").status_code == 404
    assert c.post(f"/api/notices/{theirs.pk}/read/").status_code == 404
    assert c.post(f"/api/notices/{first.pk}/read/").json() == {"marked": 1}
    first.refresh_from_db()
    assert first.read_at is not None
    assert [n["id"] for n in c.get("/api/notices/?unread=true").json()["results"]] == [second.pk]
    assert c.post("/api/notices/read-all/").json() == {"marked": 1}
    theirs.refresh_from_db()
    assert theirs.read_at is None
