from django.urls import path

from . import views

app_name = "dues"
urlpatterns = [
    path("", views.index, name="index"),
    path("mine/", views.mine, name="mine"),
    path("branch/<int:pk>/", views.branch, name="branch"),
    path("branch/<int:pk>/income/<int:member_pk>/", views.reveal_income, name="reveal"),
    path("branch/<int:pk>/declare/<int:member_pk>/", views.declare, name="declare"),
    path("branch/<int:pk>/special/", views.special, name="special"),
    path("branch/<int:pk>/return/", views.record_return, name="return"),
    path("arrears/", views.arrears, name="arrears"),
]
