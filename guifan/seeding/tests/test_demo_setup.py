"""`guifan demo_setup` (issue 10 item 8): make demo's phases in one command, each timed, quiet off a terminal."""

import io
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import translation

import guifan
from guifan.assessment.models import AssessmentRun
from guifan.funding.models import FundingRun
from guifan.rating.models import Rating
from guifan.seeding import progress


@pytest.mark.django_db
def test_demo_setup_runs_every_phase_and_prints_their_times(tmp_path, settings, capsys, monkeypatch):
    settings.DEBUG = True
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    monkeypatch.delenv("GUIFAN_PROGRESS", raising=False)
    phases = tmp_path / "phases"
    phases.write_text("install 41.5\ninstall 2.0\nkeys 1.5\n", encoding="utf-8")
    out = io.StringIO()
    with translation.override("zh-hans"):
        call_command("demo_setup", scale="tiny", phases=phases, stdout=out)
    text = out.getvalue()
    assert sorted(AssessmentRun.objects.values_list("year", flat=True)) == [2017, 2018]
    # the programmes phase (guifan.seeding.programmes): 2017 published, 2018 proposed in some townships, funded
    assert set(Rating.objects.filter(year=2017).values_list("stage", flat=True)) == {"publish"}
    assert Rating.objects.filter(year=2018, stage="propose").exists()
    assert sorted(FundingRun.objects.values_list("year", flat=True)) == [2017, 2018]
    table = text.split("各阶段用时")[1].splitlines()[1:]
    labels = [line.split()[0] for line in table]
    assert labels == ["安装依赖", "生成密钥", "数据库迁移", "生成示例城市", "示例会议与培训", "示例数据与测评",
                      "示例评星和经费", "演示账号", "数据库统计信息", "合计"]
    assert "43.5 秒" in table[0] and "1.5 秒" in table[1]
    assert not phases.exists()  # read once: the next run says what it did itself
    assert capsys.readouterr().err == ""  # no progress bar off a terminal
    assert_meeting_facts_are_as_derived_today()


def assert_meeting_facts_are_as_derived_today():
    """The living year's meeting facts were derived after its season was set: a month whose deadline is ahead (the
    demo's December) is not short, as a derivation today says (not derived before, when every month was over)."""
    from guifan.facts.derived import derive_organisations
    from guifan.facts.models import FactReport, Period
    from guifan.meetings.models import Meeting
    from guifan.orgs.models import Organisation
    from guifan.standards.selectors import ensure_shipped_pack_loaded

    pack = ensure_shipped_pack_loaded().pack()
    codes = [f.code for f in pack.facts.values() if f.derived_from and f.derived_from.get("source") == "meetings"]
    keeping = Meeting.objects.filter(held_on__year=2018).values("organisation_id")
    orgs = list(Organisation.objects.filter(pk__in=keeping, kind=Organisation.Kind.BRANCH).order_by("pk")[:30])
    assert orgs
    year = Period.yearly(2018)

    def stored():
        rows = FactReport.objects.filter(period=year, organisation__in=orgs).values_list("organisation_id", "derived")
        return {pk: {c: derived.get(c) for c in codes} for pk, derived in rows}

    before = stored()
    derive_organisations(pack, year, orgs)
    assert stored() == before


def test_bars_only_on_a_terminal(monkeypatch):
    monkeypatch.setenv("GUIFAN_PROGRESS", "0")
    assert isinstance(progress.bar([1, 2]), progress.Quiet) and list(progress.bar([1, 2])) == [1, 2]
    monkeypatch.delenv("GUIFAN_PROGRESS")
    assert not progress.shown()  # pytest captures stderr: not a terminal


def make_dry_run(target: str, tmp_path) -> str:
    """What `make TARGET` would run on a fresh machine (no virtual environment yet), without running it."""
    root = Path(guifan.__file__).resolve().parents[1]
    done = subprocess.run(["make", "-n", "-C", str(root), target, f"VENV={tmp_path}/.venv", f"KEYS={tmp_path}/k.json"],
                          capture_output=True, text=True, check=True, env={**os.environ, "GUIFAN_DATABASE_URL": ""})
    return done.stdout


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_demo_installs_the_runtime_only_and_make_test_the_test_tools(tmp_path):
    demo = make_dry_run("demo", tmp_path)
    assert "pip install --quiet -e '.'" in demo and "[test" not in demo
    assert "demo_setup --scale city" in demo
    assert "pip install --quiet -e '.[test]'" in make_dry_run("test", tmp_path)
