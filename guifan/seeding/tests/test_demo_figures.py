"""make demo opens on real verdicts (issue 3 item 8): pack, 2017 and 2018 figures, one official run per year."""

from io import StringIO

from django.core.management import call_command

from guifan.assessment.frame import build_frame
from guifan.assessment.models import AssessmentRun, OrganisationResult
from guifan.facts.models import FactChange, FactReport


def test_demo_figures_assesses_both_years_once(tiny):
    call_command("demo_figures", stdout=StringIO())
    runs = AssessmentRun.objects.filter(official=True)
    assert sorted(runs.values_list("year", flat=True)) == [2017, 2018]
    assert OrganisationResult.objects.filter(run__year=2018).exists()
    assert FactReport.objects.filter(period__year=2018, state=FactReport.State.APPROVED).exists()
    reports, changes = FactReport.objects.count(), FactChange.objects.count()
    call_command("demo_figures", stdout=StringIO())
    assert AssessmentRun.objects.count() == 2
    assert (FactReport.objects.count(), FactChange.objects.count()) == (reports, changes)


def test_the_second_year_reads_the_first_years_stars(tiny):
    call_command("demo_figures", stdout=StringIO())
    first = dict(OrganisationResult.objects.filter(run__year=2017).values_list("organisation_id", "stars"))
    run = AssessmentRun.objects.get(year=2018)
    rows = {r["id"]: r for r in build_frame(run.pack_version.pack(), 2018).to_dicts()}
    judged = [pk for pk in first if f"org-{pk}" in rows]
    assert judged
    for pk in judged:
        assert rows[f"org-{pk}"]["stars_previous_year"] == first[pk]
