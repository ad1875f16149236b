"""The change log names the object by content type, the object it belongs to, and the request that made it."""

from django.contrib.contenttypes.models import ContentType

from guifan.core import audit
from guifan.core.models import ChangeLog
from guifan.members.models import Member


def test_entry_has_content_type_related_object_and_request_id(two_counties):
    member = Member.objects.filter(organisation=two_counties["yangshuo"]["branch"]).first()
    with audit.changes_of() as request_id:
        log = audit.record(member, ChangeLog.Action.CREATE)
    assert log.content_type == ContentType.objects.get_for_model(Member)
    assert (log.related_type.model, log.related_id) == ("organisation", str(member.organisation_id))
    assert log.request_id == request_id
    assert audit.record(member, ChangeLog.Action.CREATE).request_id is None  # outside a request or command run


def test_changes_of_one_request_share_its_id(two_counties):
    org = two_counties["yangshuo"]["branch"]
    ids = []
    for _ in range(2):
        with audit.changes_of() as request_id:
            audit.record(org, ChangeLog.Action.UPDATE, before={"name": "x"})
            audit.record(org, ChangeLog.Action.UPDATE, before={"name": "y"})
        assert ChangeLog.objects.filter(request_id=request_id).count() == 2
        ids.append(request_id)
    assert ids[0] != ids[1]


def test_middleware_gives_each_request_an_id(rf):
    from guifan.core.middleware import RequestIdMiddleware

    seen = []
    middleware = RequestIdMiddleware(lambda request: seen.append((request.id, audit.current_request_id())) or "ok")
    middleware(rf.get("/")), middleware(rf.get("/"))
    assert seen[0][0] == seen[0][1] and seen[1][0] == seen[1][1] and seen[0][0] != seen[1][0]
    assert audit.current_request_id() is None
