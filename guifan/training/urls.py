from django.urls import path

from . import views

app_name = "training"
urlpatterns = [
    path("", views.library_list, name="libraries"),
    path("libraries/new/", views.library_new, name="library_new"),
    path("libraries/<int:pk>/", views.library_detail, name="library"),
    path("courses/<int:pk>/", views.course_detail, name="course"),
    path("classes/<int:pk>/", views.class_detail, name="class"),
    path("classes/<int:pk>/enrol/", views.class_enrol, name="enrol"),
    path("classes/<int:pk>/sign-in/", views.class_sign_in, name="sign_in"),
    path("classes/<int:pk>/exams/new/", views.exam_new, name="exam_new"),
    path("exams/<int:pk>/", views.exam_detail, name="exam"),
    path("exams/<int:pk>/sit/", views.exam_sit, name="sit"),
    path("me/", views.my_training, name="mine"),
    path("members/<int:pk>/", views.member_training, name="member"),
    path("replacement/", views.replacement, name="replacement"),
]
