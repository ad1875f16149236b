import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from guifan.standards.actions import PackRefused, load_pack_text
from guifan.standards.diff import diff_packs
from guifan.standards.models import PackVersion
from guifan.standards.pack import PACKS_DIR, parse_pack
from guifan.standards.selectors import ensure_shipped_pack_loaded, latest_pack_version, pack_version

OLD_CHECK = "check: secretary_training_hours >= rural_secretary_min_hours"
NEW_CHECK = "check: secretary_training_hours >= 60"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


SHIPPED = (PACKS_DIR / "guilin-2018.yaml").read_text(encoding="utf-8")


def _edited(old: str, new: str, version: str | None = None) -> str:
    assert old in SHIPPED
    text = SHIPPED.replace(old, new)
    return text.replace('version: "2018.8"', f'version: "{version}"') if version else text


@pytest.mark.django_db
def test_load_stores_a_version_and_refuses_a_duplicate():
    stored = load_pack_text(SHIPPED)
    assert (stored.pack_id, stored.version, stored.criteria_count) == ("guilin-2018", "2018.8", 100)
    assert stored.checksum == parse_pack(SHIPPED).checksum
    criterion = PackVersion.objects.get(pk=stored.pk).pack().criterion("R-TEAM-secretary-training")
    assert criterion.text.endswith("rural_secretary_min_hours")
    with pytest.raises(PackRefused, match="already loaded"):
        load_pack_text(SHIPPED)


@pytest.mark.django_db
def test_same_version_with_other_content_is_refused():
    load_pack_text(SHIPPED)
    with pytest.raises(PackRefused, match="different content"):
        load_pack_text(_edited(OLD_CHECK, NEW_CHECK))
    assert PackVersion.objects.count() == 1


@pytest.mark.django_db
def test_ensure_shipped_pack_loaded_is_idempotent():
    first = ensure_shipped_pack_loaded()
    assert ensure_shipped_pack_loaded().pk == first.pk
    assert latest_pack_version("guilin-2018").pk == first.pk
    with pytest.raises(PackVersion.DoesNotExist):
        latest_pack_version("nowhere-2030")


def test_version_text_must_match_the_file():
    assert 'version: "2018.8"' in SHIPPED


def test_diff_names_added_removed_and_changed():
    a = parse_pack(SHIPPED)
    b = parse_pack(_edited(OLD_CHECK, NEW_CHECK, "2018.9"))
    result = diff_packs(a, b)
    assert result["criteria"]["changed"] == [{"id": "R-TEAM-secretary-training", "field": "check",
                                              "old": "secretary_training_hours >= rural_secretary_min_hours",
                                              "new": "secretary_training_hours >= 60"}]
    assert result["criteria"]["added"] == result["criteria"]["removed"] == []
    assert diff_packs(a, a)["criteria"]["changed"] == []


@pytest.mark.django_db
def test_pack_commands_load_list_show_diff(tmp_path, capsys):
    call_command("pack", "load", "guilin-2018")
    changed = tmp_path / "next.yaml"
    changed.write_text(_edited(OLD_CHECK, NEW_CHECK,
                               "2018.9"), encoding="utf-8")
    call_command("pack", "load", str(changed))
    with pytest.raises(CommandError, match="already loaded"):
        call_command("pack", "load", str(changed))
    capsys.readouterr()
    call_command("pack", "list")
    listed = capsys.readouterr().out.splitlines()
    assert [line.split()[:2] for line in listed] == [["guilin-2018", "2018.8"], ["guilin-2018", "2018.9"]]
    assert pack_version("guilin-2018").version == "2018.9"
    call_command("pack", "show", "guilin-2018@2018.8", "--format", "json")
    assert json.loads(capsys.readouterr().out)["version"] == "2018.8"
    call_command("pack", "diff", "guilin-2018@2018.8", "guilin-2018@2018.9")
    out = capsys.readouterr().out
    assert "~ criterion R-TEAM-secretary-training check: secretary_training_hours >= rural_secretary_min_hours -> " \
           "secretary_training_hours >= 60" in out


def test_diff_shows_register_rule_changes():
    """ORG-G-01: a new version's set-up threshold and term years show in the diff (constants and register rules)."""
    b = parse_pack(_edited("branch: {min_full_members: 3, max_members: 50}", "branch: {min_full_members: 4, "
                           "max_members: 50}", "2018.9").replace("villager_group: 5, hamlet: 5", "villager_group: 3, "
                                                                   "hamlet: 5"))
    result = diff_packs(parse_pack(SHIPPED), b)
    assert result["constants"] == {"branch_min_full_members": {"old": 3, "new": 4}}
    assert result["register"] == {"terms.villager_group": {"old": 5, "new": 3}}
