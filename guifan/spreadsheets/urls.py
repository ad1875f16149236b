from django.urls import path

from . import facts_views, views

app_name = "spreadsheets"
urlpatterns = [
    path("", views.index, name="index"),
    path("facts/template/", facts_views.facts_template, name="facts_template"),
    path("facts/import/", facts_views.facts_import, name="facts_import"),
    path("<str:kind>/template/", views.template, name="template"),
    path("<str:kind>/import/", views.import_view, name="import"),
    path("<str:kind>/export/", views.export, name="export"),
    path("errors/<str:token>/", views.error_workbook, name="errors"),
]
