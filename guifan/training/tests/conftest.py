import datetime as dt

import pytest
from django.utils import translation

from guifan import testing as t
from guifan.training import actions
from guifan.training.models import Course
from tests.browser.conftest import browser  # noqa: F401 (the fixture of test_browser.py)


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted in English (the msgids); the product's default language is Chinese."""
    with translation.override("en"):
        yield


@pytest.fixture
def pack(shipped_pack):
    return shipped_pack.pack()


@pytest.fixture
def training(two_counties, pack):
    """A county library in 阳朔 with a rotation course of 24 hours, a class in 2018 and the village's members
    enrolled."""
    y = two_counties["yangshuo"]
    library = actions.create_library("阳朔县党员教育课程库", region=y["county"])
    course = actions.create_course(library, title="乡村振兴专题轮训", mode=Course.Mode.ROTATION, hours=24, credits=2)
    online = actions.create_course(library, title="网上党课", mode=Course.Mode.ONLINE, hours=20, credits=1)
    klass = actions.create_class(course, title="2018年第一期轮训班", starts_on=dt.date(2018, 3, 1),
                                 ends_on=dt.date(2018, 3, 3), place="阳朔县委党校")
    actions.enrol(klass, y["members"])
    return {"library": library, "course": course, "online": online, "class": klass, **y}


def member_user(member):
    return t.user(f"m{member.pk}", "member", member=member)
