"""Security events: each kind recorded with its user, address and result; the scoped security-log page."""

import pytest
from django.urls import reverse

from guifan import testing as t
from guifan.accounts.security_events import locked_out
from guifan.accounts.signals import password_changed
from guifan.core import audit, security_log
from guifan.core.models import SecurityEvent, SensitiveAccess


def _last(event):
    return SecurityEvent.objects.filter(event=event).order_by("-seq").first()


def test_login_failure_and_logout_are_recorded_with_the_address(client, users):
    client.post(reverse("login"), {"username": "county", "password": "wrong"}, REMOTE_ADDR="10.1.2.3")
    failed = _last("login")
    assert (failed.result, failed.username, failed.ip) == ("failure", "county", "10.1.2.3")
    client.post(reverse("login"), {"username": "county", "password": "pw-county"}, REMOTE_ADDR="10.1.2.4")
    ok = _last("login")
    assert (ok.result, ok.user, ok.ip, ok.actor_kind) == ("success", users["county"], "10.1.2.4", "county")
    client.post(reverse("logout"))
    assert _last("logout").username == "county"


def test_a_failed_login_with_an_id_number_as_name_keeps_no_number(client, users, two_counties):
    number = two_counties["yangshuo"]["members"][0].reveal_id_number()
    client.post(reverse("login"), {"username": number, "password": "x"})
    assert number not in _last("login").username


def test_the_proxy_header_only_when_configured(rf, settings, users):
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 5.6.7.8")
    assert security_log.client_ip(request) == "10.0.0.1"
    settings.AUDIT_CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    assert security_log.client_ip(request) == "5.6.7.8"


def test_lockout_and_password_change_are_recorded(rf, users):
    request = rf.post("/login/", REMOTE_ADDR="10.9.9.9")
    locked_out(sender=None, request=request, username="township", ip_address="10.9.9.9")
    event = _last("lockout")
    assert (event.result, event.user, event.ip) == ("denied", users["township"], "10.9.9.9")
    password_changed.send(sender=None, user=users["township"], request=request)
    assert (_last("password_change").user, _last("password_change").result) == (users["township"], "success")


def test_detail_never_keeps_an_id_number_or_phone(users):
    event = security_log.record("export", user=users["county"],
                                detail={"q": "450321198005171234", "note": "电话13812345678"})
    assert event.detail == {"q": "******************", "note": "电话***********"}


def test_an_export_records_its_row_count(client, users, two_counties):
    client.force_login(users["county"])
    response = client.get(reverse("spreadsheets:export", args=["members"]))
    assert response.status_code == 200
    event = _last("export")
    assert event.detail["rows"] == 4 and event.detail["sheet"] == "members" and event.ip == "127.0.0.1"


def test_an_unmasked_view_needs_a_reason(client, users, two_counties):
    member = two_counties["yangshuo"]["members"][0]
    client.force_login(users["county"])
    response = client.post(reverse("members:reveal", args=[member.pk]), {"reason": "  "})
    assert response.status_code == 400 and member.reveal_id_number() not in response.content.decode()
    assert not SensitiveAccess.objects.exists() and not _last("unmasked_view")
    response = client.post(reverse("members:reveal", args=[member.pk]), {"reason": "核对转接"})
    assert member.reveal_id_number() in response.content.decode()
    assert SensitiveAccess.objects.get().reason == "核对转接"
    event = _last("unmasked_view")
    assert (event.object_id, event.detail["reason"], event.result) == (str(member.pk), "核对转接", "success")


def test_a_denied_access_is_recorded(client, users):
    client.force_login(users["organisation"])
    assert client.get("/admin/accounts/role/").status_code == 403
    event = _last("access_denied")
    assert (event.result, event.username, event.path) == ("denied", "organisation", "/admin/accounts/role/")


def test_api_reads_of_members_are_recorded(client, users, two_counties):
    client.force_login(users["county"])
    client.get("/api/members/")
    event = _last("api_read")
    assert (event.detail["rows"], event.detail["action"], event.result) == (4, "list", "success")
    member = two_counties["yangshuo"]["members"][0]
    client.get(f"/api/members/{member.pk}/")
    assert _last("api_read").detail["action"] == "retrieve"


@pytest.fixture
def events(users, two_counties):
    auditor = t.user("auditor", "audit_admin")
    lingui = t.user("lingui_township", "township", region=two_counties["lingui"]["township"])
    for name in ("city", "county", "township", "organisation", "member"):
        security_log.record("login", user=users[name])
    security_log.record("login", user=lingui)
    security_log.record("login", username="nobody", result="failure")
    return auditor


def _page_users(client, reader, **params):
    client.force_login(reader)
    response = client.get(reverse("core:security"), params)
    assert response.status_code == 200
    return {e.username for e in response.context["page_obj"].object_list}


def test_the_audit_administrator_reads_every_event(client, events):
    seen = _page_users(client, events, event="login")
    assert {"city", "county", "township", "organisation", "member", "lingui_township", "nobody"} <= seen


def test_a_region_reads_the_events_of_the_accounts_below_it(client, users, events):
    assert _page_users(client, users["county"], event="login") == {"township", "organisation", "member"}
    assert _page_users(client, users["township"], event="login") == {"organisation", "member"}
    assert _page_users(client, users["organisation"]) == set()
    assert _page_users(client, users["county"], result="failure") == set()


def test_the_page_filters_by_user_and_date(client, events):
    assert _page_users(client, events, event="login", user="lingui") == {"lingui_township"}
    assert _page_users(client, events, event="login", since="2000-01-01", until="2000-01-02") == set()


def test_the_audit_administrator_reads_the_unmasked_view_log(client, users, events, two_counties):
    member = two_counties["yangshuo"]["members"][0]
    audit.record_sensitive_view(users["county"], member, "id_number", reason="核对")
    client.force_login(events)
    assert client.get("/admin/core/sensitiveaccess/").status_code == 200
    client.force_login(users["county"])
    assert client.get("/admin/core/sensitiveaccess/").status_code == 403


def test_a_failed_login_with_an_overlong_name_is_kept_cut_to_the_column(client, db):
    """Only a name typed at a failed login can exceed an account name's 150 characters: the trail keeps its start,
    and on PostgreSQL and MariaDB (which refuse an overlong value) the event is still written."""
    name = "甲" * 200
    client.post(reverse("login"), {"username": name, "password": "wrong"}, REMOTE_ADDR="10.1.2.5")
    assert _last("login").username == "甲" * 150
