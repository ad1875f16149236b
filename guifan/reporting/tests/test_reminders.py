"""Scheduled reminders and the notice channels (issue 14.4): each source finds what is coming due across the city,
nothing is sent twice, the channels get the text without personal numbers, the daily run books its next one, and
the bell's unread count follows."""

import datetime as dt
import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from guifan import testing as t
from guifan.core import channels
from guifan.members.models import Member, StatusChange
from guifan.rectification.models import Listing, Task
from guifan.reporting import reminders
from guifan.reporting.models import Notice

pytestmark = pytest.mark.django_db
TODAY = dt.date(2018, 11, 20)


@pytest.fixture
def notice_file(tmp_path, settings):
    path = tmp_path / "notices.jsonl"
    settings.GUIFAN_NOTICE_CHANNELS = [{"class": "guifan.core.channels.FileChannel", "path": str(path)}]
    return path


def probationary(branch, joined: dt.date) -> Member:
    return t.member(branch, name="预备党员甲", category=Member.Category.PROBATIONARY, joined_on=joined)


def test_a_probation_ending_within_the_window_reminds_the_secretary_once(pack, two_counties, users, notice_file):
    branch = two_counties["yangshuo"]["branch"]
    member = probationary(branch, dt.date(2017, 12, 1))  # a year's probation: ends 2018-12-01, 11 days ahead
    probationary(branch, dt.date(2018, 6, 1))  # ends 2019-06-01: not yet
    counts = reminders.send(TODAY, ["probation"])
    notice = Notice.objects.get(kind=Notice.Kind.PROBATION)
    assert counts["probation"] == 1 and notice.user == users["organisation"] and notice.due == dt.date(2018, 12, 1)
    assert "预备党员甲" in notice.text() and "2018-12-01" in notice.text()
    assert reminders.send(TODAY + dt.timedelta(days=1), ["probation"])["probation"] == 0  # never twice
    assert reminders.send(dt.date(2018, 12, 2), ["probation"])["probation"] == 1  # once more when overdue
    line = json.loads(notice_file.read_text(encoding="utf-8").splitlines()[0])
    assert line["user"] == "organisation" and line["link"] == reverse("orgs:detail", args=[branch.pk])
    assert member.reveal_phone() not in notice_file.read_text(encoding="utf-8")


def test_an_extended_probation_is_reminded_at_its_new_end(pack, two_counties, users, notice_file):
    member = probationary(two_counties["yangshuo"]["branch"], dt.date(2017, 12, 1))
    StatusChange.objects.create(member=member, change="extension", from_status=member.status,
                                to_status=member.status, from_category=member.category, to_category=member.category,
                                date=dt.date(2018, 11, 1), details={"months": 6})
    assert reminders.send(TODAY, ["probation"])["probation"] == 0
    assert reminders.send(dt.date(2019, 5, 15), ["probation"])["probation"] == 1


def test_a_term_ending_reminds_and_a_long_lapsed_one_does_not(pack, two_counties, users, notice_file):
    y = two_counties["yangshuo"]
    y["committee"].term_end = dt.date(2018, 12, 31)
    y["committee"].save()
    two_counties["lingui"]["committee"].term_end = dt.date(2017, 1, 1)
    two_counties["lingui"]["committee"].save()
    reminders.send(TODAY, ["term"])
    notices = list(Notice.objects.filter(kind=Notice.Kind.TERM))
    assert [(n.organisation, n.user) for n in notices] == [(y["committee"], users["organisation"])]


def test_reports_past_due_remind_once_per_organisation_and_not_after_a_reminder_by_hand(
        pack, two_counties, users, notice_file):
    from guifan.reporting import completeness

    completeness.rebuild()
    first = reminders.send(None, ["reports"])["reports"]
    mine = Notice.objects.filter(kind=Notice.Kind.REMINDER, user=users["organisation"])
    assert first > 0 and mine.count() == len({n.organisation_id for n in mine})  # one each: its latest period
    assert reminders.send(None, ["reports"])["reports"] == 0


def test_a_rectification_task_coming_due_reminds_with_a_link_to_the_listing(pack, two_counties, users, notice_file):
    org = two_counties["yangshuo"]["committee"]
    listing = Listing.objects.create(organisation=org, year=2018, source=Listing.Source.NAMED,
                                     state=Listing.State.CONFIRMED, reason="test")
    Task.objects.create(listing=listing, title="整改：三会一课", deadline=TODAY + dt.timedelta(days=3))
    Task.objects.create(listing=listing, title="later", deadline=TODAY + dt.timedelta(days=60))
    reminders.send(TODAY, ["rectification"])
    notice = Notice.objects.get(kind=Notice.Kind.DEADLINE)
    assert notice.subject == "整改：三会一课" and notice.url() == reverse("rectification:detail", args=[listing.pk])


def test_the_wechat_and_sms_adapters_post_to_the_addressed_users_only(monkeypatch, settings, users):
    posted = []
    monkeypatch.setattr(channels, "_post_json", lambda url, payload, timeout=10: posted.append((url, payload)) or {})
    settings.GUIFAN_NOTICE_ADDRESS_BOOK = "guifan.reporting.tests.test_reminders.address_book"
    settings.GUIFAN_NOTICE_CHANNELS = [
        {"class": "guifan.core.channels.WeChatTemplateChannel", "url": "https://wx.example/send", "template_id": "T1"},
        {"class": "guifan.core.channels.SmsChannel", "url": "https://sms.example/send", "template": "S1"}]
    messages = [channels.Message(users["organisation"].pk, "organisation", "term", "换届提醒", "/orgs/1/"),
                channels.Message(users["township"].pk, "township", "term", "换届提醒", "/orgs/1/")]
    assert channels.deliver(messages) == {"wechat": 1, "sms": 1}
    assert posted[0][1]["touser"] == "openid-organisation" and posted[0][1]["template_id"] == "T1"
    assert posted[1][1]["phone"] == "phone-organisation"


def test_a_failing_gateway_is_counted_not_raised(monkeypatch, settings, users, caplog):
    def refuse(url, payload, timeout=10):
        raise OSError("down")

    monkeypatch.setattr(channels, "_post_json", refuse)
    settings.GUIFAN_NOTICE_ADDRESS_BOOK = "guifan.reporting.tests.test_reminders.address_book"
    settings.GUIFAN_NOTICE_CHANNELS = [{"class": "guifan.core.channels.SmsChannel", "url": "x", "template": "S"}]
    sent = channels.deliver([channels.Message(users["organisation"].pk, "organisation", "term", "x", "/")])
    assert sent == {"sms": 0} and "phone-organisation" not in caplog.text


def address_book(user_ids, channel):
    from django.contrib.auth import get_user_model

    names = dict(get_user_model().objects.filter(pk__in=user_ids, username="organisation")
                 .values_list("pk", "username"))
    return {pk: f"{'openid' if channel == 'wechat' else 'phone'}-{name}" for pk, name in names.items()}


def test_the_daily_run_is_booked_once_in_the_database_worker(settings, db):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    assert reminders.schedule() is not None
    assert reminders.schedule() is None
    booked = DBTaskResult.objects.get(task_path=reminders.reminders_task.module_path)
    assert booked.run_after > dt.datetime.now(dt.UTC)
    assert reminders.next_run().hour == settings.GUIFAN_REMINDER_HOUR


def test_the_command_sends_and_the_bell_counts_the_unread(client, pack, two_counties, users, notice_file):
    probationary(two_counties["yangshuo"]["branch"], dt.date(2017, 12, 1))
    call_command("reminders", "--date", TODAY.isoformat(), "--source", "probation")
    client.force_login(users["organisation"])
    page = client.get(reverse("reporting:notices")).content.decode()
    assert "预备党员甲" in page and 'class="error' not in page  # due in 11 days: not yet a warning
    assert 'class="notices-bell"' in page and "🔔 1 " in page
    client.post(reverse("reporting:notices"))
    assert "notices-bell" not in client.get(reverse("reporting:notices")).content.decode()
