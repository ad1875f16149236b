from django.urls import path

from . import views

app_name = "modelsites"
urlpatterns = [
    path("", views.index, name="index"),
    path("published/", views.published, name="published"),
    path("export/", views.export, name="export"),
    path("nominate/", views.nominate, name="nominate"),
    path("publish/", views.publish, name="publish"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/review/", views.review, name="review"),
    path("<int:pk>/select/", views.select, name="select"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
]
