"""The weak and lax list (M03): proposal from the stored verdicts, confirmation by the county, tasks from the failed
criteria, evidence, sign-off on a reassessment; each bad input refused with nothing written."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from guifan.accounts.scope import Scope
from guifan.core.models import ChangeLog
from guifan.rectification import actions, selectors
from guifan.rectification.models import Listing, Task

from .conftest import TODAY, YEAR, stored_run

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


def _confirmed(listed, users):
    actions.propose_from_run(listed["run"], user=users["admin"])
    listing = Listing.objects.get(organisation=listed["org_y"])
    return actions.confirm(listing, scope=Scope(users["county"]), user=users["county"], responsible_leader="李县长",
                           first_secretary="王书记", today=TODAY)


def test_proposal_reads_the_stored_verdicts(listed, users):
    assert actions.propose_from_run(listed["run"], user=users["admin"]) == 1
    listing = Listing.objects.get()
    assert listing.organisation == listed["org_y"] and listing.state == Listing.State.PROPOSED
    assert listing.situations == ["lowest_band", "organisational_life_not_held"]
    assert actions.propose_from_run(listed["run"]) == 0  # never listed twice in a year


def test_secretary_vacant_is_a_situation(listed, users):
    lingui = listed["org_l"]
    lingui.secretary = None
    lingui.save()
    actions.propose_from_run(listed["run"])
    assert Listing.objects.get(organisation=lingui).situations == ["secretary_vacant"]


def test_confirmation_makes_tasks_of_the_failed_criteria(listed, users):
    listing = _confirmed(listed, users)
    tasks = list(listing.tasks.order_by("criterion"))
    assert [t.criterion for t in tasks] == ["G-ACT-member-meetings", "G-ACT-party-lectures"]
    assert all(t.owner == "王书记" and (t.deadline - TODAY).days == 90 for t in tasks)
    assert listing.state == Listing.State.CONFIRMED


def test_a_township_may_not_confirm(listed, users):
    actions.propose_from_run(listed["run"])
    listing = Listing.objects.get()
    with translation.override("zh-hans"), pytest.raises(ValidationError) as error:
        actions.confirm(listing, scope=Scope(users["township"]), user=users["township"], responsible_leader="a",
                        first_secretary="b")
    assert "只有" in error.value.messages[0]
    listing.refresh_from_db()
    assert listing.state == Listing.State.PROPOSED and not Task.objects.exists()


def test_listing_twice_by_hand_is_refused(listed, users):
    actions.name_by_hand(listed["org_l"], YEAR, reason="2017年直评联考后进", user=users["admin"])
    with translation.override("zh-hans"), pytest.raises(ValidationError) as error:
        actions.name_by_hand(listed["org_l"], YEAR, reason="again", user=users["admin"])
    assert "已列入" in error.value.messages[0]
    assert Listing.objects.filter(organisation=listed["org_l"]).count() == 1


def test_a_task_is_not_closed_without_evidence(listed, users):
    task = _confirmed(listed, users).tasks.first()
    with translation.override("zh-hans"), pytest.raises(ValidationError) as error:
        actions.close_task(task, user=users["organisation"])
    assert "佐证材料" in error.value.messages[0]
    task.refresh_from_db()
    assert task.closed_at is None
    with pytest.raises(ValidationError):
        actions.add_task_file(task, SimpleUploadedFile("x.txt", b"plain text"), user=users["organisation"])
    actions.add_task_file(task, SimpleUploadedFile("photo.png", PNG), user=users["organisation"])
    actions.close_task(task, user=users["organisation"])
    assert Task.objects.get(pk=task.pk).closed_at is not None


def test_sign_off_needs_a_reassessment_at_the_target(listed, users, pack_version):
    listing = _confirmed(listed, users)
    county = Scope(users["county"])
    with translation.override("zh-hans"), pytest.raises(ValidationError) as error:
        actions.sign_off(listing, scope=county, user=users["county"])
    assert "重新评定" in error.value.messages[0]
    stored_run(pack_version, {listed["org_y"]: (2, {})})
    with translation.override("zh-hans"), pytest.raises(ValidationError) as error:
        actions.sign_off(listing, scope=county, user=users["county"])
    assert "3" in error.value.messages[0]
    listing.refresh_from_db()
    assert listing.state == Listing.State.CONFIRMED
    with pytest.raises(ValidationError):  # the township may not sign off either
        actions.sign_off(listing, scope=Scope(users["township"]), user=users["township"])
    stored_run(pack_version, {listed["org_y"]: (3, {})})
    actions.sign_off(listing, scope=county, user=users["county"])
    listing.refresh_from_db()
    assert listing.state == Listing.State.SIGNED_OFF and listing.signed_off_stars == 3
    assert ChangeLog.objects.filter(object_type="rectification.listing", action="approve").count() == 2


def test_a_copy_of_the_pack_with_a_lower_target_allows_sign_off(listed, users, pack_version):
    """The target is the pack's (stars.rectification.target_stars): two stars pass under a copy that asks for two."""
    from guifan.standards.actions import load_pack_text

    listing = _confirmed(listed, users)
    text = pack_version.source.replace("    max_stars: 1\n    target_stars: 3\n",
                                       "    max_stars: 1\n    target_stars: 2\n")
    assert text != pack_version.source
    lower = load_pack_text(text.replace('version: "2018.', 'version: "2018.9', 1))
    assert lower.pack().rectification_rules.target_stars == 2
    stored_run(pack_version, {listed["org_y"]: (2, {})})
    with pytest.raises(ValidationError):
        actions.sign_off(listing, scope=Scope(users["county"]), user=users["county"])
    stored_run(lower, {listed["org_y"]: (2, {})})
    actions.sign_off(listing, scope=Scope(users["county"]), user=users["county"])
    assert Listing.objects.get(pk=listing.pk).state == Listing.State.SIGNED_OFF


def test_region_counts_are_one_group_by(listed, users, django_assert_max_num_queries):
    listing = _confirmed(listed, users)
    actions.name_by_hand(listed["org_l"], YEAR, reason="2017年直评联考后进")
    from guifan import testing as t

    city = t.region("450300")
    late = TODAY.replace(year=2019)
    with django_assert_max_num_queries(2):
        totals, rows = selectors.region_counts(Scope(users["city"]), city, YEAR, late)
    assert totals == {"listed": 1, "in_progress": 1, "overdue": 1, "signed_off": 0, "proposed": 1}
    by = {r["region"]: r for r in rows}
    assert by[listed["org_y"]["county"].pk if False else listing.organisation.region.parent.pk]["overdue"] == 1
    totals, _ = selectors.region_counts(Scope(users["county"]), city, YEAR, TODAY)
    assert totals["overdue"] == 0 and totals["proposed"] == 0  # the county sees its own


def test_file_is_checked_like_meetings_evidence(listed, users, settings):
    task = _confirmed(listed, users).tasks.first()
    settings.EVIDENCE_MAX_BYTES = 10
    with pytest.raises(ValidationError):
        actions.add_task_file(task, SimpleUploadedFile("big.png", PNG))
    assert not task.files.exists()
