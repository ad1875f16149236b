"""The dues pages: a secretary ticks a month paid for the branch, a member sees their own, income masked and shown
only with a reason (audited), outside rows 404, arrears listed."""

from decimal import Decimal

import pytest

from guifan import testing as t
from guifan.accounts.models import Role
from guifan.core.models import SensitiveAccess
from guifan.dues import actions
from guifan.dues.models import DuesPayment
from guifan.standards.pack import PACKS_DIR, parse_pack

SHIPPED = (PACKS_DIR / "guilin-2018.yaml").read_text(encoding="utf-8")


@pytest.fixture
def dues(two_counties, users, shipped_pack):
    pack = parse_pack(SHIPPED)
    y = two_counties["yangshuo"]
    actions.declare(y["members"][0], 2018, "employed", "4321", pack.dues)
    for m in y["members"][1:]:
        actions.declare(m, 2018, "farmer", None, pack.dues)
    secretary = t.user("secretary", Role.Kind.ORGANISATION, organisation=y["branch"])
    return {"pack": pack, "y": y, "secretary": secretary}


def test_a_secretary_records_a_month_for_the_branch(client, dues):
    y = dues["y"]
    client.force_login(dues["secretary"])
    url = f"/dues/branch/{y['branch'].pk}/?year=2018&month=3"
    page = client.get(url)
    assert page.status_code == 200 and "4321" not in page.content.decode()
    ids = [str(m.pk) for m in y["members"][:3]]
    response = client.post(url, {"year": "2018", "month": "3", "member": ids})
    assert response.status_code == 302 and DuesPayment.objects.filter(month=3).count() == 3
    again = client.post(url, {"year": "2018", "month": "3", "member": ids}, follow=True)
    assert DuesPayment.objects.filter(month=3).count() == 3 and "已交纳" in again.content.decode()


def test_the_income_is_shown_only_with_a_reason_and_audited(client, dues):
    y = dues["y"]
    client.force_login(dues["secretary"])
    url = f"/dues/branch/{y['branch'].pk}/income/{y['members'][0].pk}/"
    assert "4321" not in client.post(url, {"year": "2018"}, follow=True).content.decode()
    shown = client.post(url, {"year": "2018", "reason": "核对党费基数"})
    assert "4321" in shown.content.decode()
    assert SensitiveAccess.objects.filter(fields="dues_income").count() == 1


def test_a_member_sees_their_own_dues(client, dues, users):
    client.force_login(users["member"])
    page = client.get("/dues/mine/?year=2018")
    assert page.status_code == 200 and "43.21" in page.content.decode()
    assert client.get("/dues/").status_code == 302


def test_outside_branches_are_not_found_and_arrears_list(client, dues, two_counties, users):
    client.force_login(dues["secretary"])
    assert client.get(f"/dues/branch/{two_counties['lingui']['branch'].pk}/?year=2018").status_code == 404
    client.force_login(users["county"])
    page = client.get("/dues/arrears/?year=2018&month=6")
    assert page.status_code == 200 and two_counties["yangshuo"]["members"][0].name in page.content.decode()


def test_a_secretary_declares_an_income_and_a_wrong_category_is_refused(client, dues):
    y = dues["y"]
    client.force_login(dues["secretary"])
    url = f"/dues/branch/{y['branch'].pk}/declare/{y['members'][1].pk}/?year=2018"
    assert client.get(url).status_code == 200
    response = client.post(url, {"year": "2018", "category": "employed", "income": "5000.01"})
    assert response.status_code == 302
    assert y["members"][1].dues_assessments.get(year=2018).monthly_amount == Decimal("75.00")
    refused = client.post(url, {"year": "2018", "category": "employed", "income": ""})
    assert refused.status_code == 200 and "税后月工资收入" in refused.content.decode()


def test_a_special_payment_and_the_dues_returned_through_the_branch_page(client, dues):
    """GUAR-N-01 and the ≥1,000-yuan rule from the page: too small a special payment is refused with the rule, nothing
    written; a return recorded twice replaces the amount; the year's account shows both."""
    from guifan.dues.models import DuesReturn

    y = dues["y"]
    client.force_login(dues["secretary"])
    branch = y["branch"]
    member = y["members"][0]
    refused = client.post(f"/dues/branch/{branch.pk}/special/",
                          {"year": "2018", "month": "5", "member": str(member.pk), "amount": "999.99"}, follow=True)
    assert "1000" in refused.content.decode() and not DuesPayment.objects.filter(kind="special").exists()
    client.post(f"/dues/branch/{branch.pk}/special/",
                {"year": "2018", "month": "5", "member": str(member.pk), "amount": "1000"})
    assert DuesPayment.objects.get(kind="special").amount == Decimal("1000.00")
    outsider = dues["y"]["members"][0].pk + 100000
    client.post(f"/dues/branch/{branch.pk}/special/",
                {"year": "2018", "month": "6", "member": str(outsider), "amount": "2000"})
    assert DuesPayment.objects.filter(kind="special").count() == 1
    for amount in ("80.00", "120.50"):
        client.post(f"/dues/branch/{branch.pk}/return/",
                    {"year": "2018", "month": "5", "amount": amount, "returned_on": "2018-12-01"})
    assert DuesReturn.objects.get(organisation=branch, year=2018).amount == Decimal("120.50")
    page = client.get(f"/dues/branch/{branch.pk}/?year=2018&month=5").content.decode()
    assert "1000.00" in page and "120.50" in page and 'id="dues-account"' in page
