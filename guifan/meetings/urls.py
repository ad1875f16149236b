from django.urls import path

from . import views

app_name = "meetings"
urlpatterns = [
    path("organisation/<int:pk>/", views.meeting_list, name="list"),
    path("organisation/<int:pk>/new/", views.meeting_record, name="record"),
    path("<int:pk>/", views.meeting_detail, name="detail"),
    path("<int:pk>/edit/", views.meeting_edit, name="edit"),
    path("<int:pk>/delete/", views.meeting_delete, name="delete"),
    path("<int:pk>/files/", views.file_upload, name="upload"),
    path("files/<int:pk>/", views.file_view, name="file"),
    path("files/<int:pk>/delete/", views.file_delete, name="file_delete"),
    path("absences/", views.absences, name="absences"),
    path("mine/", views.my_meetings, name="mine"),
]
