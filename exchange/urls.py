from django.urls import path

from .views import corrections, inbox, onward, pairs, request_steps, requests

app_name = "exchange"

urlpatterns = [
    path("requests/", requests.request_list, name="request_list"),
    path("requests/new/", requests.request_new, name="request_new"),
    path("requests/new/received/", requests.request_new_incoming, name="request_new_incoming"),
    path("requests/new/made/", requests.request_new_outgoing, name="request_new_outgoing"),
    path("requests/<int:request_id>/", requests.request_detail, name="request_detail"),
    path("requests/<int:request_id>/case/", request_steps.request_case, name="request_case"),
    path(
        "requests/<int:request_id>/case/new/",
        request_steps.request_case_new,
        name="request_case_new",
    ),
    path("requests/<int:request_id>/pause/", request_steps.request_pause, name="request_pause"),
    path("requests/<int:request_id>/restart/", request_steps.request_resume, name="request_resume"),
    path(
        "requests/<int:request_id>/written-follow-up/",
        request_steps.request_follow_up,
        name="request_follow_up",
    ),
    path("requests/<int:request_id>/decide/", request_steps.request_decide, name="request_decide"),
    path("inbox/", inbox.inbox, name="inbox"),
    path("inbox/<int:receipt_id>/", inbox.receipt_detail, name="receipt_detail"),
    path(
        "inbox/<int:receipt_id>/acknowledge/",
        inbox.receipt_acknowledge,
        name="receipt_acknowledge",
    ),
    path("inbox/<int:receipt_id>/file/", inbox.receipt_file, name="receipt_file"),
    path("inbox/<int:receipt_id>/pass-on/", inbox.onward_new, name="onward_new"),
    path("inbox/corrections/<int:notice_id>/", inbox.notice_detail, name="notice_detail"),
    path("onward/<int:onward_id>/", onward.onward_detail, name="onward_detail"),
    path("onward/<int:onward_id>/decide/", onward.onward_decide, name="onward_decide"),
    path("cases/<int:case_id>/corrections/new/", corrections.correction_new, name="correction_new"),
    path(
        "corrections/<int:correction_id>/",
        corrections.correction_detail,
        name="correction_detail",
    ),
    path(
        "corrections/<int:correction_id>/recipients/<int:notice_id>/told/",
        corrections.correction_told,
        name="correction_told",
    ),
    path("exchanges/", pairs.exchanges, name="exchanges"),
]
