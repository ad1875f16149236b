"""Every list is paged: a huge, negative or invalid `limit` or `offset` is clamped, never a server error."""

import pytest


@pytest.mark.parametrize("query", ["limit=44645221299921526784", "limit=100000", "limit=-3", "limit=abc",
                                   "limit=1e9", "offset=44645221299921526784", "offset=-1", "limit=%00", "limit=٣"])
def test_page_parameters_never_give_a_server_error(as_user, users, query):
    for url in ("/api/members/", "/api/regions/", "/api/organisations/", "/api/host-units/", "/api/change-log/",
                "/api/notices/", "/api/auth/tokens/"):
        r = as_user(users["city"]).get(f"{url}?{query}")
        assert r.status_code == 200, (url, query)


def test_the_page_size_is_capped(as_user, users, settings):
    settings.API_MAX_PAGE_SIZE = 3
    c = as_user(users["city"])
    page = c.get("/api/members/?limit=100000").json()
    assert page["count"] == 8 and len(page["results"]) == 3
    assert len(c.get("/api/members/?limit=2").json()["results"]) == 2
    assert len(c.get("/api/members/?limit=abc").json()["results"]) == 3  # the default page, capped too
    assert c.get("/api/members/?offset=44645221299921526784").json()["results"] == []
