from django.urls import path

from . import views

app_name = "expansion"
urlpatterns = [
    path("", views.index, name="index"),
    path("export/", views.export, name="export"),
    path("find/", views.find, name="find"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/close/", views.close, name="close"),
    path("<int:pk>/deadline/", views.deadline, name="deadline"),
]
