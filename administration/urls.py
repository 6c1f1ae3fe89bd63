from django.urls import path

from . import views

app_name = "administration"

urlpatterns = [
    path("", views.landing, name="landing"),
    path("members/", views.member_list, name="members"),
    path("officers/", views.officers, name="officers"),
    path("details/", views.agency_details, name="details"),
    path("members/add/", views.member_add, name="member_add"),
    path("members/export/", views.member_export, name="member_export"),
    path("members/<int:user_id>/", views.member_detail, name="member_detail"),
    path("members/<int:user_id>/role/", views.member_role, name="member_role"),
    path("members/<int:user_id>/leave/", views.member_leave, name="member_leave"),
    path("members/<int:user_id>/reactivate/", views.member_reactivate, name="member_reactivate"),
    path(
        "members/<int:user_id>/second-factor/",
        views.member_second_factor,
        name="member_second_factor",
    ),
    path(
        "members/<int:user_id>/invite-again/",
        views.member_invite_again,
        name="member_invite_again",
    ),
]
