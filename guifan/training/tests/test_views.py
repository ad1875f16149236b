"""The pages: libraries by level, a class's sign-in sheet, exam scores, a member's own training, the M05 list."""

import datetime as dt

from django.urls import reverse

from guifan import testing as t
from guifan.accounts.models import Role
from guifan.members.models import Post
from guifan.training import actions
from guifan.training.models import Enrolment, Paper


def test_libraries_by_level_and_scope(client, users, training, two_counties):
    other = actions.create_library("临桂区库", region=two_counties["lingui"]["county"])
    city = actions.create_library("市库", region=t.region("450300"))
    client.force_login(users["township"])
    page = client.get(reverse("training:libraries")).content.decode()
    assert training["library"].name in page and city.name in page and other.name not in page
    assert client.get(reverse("training:library", args=[other.pk])).status_code == 404
    client.force_login(users["county"])
    assert client.get(reverse("training:library", args=[training["library"].pk])).status_code == 200


def test_a_county_user_creates_a_township_library(client, users, two_counties):
    client.force_login(users["county"])
    township = two_counties["yangshuo"]["township"]
    response = client.post(reverse("training:library_new"), {"name": "镇库", "owner": f"r{township.pk}"})
    assert response.status_code == 302
    lingui = two_counties["lingui"]["township"]
    assert client.post(reverse("training:library_new"), {"name": "x", "owner": f"r{lingui.pk}"}).status_code in (
        302, 404)
    from guifan.training.models import CourseLibrary

    assert list(CourseLibrary.objects.values_list("name", "level")) == [("镇库", "township")]


def test_the_sign_in_sheet_records_the_ticked_members(client, users, training):
    client.force_login(users["county"])
    url = reverse("training:sign_in", args=[training["class"].pk])
    page = client.get(url).content.decode()
    assert all(m.name in page for m in training["members"])
    ticked = training["members"][:3]
    response = client.post(url, {"day": "2018-03-03", "member": [m.pk for m in ticked]})
    assert response.status_code == 302
    assert Enrolment.objects.filter(completed_on=dt.date(2018, 3, 3)).count() == 3
    again = client.post(url, {"day": "2018-03-03", "member": [ticked[0].pk]})
    assert again.status_code == 200 and "已记录完成" in again.content.decode()


def test_a_class_is_signed_in_organisation_by_organisation_and_listed_page_by_page(client, users, training,
                                                                                   monkeypatch):
    from guifan.training import views

    second = t.organisation(training["village"], parent=training["committee"], name="yangshuo村第二党支部")
    newcomer = t.member(second, name="yangshuo第二支部党员")
    actions.enrol(training["class"], [newcomer])
    client.force_login(users["county"])
    url = reverse("training:sign_in", args=[training["class"].pk])
    page = client.get(url).content.decode()
    assert "yangshuo村第二党支部 (1)" in page and "yangshuo村第一党支部 (4)" in page
    sheet = client.get(f"{url}?organisation={second.pk}").content.decode()
    assert newcomer.name in sheet and training["members"][0].name not in sheet
    monkeypatch.setattr(views, "SIGN_IN_SHEET", 2)
    capped = client.get(url).content.decode()
    assert "待签到的 5 名党员中列出了前 2 名" in capped
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    detail = reverse("training:class", args=[training["class"].pk])
    first, third = client.get(detail), client.get(f"{detail}?page=3")
    assert "报名5人" in first.content.decode()
    assert len(first.context["page_obj"].object_list) == 2 and len(third.context["page_obj"].object_list) == 1


def test_sign_in_outside_the_scope_is_404(client, users, training, two_counties):
    client.force_login(users["county"])
    url = reverse("training:sign_in", args=[training["class"].pk])
    stranger = two_counties["lingui"]["members"][0]
    assert client.post(url, {"day": "2018-03-03", "member": [stranger.pk]}).status_code == 404
    client.force_login(t.user("lingui", Role.Kind.COUNTY, region=two_counties["lingui"]["county"]))
    assert client.get(url).status_code == 404


def test_a_score_above_the_total_is_refused_in_chinese(client, users, training):
    exam = actions.create_exam(training["class"], title="统考", held_on=dt.date(2018, 3, 3), scheme="unified_exam",
                               questions=10, total=100)
    client.force_login(users["county"])
    url = reverse("training:exam", args=[exam.pk])
    a, b = training["members"][:2]
    page = client.post(url, {f"score-{a.pk}": "101", f"score-{b.pk}": "80"}).content.decode()
    assert "高于试卷总分" in page and not Paper.objects.exists()
    assert client.post(url, {f"score-{a.pk}": "59", f"score-{b.pk}": "80"}).status_code == 302
    assert {(p.member_id, p.passed) for p in Paper.objects.all()} == {(a.pk, False), (b.pk, True)}


def test_a_member_sees_their_own_hours_and_credits(client, users, training):
    member = training["members"][0]
    actions.record_completions(training["class"], [member], completed_on=dt.date(2018, 3, 3))
    client.force_login(users["member"])
    page = client.get(reverse("training:mine")).content.decode()
    assert "2018" in page and "24.0" in page and training["course"].title in page
    other = training["members"][1]
    assert client.get(reverse("training:member", args=[other.pk])).status_code in (403, 404)


def test_the_replacement_list(client, users, training):
    exam = actions.create_exam(training["class"], title="组织委员轮考", held_on=dt.date(2018, 3, 3),
                               scheme="committee_member_exam", questions=10, total=100)
    member = training["members"][2]
    from guifan.members import actions as member_actions

    member_actions.create_post(training["branch"], member, Post.Kind.ORGANISATION_COMMITTEE,
                               started_on=dt.date(2017, 1, 1))
    actions.record_scores(exam, [(member, 30, None)])
    actions.record_scores(exam, [(member, 50, None)])
    client.force_login(users["township"])
    page = client.get(reverse("training:replacement") + "?year=2018").content.decode()
    assert member.name in page
    client.force_login(users["organisation"])
    assert client.get(reverse("training:replacement")).status_code == 404
