from django.urls import path

from . import emergency_views, history_views, views

app_name = "records"

urlpatterns = [
    path("cases/", views.case_list, name="case_list"),
    path("cases/new/", views.case_create, name="case_create"),
    path("cases/<int:case_id>/", views.case_detail, name="case_detail"),
    path("cases/<int:case_id>/people/new/", views.person_add, name="person_add"),
    path("cases/<int:case_id>/allocations/", views.allocations, name="allocations"),
    path("audit/cases/<int:case_id>/history/", history_views.case_history, name="case_history"),
    path("audit/exports/<int:export_id>/", history_views.prepared_export, name="prepared_export"),
    path(
        "audit/exports/<int:export_id>/download/",
        history_views.prepared_export_download,
        name="prepared_export_download",
    ),
    path(
        "cases/<int:case_id>/emergency-access/",
        emergency_views.emergency_access,
        name="emergency_access",
    ),
    path(
        "emergency-access/<int:emergency_access_id>/",
        emergency_views.emergency_access_review,
        name="emergency_access_review",
    ),
    path(
        "cases/<int:case_id>/allocations/<int:allocation_id>/end/",
        views.deallocate,
        name="deallocate",
    ),
]
