from django.urls import path

from . import views

app_name = "core"
urlpatterns = [
    path("", views.change_log, name="changelog"),
    path("security/", views.security_log, name="security"),
]
