"""The sample year's list (guifan.seeding.rectification, laid by demo_figures): in progress, some tasks closed with
evidence, some overdue; run again, it does nothing."""

from guifan.rectification.models import Listing, Task
from guifan.seeding.rectification import seed_rectification

from .conftest import YEAR


def test_the_sample_list_is_in_progress(listed):
    laid = seed_rectification(YEAR, confirm_share=1.0, seed=3)
    assert laid["proposed"] == 1 and laid["confirmed"] == 1
    listing = Listing.objects.get()
    assert listing.state == Listing.State.CONFIRMED and listing.reports.exists() and listing.village_bully
    closed = Task.objects.filter(closed_at__isnull=False)
    assert all(t.files.exists() for t in closed)
    assert seed_rectification(YEAR) == {"proposed": 0}
