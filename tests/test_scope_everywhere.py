"""Done-when of the scope issue: a county user cannot reach, through any page, export, search or admin view, an
organisation or member outside that county.

The crawl is generic (tests/scope_crawler.py): every URL pattern of guifan.urls, including the ones added after this
test was written, is requested as the 阳朔 (450321) county user with path parameters naming 临桂 (450312) objects,
and with search and filter query strings naming them. No answer may contain a 临桂 name, code or ID number, and a
URL naming a 临桂 object must not answer 2xx. The same crawl must find 阳朔 names, so it cannot pass on empty pages.
"""

import datetime as dt
from urllib.parse import urlencode

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType

from guifan import testing as t
from guifan.accounts.models import Role
from guifan.core import audit
from guifan.core.models import ChangeLog, Job, SensitiveAccess
from guifan.meetings.models import Attendance, Meeting, MeetingFile
from guifan.members import actions as member_actions
from guifan.members.models import Member, Transfer
from guifan.orgs import actions as org_actions
from guifan.orgs.models import HostUnit, Organisation
from guifan.points.models import PointEntry, PointTotal
from guifan.regions.models import Region

from .scope_crawler import Candidates, body_text, endpoints, fill, found, strip_echo

# Primary keys far above anything a test creates: a URL with one of these names the 临桂 object or nothing. They are
# a thousand apart because MariaDB does not roll back a table's AUTO_INCREMENT with the test's transaction: after this
# file's first test, the next rows of the member table are numbered from the outside member's key + 1, and the 阳朔
# members the next test creates must not take the key that names another outside object.
_OUTSIDE_KINDS = ["hostunit", "organisation", "member", "changelog",
                  "transfer", "role", "region",
                  # training (issue 11): a 临桂 library, course, class and exam
                  "courselibrary", "course", "trainingclass", "exam",
                  # organisational life (issue 11): a 临桂 meeting and its evidence file
                  "meeting", "meetingfile",
                  # member points (issue 11): a 临桂 member's point request
                  "pointentry",
                  # rating and funding (issue 13): a 临桂 rating, the township's step, a funding row
                  "rating", "ratingstep", "fundingresult",
                  # rectification (issue 13): a 临桂 listing, its task and evidence file
                  "listing", "rectificationtask", "taskfile",
                  # party dues (issue 12): a 临桂 member's dues for 2018 and a month paid
                  "duesassessment", "duespayment",
                  # recruitment (issue 12): a 临桂 applicant and the record of their political review
                  "applicant", "steprecord",
                  # service centres and the platform rating (issue 13.7/13.8): a 临桂 district centre, its photo, a
                  # tourist station and the platform's rating with a model site
                  "servicecentre", "centrefile", "touriststation", "platformrating",
                  # expansion (issue 13.2): a task about the 临桂 host unit, given to its township
                  "expansiontask",
                  # model sites (issue 13.4): a 临桂 nomination, selected at the county level
                  "nomination",
                  # venue rating (issue 13.6, M13): a 临桂 venue, its rating, a check and its photo
                  "venue", "venuerating", "venuecheck", "venuephoto",
                  # official documents (issue 14.3): a 临桂 notice and its recipient's rectification report
                  "document", "documentrecipient"]
OUTSIDE_PK = {kind: 910_000 + 1_000 * n for n, kind in enumerate(_OUTSIDE_KINDS, 1)}

# Pages that show in-scope rows to a county user: the positive control looks for 阳朔 names there.
MUST_SHOW_IN_SCOPE = ["admin/orgs/organisation/", "admin/members/member/", "api/organisations/", "api/members/"]


@pytest.fixture
def register(two_counties, users):
    """The two counties plus 临桂 objects with known high keys, change logs, a transfer, a role and a township."""
    ling, yang = two_counties["lingui"], two_counties["yangshuo"]
    unit = t.host_unit("450312100", name="lingui越界单位", pk=OUTSIDE_PK["hostunit"])
    branch = t.organisation(unit, Organisation.Kind.BRANCH, parent=ling["committee"], name="lingui越界党支部",
                            pk=OUTSIDE_PK["organisation"])
    member = t.member(branch, name="lingui越界党员", pk=OUTSIDE_PK["member"])
    admin_user = users["admin"]
    member_actions.update_member(ling["members"][1], {"status": Member.Status.FLOWING}, user=admin_user)
    org_actions.update_organisation(ling["branch"], {"founded_on": dt.date(2001, 7, 1)}, user=admin_user)
    member_actions.update_member(yang["members"][1], {"status": Member.Status.FLOWING}, user=admin_user)
    log = audit.entry(member, ChangeLog.Action.UPDATE, admin_user, {"status": "normal"}, {"status": "flowing"})
    log.pk = OUTSIDE_PK["changelog"]
    log.save()
    Transfer.objects.create(pk=OUTSIDE_PK["transfer"], member=member, from_organisation=ling["branch"],
                            to_organisation=branch, date=dt.date(2024, 3, 1), user=admin_user)
    member_actions.transfer_member(ling["members"][2], branch, date=dt.date(2024, 4, 1), user=admin_user)
    # A member transferred in from outside the city to the 临桂 branch (no sending organisation, a name only).
    member_actions.receive_from_outside(
        branch, {"name": "lingui越界转入党员", "gender": "M", "id_number": t.id_number("440305", dt.date(1991, 2, 3)),
                 "ethnicity": "汉族", "joined_on": dt.date(2016, 7, 1), "category": Member.Category.FULL},
        outside_name="lingui越界市外党委", letter_number="lingui越界转入1号", date=dt.date(2024, 4, 2), user=admin_user)
    secretary = get_user_model().objects.create_user("lingui_secretary", password="pw", is_staff=True)
    Role.objects.create(pk=OUTSIDE_PK["role"], user=secretary, kind=Role.Kind.ORGANISATION,
                        organisation=ling["committee"])
    Region.objects.create(pk=OUTSIDE_PK["region"], code="450312999", name="越界测试镇", level=Region.Level.TOWNSHIP,
                          parent=ling["county"])
    audit.record_sensitive_view(admin_user, member, "id_number", reason="test")
    Job.objects.create(kind="spreadsheet_export", title="lingui越界导出", user=secretary, state=Job.State.DONE)
    _outside_training(ling, member)
    # A 临桂 meeting with the attendance of its members and an evidence file (organisational life, issue 11).
    meeting = Meeting.objects.create(pk=OUTSIDE_PK["meeting"], organisation=ling["branch"], kind="member_meeting",
                                     held_on=dt.date(2018, 3, 9), topic="lingui越界会议", host="lingui书记")
    Attendance.objects.bulk_create([Attendance(meeting=meeting, member=m, status="absent", has_vote=True)
                                    for m in ling["members"][:2]])
    MeetingFile.objects.create(pk=OUTSIDE_PK["meetingfile"], meeting=meeting, file="meeting/none.png",
                               name="lingui签到表.png", size=1, content_type="image/png")
    # A point request and a yearly total of the outside member (guifan.points).
    PointEntry.objects.create(pk=OUTSIDE_PK["pointentry"], member=member, year=2018, item="pioneer",
                              category="rural", points=5, occurred_on=dt.date(2018, 5, 1),
                              source=PointEntry.Source.REQUEST, state=PointEntry.State.REQUESTED,
                              requested_by=secretary, note="lingui越界申请")
    PointTotal.objects.create(member=member, year=2018, organisation=branch, category="rural", points=60,
                              rank_in_branch=1, computed_at=dt.datetime(2018, 12, 31, tzinfo=dt.UTC))
    _outside_programmes(ling, branch)
    _outside_rectification(ling)
    _outside_centres(ling)
    _outside_model_site(ling)
    _outside_documents(ling)
    # Party dues (guifan.dues): the outside member's amount for 2018 (an income declared) and January paid.
    from guifan.core import crypto
    from guifan.dues.models import DuesAssessment, DuesPayment

    DuesAssessment.objects.create(pk=OUTSIDE_PK["duesassessment"], member=member, organisation=branch, year=2018,
                                  category="employed", income_encrypted=crypto.encrypt("4321.00"),
                                  monthly_amount="43.21")
    DuesPayment.objects.create(pk=OUTSIDE_PK["duespayment"], member=member, organisation=branch, year=2018, month=1,
                               amount="43.21", paid_on=dt.date(2018, 1, 31))
    _outside_recruitment(branch)
    _outside_expansion(ling, unit)
    _outside_venues(branch)
    return two_counties


def _outside_expansion(ling, unit):
    """A 临桂 expansion task (guifan.expansion) at a known key: the outside unit has no organisation of its own."""
    from guifan.expansion.models import ExpansionTask

    key = f"uncovered_unit:u{OUTSIDE_PK['hostunit']}"
    ExpansionTask.objects.create(pk=OUTSIDE_PK["expansiontask"], key=key, gap="uncovered_unit",
                                 detail="enterprise", host_unit=unit, region=ling["township"], headcount=150,
                                 found_on=dt.date(2018, 3, 1), deadline=dt.date(2018, 6, 1),
                                 note="lingui越界扩面")


def _outside_venues(branch):
    """A 临桂 venue rated, with a check and its photo, at known keys (guifan.venues)."""
    from django.utils import timezone

    from guifan.venues.models import Venue, VenueCheck, VenuePhoto, VenueRating

    venue = Venue.objects.create(pk=OUTSIDE_PK["venue"], organisation=branch, name="lingui越界阵地", area="230")
    rating = VenueRating.objects.create(pk=OUTSIDE_PK["venuerating"], venue=venue, organisation=branch, year=2018,
                                        checklist="V10R", area="230", items=12, missing=11, grade="below",
                                        recorded_at=timezone.now())
    check = VenueCheck.objects.create(pk=OUTSIDE_PK["venuecheck"], rating=rating, item="flags", present=True)
    VenuePhoto.objects.create(pk=OUTSIDE_PK["venuephoto"], venue_check=check, file="venues/none.png",
                              name="lingui阵地照片.png", size=1, content_type="image/png")


def _outside_recruitment(branch):
    """A 临桂 applicant at the political review (guifan.recruitment), at known keys."""
    from guifan.core import crypto
    from guifan.recruitment.models import Applicant, StepRecord

    applicant = Applicant(pk=OUTSIDE_PK["applicant"], name="lingui越界申请人", gender="M", organisation=branch,
                          last_step="political_review", last_step_on=dt.date(2024, 4, 1))
    applicant.set_id_number(t.id_number("450312", dt.date(2000, 3, 3)))
    applicant.save()
    StepRecord.objects.create(pk=OUTSIDE_PK["steprecord"], applicant=applicant, step="political_review",
                              done_on=dt.date(2024, 4, 1), conclusion_encrypted=crypto.encrypt("lingui越界结论"))


def _outside_programmes(ling, branch):
    """A 临桂 organisation rated (its township's step taken) and funded, at known keys (guifan.rating, funding)."""
    from django.utils import timezone

    from guifan.assessment.models import AssessmentRun
    from guifan.funding.models import FundingResult, FundingRun
    from guifan.rating.models import Rating, RatingStep
    from guifan.standards.selectors import ensure_shipped_pack_loaded

    now = timezone.now()
    version = ensure_shipped_pack_loaded()
    run = AssessmentRun.objects.create(pack_version=version, year=2018, input_hash="outside", started_at=now,
                                       finished_at=now)
    Rating.objects.create(pk=OUTSIDE_PK["rating"], organisation=branch, year=2018, run=run, assessed_stars=2,
                          stars=3, stage="propose", movement="new", reason="lingui越界理由", updated_at=now)
    RatingStep.objects.create(pk=OUTSIDE_PK["ratingstep"], year=2018, step="propose", region=ling["township"],
                              taken_at=now, organisations=1)
    funding = FundingRun.objects.create(year=2018, pack_version=version, assessment_run=run, computed_at=now)
    FundingResult.objects.create(pk=OUTSIDE_PK["fundingresult"], run=funding, organisation=branch, total=1,
                                 lines={"village_operating": 100}, payers={"county": 100}, inputs={})


def _outside_rectification(ling):
    """A 临桂 organisation on the weak and lax list, being rectified, with a task and its evidence file."""
    from guifan.rectification.models import Listing, Task, TaskFile

    listing = Listing.objects.create(pk=OUTSIDE_PK["listing"], organisation=ling["branch"], year=2018,
                                     source=Listing.Source.NAMED, state=Listing.State.CONFIRMED,
                                     reason="lingui越界整顿", first_secretary="lingui第一书记")
    task = Task.objects.create(pk=OUTSIDE_PK["rectificationtask"], listing=listing, title="lingui越界任务",
                               deadline=dt.date(2018, 9, 1))
    TaskFile.objects.create(pk=OUTSIDE_PK["taskfile"], task=task, file="rectification/none.png",
                            name="lingui整改照片.png", size=1, content_type="image/png")


def _outside_centres(ling):
    """临桂 (an urban district): its centre with a photo, a tourist station and its platform rating."""
    from guifan.centres.models import CentreFile, PlatformRating, ServiceCentre, TouristStation

    centre = ServiceCentre.objects.create(pk=OUTSIDE_PK["servicecentre"], level="district", region=ling["county"],
                                          name="lingui越界中心", area_m2=1200, staff=3)
    CentreFile.objects.create(pk=OUTSIDE_PK["centrefile"], centre=centre, file="centres/none.png",
                              name="lingui中心照片.png", size=1, content_type="image/png")
    TouristStation.objects.create(pk=OUTSIDE_PK["touriststation"], region=ling["county"], centre=centre,
                                  name="lingui越界驿站")
    PlatformRating.objects.create(pk=OUTSIDE_PK["platformrating"], region=ling["county"], year=2018,
                                  scores={"linked": "20"}, total=20, grade="fail",
                                  model_sites=[{"level": "village", "name": "lingui越界示范点"}])


def _outside_model_site(ling):
    """A 临桂 organisation nominated as a model site, selected at the county level."""
    from guifan.modelsites.models import Nomination

    Nomination.objects.create(pk=OUTSIDE_PK["nomination"], organisation=ling["branch"], year=2018, domain="R",
                              state=Nomination.State.SELECTED, grade="county", nominated_level="township",
                              statement="lingui越界示范", review_reason="lingui越界审核", stars=5)


def _outside_documents(ling):
    """A notice issued by 临桂 to its branch, the branch's rectification report received (guifan.documents)."""
    from guifan.documents.models import Document, Recipient

    document = Document.objects.create(pk=OUTSIDE_PK["document"], kind="notice_criticism", year=2018,
                                       issuer=ling["county"], serial=1, number="〔2018〕1号", title="lingui越界通报",
                                       docx=b"PK", deadline=dt.date(2018, 9, 1))
    Recipient.objects.create(pk=OUTSIDE_PK["documentrecipient"], document=document, organisation=ling["branch"],
                             deadline=dt.date(2018, 9, 1), response_text="lingui越界整改报告",
                             response_file=b"lingui", response_file_name="lingui整改报告.txt")


def _outside_training(ling, member):
    """A 临桂 county library with a course, a class (the outside member enrolled) and an exam, at known keys."""
    from guifan.training.models import Course, CourseLibrary, Enrolment, Exam, TrainingClass

    library = CourseLibrary.objects.create(pk=OUTSIDE_PK["courselibrary"], level="county", region=ling["county"],
                                           name="lingui越界课程库")
    course = Course.objects.create(pk=OUTSIDE_PK["course"], library=library, title="lingui越界课程",
                                   mode=Course.Mode.ROTATION, hours=8, credits=1)
    pk = OUTSIDE_PK["trainingclass"]
    klass = TrainingClass.objects.create(pk=pk, course=course, code=f"PX{pk}",
                                         title="lingui越界培训班", starts_on=dt.date(2024, 3, 1),
                                         ends_on=dt.date(2024, 3, 2))
    Enrolment.objects.create(training_class=klass, member=member)
    Exam.objects.create(pk=OUTSIDE_PK["exam"], training_class=klass, code=f"KS{OUTSIDE_PK['exam']}",
                        scheme="unified_exam",
                        title="lingui越界考试", held_on=dt.date(2024, 3, 2), questions=1, total=10, pass_mark=6)


def outside_strings(county_code: str) -> dict[str, list[str]]:
    """Names, codes and ID numbers (masked and full) of every organisation, member and host unit outside."""
    orgs = Organisation.objects.filter(region__path__contains=f"/{county_code}/")
    members = Member.objects.filter(organisation__in=orgs)
    units = HostUnit.objects.filter(region__path__contains=f"/{county_code}/")
    return {
        "names": [o.name for o in orgs] + [m.name for m in members] + [u.name for u in units]
        + list(Meeting.objects.filter(organisation__in=orgs).values_list("topic", flat=True))
        + list(MeetingFile.objects.filter(meeting__organisation__in=orgs).values_list("name", flat=True))
        + ["lingui越界整顿", "lingui越界任务", "lingui整改照片.png", "lingui第一书记"]
        + ["lingui越界申请人", "lingui越界结论"]
        + ["lingui越界市外党委", "lingui越界转入1号"]
        + ["lingui越界中心", "lingui中心照片.png", "lingui越界驿站", "lingui越界示范点"]
        + ["lingui越界扩面"] + ["lingui越界示范", "lingui越界审核"]
        + ["lingui越界阵地", "lingui阵地照片.png"]
        + ["lingui越界通报", "lingui越界整改报告", "lingui整改报告.txt"],
        "codes": [o.code for o in orgs] + [u.code for u in units],
        "id_numbers": [m.id_number_masked for m in members] + [m.reveal_id_number() for m in members],
    }


def register_state(county_code: str) -> dict:
    """Everything about the outside register that a stray write could change."""
    orgs = Organisation.objects.filter(region__path__contains=f"/{county_code}/")
    return {
        "orgs": [audit.snapshot(o) for o in orgs.order_by("pk")],
        "members": [audit.snapshot(m) for m in Member.objects.filter(organisation__in=orgs).order_by("pk")],
        "units": [audit.snapshot(u) for u in HostUnit.objects.filter(region__path__contains=f"/{county_code}/")],
        "roles": list(Role.objects.order_by("pk").values()),
        "logs": ChangeLog.objects.filter(region_path__contains=f"/{county_code}/").count(),
    }


def build_candidates(county_code: str) -> Candidates:
    outside_regions = Region.objects.filter(path__contains=f"/{county_code}/")
    loose = set()
    for qs in (Organisation.objects.filter(region__path__contains=f"/{county_code}/"),
               Member.objects.filter(organisation__region__path__contains=f"/{county_code}/"),
               HostUnit.objects.filter(region__path__contains=f"/{county_code}/"),
               outside_regions.filter(code__in=[county_code, county_code + "100"]),
               ChangeLog.objects.filter(region_path__contains=f"/{county_code}/")):
        loose |= {str(pk) for pk in qs.values_list("pk", flat=True)}
    ids = [str(pk) for pk in OUTSIDE_PK.values()]
    register_models = [Organisation, Member, HostUnit, Region, ChangeLog, Transfer, Role, Meeting, MeetingFile]
    return Candidates(
        ids=ids,
        loose_ids=sorted(loose - set(ids), key=int),
        codes=[county_code, county_code + "100", county_code + "999"]
        + list(Organisation.objects.filter(pk=OUTSIDE_PK["organisation"]).values_list("code", flat=True))
        + list(HostUnit.objects.filter(pk=OUTSIDE_PK["hostunit"]).values_list("code", flat=True)),
        content_type_ids=[str(ContentType.objects.get_for_model(m).pk) for m in register_models],
        app_labels=[a.label for a in apps.get_app_configs()],
        model_names=[m._meta.model_name for m in register_models],
        uuids=[str(pk) for pk in Job.objects.filter(user__username="lingui_secretary").values_list("pk", flat=True)],
    )


def probes(outside: dict, register) -> list[dict]:
    """Search and filter query strings that name 临桂 objects."""
    ling = register["lingui"]
    member = Member.objects.get(pk=OUTSIDE_PK["member"])
    return [
        {"q": ling["committee"].name}, {"q": ling["branch"].code}, {"q": member.name},
        {"q": member.reveal_id_number()}, {"q": "lingui"}, {"term": "lingui"}, {"search": "lingui"},
        {"region": "450312"}, {"organisation": str(OUTSIDE_PK["organisation"])},
        {"parent": str(OUTSIDE_PK["organisation"])}, {"member": str(OUTSIDE_PK["member"])},
    ]


def autocomplete_queries() -> list[dict]:
    """The admin's autocomplete answers only for a registered field: one query per autocomplete field."""
    queries = []
    for model, model_admin in admin.site._registry.items():
        for field in model_admin.get_autocomplete_fields(None):
            base = {"app_label": model._meta.app_label, "model_name": model._meta.model_name, "field_name": field}
            queries += [base | {"term": ""}, base | {"term": "lingui"}, base | {"term": "yangshuo"}]
    return queries


def crawl(client, candidates: Candidates, query_sets: list[dict], narrow=None, shard: tuple[int, int] = (0, 1)):
    """Yields (endpoint label, url, response, echoed search values, names an outside object) for every request.
    `narrow(endpoint, filled)`, when given, picks the URLs of an endpoint worth requesting; `shard` (k, n) crawls
    every n-th endpoint from the k-th, so that n tests share the crawl between workers."""
    k, n = shard
    eps = endpoints()[k::n]
    report = {}
    for ep in eps:
        filled, reason = fill(ep, candidates)
        if narrow is not None:
            filled = narrow(ep, filled)
        report[ep.label] = reason or f"{len(filled)} url(s)"
        for item in filled:
            response = client.get(item.url)
            yield ep.label, item.url, response, [], item.names_outside_object
            if item.names_outside_object:
                # Forms, reveals and deletes too: posting to an outside object must find nothing to act on.
                yield ep.label, f"POST {item.url}", client.post(item.url, {}), [], True
            if response.status_code != 200 or item.names_outside_object:
                continue
            extra = autocomplete_queries() if ep.name == "autocomplete" else []
            for params in query_sets + extra:
                url = f"{item.url}?{urlencode(params)}"
                yield ep.label, url, client.get(url), list(params.values()), False
    crawl.report = report


CRAWL_SHARDS = 2


@pytest.mark.django_db
@pytest.mark.parametrize("shard", range(CRAWL_SHARDS))
def test_county_user_reaches_nothing_outside_the_county_anywhere(client, users, register, shard):
    client.force_login(users["county"])
    outside = outside_strings("450312")
    forbidden = outside["names"] + outside["codes"] + outside["id_numbers"]
    inside = [o.name for o in Organisation.objects.filter(region__path__contains="/450321/")] + \
             [m.name for m in Member.objects.filter(organisation__region__path__contains="/450321/")]
    candidates = build_candidates("450312")
    assert candidates.loose_ids, "the 临桂 fixture objects are missing"

    before = register_state("450312")
    leaks, answered, showing_inside, visited = [], [], set(), {}
    for label, url, response, echoed, names_outside in crawl(client, candidates, probes(outside, register),
                                                             shard=(shard, CRAWL_SHARDS)):
        visited[label] = visited.get(label, 0) + 1
        if names_outside and 200 <= response.status_code < 300:
            answered.append(f"{url} -> {response.status_code}")
        text = body_text(response)
        for value in echoed:
            text = strip_echo(text, value)
        if hits := found(text, forbidden):
            leaks.append(f"{url} -> {response.status_code}: {hits}")
        if response.status_code == 200 and found(text, inside):
            showing_inside.add(label)

    report = crawl.report
    print("\nURL patterns crawled as the 阳朔 county user:")
    for label in sorted(report):
        print(f"  {label or '/'}: {report[label]}, {visited.get(label, 0)} request(s)")
    print(f"Pages showing in-scope names: {sorted(showing_inside)}")

    assert not leaks, "out-of-scope data in answers:\n" + "\n".join(leaks[:50])
    assert not answered, "URLs naming out-of-scope objects answered 2xx:\n" + "\n".join(answered[:50])
    unvisited = {label: reason for label, reason in report.items() if not visited.get(label)}
    assert not unvisited, f"URL patterns the crawler could not fill (teach scope_crawler.Candidates): {unvisited}"
    assert set(MUST_SHOW_IN_SCOPE) & set(report) <= showing_inside, "positive control: in-scope rows not found"
    assert register_state("450312") == before, "a request of the county user changed 临桂 data"
    assert not SensitiveAccess.objects.filter(user=users["county"]).exists(), "an ID number or phone was revealed"


@pytest.mark.django_db
def test_crawler_sees_every_pattern_of_the_urlconf():
    labels = {ep.label for ep in endpoints()}
    assert set(MUST_SHOW_IN_SCOPE) <= labels  # each is in one shard of the county crawl
    # The crawl covers the admin, the API and the schema: if these disappear the walk is broken, not the site.
    assert {"admin/", "admin/orgs/organisation/<object_id>/change/", "api/organisations/<pk>/", "api/schema/"} <= labels


@pytest.mark.django_db
def test_crawler_catches_a_leak(client, users, register):
    """The checks themselves work: a superuser's admin pages do contain 临桂 data, and the crawler says so."""
    client.force_login(users["admin"])
    outside = outside_strings("450312")
    text = body_text(client.get("/admin/members/member/"))
    assert found(text, outside["names"]) and found(text, outside["id_numbers"])
    response = client.get(f"/api/organisations/{OUTSIDE_PK['organisation']}/")
    assert response.status_code == 200 and found(body_text(response), outside["codes"])


def test_strip_echo_removes_only_the_echo():
    page = '<input name="q" value="lingui村党总支"><a href="?q=O000007&amp;p=2">x</a><td>lingui村党总支</td>'
    text = strip_echo(strip_echo(page, "lingui村党总支"), "O000007")
    assert found(text, ["lingui村党总支"]) == ["lingui村党总支"]
    assert "O000007" not in text
    assert strip_echo('value="450312********1234"', "450312") == 'value="450312********1234"'


# The pages a member's own account answers (issue 10 item 6); everything else is refused.
MEMBER_ANSWERS = {"home", "login", "password_change", "otp_setup", "otp_verify", "members:detail", "reporting:notices",
                  "meetings:mine",  # the member's own meetings and attendance (issue 11)
                  "points:mine", "points:member",
                  "training:mine",  # the member's own courses, hours and credits
                  "dues:mine"}  # the member's own party dues (issue 12)


def _member_urls(ep, filled):
    """The API is crawled for scope above (a member's token sees the member only: guifan.api tests); a page closed to
    members is closed by its name (guifan.accounts.member_pages), so one URL of it, naming an outside object where one
    does, shows it closed; the pages open to members get every URL."""
    from django.urls import resolve

    from guifan.accounts.member_pages import MEMBER_PAGES

    if ep.fmt.startswith("api/") or not filled:
        return []
    if resolve(filled[0].url.split("?")[0]).view_name in MEMBER_PAGES:
        return filled
    return [next((f for f in filled if f.names_outside_object), filled[0])]


@pytest.mark.django_db
def test_a_member_sees_only_themselves_anywhere(client, users, register):
    """Crawled as the member: only their own record and account pages answer, and no page names another member,
    shows register figures, reports, Excel or the change log."""
    from django.urls import resolve

    me = users["member"].role.member
    client.force_login(users["member"])
    others = [m.name for m in Member.objects.exclude(pk=me.pk)]
    answered, leaks = set(), []
    for _label, url, response, _echoed, _outside in crawl(client, build_candidates("450312"), [], _member_urls):
        path = url.removeprefix("POST ").split("?")[0]
        if response.status_code == 200 and not url.startswith("POST"):
            answered.add(resolve(path).view_name)
        if hits := found(body_text(response), others):
            leaks.append(f"{url} -> {response.status_code}: {hits}")
    assert not leaks, "other members in a member's pages:\n" + "\n".join(leaks[:20])
    assert answered <= MEMBER_ANSWERS, f"pages a member should not see: {sorted(answered - MEMBER_ANSWERS)}"
    assert {"meetings:mine", "points:mine", "training:mine", "dues:mine"} <= answered  # the crawl reached them
    own = client.get(f"/members/{me.pk}/").content.decode()
    assert me.name in own and me.organisation.name in own
    assert f'href="/orgs/{me.organisation_id}/"' not in own  # the organisation's name, not its page
