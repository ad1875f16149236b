"""The pages of the weak and lax list, through the scope: the county confirms, the organisation posts evidence, the
county signs off on a reassessment; the city sees the counts; outside the scope is a 404."""

import io

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from guifan import testing as t
from guifan.rectification import actions
from guifan.rectification.models import Listing

from .conftest import YEAR, stored_run

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


def _client(user):
    c = t.Client()
    c.force_login(user)
    return c


def _counts(client, **params):
    html = client.get(reverse("rectification:index"), {"year": YEAR, **params}).content.decode()
    return html


def test_walk_through_the_pages(listed, users, pack_version):
    actions.propose_from_run(listed["run"])
    listing = Listing.objects.get()
    county, org, city = _client(users["county"]), _client(users["organisation"]), _client(users["city"])
    assert 'data-count="proposed">1<' in _counts(city)
    org.post(reverse("rectification:confirm", args=[listing.pk]),
                 {"responsible_leader": "李县长", "first_secretary": "王书记"}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    listing.refresh_from_db()
    assert listing.state == Listing.State.PROPOSED  # an organisation may not confirm
    county.post(reverse("rectification:confirm", args=[listing.pk]),
                {"responsible_leader": "李县长", "first_secretary": "王书记"})
    listing.refresh_from_db()
    assert listing.state == Listing.State.CONFIRMED and listing.tasks.count() == 2
    page = org.get(reverse("rectification:detail", args=[listing.pk]))
    assert page.status_code == 200 and "王书记" in page.content.decode()
    task = listing.tasks.first()
    org.post(reverse("rectification:close", args=[task.pk]))
    task.refresh_from_db()
    assert task.closed_at is None
    org.post(reverse("rectification:upload", args=[task.pk]), {"file": SimpleUploadedFile("p.png", PNG)})
    item = task.files.get()
    assert org.get(reverse("rectification:file", args=[item.pk])).status_code == 200
    org.post(reverse("rectification:close", args=[task.pk]))
    task.refresh_from_db()
    assert task.closed_at is not None
    org.post(reverse("rectification:progress", args=[listing.pk]), {"text": "召开了党员大会"})
    assert listing.reports.count() == 1
    assert 'data-count="in_progress">1<' in _counts(city)
    stored_run(pack_version, {listed["org_y"]: (3, {})})
    county.post(reverse("rectification:sign_off", args=[listing.pk]))
    listing.refresh_from_db()
    assert listing.state == Listing.State.SIGNED_OFF
    assert 'data-count="signed_off">1<' in _counts(city)


def test_outside_the_scope_is_a_404(listed, users):
    actions.propose_from_run(listed["run"])
    other = actions.name_by_hand(listed["org_l"], YEAR, reason="2017年直评联考后进")
    county = _client(users["county"])
    assert county.get(reverse("rectification:detail", args=[other.pk])).status_code == 404
    assert county.get(reverse("rectification:index"), {"region": "450312"}).status_code == 404
    assert listed["org_l"].name not in _counts(county)


def test_naming_by_hand_and_the_export(listed, users):
    county = _client(users["county"])
    r = county.post(reverse("rectification:name") + f"?year={YEAR}",
                    {"code": listed["yangshuo"]["branch"].code, "reason": "2017年直评联考后进"})
    assert r.status_code == 302 and Listing.objects.filter(source=Listing.Source.NAMED).count() == 1
    county.post(reverse("rectification:name") + f"?year={YEAR}",
                {"code": listed["yangshuo"]["branch"].code, "reason": "again"})
    assert Listing.objects.count() == 1
    # another county's organisation cannot be named
    county.post(reverse("rectification:name") + f"?year={YEAR}", {"code": listed["org_l"].code, "reason": "x"})
    assert Listing.objects.count() == 1
    r = county.get(reverse("rectification:export"), {"year": YEAR})
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(r.streaming_content))).active
    assert [c.value for c in sheet[2]][:2] == [listed["yangshuo"]["branch"].code, listed["yangshuo"]["branch"].name]
    from guifan.core.models import SecurityEvent

    assert SecurityEvent.objects.filter(event="export", detail__sheet="rectification").exists()


def test_the_city_proposes_the_list_as_a_job_and_a_county_at_once(listed, users, monkeypatch,
                                                                  django_capture_on_commit_callbacks):
    """The city's results take seconds to read: its proposal is a background job with progress, whose page links
    back to the list with the count; a county's is answered at once."""
    from guifan.core.models import Job
    from guifan.rectification import jobs

    monkeypatch.setattr(jobs, "INLINE_ORGANISATIONS", 4)  # the sample's two counties hold 6 organisations
    url = reverse("rectification:propose")
    city = _client(users["city"])
    with django_capture_on_commit_callbacks(execute=True):
        response = city.post(url, {"year": YEAR})
    job = Job.objects.get()
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])
    job.refresh_from_db()
    assert job.state == Job.State.DONE and job.params["proposed"] == 1 and job.total == 2  # two results read
    assert list(Listing.objects.values_list("organisation", flat=True)) == [listed["org_y"].pk]
    page = city.get(reverse("jobs:detail", args=[job.pk]), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "已列入1个党组织：查看名单" in page and f"{reverse('rectification:index')}?year={YEAR}" in page
    response = _client(users["county"]).post(url, {"year": YEAR})
    assert response.status_code == 302 and Job.objects.count() == 1 and Listing.objects.count() == 1
