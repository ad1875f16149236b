"""Included at /excel/ by guifan.urls; <kind> is a registered sheet's kind (registry.get)."""

from django.urls import path

from . import views

app_name = "spreadsheets"
urlpatterns = [
    path("", views.index, name="index"),
    path("<str:kind>/template/", views.TemplateDownloadView.as_view(), name="template"),
    path("<str:kind>/import/", views.BulkImportView.as_view(), name="import"),
    path("<str:kind>/export/", views.ExportView.as_view(), name="export"),
    path("errors/<str:token>/", views.error_workbook, name="errors"),
]
