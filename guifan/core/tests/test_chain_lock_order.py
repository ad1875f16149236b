"""Chain heads are locked in one fixed order (issue 9 item 5; guifan.core.chain LOCK_ORDER): a transaction appending
to several audit chains takes their heads change log → unmasked-view log → security log, so two such transactions
cannot deadlock; a head taken out of that order is refused and the transaction writes nothing."""

import pytest
from django.db import transaction

from guifan.core import audit, chain, security_log
from guifan.core.models import ChangeLog, SecurityEvent, SensitiveAccess


def _change(org):
    return audit.record(org, ChangeLog.Action.UPDATE, before={"name": "x"})


def _event(user):
    return security_log.record(security_log.Event.LOGIN, user=user)


def test_the_order_is_the_documented_one():
    assert chain.LOCK_ORDER == tuple(chain.chain_name(m) for m in (ChangeLog, SensitiveAccess, SecurityEvent))


def test_in_order_appends_in_one_transaction_work(two_counties, users):
    org = two_counties["yangshuo"]["branch"]
    with transaction.atomic():
        _change(org)
        _event(users["county"])
        _change(org)  # a head already held is taken again freely


def test_an_out_of_order_append_is_refused_and_writes_nothing(two_counties, users):
    org = two_counties["yangshuo"]["branch"]
    changes, events = ChangeLog.objects.count(), SecurityEvent.objects.count()
    with pytest.raises(chain.ChainLockOrder, match="core.changelog locked after core.securityevent"):
        with transaction.atomic():
            _event(users["county"])
            _change(org)
    assert (ChangeLog.objects.count(), SecurityEvent.objects.count()) == (changes, events)


def test_lock_heads_first_allows_either_order(two_counties, users):
    org = two_counties["yangshuo"]["branch"]
    changes, events = ChangeLog.objects.count(), SecurityEvent.objects.count()
    with transaction.atomic():
        heads = chain.lock_heads(SecurityEvent, ChangeLog)  # asked in any order, taken in LOCK_ORDER
        assert [h.name for h in heads] == ["core.changelog", "core.securityevent"]
        _event(users["county"])
        _change(org)
    assert (ChangeLog.objects.count(), SecurityEvent.objects.count()) == (changes + 1, events + 1)


def test_the_order_holds_per_transaction_not_across_them(two_counties, users):
    org = two_counties["yangshuo"]["branch"]
    with transaction.atomic():
        _event(users["county"])
    with transaction.atomic():
        _change(org)  # a new transaction: nothing held
    _event(users["county"])
    _change(org)  # each append its own transaction


@pytest.mark.django_db(transaction=True)
def test_outside_a_test_case_too(two_counties, users):
    """Real transactions (no test case around them): the held heads end with the commit or the rollback."""
    org = two_counties["yangshuo"]["branch"]
    with transaction.atomic():
        _event(users["county"])
    with transaction.atomic():
        _change(org)
        _event(users["county"])
    with pytest.raises(chain.ChainLockOrder):
        with transaction.atomic():
            _event(users["county"])
            _change(org)
    with transaction.atomic():
        _change(org)
