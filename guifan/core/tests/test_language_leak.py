"""A request in one language never changes another user's page (issue 10 item 4): the API schema, written in
English for an English request, used to leave the generated filter labels of the organisation and member lists in
English for everyone until the server restarted."""

import pytest

from guifan.members.filtersets import MemberFilterSet
from guifan.orgs.filtersets import OrganisationFilterSet
from guifan.testing import Client

pytestmark = pytest.mark.django_db


def _client(user, language):
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    return client


def _label(response, name):
    return str(response.context["filterset"].form[name].label)


def test_an_english_schema_request_leaves_the_chinese_lists_in_chinese(users):
    assert _client(users["admin"], "en").get("/api/schema/").status_code == 200
    chinese = _client(users["city"], "zh-hans")
    orgs = chinese.get("/orgs/")
    members = chinese.get("/members/")
    assert _label(orgs, "kind") == "类别" and _label(orgs, "domain") == "领域"
    assert _label(members, "category") == "党员类别" and _label(members, "gender") == "性别"
    english = _client(users["city"], "en").get("/orgs/")
    assert _label(english, "kind") == "Kind"


def test_every_generated_filter_label_is_lazy():
    for filterset in (OrganisationFilterSet, MemberFilterSet):
        for name, made in filterset.base_filters.items():
            assert not isinstance(made.label, str), f"{filterset.__name__}.{name} has a fixed label {made.label!r}"
