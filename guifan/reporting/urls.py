from django.urls import path

from . import grid, todo_views, views
from .excel import views as excel_views

app_name = "reporting"
urlpatterns = [
    path("", views.index, name="index"),
    path("excel/template/", excel_views.facts_template, name="excel_template"),
    path("excel/import/", excel_views.facts_import, name="excel_import"),
    path("notices/", views.notice_list, name="notices"),
    path("<int:org_pk>/", views.org_report, name="org_report"),
    path("<int:org_pk>/<int:year>/periods/", grid.period_grid, name="periods"),
    path("<int:org_pk>/<int:year>/periods/submit/", grid.grid_submit, name="periods_submit"),
    path("<int:org_pk>/<int:year>/periods/<str:period>/<str:code>/", grid.grid_cell, name="periods_cell"),
    path("<int:org_pk>/<str:period>/", views.report_form, name="report"),
    path("<int:org_pk>/<str:period>/history/", views.report_history, name="history"),
    path("<int:org_pk>/<str:period>/approve/", views.report_approve, name="approve"),
    path("<int:org_pk>/<str:period>/return/", views.report_return, name="return"),
    path("completeness/<str:period>/<str:region_code>/", views.completeness, name="completeness"),
    path("completeness/<str:period>/<str:region_code>/approve/", views.region_approve, name="approve_region"),
    path("completeness/<str:period>/<str:region_code>/remind/", views.remind, name="remind"),
    path("todo/remind/", todo_views.remind_late, name="todo_remind"),
]
