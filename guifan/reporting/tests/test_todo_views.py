"""The home page `/` is each role's to-do list (issue 10 item 2); its reminders; the old start page stays reachable;
a bounded number of queries whatever the number of organisations."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from guifan import testing as t
from guifan.accounts.models import Role
from guifan.accounts.scope import Scope
from guifan.facts.actions import get_report, set_values
from guifan.facts.models import FactReport, Period
from guifan.orgs.models import HostUnit, Organisation
from guifan.reporting import actions as workflow
from guifan.reporting import completeness
from guifan.reporting.models import Notice
from guifan.standards.selectors import ensure_shipped_pack_loaded

pytestmark = pytest.mark.django_db


@pytest.fixture
def year(two_counties):
    ensure_shipped_pack_loaded()
    completeness.rebuild()
    return Period.yearly(2018)


def submit(org, period, user):
    report = get_report(org, period)
    set_values(report, {"democratic_appraisals": 4}, user)
    return workflow.submit(report, user)


def test_the_secretarys_home_lists_the_reports_due_with_links_to_their_forms(client, year, users, two_counties):
    y = two_counties["yangshuo"]
    workflow.return_report(submit(y["branch"], year, users["organisation"]), users["township"],
                           Scope(users["township"]), "请补充佐证材料")
    client.force_login(users["organisation"])
    page = client.get(reverse("home"))
    assert page.status_code == 200
    html = page.content.decode()
    assert f'href="{reverse("reporting:report", args=[y["branch"].pk, "2018"])}"' in html
    assert f'href="{reverse("reporting:report", args=[y["committee"].pk, "2018Q1"])}"' in html
    assert "请补充佐证材料" in html and 'id="todo-notices"' in html
    assert f'href="{reverse("orgs:detail", args=[y["committee"].pk])}"' in html  # the old start page
    assert "lingui" not in html and "2018Q1" not in page.context["tasks"][0].title


def test_the_townships_home_lists_reports_to_approve_and_late_organisations(client, year, users, two_counties):
    y = two_counties["yangshuo"]
    submit(y["committee"], year, users["organisation"])
    client.force_login(users["township"])
    page = client.get("/")
    assert page.status_code == 200
    html = page.content.decode()
    assert f'href="{reverse("reporting:report", args=[y["committee"].pk, "2018"])}"' in html
    assert 'id="todo-late"' in html and f'value="{y["branch"].pk}"' in html
    assert f'action="{reverse("reporting:todo_remind")}"' in html
    assert f'href="{reverse("regions:detail", args=[y["township"].code])}"' in html


def test_the_countys_home_offers_to_approve_a_ready_township(client, year, users, two_counties):
    y = two_counties["yangshuo"]
    for org in (y["committee"], y["branch"]):
        workflow.approve(submit(org, year, users["organisation"]), users["township"], Scope(users["township"]))
    client.force_login(users["county"])
    page = client.get("/")
    approve = reverse("reporting:approve_region", args=["2018", y["township"].code])
    assert page.status_code == 200 and f'action="{approve}"' in page.content.decode()
    assert f'href="{reverse("reporting:completeness", args=["2018", y["township"].code])}"' in page.content.decode()
    assert client.post(approve).status_code == 302
    assert set(FactReport.objects.filter(period=year).values_list("approval_level", flat=True)) == {"county"}
    assert f'action="{approve}"' not in client.get("/").content.decode()


def test_the_citys_home_lists_the_counties(client, year, users, two_counties):
    client.force_login(users["city"])
    page = client.get("/")
    assert page.status_code == 200
    html = page.content.decode()
    for key in ("yangshuo", "lingui"):
        county = two_counties[key]["county"]
        assert f'href="{reverse("reporting:completeness", args=["2018", county.code])}"' in html
        assert f'<input type="hidden" name="region" value="{county.code}">' in html  # late: a reminder per county


def test_a_remind_from_the_home_page_writes_the_notice_and_comes_back(client, year, users, two_counties):
    y = two_counties["yangshuo"]
    client.force_login(users["township"])
    response = client.post(reverse("reporting:todo_remind"), {"region": y["township"].code, "org": y["branch"].pk})
    assert response.status_code == 302 and response["Location"] == reverse("home")
    sent = Notice.objects.filter(kind="reminder", user=users["organisation"])
    assert set(sent.values_list("organisation", flat=True)) == {y["branch"].pk}
    assert sent.count() == 17 and {n.sender for n in sent} == {users["township"]}  # every period of 2018 is past due
    client.post(reverse("reporting:todo_remind"), {"region": y["township"].code, "org": y["branch"].pk})
    assert sent.count() == 17  # none twice while unread
    client.post(reverse("reporting:todo_remind"), {"region": y["township"].code})
    assert set(sent.values_list("organisation", flat=True)) == {y["branch"].pk, y["committee"].pk}
    assert not Notice.objects.filter(organisation=two_counties["lingui"]["committee"]).exists()


def test_a_remind_outside_ones_scope_is_refused(client, year, users, two_counties):
    client.force_login(users["township"])
    lingui = two_counties["lingui"]
    assert client.post(reverse("reporting:todo_remind"), {"region": lingui["township"].code}).status_code == 404
    assert client.post(reverse("reporting:todo_remind"), {"region": two_counties["yangshuo"]["township"].code,
                                                          "org": lingui["committee"].pk}).status_code == 404
    client.force_login(users["organisation"])
    assert client.post(reverse("reporting:todo_remind"),
                       {"region": two_counties["yangshuo"]["township"].code}).status_code == 403
    assert client.get(reverse("reporting:todo_remind")).status_code == 405
    assert not Notice.objects.exists()


def test_members_and_administrators_keep_their_own_pages(client, year, users, two_counties):
    client.force_login(users["member"])
    response = client.get("/")
    own = reverse("members:detail", args=[users["member"].role.member.pk])
    assert response.status_code == 302 and response.url == own
    auditor = t.user("auditor", Role.Kind.AUDIT_ADMIN)
    client.force_login(auditor)
    assert client.get("/").url == reverse("core:security")


def test_the_start_page_is_the_users_region_or_organisation(client, year, users, two_counties):
    client.force_login(users["county"])
    assert client.get(reverse("start")).url == reverse("regions:detail", args=["450321"])
    client.force_login(users["organisation"])
    assert client.get(reverse("start")).url == reverse("orgs:detail", args=[two_counties["yangshuo"]["committee"].pk])


def _more_organisations(township_code: str, n: int, user) -> None:
    for i in range(n):
        village = t.host_unit(township_code, HostUnit.Kind.ADMIN_VILLAGE, name=f"加测村{i}")
        org = t.organisation(village, Organisation.Kind.BRANCH, name=f"加测村{i}党支部")
        if i % 2:
            submit(org, Period.yearly(2018), user)
    completeness.rebuild()


def _queries(client, user) -> int:
    client.force_login(user)
    client.get("/")  # sessions, language: warmed
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    return len(queries)


@pytest.mark.parametrize("role", ["township", "county", "city"])
def test_an_officials_home_takes_a_few_queries_whatever_the_number_of_organisations(client, year, users, role):
    before = _queries(client, users[role])
    _more_organisations("450321100", 12, users["admin"])
    _more_organisations("450321101", 12, users["admin"])
    after = _queries(client, users[role])
    assert after == before and after <= 25


def test_the_secretarys_home_takes_a_few_queries_whatever_the_number_of_reports(client, year, users, two_counties):
    before = _queries(client, users["organisation"])
    y = two_counties["yangshuo"]
    for _ in range(10):
        t.organisation(y["village"], Organisation.Kind.BRANCH, parent=y["committee"])
    submit(y["committee"], Period.yearly(2018), users["organisation"])
    after = _queries(client, users["organisation"])
    assert after == before and after <= 20


def test_a_reminder_to_a_whole_township_takes_the_same_queries_for_more_organisations(client, year, users,
                                                                                       two_counties):
    township = two_counties["yangshuo"]["township"].code
    client.force_login(users["township"])

    def remind() -> int:
        Notice.objects.all().delete()
        with CaptureQueriesContext(connection) as queries:
            assert client.post(reverse("reporting:todo_remind"), {"region": township}).status_code == 302
        return len(queries)

    before = remind()
    sent = Notice.objects.count()
    _more_organisations(township, 12, users["admin"])
    y = two_counties["yangshuo"]
    t.user("secretary2", Role.Kind.ORGANISATION, organisation=Organisation.objects.get(name="加测村0党支部"))
    assert remind() == before
    assert Notice.objects.count() > sent and Notice.objects.filter(organisation=y["branch"]).count() == 17
