from django.urls import path

from . import views

app_name = "orgs"
urlpatterns = [
    path("", views.organisation_list, name="list"),
    path("search/", views.organisation_suggestions, name="suggest"),
    path("<int:pk>/", views.organisation_detail, name="detail"),
    path("<int:pk>/edit/", views.organisation_edit, name="edit"),
]
