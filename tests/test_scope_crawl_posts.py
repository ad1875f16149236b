"""The scope crawler with forms, for every role (issue 9 item 9): on the tiny sample city with its demo accounts
(one per role), each account opens every page its menu leads to and the pages those link to, and sends every form it
finds with the form's own data (current values, the first option of each select). An import gets a workbook of
new rows within the account's scope where the crawl knows how to make one (organisations, members: FRESH_ROWS), which
must import, else the export or blank template the page offers. Nothing may answer 500. Then each form that names
an organisation, member, report or region is sent again naming one of another county: it must be refused (403 or
404) and write nothing.

Bounded: at most PAGES_PER_ROLE pages and one post per form shape, a few hundred requests in all."""

import datetime as dt
import io
import re
from collections import Counter
from urllib.parse import urlencode, urlsplit

import pytest
from django.core.management import call_command
from django.urls import Resolver404, resolve

from guifan import testing as t
from guifan.accounts.scope import Scope
from guifan.core.models import ChangeLog
from guifan.core.spreadsheets import registry
from guifan.core.spreadsheets import testing as sheets
from guifan.facts.models import FactChange, FactReport
from guifan.members.models import Member
from guifan.orgs.models import Organisation
from guifan.regions.models import Region
from guifan.seeding.demo import COUNTY_CODE, ensure_demo_accounts

from .form_crawler import parse, same_site_path

pytestmark = pytest.mark.django_db

ROLES = ("city", "county", "township", "organisation", "member", "sysadmin", "secadmin", "auditor")
PAGES_PER_ROLE = 50
PAGES_PER_SHAPE = 2  # /members/N/ twice, not every member: the budget goes to every kind of page
ADMIN_PAGES_PER_ROLE = 10  # the back office links every model and object: its add forms first, a few pages
# Logging out ends the crawl; the API has its own tests (guifan/api, schemathesis).
NEVER = ("/logout/", "/admin/logout/", "/i18n/", "/account/verify/", "/api/")


@pytest.fixture
def city(settings):
    settings.DEBUG = True  # the demo accounts exist only with DEBUG on
    call_command("seed", scale="tiny", seed=1, stdout=io.StringIO())
    call_command("demo_figures", stdout=io.StringIO())
    accounts = {a.username: a for a in ensure_demo_accounts()}
    settings.DEBUG = False
    county = Region.objects.get(code=COUNTY_CODE)
    outside_org = (Organisation.objects.exclude(region__path__startswith=county.path)
                   .filter(members__isnull=False).order_by("pk").first())
    assert outside_org is not None, "the tiny city has a second county"
    report = FactReport.objects.filter(organisation=outside_org).select_related("period").first()
    return {"accounts": accounts, "outside": {
        "org": outside_org, "member": Member.objects.filter(organisation=outside_org).order_by("pk").first(),
        "region": outside_org.region, "period": report.period.code if report else None}}


def _workbook(response) -> bytes | None:
    if response.status_code != 200 or "spreadsheet" not in response.get("Content-Type", ""):
        return None
    if response.streaming:
        response.content_bytes = b"".join(response.streaming_content)
        response.streaming_content = [response.content_bytes]
    return getattr(response, "content_bytes", None) or response.content


def _new_branch_rows(scope, n):
    parent = scope.organisations().filter(kind__in=["committee", "general_branch"]).order_by("pk").first()
    if parent is None or parent.host_unit_id is None:
        return []
    return [{"code": f"CRAWL-{n}", "name": f"爬查新党支部{n}", "kind": "党支部", "parent": parent.code,
             "host_unit": parent.host_unit.code}]


def _new_member_rows(scope, n):
    org = scope.organisations().filter(kind="branch", dissolved_on__isnull=True).order_by("pk").first()
    if org is None:
        return []
    birth = dt.date(1980 + n % 20, 1 + n % 12, 9)
    return [{"name": f"爬查新党员{n}", "gender": "男", "ethnicity": "汉族", "birth_date": birth,
             "id_number": t.id_number(org.region.code[:6], birth, True), "phone": "",
             "education": "", "joined_on": dt.date(2010, 7, 1), "category": "正式", "status": "",
             "organisation": org.code}]


# Workbooks of new rows, by the import's sheet kind: each must import (the export beside an import names rows that
# exist already, which the import rightly refuses).
FRESH_ROWS = {"organisations": _new_branch_rows, "members": _new_member_rows}


def _allowed(path: str) -> bool:
    return not any(path.startswith(prefix) for prefix in NEVER)


class Crawl:
    def __init__(self, user):
        self.client = t.Client(raise_request_exception=False)
        self.client.force_login(user)
        self.requests, self.errors, self.forms = 0, [], {}
        self.templates = {}  # blank workbooks fetched so far (the reports' template form), by their folder
        self.scope, self.fresh = Scope(user), 0
        self.imported = []  # the imports of new rows that succeeded (their action paths)

    def get(self, path):
        self.requests += 1
        response = self.client.get(path)
        if response.status_code >= 500:
            self.errors.append(f"GET {path}: {response.status_code}")
        if "/template/" in path and _workbook(response):
            self.templates[path.split("template/")[0]] = _workbook(response)
        return response

    def post(self, path, data):
        self.requests += 1
        response = self.client.post(path, data)
        if response.status_code >= 500:
            self.errors.append(f"POST {path}: {response.status_code}")
        if response.status_code == 302 and response["Location"].startswith("/login/"):
            self.errors.append(f"POST {path} ended the session: the crawl would go on logged out")
        return response

    def pages(self):
        """Menu first, then what the menu's pages link to, breadth first, within the budget."""
        home_path = "/"
        home = self.get(home_path)
        if home.status_code == 302:  # a region's account starts on its region's page
            home_path = same_site_path(home["Location"])
            home = self.get(home_path)
        assert home.status_code == 200, home.status_code
        menu = parse("http://testserver" + home_path, home.content.decode()).menu
        queue = [home_path, *(p for p in map(same_site_path, menu) if p)]
        seen, admin_pages, shapes = set(), 0, Counter()
        while queue and len(seen) < PAGES_PER_ROLE:
            path = queue.pop(0)
            if path in seen or not _allowed(path) or path.endswith(("/delete/", "/history/")):
                continue
            shape = re.sub(r"\d+", "N", path.split("?")[0]) + ("?" if "?" in path else "")
            if shapes[shape] >= PAGES_PER_SHAPE:
                continue
            if path.startswith("/admin/"):
                if admin_pages >= ADMIN_PAGES_PER_ROLE:
                    continue
                admin_pages += 1
            shapes[shape] += 1
            seen.add(path)
            response = self.get(path)
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            page = parse("http://testserver" + path, response.content.decode())
            for href in page.links:
                link = same_site_path(href)
                if link and link not in seen and "/template/" not in link:
                    if link.startswith("/admin/") and link.endswith("/add/"):
                        queue.insert(0, link)  # the role-grant request, a new account, a new member
                    else:
                        queue.append(link)
            for form in page.forms:
                self.forms.setdefault(form.signature, (path, form))
        return seen

    def upload_for(self, action, data):
        """A workbook of the site's own making for an import: the export beside it (`.../import/` →
        `.../export/`: the account's own rows, valid data), else the blank template (`.../template/`)."""
        if "/import/" not in action:
            return None
        fresh = self.fresh_workbook(action)
        if fresh is not None:
            return fresh
        query = urlencode({k: v[0] for k, v in data.items() if v and k != "csrfmiddlewaretoken"})
        for other in ("/export/", "/template/"):
            workbook = _workbook(self.get(action.replace("/import/", other) + (f"?{query}" if query else "")))
            if workbook:
                return workbook
        return self.templates.get(action.split("import/")[0])

    def fresh_workbook(self, action):
        try:
            kind = resolve(urlsplit(action).path).kwargs.get("kind")
        except Resolver404:
            return None
        sheet = registry.get(kind or "")
        if kind not in FRESH_ROWS or sheet is None or not self.scope.can_edit:
            return None
        self.fresh += 1
        rows = FRESH_ROWS[kind](self.scope, self.fresh)
        return sheets.filled(sheet, self.scope, rows).read() if rows else None

    def send_forms(self):
        """Each form once, with its own data; returns the posted ones as (action path, data)."""
        posted = []
        for _page_path, form in self.forms.values():
            action = same_site_path(form.action)
            if action is None or not _allowed(action):
                continue
            data = form.data()
            if form.files:
                workbook = self.upload_for(action, data)
                if workbook is None:
                    continue  # no valid file to send
                for name in form.files:
                    data[name] = io.BytesIO(workbook)
                    data[name].name = "template.xlsx"
            if form.method == "post":
                before = ChangeLog.objects.count()
                response = self.post(action, data)
                if form.files and response.status_code == 200 and ChangeLog.objects.count() > before:
                    self.imported.append(action)
                if not form.files:
                    posted.append((action, data))
            else:
                self.get(action.split("?")[0] + "?" + urlencode({k: v[0] for k, v in data.items() if v}))
        return posted


def _outside_variant(path: str, outside: dict) -> str | None:
    """The same action naming another county's object, or None when it names none."""
    clean = urlsplit(path).path
    try:
        match = resolve(clean)
    except Resolver404:
        return None
    kwargs = dict(match.kwargs)
    namespace = match.namespace
    if namespace == "admin" and "object_id" in kwargs:
        model = match.url_name.split("_")[1] if match.url_name.count("_") >= 2 else ""
        target = {"organisation": outside["org"], "member": outside["member"]}.get(model)
        if target is None:
            return None
        kwargs["object_id"] = str(target.pk)
    else:
        changed = False
        for name in list(kwargs):
            if name == "org_pk" or (name == "pk" and namespace in ("orgs", "assessment")):
                kwargs[name], changed = outside["org"].pk, True
            elif name == "pk" and namespace == "members":
                kwargs[name], changed = outside["member"].pk, True
            elif name in ("code", "region_code"):
                kwargs[name], changed = outside["region"].code, True
            elif name == "period" and outside["period"]:
                kwargs[name] = outside["period"]
        if not changed:
            return None
    from django.urls import reverse

    return reverse(f"{namespace}:{match.url_name}" if namespace else match.url_name, kwargs=kwargs)


def _writes() -> tuple[int, int]:
    return ChangeLog.objects.count(), FactChange.objects.count()


@pytest.mark.parametrize("role", ROLES)
def test_every_page_and_form_of_each_role(city, role, django_user_model):
    user = django_user_model.objects.get(username=role)
    crawl = Crawl(user)
    pages = crawl.pages()
    assert len(pages) >= 2, pages
    posted = crawl.send_forms()
    scope = Scope(user)
    outside_checked = 0
    if not scope.is_all and not scope.organisations().filter(pk=city["outside"]["org"].pk).exists():
        tried = set()
        for action, data in posted:
            variant = _outside_variant(action, city["outside"])
            if variant is None or variant in tried:
                continue
            tried.add(variant)
            before = _writes()
            response = crawl.post(variant, data)
            outside_checked += 1
            refused = response.status_code in (403, 404) or (
                variant.startswith("/admin/") and response.status_code == 302
                and response["Location"].rstrip("/").endswith("/admin"))
            assert refused, f"{role}: POST {variant} answered {response.status_code} {response.get('Location')}"
            assert _writes() == before, f"{role}: POST {variant} wrote something"
    assert not crawl.errors, crawl.errors
    if scope.can_edit and not scope.member:
        kinds = {resolve(urlsplit(a).path).kwargs.get("kind") for a in crawl.imported}
        assert set(FRESH_ROWS) <= kinds, f"{role}: the imports of new rows that went in: {sorted(kinds)}"
    assert crawl.requests <= 150, crawl.requests
    print(f"\n{role}: {len(pages)} pages, {len(crawl.forms)} forms, {len(posted)} posts with data, "
          f"{outside_checked} outside posts refused, {len(crawl.imported)} imports of new rows, "
          f"{crawl.requests} requests")
