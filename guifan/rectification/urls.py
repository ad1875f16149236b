from django.urls import path

from . import views

app_name = "rectification"
urlpatterns = [
    path("", views.index, name="index"),
    path("export/", views.export, name="export"),
    path("propose/", views.propose, name="propose"),
    path("name/", views.name, name="name"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/confirm/", views.confirm, name="confirm"),
    path("<int:pk>/progress/", views.progress, name="progress"),
    path("<int:pk>/tasks/", views.add_task, name="add_task"),
    path("<int:pk>/village-bully/", views.village_bully, name="village_bully"),
    path("<int:pk>/sign-off/", views.sign_off, name="sign_off"),
    path("tasks/<int:pk>/files/", views.task_upload, name="upload"),
    path("tasks/<int:pk>/close/", views.task_close, name="close"),
    path("files/<int:pk>/", views.file_view, name="file"),
]
