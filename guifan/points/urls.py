from django.urls import path

from . import views

app_name = "points"
urlpatterns = [
    path("", views.index, name="index"),
    path("me/", views.mine, name="mine"),
    path("member/<int:pk>/", views.member_points, name="member"),
    path("member/<int:pk>/request/", views.request_new, name="request"),
    path("branch/<int:pk>/", views.branch, name="branch"),
    path("requests/", views.requests, name="requests"),
    path("requests/<int:pk>/decide/", views.decide, name="decide"),
]
