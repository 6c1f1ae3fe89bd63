from django.urls import path

from . import views

app_name = "consent"

urlpatterns = [
    path("cases/<int:case_id>/consents/new/", views.consent_new, name="consent_new"),
    path("consents/<int:consent_id>/", views.consent_detail, name="consent_detail"),
    path("consents/<int:consent_id>/withdraw/", views.consent_withdraw, name="consent_withdraw"),
    path("consents/<int:consent_id>/signed-form/", views.signed_form, name="signed_form"),
]
