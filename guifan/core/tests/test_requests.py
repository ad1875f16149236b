"""The request helpers every app's pages share (guifan.core.requests)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.test import RequestFactory

from guifan.core.requests import organisation_by_code, region_param, require_edit, show_refusal, year_param


class FakeScope:
    def __init__(self, regions, root, can_edit=True):
        self._regions, self.root_region, self.can_edit = regions, root, can_edit

    def regions(self):
        return self

    organisations = regions

    def filter(self, code):
        self._found = [r for r in self._regions if r == code]
        return self

    def first(self):
        return self._found[0] if self._found else None


@pytest.mark.parametrize("query, expected", [("year=2018", 2018), ("year=1989", 2024), ("year=x", 2024), ("", 2024),
                                             ("year=2100", 2100), ("year=2101", 2024)])
def test_year_param_takes_a_year_or_the_default(query, expected):
    assert year_param(RequestFactory().get(f"/?{query}"), lambda: 2024) == expected


def test_year_param_reads_the_posted_year_and_a_plain_default():
    assert year_param(RequestFactory().post("/", {"year": "2017"})) == 2017
    assert year_param(RequestFactory().get("/")) is None
    assert year_param(RequestFactory().get("/"), 2019) == 2019


def test_region_param_stays_within_the_scope():
    request = RequestFactory().get("/?region=450321")
    request.scope = FakeScope(["450321"], root="450300")
    assert region_param(request) == "450321"
    request = RequestFactory().get("/?region=450312")
    request.scope = FakeScope(["450321"], root="450321")
    with pytest.raises(Http404):
        region_param(request)
    request = RequestFactory().get("/")
    request.scope = FakeScope([], root="450321")
    assert region_param(request) == "450321"


def test_require_edit_and_show_refusal():
    request = RequestFactory().post("/")
    request.scope = FakeScope([], root=None, can_edit=False)
    with pytest.raises(PermissionDenied):
        require_edit(request)
    shown = []
    request._messages = type("M", (), {"add": lambda self, level, message, extra_tags="": shown.append(message)})()
    show_refusal(request, ValidationError(["第一条", "第二条"]))
    assert shown == ["第一条", "第二条"]


def test_organisation_by_code_finds_it_in_the_scope_or_says_why_not():
    shown = []
    request = RequestFactory().post("/")
    request._messages = type("M", (), {"add": lambda self, level, message, extra_tags="": shown.append(message)})()
    request.scope = FakeScope(["O000007"], root=None)
    assert organisation_by_code(request, "  O000007 ") == "O000007" and shown == []
    assert organisation_by_code(request, "O000008") is None
    assert organisation_by_code(request, "   ") is None
    assert shown == ["您的管辖范围内没有该代码的党组织。"] * 2
