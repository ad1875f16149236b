"""The OpenAPI schema against the API itself: schemathesis generates requests for every operation from the schema,
in process through the WSGI application, authenticated with a device token of each role; no answer is a server
error, none breaks its documented schema. Deterministic (derandomized) and small: a few examples per operation."""

import datetime as dt
from collections import Counter

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from guifan.api import actions
from guifan.core.models import ChangeLog
from guifan.facts.models import Period
from guifan.meetings import actions as meeting_actions
from guifan.members import actions as member_actions
from guifan.reporting.models import Notice

ROLES = ["city", "county", "township", "organisation", "member"]
EXAMPLES = 10
CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance, content_type_conformance]


@pytest.fixture
def wsgi_app():
    """The application, called in the test's own transaction: Django's test client does the same (it keeps the
    connection open across requests instead of closing it at the end of each)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield WSGIHandler()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def data(users, two_counties, shipped_pack):
    """A token per role, a spare token per role (the one DELETE may revoke), a notice, a change-log row, and the
    ids of real objects: generated ids alone would almost only meet 404s."""
    y = two_counties["yangshuo"]
    period = Period.yearly(2018)
    notice = Notice.objects.create(user=users["organisation"], kind=Notice.Kind.REMINDER, organisation=y["committee"],
                                   period=period)
    member_actions.update_member(y["members"][1], {"status": "flowing"}, user=users["admin"])
    meeting = meeting_actions.record_meeting(
        y["branch"], kind="member_meeting", held_on=dt.date(2018, 3, 9), topic="学习党章", host="书记", minutes="记录",
        attendance={m.pk: ("present", "") for m in y["members"]}, user=users["organisation"])
    known = {"regions": y["county"].pk, "host-units": y["village"].pk, "organisations": y["committee"].pk,
             "members": y["members"][0].pk, "change-log": ChangeLog.objects.latest("pk").pk, "notices": notice.pk,
             "reports": {"org_pk": y["committee"].pk, "period": period.code}, "meetings": meeting.pk}
    roles = {}
    for role in ROLES:
        spare, _key = actions.issue_token(users[role], f"{role} spare")
        roles[role] = {"key": actions.issue_token(users[role], f"{role} phone")[1],
                       "known": {**known, "auth": spare.pk}}
    return roles


def _with_known_ids(case, known):
    """The generated case with its path parameters set to objects that exist (query and body stay generated)."""
    section = case.operation.path.strip("/").split("/")[1]
    ids = known[section]
    names = [p.name for p in case.operation.path_parameters]
    case.path_parameters = dict(ids) if isinstance(ids, dict) else dict.fromkeys(names, ids)
    return case


def _run(operation, headers, known, answered):
    strategy = operation.as_strategy()
    if operation.path_parameters:
        strategy = strategy | strategy.map(lambda case: _with_known_ids(case, known))

    @settings(max_examples=EXAMPLES, derandomize=True, database=None, deadline=None,
              suppress_health_check=list(HealthCheck))
    @given(case=strategy)
    def check(case):
        response = case.call_and_validate(headers=headers, checks=CHECKS)
        answered[(operation.label, response.status_code)] += 1

    check()


@pytest.mark.django_db(transaction=False)
def test_every_operation_answers_as_documented_for_every_role(wsgi_app, data):
    schema = schemathesis.openapi.from_wsgi("/api/schema/", wsgi_app,
                                            headers={"Authorization": f"Bearer {data['city']['key']}"})
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 20
    answered = Counter()
    for role in ROLES:
        for operation in operations:
            _run(operation, {"Authorization": f"Bearer {data[role]['key']}"}, data[role]["known"], answered)
    print("\n".join(f"{label} {code}: {n}" for (label, code), n in sorted(answered.items())))
    # The known ids reach real objects: every detail operation answered 200 at least once.
    details = {op.label for op in operations if op.path_parameters and op.method.upper() == "GET"}
    assert details <= {label for (label, code) in answered if code == 200}
