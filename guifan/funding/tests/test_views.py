"""The funding and rating pages: scoped, the step as a POST, the explanation, the workbook, the what-if."""

import pytest
from django.urls import reverse

from guifan.funding import actions
from guifan.funding.models import FundingResult, FundingRun
from guifan.rating.models import Rating
from guifan.rating.tests.helpers import official_run

pytestmark = pytest.mark.django_db


@pytest.fixture
def funded(shipped_pack, two_counties):
    y, ling = two_counties["yangshuo"], two_counties["lingui"]
    official_run(shipped_pack, 2018, {y["committee"]: 5, y["branch"]: 4, ling["committee"]: 1},
                 rectification={ling["committee"]})
    return actions.compute_funding(2018)


def test_pages_for_the_township(client, funded, two_counties, users):
    y, ling = two_counties["yangshuo"], two_counties["lingui"]
    client.force_login(users["township"])
    page = client.get(reverse("funding:region", args=[y["township"].code]))
    assert page.status_code == 200 and y["committee"].name in page.content.decode()
    assert client.get(reverse("funding:region", args=[ling["township"].code])).status_code == 404
    page = client.get(reverse("funding:organisation", args=[y["committee"].pk]))
    text = page.content.decode()
    assert "90,000.00" in text or "90000.00" in text
    assert client.get(reverse("funding:organisation", args=[ling["committee"].pk])).status_code == 404
    book = client.get(reverse("funding:export", args=[y["township"].code]))
    assert book.status_code == 200 and book.content[:2] == b"PK"


def test_whatif_is_not_stored(client, funded, users):
    client.force_login(users["city"])
    before = FundingResult.objects.count(), FundingRun.objects.count()
    params = {"year": 2018, "stars_1": 0, "stars_2": 5000, "stars_3": 10000, "stars_4": 15000, "stars_5": 50000,
              "model_site": 10000, "rectification": 10000, "yearly_increase": "0.05", "city_share": "0.4"}
    page = client.get(reverse("funding:whatif"), params)
    assert page.status_code == 200 and "compare" in page.context
    assert page.context["compare"]["total"][2] == 30000  # one five-star village
    assert (FundingResult.objects.count(), FundingRun.objects.count()) == before


def test_rating_step_through_the_page(client, funded, two_counties, users):
    y = two_counties["yangshuo"]
    client.force_login(users["township"])
    url = reverse("rating:region", args=[y["township"].code])
    page = client.get(url, {"year": 2018}).content.decode()
    assert "propose" in page
    # before the first step the assessed levels are offered for change, nothing written yet
    assert f'name="stars_{y["branch"].pk}"' in page and not Rating.objects.exists()
    client.post(reverse("rating:step", args=[y["township"].code]),
                {"year": 2018, "step": "propose", f"stars_{y['branch'].pk}": 2, f"was_{y['branch'].pk}": 4,
                 f"reason_{y['branch'].pk}": ""})
    assert not Rating.objects.exists()  # a change without a reason: refused, nothing written
    client.post(reverse("rating:step", args=[y["township"].code]),
                {"year": 2018, "step": "propose", f"stars_{y['branch'].pk}": 2, f"was_{y['branch'].pk}": 4,
                 f"reason_{y['branch'].pk}": "党员大会未按期召开"})
    assert Rating.objects.get(organisation=y["branch"]).stars == 2
    assert client.get(reverse("rating:organisation", args=[y["branch"].pk])).status_code == 200
    assert client.get(reverse("rating:export", args=[y["township"].code]), {"year": 2018}).content[:2] == b"PK"
    client.force_login(users["county"])
    assert "confirm" in client.get(reverse("rating:region", args=[y["county"].code]), {"year": 2018}
                                   ).content.decode()


def _queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_the_region_page_reads_a_fixed_number_of_queries(client, shipped_pack, two_counties, users):
    """The funding page of a county reads the stored results: more funded villages, not more queries."""
    from guifan import testing as t
    from guifan.orgs.models import HostUnit, Organisation

    y, ling = two_counties["yangshuo"], two_counties["lingui"]
    url = reverse("funding:region", args=[y["county"].code])
    client.force_login(users["city"])
    official_run(shipped_pack, 2018, {y["committee"]: 5, y["branch"]: 4, ling["committee"]: 1})
    actions.compute_funding(2018)
    few = _queries(client, url)
    stars = {y["committee"]: 5, y["branch"]: 4, ling["committee"]: 1}
    for number in range(12):
        village = t.host_unit(y["township"].code, HostUnit.Kind.ADMIN_VILLAGE, name=f"第{number}村")
        stars[t.organisation(village, Organisation.Kind.BRANCH)] = 1 + number % 5
    official_run(shipped_pack, 2018, stars)
    actions.compute_funding(2018)
    assert FundingResult.objects.filter(run__year=2018).count() > 12
    assert _queries(client, url) == few
