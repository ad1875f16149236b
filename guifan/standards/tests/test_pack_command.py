import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from guifan.standards.pack import PACKS_DIR


def test_validate_accepts_the_guilin_pack(capsys):
    call_command("pack", "validate", str(PACKS_DIR / "guilin-2018.yaml"))
    assert "ok: guilin-2018 2018.8" in capsys.readouterr().out


def test_validate_reports_lines_and_fails(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text((PACKS_DIR / "guilin-2018.yaml").read_text().replace("check: venue_area_m2 >= 500",
                                                                        "check: venue_area_m2.real >= 500"))
    with pytest.raises(CommandError):
        call_command("pack", "validate", str(bad))
    assert "criterion U-GUAR-venue-area: attribute access" in capsys.readouterr().err


@pytest.mark.django_db  # `pack show ID` reads the stored versions first
def test_show_lists_criteria_with_spec_ids(capsys):
    call_command("pack", "show", "guilin-2018", "--format", "json")
    shown = json.loads(capsys.readouterr().out)
    assert {"id": "R-TEAM-secretary-training", "spec": ["TEAM-R-05"]}.items() <= next(
        c for c in shown["criteria"] if c["id"] == "R-TEAM-secretary-training").items()
