from django.urls import path

from . import views

app_name = "dashboards"
urlpatterns = [
    path("", views.index, name="index"),
    path("<str:code>/", views.region, name="region"),
    path("<str:code>/screen/", views.screen, name="screen"),
    path("<str:code>/data.json", views.data, name="data"),
    path("<str:code>/boundaries/", views.boundaries, name="boundaries"),
    path("<str:code>/boundaries.geojson", views.geojson, name="geojson"),
]
