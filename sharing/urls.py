from django.urls import path

from .views import check, flow, log, record

app_name = "sharing"

urlpatterns = [
    path("review/", log.review, name="review"),
    path("cases/<int:case_id>/decisions/new/", flow.decision_new, name="decision_new"),
    path("decisions/<int:decision_id>/", record.decision_detail, name="decision_detail"),
    path("decisions/<int:decision_id>/about/", flow.about, name="about"),
    path("decisions/<int:decision_id>/questions/<int:number>/", flow.question, name="question"),
    path(
        "decisions/<int:decision_id>/questions/<int:number>/<slug:page>/",
        flow.question_page_view,
        name="question_page",
    ),
    path("decisions/<int:decision_id>/check/", check.check, name="check"),
    path("decisions/<int:decision_id>/confirmation/", check.confirmation, name="confirmation"),
    path("decisions/<int:decision_id>/discard/", check.discard, name="discard"),
    path("decisions/<int:decision_id>/amend/", record.decision_amend, name="amend"),
    path(
        "decisions/<int:decision_id>/follow-ups/<int:follow_up_id>/done/",
        record.follow_up_complete,
        name="follow_up_done",
    ),
]
