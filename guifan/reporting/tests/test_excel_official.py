"""A township official downloads the figures template of her villages, fills it in, gets three errors back, fixes
them, imports again; the figures are in, a second import changes nothing, and the assessment reflects them."""

import io

from django.conf import settings
from django.urls import reverse
from openpyxl import load_workbook

from guifan.assessment.engine import vectorised
from guifan.assessment.engine.verdicts import VERDICTS
from guifan.assessment.frame import build_frame
from guifan.facts.models import FactChange, FactReport

from .excel_helpers import TOWNSHIP, fill, township_fixture, upload  # noqa: F401 (the fixture "township")

GOOD = {"venue_area_m2": 520, "v10r_flags": "是",
        "member_poor_households": 5, "member_poor_households_lifted": 5, "democratic_appraisals": 4}


def _verdict(pack, region, org, criterion):
    result = vectorised.assess(pack, build_frame(pack, 2018, region=region))
    row = result.organisations.filter(result.organisations["id"] == f"org-{org.pk}").to_dicts()[0]
    return VERDICTS[row[f"{criterion}|v"]]


def test_township_official_round_trip(client, township):
    pack, orgs = township["pack"], township["orgs"]
    client.force_login(township["user"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert _verdict(pack, township["region"], orgs["village1"], "R-TEAM-member-poor-households") == "not_reported"

    page = client.get(reverse("spreadsheets:index")).content.decode()
    assert reverse("reporting:excel_template") in page and f'value="{TOWNSHIP}"' in page
    response = client.get(reverse("reporting:excel_template"), {"region": TOWNSHIP, "period": "2018"})
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    listed = [sheet.cell(r, 1).value for r in range(3, sheet.max_row + 1)]
    assert sorted(listed) == sorted(o.code for o in orgs.values())  # her organisations, nothing outside
    assert sheet.protection.sheet and sheet.row_dimensions[1].hidden

    bad = {orgs["village1"].code: {**GOOD, "democratic_appraisals": "sixty"},
           orgs["village2"].code: {**GOOD, "venue_area_m2": -20},
           orgs["village3"].code: {**GOOD, "member_poor_households_lifted": 7}}
    response = client.post(reverse("reporting:excel_import"), {"file": upload(fill(content, bad))})
    assert response.status_code == 400
    errors = response.context["result"].errors
    assert [(e.row, e.key) for e in errors] == sorted(
        [(listed.index(orgs["village1"].code) + 3, "democratic_appraisals"),
         (listed.index(orgs["village2"].code) + 3, "venue_area_m2"),
         (listed.index(orgs["village3"].code) + 3, "member_poor_households_lifted")])
    reasons = " ".join(e.reason for e in errors)
    assert "found text" in reasons and "negative" in reasons and "cannot outnumber" in reasons
    assert not FactReport.objects.exists() and not FactChange.objects.exists()
    marked = client.get(reverse("spreadsheets:errors", args=[response.context["error_token"]]))
    listing = load_workbook(io.BytesIO(b"".join(marked.streaming_content))).worksheets[1]
    assert listing.max_row == 4  # header + three errors

    fixed = {code: dict(GOOD) for code in bad}
    response = client.post(reverse("reporting:excel_import"), {"file": upload(fill(content, fixed))})
    assert response.status_code == 200, response.context["result"].errors
    assert response.context["result"].created == 3
    report = FactReport.objects.get(organisation=orgs["village1"])
    assert report.values["democratic_appraisals"] == 4 and report.values["v10r_flags"] is True
    changes = FactChange.objects.count()
    assert changes == 3 * len(GOOD) and set(FactChange.objects.values_list("source", flat=True)) == {"excel"}

    response = client.post(reverse("reporting:excel_import"), {"file": upload(fill(content, fixed))})
    assert response.status_code == 200 and response.context["result"].created == 0
    assert FactChange.objects.count() == changes

    assert _verdict(pack, township["region"], orgs["village1"], "R-TEAM-member-poor-households") == "pass"


def test_template_prefills_reported_values_and_greys_other_domains(client, township):
    from guifan.facts.actions import get_report, set_values

    orgs = township["orgs"]
    set_values(get_report(orgs["village2"], township["period"]), {"democratic_appraisals": 6, "v10r_flags": False})
    client.force_login(township["user"])
    response = client.get(reverse("reporting:excel_template"), {"region": TOWNSHIP, "period": "2018"})
    wb = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    ws = wb.worksheets[0]
    keys = {c.value: c.column for c in ws[1]}
    row = next(r for r in range(3, ws.max_row + 1) if ws.cell(r, 1).value == orgs["village2"].code)
    assert ws.cell(row, keys["democratic_appraisals"]).value == 6 and ws.cell(row, keys["v10r_flags"]).value == "否"
    community = next(r for r in range(3, ws.max_row + 1) if ws.cell(r, 1).value == orgs["community"].code)
    grey = ws.cell(community, keys["member_poor_households"])  # a village fact
    assert grey.protection.locked and grey.fill.fgColor.rgb.endswith("D9D9D9")
    assert not ws.cell(community, keys["volunteer_teams"]).protection.locked
    assert wb[wb.sheetnames[2]].sheet_state == "veryHidden"
    instructions = wb[wb.sheetnames[1]]
    codes = {instructions.cell(r, 2).value for r in range(1, instructions.max_row + 1)}
    assert {f.code for f in township["pack"].reported_facts("yearly")} <= codes


def test_a_large_regions_template_is_prepared_as_a_job(client, township, settings, django_capture_on_commit_callbacks):
    """issue 14.1: above GUIFAN_TEMPLATE_INLINE_ORGANISATIONS the GET offers a job (writing nothing); its POST queues
    it; the job's file is the same template."""
    from guifan.core.jobs import runner
    from guifan.core.models import Job

    settings.GUIFAN_TEMPLATE_INLINE_ORGANISATIONS = 1
    client.force_login(township["user"])
    url = reverse("reporting:excel_template")
    offer = client.get(url, {"region": TOWNSHIP, "period": "2018"})
    assert offer.status_code == 200 and 'method="post"' in offer.content.decode() and not Job.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"region": TOWNSHIP, "period": "2018"})
    job = Job.objects.get()
    assert response["Location"] == reverse("jobs:detail", args=[job.pk]) and job.kind == "figures_template"
    job.refresh_from_db()
    assert job.state == Job.State.DONE and job.rows == len(township["orgs"])
    sheet = load_workbook(runner.file_of(job)).worksheets[0]
    assert sorted(sheet.cell(r, 1).value for r in range(3, sheet.max_row + 1)) == sorted(
        o.code for o in township["orgs"].values())
