"""Party dues bands (GUAR-N-01, 党费收缴、使用和管理的规定 2008) as the pack states them: each band at its boundary,
the fixed categories, the special payment, and a changed copy of the pack moving the amount."""

from decimal import Decimal

import pytest

from guifan.standards.errors import PackError
from guifan.standards.pack import PACKS_DIR, parse_pack

SHIPPED = (PACKS_DIR / "guilin-2018.yaml").read_text(encoding="utf-8")
D = Decimal


@pytest.fixture(scope="module")
def dues():
    return parse_pack(SHIPPED).dues


@pytest.mark.parametrize(("income", "amount"), [
    ("0", "0.00"), ("3000.00", "15.00"), ("3000.01", "30.00"), ("5000.00", "50.00"), ("5000.01", "75.00"),
    ("10000.00", "150.00"), ("10000.01", "200.00"), ("12345.67", "246.91"),
])
def test_employed_bands_at_their_boundaries(dues, income, amount):
    assert dues.monthly("employed", D(income)) == D(amount)


@pytest.mark.parametrize(("income", "amount"), [("5000.00", "25.00"), ("5000.01", "50.00"), ("2999.99", "15.00")])
def test_retired_bands_at_their_boundary(dues, income, amount):
    assert dues.monthly("retired", D(income)) == D(amount)


def test_farmers_pay_between_0_2_and_1_yuan_and_low_incomes_0_2(dues):
    assert dues.monthly("farmer", None) == D("0.2")
    assert dues.allows("farmer", None, D("0.20")) and dues.allows("farmer", None, D("1.00"))
    assert not dues.allows("farmer", None, D("0.19")) and not dues.allows("farmer", None, D("1.01"))
    assert dues.allows("low_income", None, D("0.20")) and not dues.allows("low_income", None, D("0.30"))


def test_an_amount_not_matching_the_band_is_not_allowed(dues):
    assert dues.allows("employed", D("3000.01"), D("30.00"))
    assert not dues.allows("employed", D("3000.01"), D("15.00"))


def test_special_payment_from_1000_yuan_and_arrears_months(dues):
    assert dues.is_special(D("1000.00")) and not dues.is_special(D("999.99"))
    assert dues.arrears_months == 6
    assert dues.source == "dues-regulations" and dues.spec == ("GUAR-N-01",)


def test_a_changed_copy_of_the_pack_moves_the_amount(dues):
    changed = parse_pack(SHIPPED.replace("- {up_to: 3000, percent: 0.5}", "- {up_to: 3500, percent: 0.8}")).dues
    assert dues.monthly("employed", D("3200")) == D("32.00")
    assert changed.monthly("employed", D("3200")) == D("25.60")
    assert changed.monthly("employed", D("3500.01")) == D("35.00")


def test_bands_out_of_order_or_a_closed_last_band_are_load_errors():
    with pytest.raises(PackError, match="bands must rise"):
        parse_pack(SHIPPED.replace("- {up_to: 10000, percent: 1.5}", "- {up_to: 4000, percent: 1.5}"))
    with pytest.raises(PackError, match="only the last band"):
        parse_pack(SHIPPED.replace("            - {percent: 2}\n", "            - {up_to: 20000, percent: 2}\n"))
    with pytest.raises(PackError, match="min is above max"):
        parse_pack(SHIPPED.replace("fixed: {min: 0.2, max: 1}", "fixed: {min: 2, max: 1}"))
