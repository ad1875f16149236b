from django.urls import path

from . import views, views_committee, views_status

app_name = "members"
urlpatterns = [
    path("", views.member_list, name="list"),
    path("find/", views.member_find, name="find"),
    path("<int:pk>/", views.member_detail, name="detail"),
    path("<int:pk>/reveal/", views.member_reveal, name="reveal"),
    path("<int:pk>/edit/", views.member_edit, name="edit"),
    path("<int:pk>/transfer/", views.member_transfer, name="transfer"),
    path("<int:pk>/status/", views_status.member_status, name="status"),
    path("<int:pk>/history/reveal/", views_status.member_history_reveal, name="history_reveal"),
    path("<int:pk>/letter/", views_status.member_letter, name="letter"),
    path("committee/organisation/<int:pk>/", views_committee.organisation_committee, name="committee"),
    path("committee/post/<int:pk>/end/", views_committee.committee_post_end, name="committee_post_end"),
    path("transfers/", views_status.transfers_overview, name="transfers"),
    path("transfers/organisation/<int:pk>/", views_status.organisation_transfers, name="organisation_transfers"),
    path("transfers/organisation/<int:pk>/in/", views_status.transfer_in, name="transfer_in"),
    path("transfers/<int:pk>/<str:decision>/", views_status.transfer_decide, name="transfer_decide"),
]
