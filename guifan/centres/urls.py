from django.urls import path

from . import views

app_name = "centres"
urlpatterns = [
    path("", views.index, name="index"),
    path("export/", views.export, name="export"),
    path("new/", views.new_centre, name="new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/files/", views.upload, name="upload"),
    path("files/<int:pk>/", views.file_view, name="file"),
    path("stations/", views.add_station, name="add_station"),
    path("platform/", views.platform, name="platform"),
    path("platform/export/", views.platform_export, name="platform_export"),
    path("platform/rate/", views.rate, name="rate"),
]
