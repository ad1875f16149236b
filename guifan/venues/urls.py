from django.urls import path

from . import views

app_name = "venues"
urlpatterns = [
    path("orgs/<int:pk>/", views.organisation_page, name="organisation"),
    path("photos/<int:pk>/", views.photo, name="photo"),
    path("regions/<str:code>/", views.region_page, name="region"),
    path("regions/<str:code>/confirm/", views.confirm, name="confirm"),
    path("regions/<str:code>/upgrading/", views.upgrading_page, name="upgrading"),
    path("regions/<str:code>/export/", views.region_export, name="export"),
]
