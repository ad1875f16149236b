"""Stored completeness (issue 8 item 3) equals the completeness computed from the register and the reports, after
submissions, approvals, returns and organisation changes; the completeness page reads the stored counts."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from guifan import testing as t
from guifan.accounts.models import Role
from guifan.accounts.scope import Scope
from guifan.facts.actions import get_report, set_values
from guifan.facts.models import FactReport, Period
from guifan.orgs import actions as org_actions
from guifan.orgs.models import HostUnit, Organisation
from guifan.reporting import actions as workflow
from guifan.reporting import completeness as c
from guifan.reporting.models import CompletenessCount
from guifan.standards.selectors import ensure_shipped_pack_loaded

pytestmark = pytest.mark.django_db


@pytest.fixture
def period(db):
    ensure_shipped_pack_loaded()
    return Period.yearly(2018)


def submitted(org, period, user):
    report = get_report(org, period)
    set_values(report, {"democratic_appraisals": 4}, user)
    return workflow.submit(report, user)


def _same(period, region, pack):
    stored = c.stored_completeness(period, region, pack=pack, limit=10_000)
    computed = c.completeness(period, region, pack=pack)
    assert stored is not None
    assert stored.total == computed.total and stored.own == computed.own
    assert {k: v for k, v in stored.children.items() if v.expected} == computed.children
    assert stored.missing_count == computed.missing_count
    assert [(o.pk, o.report_state) for o in stored.missing] == [(o.pk, o.report_state) for o in computed.missing]


def _all_same(period, two_counties):
    pack = c._pack(period)
    y = two_counties["yangshuo"]
    for region in (t.region("450300"), y["county"], y["township"], two_counties["lingui"]["county"]):
        _same(period, region, pack)


def test_stored_equals_computed_through_the_actions(two_counties, users, period):
    y, ling = two_counties["yangshuo"], two_counties["lingui"]
    township = Scope(users["township"])
    c.rebuild([period])
    _all_same(period, two_counties)
    report = submitted(y["committee"], period, users["organisation"])
    _all_same(period, two_counties)
    workflow.approve(report, users["township"], township)
    branch = submitted(y["branch"], period, users["organisation"])
    workflow.return_report(branch, users["township"], township, "请补充")
    submitted(ling["branch"], period, users["admin"])
    get_report(ling["committee"], period)  # a draft: expected, not received
    _all_same(period, two_counties)
    unit = t.host_unit("450321100", HostUnit.Kind.ENTERPRISE, name="企业")
    new = org_actions.create_organisation({"code": "NEW1", "name": "新支部", "kind": Organisation.Kind.BRANCH,
                                           "host_unit": unit})
    _all_same(period, two_counties)
    org_actions.update_organisation(new, {"founded_on": dt.date(2000, 1, 1), "dissolved_on": dt.date(2017, 6, 30)})
    _all_same(period, two_counties)
    stored = c.stored_completeness(period, t.region("450300"))
    assert (stored.total.expected, stored.total.received, stored.total.approved) == (4, 2, 1)


def test_late_and_quarters_after_a_rebuild(two_counties, users, period):
    y = two_counties["yangshuo"]
    Period.objects.filter(pk=period.pk).update(deadline=dt.date(2019, 1, 31))
    period.refresh_from_db()
    on_time = submitted(y["committee"], period, users["organisation"])
    late = submitted(y["branch"], period, users["organisation"])
    FactReport.objects.filter(pk=on_time.pk).update(submitted_at=timezone.make_aware(dt.datetime(2019, 1, 31, 23)))
    FactReport.objects.filter(pk=late.pk).update(submitted_at=timezone.make_aware(dt.datetime(2019, 2, 1, 0, 5)))
    quarter = Period.quarterly(2018, 2)
    assert c.rebuild([period, quarter]) == 2
    _all_same(period, two_counties)
    _all_same(quarter, two_counties)
    assert c.stored_completeness(period, y["county"]).total.late == 1


def test_the_completeness_page_reads_the_stored_counts(client, users, two_counties, period):
    y = two_counties["yangshuo"]
    client.force_login(users["city"])
    url = reverse("reporting:completeness", args=[period.code, "450300"])
    computed = client.get(url).context["result"]  # never counted yet: from the register
    assert computed.total.expected == 4
    submitted(y["committee"], period, users["organisation"])  # the first refresh counts the whole period
    assert CompletenessCount.objects.filter(period=period).exists()
    CompletenessCount.objects.filter(period=period, region=y["township"]).update(expected=40)  # 2 really
    response = client.get(url)
    assert response.context["result"].total.expected == 42
    assert response.context["result"].children[y["county"].code].expected == 40
    assert response.context["result"].missing_count == 41


def test_both_lists_of_the_completeness_page_are_paged(client, users, two_counties, period, monkeypatch):
    """The page shows COMPLETENESS_PAGE organisations per list; each list turns its pages with its own parameter
    and the stored count tells how many pages the missing list has, without counting it again."""
    from guifan.reporting import views

    y, lingui = two_counties["yangshuo"], two_counties["lingui"]
    submitted(lingui["committee"], period, t.user("lingui-secretary", Role.Kind.ORGANISATION,
                                                  organisation=lingui["committee"]))  # counted from now on
    monkeypatch.setattr(views, "COMPLETENESS_PAGE", 1)
    client.force_login(users["city"])
    city = client.get(reverse("reporting:completeness", args=[period.code, "450300"]))
    assert city.context["missing_page"].paginator.count == city.context["result"].missing_count == 3
    township = reverse("reporting:completeness", args=[period.code, y["township"].code])
    pages = [client.get(township, {"missing": n}).context for n in (1, 2)]
    names = [[o.name for o in ctx["missing"]] for ctx in pages]
    assert all(len(n) == 1 for n in names) and names[0] != names[1]
    assert pages[0]["missing_page"].paginator.num_pages == pages[0]["result"].missing_count == 2
    assert "?missing=2" in client.get(township).content.decode()
