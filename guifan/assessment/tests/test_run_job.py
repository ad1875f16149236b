"""The city's official assessment as a background job (issue 14.1): started from the city's assessment page, its
stages reported as progress, the job's page linking to the results; refused to other levels and to a year without a
standard pack."""

import pytest
from django.urls import reverse

from guifan.assessment import jobs
from guifan.assessment.models import AssessmentRun
from guifan.core.models import Job

pytestmark = pytest.mark.django_db


def test_the_city_starts_the_run_and_the_job_links_to_its_results(client, users, two_counties, shipped_pack,
                                                                    django_capture_on_commit_callbacks):
    client.force_login(users["city"])
    page = client.get(reverse("assessment:region", args=["450300"])).content.decode()
    assert reverse("assessment:run_start") in page and '<option value="2018">' in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("assessment:run_start"), {"year": "2018"})
    job = Job.objects.get(kind=jobs.KIND)
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])
    run = AssessmentRun.objects.get()
    assert run.official and run.year == 2018 and run.user == users["city"]
    assert job.state == Job.State.DONE and job.params["run"] == run.pk and job.rows == run.organisations > 0
    progress = client.get(reverse("jobs:progress", args=[job.pk])).content.decode()
    assert f'{reverse("assessment:region", args=["450300"])}?run={run.pk}' in progress


def test_progress_names_each_stage_as_it_ends(users, two_counties, shipped_pack):
    reported = []

    class Context:
        scope = None
        job = Job(kind=jobs.KIND, title="t", user=users["city"], params={"year": 2018})

        def progress(self, done, total=None, message=None, force=False):
            reported.append((done, total, message))

    from guifan.core import scoping

    context = Context()
    context.scope = scoping.scope_for(users["city"])
    context.job.save()
    jobs.run(context)
    assert [r[0] for r in reported] == [0, 1, 2, 3, 4, 5] and {r[1] for r in reported} == {5}
    assert [str(r[2]) for r in reported[1:]] == [str(jobs.STAGE_LABELS[s]) for s in
                                                 ("pack", "frame", "engine", "rows", "write")]


def test_only_the_city_runs_it_and_only_for_a_year_with_a_pack(client, users, two_counties, shipped_pack):
    client.force_login(users["county"])
    assert reverse("assessment:run_start") not in client.get(
        reverse("assessment:region", args=["450321"])).content.decode()
    assert client.post(reverse("assessment:run_start"), {"year": "2018"}).status_code == 403
    client.force_login(users["city"])
    response = client.post(reverse("assessment:run_start"), {"year": "1999"}, follow=True)
    assert "No standard pack is in effect" in response.content.decode() or "不能测评" in response.content.decode()
    assert not Job.objects.exists() and not AssessmentRun.objects.exists()
