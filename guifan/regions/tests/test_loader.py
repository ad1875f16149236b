import pytest


@pytest.mark.django_db
def test_loading_divisions_is_audited_once():
    """Issue 8: the region loader writes the change log (one entry per load that changes something)."""
    from guifan.core.models import ChangeLog
    from guifan.regions.loader import load_divisions
    from guifan.regions.models import Region

    count = load_divisions()
    log = ChangeLog.objects.get(object_type="regions.region", source="divisions")
    assert log.action == "create" and len(log.after["created"]) == count and "450321" in log.after["created"]
    load_divisions()
    assert ChangeLog.objects.filter(source="divisions").count() == 1  # nothing changed: nothing logged
    Region.objects.filter(code="450321").update(name="旧名")
    load_divisions()
    change = ChangeLog.objects.filter(source="divisions").latest("id")
    assert change.action == "update" and change.after["changed"]["450321"]["name"] == ["旧名", "阳朔县"]
