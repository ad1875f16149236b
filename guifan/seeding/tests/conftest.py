"""The tiny sample city, seeded once per test that asks for it (about half a second)."""

import io

import pytest
from django.core.management import call_command


def seed(*args, **options) -> str:
    out = io.StringIO()
    call_command("seed", *args, stdout=out, **options)
    return out.getvalue()


@pytest.fixture
def tiny(db):
    return seed(scale="tiny", seed=1)


@pytest.fixture
def living_year(tiny):
    """The tiny city with 2017 closed and 2018 in its reporting season (guifan.seeding.living), not assessed."""
    from guifan.seeding import living
    from guifan.standards.selectors import ensure_shipped_pack_loaded

    pack = ensure_shipped_pack_loaded().pack()
    for year in (2017, 2018):
        call_command("seed_facts", f"--year={year}", stdout=io.StringIO())
        laid = living.live(pack, year, closed=year == 2017)
    return {"pack": pack, "planted": laid["planted"]}
