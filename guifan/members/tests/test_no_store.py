"""Pages, exports and API answers with personal data are never kept by a browser or proxy cache."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("where", ["list", "detail", "export", "api list", "api detail", "find"])
def test_sensitive_responses_say_no_store(client, users, two_counties, where):
    member = two_counties["yangshuo"]["members"][0]
    url = {"list": reverse("members:list"), "detail": reverse("members:detail", args=[member.pk]),
           "export": reverse("spreadsheets:export", args=["members"]), "api list": "/api/members/",
           "api detail": f"/api/members/{member.pk}/", "find": reverse("members:find")}[where]
    client.force_login(users["county"])
    response = client.get(url)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert response["Pragma"] == "no-cache"


def test_the_api_with_a_token_says_no_store_too(client, users, two_counties):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(users["county"])
    response = api.get("/api/members/")
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
