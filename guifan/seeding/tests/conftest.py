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
