from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView

from accounts.views import signin

handler400 = "config.errors.bad_request"

urlpatterns = [
    path("", RedirectView.as_view(url="/cases/", permanent=False), name="home"),
    path("accounts/login/", signin.sign_in, name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/", include("accounts.urls")),
    path("admin/", admin.site.urls),
    path("", include("records.urls")),
    path("", include("consent.urls")),
    path("", include("sharing.urls")),
    path("", include("exchange.urls")),
]
