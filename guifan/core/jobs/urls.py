"""Included at /jobs/ by guifan.urls."""

from django.urls import path

from . import views

app_name = "jobs"
urlpatterns = [
    path("", views.job_list, name="list"),
    path("<uuid:pk>/", views.job_detail, name="detail"),
    path("<uuid:pk>/progress/", views.job_progress, name="progress"),
    path("<uuid:pk>/download/", views.job_download, name="download"),
    path("<uuid:pk>/cancel/", views.job_cancel, name="cancel"),
    path("<uuid:pk>/retry/", views.job_retry, name="retry"),
]
