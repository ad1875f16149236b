"""Regions in the admin: a county sees its own divisions, read-only; a superuser may correct them."""

from guifan.regions.models import Region


def test_county_sees_its_regions_read_only(client, users, two_counties):
    client.force_login(users["county"])
    body = client.get("/admin/regions/region/").content.decode()
    assert "450321" in body and "450312" not in body
    own = Region.objects.get(code="450321")
    assert client.get(f"/admin/regions/region/{own.pk}/change/").status_code == 200
    assert client.post(f"/admin/regions/region/{own.pk}/change/", {"name": "x"}).status_code == 403
    other = Region.objects.get(code="450312")
    assert client.get(f"/admin/regions/region/{other.pk}/change/").status_code == 302
    assert client.get("/admin/regions/region/add/").status_code == 403


def test_superuser_edits_are_logged(client, users, two_counties):
    from guifan.core.models import ChangeLog

    client.force_login(users["admin"])
    town = Region.objects.get(code="450321100")
    data = {"code": town.code, "name": "阳朔镇（改）", "level": town.level, "parent": town.parent_id,
            "valid_from": "", "valid_to": "", "successor": "", "_save": "1"}
    response = client.post(f"/admin/regions/region/{town.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    log = ChangeLog.objects.get(object_type="regions.region", object_id=str(town.pk))
    assert log.user == users["admin"] and log.source == "admin" and log.after == {"name": "阳朔镇（改）"}
