from django.urls import path

from .views import actions, escalations, reconsider

app_name = "review"

urlpatterns = [
    path("decisions/<int:decision_id>/review/", actions.review, name="review"),
    path(
        "decisions/<int:decision_id>/review/countersign/",
        actions.act,
        {"action": "countersign"},
        name="countersign",
    ),
    path(
        "decisions/<int:decision_id>/review/return/",
        actions.act,
        {"action": "return"},
        name="return",
    ),
    path(
        "decisions/<int:decision_id>/review/determine/",
        actions.act,
        {"action": "determine"},
        name="determine",
    ),
    path(
        "decisions/<int:decision_id>/review/escalate/",
        actions.act,
        {"action": "escalate"},
        name="escalate",
    ),
    path("decisions/<int:decision_id>/reconsider/", reconsider.reconsider, name="reconsider"),
    path("escalations/", escalations.escalation_list, name="escalations"),
    path("escalations/<int:escalation_id>/", escalations.escalation, name="escalation"),
]
