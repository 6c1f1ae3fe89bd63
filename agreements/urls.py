from django.urls import path

from . import views

app_name = "agreements"

urlpatterns = [
    path("", views.agreement_list, name="list"),
    path("new/", views.agreement_new, name="new"),
    path("<int:agreement_id>/", views.agreement_detail, name="detail"),
    path("<int:agreement_id>/parties/new/", views.party_add, name="party_add"),
    path("<int:agreement_id>/clauses/new/", views.clause_add, name="clause_add"),
]
