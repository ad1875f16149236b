from django.urls import path

from . import views

app_name = "documents"
urlpatterns = [
    path("", views.index, name="index"),
    path("issue/", views.issue, name="issue"),
    path("template/", views.template, name="template"),
    path("template/download/", views.template_download, name="template_download"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/file.<str:fmt>", views.download, name="download"),
    path("recipients/<int:pk>/respond/", views.respond, name="respond"),
    path("recipients/<int:pk>/response/", views.response_file, name="response_file"),
]
