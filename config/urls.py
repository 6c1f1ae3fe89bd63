from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.generic import RedirectView

from agencies.forms import SignInForm

urlpatterns = [
    path("", RedirectView.as_view(url="/cases/", permanent=False), name="home"),
    path(
        "accounts/login/",
        login_not_required(
            auth_views.LoginView.as_view(
                template_name="registration/login.html",
                authentication_form=SignInForm,
                redirect_authenticated_user=True,
            )
        ),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("", include("records.urls")),
    path("", include("consent.urls")),
    path("", include("sharing.urls")),
    path("", include("exchange.urls")),
]
