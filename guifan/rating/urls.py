from django.urls import path

from . import views

app_name = "rating"
urlpatterns = [
    path("regions/<str:code>/", views.region_page, name="region"),
    path("regions/<str:code>/step/", views.take_step, name="step"),
    path("regions/<str:code>/export/", views.region_export, name="export"),
    path("orgs/<int:pk>/", views.organisation_page, name="organisation"),
]
