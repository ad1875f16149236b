from django.urls import path

from . import views

app_name = "recruitment"
urlpatterns = [
    path("", views.index, name="index"),
    path("register/", views.register, name="register"),
    path("pipeline/", views.pipeline, name="pipeline"),
    path("applicant/<int:pk>/", views.applicant, name="applicant"),
    path("applicant/<int:pk>/reveal/<int:record_pk>/", views.reveal, name="reveal"),
    path("applicant/<int:pk>/document/<str:kind>/", views.document, name="document"),
]
