from django.urls import path

from . import views

app_name = "assessment"
urlpatterns = [
    path("orgs/<int:pk>/", views.checkup, name="checkup"),
    path("regions/<str:code>/", views.region_assessment, name="region"),
    path("whatif/", views.whatif, name="whatif"),
    path("runs/start/", views.run_start, name="run_start"),
]
