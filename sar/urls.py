from django.urls import path

from . import views

app_name = "sar"

urlpatterns = [
    path("sar/", views.sar_list, name="list"),
    path("sar/new/", views.sar_find_case, name="find_case"),
    path("sar/new/<int:case_id>/", views.sar_new, name="new"),
    path("sar/<int:sar_id>/", views.sar_detail, name="detail"),
    path("sar/<int:sar_id>/extend/", views.sar_extend, name="extend"),
    path("sar/<int:sar_id>/items/<int:item_id>/", views.sar_item, name="item"),
    path("sar/<int:sar_id>/send-for-check/", views.sar_send, name="send"),
    path("sar/<int:sar_id>/check/", views.sar_check, name="check"),
    path("sar/<int:sar_id>/release/", views.sar_release, name="release"),
    path("sar/<int:sar_id>/release.pdf", views.sar_download_pdf, name="download_pdf"),
    path("sar/<int:sar_id>/release.json", views.sar_download_json, name="download_json"),
]
