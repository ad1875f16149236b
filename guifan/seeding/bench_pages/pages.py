"""The heavy pages of the sample city, found in the database and by reverse(); the same list in process and under
load."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from guifan.assessment.models import AssessmentRun, OrganisationResult
from guifan.facts.models import FactReport, Period
from guifan.members.models import Member
from guifan.orgs.models import Organisation
from guifan.regions.models import Region
from guifan.seeding.demo import CITY_CODE, COUNTY_CODE

CITY, COUNTY = "city", "county"  # the benchmark users' roles


class BenchError(Exception):
    """The database lacks the sample city or its figures (the message says what to run), or a page is unknown."""


@dataclass(frozen=True)
class Page:
    key: str  # short and stable, for --only and for comparing runs
    role: str  # CITY or COUNTY: who requests it
    url: str


@dataclass(frozen=True)
class Targets:
    city: Region
    county: Region
    year: int
    organisation: Organisation


def find_targets() -> Targets:
    """The sample city (`guifan seed --scale city`), its county 阳朔县, the latest official year and an organisation
    with quarterly and monthly figures (`guifan demo_figures`)."""
    city = Region.objects.filter(code=CITY_CODE, level=Region.Level.CITY).first()
    if city is None or not Organisation.objects.filter(region__path__startswith=city.path).exists():
        raise BenchError(_("The database has no sample city (%(code)s with organisations): run `guifan seed "
                             "--scale city` and `guifan demo_figures` first.") % {"code": CITY_CODE})
    county = (Region.objects.filter(code=COUNTY_CODE, parent=city).first()
              or Region.objects.filter(parent=city, level=Region.Level.COUNTY).order_by("code").first())
    run = AssessmentRun.objects.official().order_by("-year", "-finished_at").first()
    if run is None:
        raise BenchError(_("The sample city has no official assessment: run `guifan demo_figures` first."))
    assessed = OrganisationResult.objects.filter(run=run).values("organisation_id")
    quarterly = _reporting(run.year, Period.Kind.QUARTERLY)
    monthly = _reporting(run.year, Period.Kind.MONTHLY)
    organisation = (Organisation.objects.filter(pk__in=assessed).filter(pk__in=quarterly).filter(pk__in=monthly)
                    .order_by("pk").first())
    if organisation is None:
        raise BenchError(_("No assessed organisation has quarterly and monthly figures in %(year)s: run "
                             "`guifan demo_figures` first.") % {"year": run.year})
    return Targets(city=city, county=county, year=run.year, organisation=organisation)


def _reporting(year: int, kind: str):
    return FactReport.objects.filter(period__year=year, period__kind=kind).values("organisation_id")


def heavy_pages(targets: Targets) -> list[Page]:
    city, county = targets.city.code, targets.county.code
    region = reverse("regions:detail", args=[county])
    org_list, member_list = reverse("orgs:list"), reverse("members:list")
    branch, full = Organisation.Kind.BRANCH, Member.Category.FULL
    return [
        Page("todo", CITY, reverse("home")),
        Page("todo", COUNTY, reverse("home")),
        Page("region-city", CITY, reverse("regions:detail", args=[city])),
        Page("region-county", CITY, region),
        Page("region-county", COUNTY, region),
        Page("completeness-city", CITY, reverse("reporting:completeness", args=[str(targets.year), city])),
        Page("assessment-city", CITY, reverse("assessment:region", args=[city])),
        Page("checkup", CITY, reverse("assessment:checkup", args=[targets.organisation.pk])),
        Page("orgs-filtered", CITY, f"{org_list}?{urlencode({'region': county, 'kind': branch})}"),
        Page("orgs-filtered", COUNTY, f"{org_list}?{urlencode({'kind': branch})}"),
        Page("members-filtered", CITY, f"{member_list}?{urlencode({'region': county, 'category': full})}"),
        Page("members-filtered", COUNTY, f"{member_list}?{urlencode({'category': full})}"),
        Page("dashboard-city", CITY, reverse("dashboards:region", args=[city])),
        Page("dashboard-county", COUNTY, reverse("dashboards:region", args=[county])),
        Page("dashboard-screen", CITY, reverse("dashboards:screen", args=[city])),
        Page("dashboard-json", COUNTY, reverse("dashboards:data", args=[county])),
    ]


def select(pages: list[Page], only: list[str] | None) -> list[Page]:
    """The pages whose key is in `only` (all when empty); an unknown key is an error naming the known ones."""
    if not only:
        return pages
    known = {page.key for page in pages}
    unknown = sorted(set(only) - known)
    if unknown:
        raise BenchError(_("Unknown page %(pages)s; the pages are: %(known)s.")
                           % {"pages": ", ".join(unknown), "known": ", ".join(sorted(known))})
    return [page for page in pages if page.key in only]
