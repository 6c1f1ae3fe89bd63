from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from accounts.views import signin
from administration import invitation_views
from queues import views as queue_views

handler400 = "config.errors.bad_request"

urlpatterns = [
    # Home: the signed-in person's work queues (queues/registry.py).
    path("", queue_views.home, name="home"),
    path("queues/", queue_views.queue, name="queue"),
    path("accounts/login/", signin.sign_in, name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    # The link in an invitation e-mail: for someone with no account yet (docs/adr/0033).
    path("accounts/invitation/<str:token>/", invitation_views.accept, name="invitation"),
    path("accounts/", include("accounts.urls")),
    path("admin/", admin.site.urls),
    path("", include("records.urls")),
    path("", include("consent.urls")),
    path("", include("sharing.urls")),
    path("", include("exchange.urls")),
    path("", include("review.urls")),
    path("", include("notifications.urls")),
    # Subject access requests (issue 13b)
    path("", include("sar.urls")),
    # Agency administration (issue 14a)
    path("agency/", include("administration.urls")),
]
