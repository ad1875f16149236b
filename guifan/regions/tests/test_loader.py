import pytest


@pytest.mark.django_db
def test_loading_divisions_is_audited_once():
    """Issue 8: the region loader writes through the change log; loading the same files again logs nothing."""
    from guifan.core.models import ChangeLog
    from guifan.regions.loader import load_divisions

    count = load_divisions()
    created = ChangeLog.objects.filter(object_type="regions.region", source="divisions")
    assert created.count() == count and set(created.values_list("action", flat=True)) == {"create"}
    load_divisions()
    assert ChangeLog.objects.filter(object_type="regions.region").count() == count
