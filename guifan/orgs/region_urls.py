"""The region page keeps its URL name `regions:detail` (/regions/<code>/): it is served by orgs, because its
figures are the organisations' (guifan.orgs.region_page)."""

from django.urls import path

from . import views

app_name = "regions"
urlpatterns = [
    path("<str:code>/", views.region_detail, name="detail"),
]
