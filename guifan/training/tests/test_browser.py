"""On a phone (375 px): a county official ticks the sign-in sheet of a class; a member reads their hours."""

import datetime as dt

import pytest

from tests.browser.conftest import SCREENSHOTS, VIEWPORTS, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sign_in_sheet_and_my_training_on_a_phone(browser, live_server, users, training):
    from playwright.sync_api import expect

    from guifan.training.models import Enrolment

    klass = training["class"]
    phone = browser.new_context(viewport=VIEWPORTS["phone"], locale="zh-CN")
    page = phone.new_page()
    log_in(page, live_server.url, "county")
    page.goto(f"{live_server.url}/training/classes/{klass.pk}/")
    page.get_by_role("link", name="签到表").click()
    expect(page.locator("h1")).to_have_text("签到表")
    boxes = page.locator("ul.tick-list input[type=checkbox]")
    expect(boxes).to_have_count(4)
    boxes.nth(3).uncheck()  # absent
    page.fill("#id_day", "2018-03-03")
    assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS["phone"]["width"]
    page.screenshot(path=f"{SCREENSHOTS}/guifan-training-sign-in-phone.png", full_page=True)
    page.get_by_role("button", name="为勾选的党员记录结业").click()
    expect(page.locator("ul.messages")).to_contain_text("已为3名党员记录结业")
    assert Enrolment.objects.filter(completed_on=dt.date(2018, 3, 3)).count() == 3
    phone.close()

    phone = browser.new_context(viewport=VIEWPORTS["phone"], locale="zh-CN")
    page = phone.new_page()
    log_in(page, live_server.url, "member")  # members[0], one of the three
    page.click("button.nav-toggle")  # the menu, folded on a phone
    page.get_by_role("link", name="我的培训").click()
    expect(page.locator("h1")).to_have_text("我的培训")
    expect(page.locator("ul.cards")).to_contain_text("24.0学时")
    expect(page.locator("main")).to_contain_text(training["course"].title)
    assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS["phone"]["width"]
    page.screenshot(path=f"{SCREENSHOTS}/guifan-my-training-phone.png", full_page=True)
    phone.close()


def test_a_member_sits_an_exam_on_a_phone(browser, live_server, users, training):
    """M09 统训统考 online at 375 px: 我的培训 lists the exam, the member starts it, taps one choice per question,
    hands it in and reads the score."""
    from playwright.sync_api import expect

    from guifan.training import actions
    from guifan.training.models import Paper

    for i in range(3):
        actions.create_question(training["library"], text=f"第{i + 1}题：党支部委员会会议一般每月召开几次？",
                                choices=["1次", "2次", "3次"], answer=[0])
    exam = actions.create_exam(training["class"], title="2018年党务工作者统考", held_on=dt.date(2018, 3, 3),
                               scheme="unified_exam", questions=3, total=3)
    phone = browser.new_context(viewport=VIEWPORTS["phone"], locale="zh-CN")
    page = phone.new_page()
    log_in(page, live_server.url, "member")
    page.goto(f"{live_server.url}/training/me/")
    page.locator("#exams-to-sit").get_by_role("link", name=exam.title).click()
    page.get_by_role("button", name="开始考试").click()
    choices = page.locator("form.exam-paper input[type=radio][value='0']")
    expect(choices).to_have_count(3)
    for n in range(3):
        choices.nth(n).check()
    assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS["phone"]["width"]
    page.screenshot(path=f"{SCREENSHOTS}/guifan-exam-phone.png", full_page=True)
    page.get_by_role("button", name="交卷").click()
    expect(page.locator("ul.messages")).to_contain_text("考试通过：3 分")
    expect(page.locator("main")).to_contain_text("你已通过本次考试")
    assert Paper.objects.get(exam=exam).passed is True
    phone.close()
