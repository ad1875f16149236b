import pytest
from django.urls import reverse
from django.utils import translation

from guifan.facts.models import Period
from guifan.standards.selectors import ensure_shipped_pack_loaded


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted in English (the msgids); the product's default language is Chinese."""
    with translation.override("en"):
        yield


@pytest.fixture
def pack(db):
    """The shipped Guilin 2018 pack, loaded."""
    return ensure_shipped_pack_loaded().pack()


@pytest.fixture
def setup(two_counties, users, pack):
    """The 2018 yearly report form of 阳朔's village committee."""
    period = Period.yearly(2018)
    org = two_counties["yangshuo"]["committee"]
    return {"period": period, "org": org, "url": reverse("reporting:report", args=[org.pk, "2018"])}
