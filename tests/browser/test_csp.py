"""The Content-Security-Policy in Chromium: the main pages, the admin and the API's Swagger page run without one
violation (scripts, styles and images all allowed by the policy)."""

import pytest
from django.urls import reverse

from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RECORD = """window.__violations = [];
document.addEventListener("securitypolicyviolation",
    e => window.__violations.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " + e.sourceFile));"""


def test_pages_run_without_a_policy_violation(browser, live_server, transactional_db, users, two_counties):
    branch = two_counties["yangshuo"]["branch"]
    member = two_counties["yangshuo"]["members"][0]
    context = browser.new_context(locale="zh-CN")
    context.add_init_script(RECORD)
    page = context.new_page()
    console = []
    page.on("console", lambda message: console.append(message.text) if "Content Security Policy" in message.text
            else None)
    log_in(page, live_server.url, "admin")  # with the code of its authenticator app
    page.wait_for_load_state("networkidle")
    assert page.evaluate("window.__violations") == []  # the login and second-factor pages
    paths = ["/", reverse("regions:detail", args=["450321"]), reverse("assessment:region", args=["450321"]),
             reverse("orgs:detail", args=[branch.pk]),
             reverse("members:list"), reverse("members:detail", args=[member.pk]), reverse("search"),
             reverse("core:changelog"), reverse("admin:index"), reverse("admin:members_member_changelist"),
             reverse("api-docs")]
    for path in paths:
        page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
        assert page.evaluate("window.__violations") == [], path
    page.goto(live_server.url + reverse("members:list"))
    page.fill("#id_q", "yangshuo党员2")  # htmx swaps the results in
    page.wait_for_load_state("networkidle")
    assert page.evaluate("window.__violations") == []
    page.goto(live_server.url + reverse("api-docs"))
    page.wait_for_selector(".swagger-ui .info", timeout=15000)  # Swagger UI ran: its script is allowed
    assert page.evaluate("window.__violations") == [] and console == []
    context.close()
