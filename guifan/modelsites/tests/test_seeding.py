"""The sample year's model sites (guifan.seeding.model_sites, laid by `guifan seed_programmes` before the funding):
nominations of the best judged organisations, reviewed, selected within the quotas and published; run again, it
does nothing."""

from guifan.modelsites.models import Nomination, Publication
from guifan.seeding.model_sites import seed_model_sites

from .conftest import YEAR


def test_the_sample_year_shows_nominations_and_a_published_list(sites, monkeypatch):
    from guifan.seeding import model_sites

    params = {**model_sites.sample(), "reviewed_share": 1.0, "rejected_share": 0.0}
    monkeypatch.setattr(model_sites, "sample", lambda: params)
    laid = seed_model_sites(YEAR)
    assert laid == {"nominated": 2, "reviewed": 2, "selected": 2, "published": 2}
    grades = dict(Nomination.objects.values_list("organisation_id", "grade"))
    assert grades == {sites["org_y"].pk: "city", sites["org_l"].pk: "county"}  # five stars, four stars
    assert set(Nomination.objects.values_list("state", flat=True)) == {Nomination.State.PUBLISHED}
    assert Publication.objects.get(year=YEAR).sites == 2
    assert seed_model_sites(YEAR) == {"nominated": 0}
