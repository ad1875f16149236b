import datetime as dt
import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from guifan.core import crypto, idcard


def test_known_valid_number():
    # GB 11643 worked example: 11010519491231002X
    assert idcard.validate("11010519491231002x") == "11010519491231002X"


@pytest.mark.parametrize("bad", ["110105194912310021", "11010519491331002X", "1101051949123100", "abc"])
def test_invalid_numbers_are_refused(bad):
    with pytest.raises(idcard.IdNumberError):
        idcard.validate(bad)


@given(st.dates(min_value=dt.date(1920, 1, 1), max_value=dt.date(2010, 12, 31)), st.booleans(), st.integers(0, 10**6))
def test_generated_numbers_validate(birth, male, seed):
    number = idcard.generate(random.Random(seed), "450321", birth, male)
    assert idcard.validate(number) == number
    assert idcard.birth_date_of(number) == birth
    assert int(number[16]) % 2 == (1 if male else 0)


def test_encryption_round_trip_and_hash():
    token = crypto.encrypt("45032119800517001X")
    assert "45032119800517001X" not in token
    assert crypto.decrypt(token) == "45032119800517001X"
    assert crypto.keyed_hash("a") == crypto.keyed_hash("a") != crypto.keyed_hash("b")


def test_masks():
    # The region code only: any other digit shown would let the number be rebuilt from a few hundred candidates.
    assert crypto.mask_id_number("45032119800517001X") == "450321************"
    assert crypto.mask_phone("13812345678") == "138****5678"
