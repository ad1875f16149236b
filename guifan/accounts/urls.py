"""Login, logout, the start page (the user's root region, organisation or record; the home page `/` is the
to-do list of guifan.reporting.todo_views), the global search and one's own account security pages.
Names are global: settings use them."""

from django.contrib.auth import views as auth_views
from django.urls import path

from . import account_views, views

urlpatterns = [
    path("start/", views.start, name="start"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("search/", views.search, name="search"),
    path("account/password/", account_views.password_change, name="password_change"),
    path("account/authenticator/", account_views.otp_setup, name="otp_setup"),
    path("account/verify/", account_views.otp_verify, name="otp_verify"),
]
