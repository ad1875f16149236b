"""Approving follows a `next` back to a page of this site only; any other address goes to the report page."""

import pytest
from django.urls import reverse

from guifan.facts.actions import get_report, set_values
from guifan.facts.models import FactReport, Period
from guifan.reporting import actions as approval
from guifan.standards.selectors import ensure_shipped_pack_loaded


@pytest.fixture
def submitted(db, users, two_counties):
    ensure_shipped_pack_loaded()
    org = two_counties["yangshuo"]["committee"]
    report = get_report(org, Period.yearly(2018))
    set_values(report, {"democratic_appraisals": 4}, users["organisation"])
    approval.submit(report, users["organisation"])
    return org


@pytest.mark.parametrize("target", ["https://evil.example/phish", "//evil.example/", "javascript:alert(1)"])
def test_approve_ignores_a_next_to_another_site(client, users, submitted, target):
    client.force_login(users["township"])
    response = client.post(reverse("reporting:approve", args=[submitted.pk, "2018"]), {"next": target})
    assert response.status_code == 302
    assert response["Location"] == reverse("reporting:report", args=[submitted.pk, "2018"])
    assert FactReport.objects.get(organisation=submitted).state == "approved"


def test_approve_follows_a_next_on_this_site(client, users, submitted):
    client.force_login(users["township"])
    back = reverse("reporting:completeness", args=["2018", "450321100"])
    response = client.post(reverse("reporting:approve", args=[submitted.pk, "2018"]), {"next": back})
    assert response["Location"] == back
