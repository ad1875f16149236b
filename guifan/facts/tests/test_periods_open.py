"""Periods are stored when their pack is loaded; pages read them and never create one (issue 8: GET never writes)."""

from django.urls import reverse

from guifan.facts.models import Period
from guifan.standards.selectors import ensure_shipped_pack_loaded


def test_loading_a_pack_opens_every_period_of_its_years(db):
    assert not Period.objects.exists()
    pack = ensure_shipped_pack_loaded().pack()
    codes = set(Period.objects.values_list("code", flat=True))
    assert {"2018", "2018Q1", "2018Q4", "201801", "201812"} <= codes
    assert len(codes) == 1 + 4 + 12 and set(pack.frequencies) == {"yearly", "quarterly", "monthly"}


def test_a_page_of_a_period_not_stored_is_404_and_creates_nothing(client, two_counties, users):
    ensure_shipped_pack_loaded()
    org = two_counties["yangshuo"]["committee"]
    client.force_login(users["organisation"])
    before = Period.objects.count()
    assert client.get(reverse("reporting:report", args=[org.pk, "2019Q1"])).status_code == 404
    assert client.get(reverse("reporting:report", args=[org.pk, "2018Q1"])).status_code == 200
    assert Period.objects.count() == before
