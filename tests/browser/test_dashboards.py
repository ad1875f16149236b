"""Issue 14 item 2: the dashboards in Chromium. The county dashboard's charts and the city's map (the tile grid, and
the uploaded boundary file drawn by ECharts with its 审图号) render at 1280 px and 375 px, and the 大屏 at
1920×1080, without one Content-Security-Policy violation. Screenshots: /tmp/guifan-dashboard-*.png."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from guifan.assessment.tests.conftest import assessed, pack_version  # noqa: F401 (fixtures)
from tests.browser.conftest import SCREENSHOTS, VIEWPORTS, log_in
from tests.browser.test_csp import RECORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("assessed")]
GEOJSON = Path(__file__).parents[2] / "guifan" / "dashboards" / "tests" / "guilin-test-boundaries.geojson"
CHARTS = ("stars", "pillars", "criteria", "trend", "completeness", "rectification", "ranking")


def _page(browser, live_server, username, viewport):
    context = browser.new_context(locale="zh-CN", viewport=viewport)
    context.add_init_script(RECORD)
    page = context.new_page()
    log_in(page, live_server.url, username)
    return context, page


def _drawn(page, kind: str) -> bool:
    return page.evaluate(f"!!document.querySelector('[data-chart={kind}] svg path')")


@pytest.mark.parametrize("name", ["desktop", "phone"])
def test_the_county_dashboard_renders_its_charts_beside_their_tables(browser, live_server, users, name):
    context, page = _page(browser, live_server, "county", VIEWPORTS[name])
    page.goto(live_server.url + reverse("dashboards:region", args=["450321"]))
    page.wait_for_selector("[data-chart=criteria] svg", timeout=15000)
    page.wait_for_load_state("networkidle")
    for kind in CHARTS:
        assert _drawn(page, kind), kind
        assert page.locator(f"[data-chart={kind}] + .dash-table table").count() == 1, kind
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= VIEWPORTS[name]["width"] + 1  # nothing wider than the screen
    assert page.evaluate("window.__violations") == []
    page.screenshot(path=f"{SCREENSHOTS}/guifan-dashboard-county-{VIEWPORTS[name]['width']}.png", full_page=True)
    page.screenshot(path=f"{SCREENSHOTS}/guifan-dashboard-county-{VIEWPORTS[name]['width']}-top.png")
    context.close()


@pytest.mark.parametrize("name", ["desktop", "phone"])
def test_the_city_tile_grid_drills_down_to_a_county(browser, live_server, users, name):
    context, page = _page(browser, live_server, "city", VIEWPORTS[name])
    page.goto(live_server.url + reverse("dashboards:region", args=["450300"]))
    page.wait_for_selector("[data-chart=stars] svg", timeout=15000)
    assert page.locator(".tile-grid .tile").count() == 17
    page.screenshot(path=f"{SCREENSHOTS}/guifan-dashboard-city-tiles-{VIEWPORTS[name]['width']}.png",
                    full_page=True)
    page.screenshot(path=f"{SCREENSHOTS}/guifan-dashboard-city-tiles-{VIEWPORTS[name]['width']}-top.png")
    page.click(".tile-grid .tile:has-text('阳朔县')")
    page.wait_for_load_state()
    assert "/dashboards/450321/" in page.url and "阳朔县" in page.locator("h1").inner_text()
    assert page.evaluate("window.__violations") == []
    context.close()


def test_the_uploaded_boundaries_are_drawn_with_their_approval_number(browser, live_server, users):
    from guifan.dashboards import actions
    from guifan.regions.models import Region

    city = Region.objects.get(code="450300")
    actions.upload_boundaries(city, SimpleUploadedFile("test.geojson", GEOJSON.read_bytes()), "桂S(2023)12号",
                              users["city"], list(city.children.current()))
    context, page = _page(browser, live_server, "city", VIEWPORTS["desktop"])
    page.goto(live_server.url + reverse("dashboards:region", args=["450300"]))
    page.wait_for_selector("[data-chart=map] svg path", state="attached", timeout=15000)
    page.wait_for_load_state("networkidle")
    assert "审图号：桂S(2023)12号" in page.locator(".dash-figure figcaption").inner_text()
    assert page.evaluate("window.__violations") == []
    page.screenshot(path=f"{SCREENSHOTS}/guifan-dashboard-city-map-1280.png", full_page=True)
    context.close()


@pytest.mark.parametrize("username, code", [("county", "450321"), ("city", "450300")])
def test_the_screen_view_fills_a_meeting_room_screen(browser, live_server, users, username, code):
    context, page = _page(browser, live_server, username, {"width": 1920, "height": 1080})
    page.goto(live_server.url + reverse("dashboards:screen", args=[code]))
    page.wait_for_selector("[data-chart=trend] svg path", state="attached", timeout=15000)
    assert page.evaluate("window.__violations") == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 1920
    page.screenshot(path=f"{SCREENSHOTS}/guifan-dashboard-screen-{username}-1920.png")
    context.close()
