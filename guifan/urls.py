from django.contrib import admin
from django.urls import include, path

from guifan.accounts.admin import without_date_hierarchy
from guifan.reporting import todo_views

without_date_hierarchy()  # every app's admin is registered by the time the URLs load

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("", todo_views.home, name="home"),  # the to-do list (待办); accounts' start page is `start`
    path("", include("guifan.accounts.urls")),
    path("regions/", include("guifan.orgs.region_urls")),
    path("orgs/", include("guifan.orgs.urls")),
    path("members/", include("guifan.members.urls")),
    path("training/", include("guifan.training.urls")),
    path("meetings/", include("guifan.meetings.urls")),
    path("dues/", include("guifan.dues.urls")),
    path("recruitment/", include("guifan.recruitment.urls")),
    path("centres/", include("guifan.centres.urls")),
    path("expansion/", include("guifan.expansion.urls")),
    path("venues/", include("guifan.venues.urls")),
    path("points/", include("guifan.points.urls")),
    path("log/", include("guifan.core.urls")),
    path("excel/", include("guifan.core.spreadsheets.urls")),
    path("jobs/", include("guifan.core.jobs.urls")),
    path("assessment/", include("guifan.assessment.urls")),
    path("reports/", include("guifan.reporting.urls")),
    path("rating/", include("guifan.rating.urls")),
    path("funding/", include("guifan.funding.urls")),
    path("rectification/", include("guifan.rectification.urls")),
    path("model-sites/", include("guifan.modelsites.urls")),
    path("dashboards/", include("guifan.dashboards.urls")),
    path("documents/", include("guifan.documents.urls")),
    path("api/", include("guifan.api.urls")),
]
