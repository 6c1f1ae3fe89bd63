from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path

from agencies.forms import SignInForm
from queues import views as queue_views

urlpatterns = [
    # Home: the signed-in person's work queues (queues/registry.py).
    path("", queue_views.home, name="home"),
    path("queues/", queue_views.queue, name="queue"),
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
    path("", include("review.urls")),
    path("", include("notifications.urls")),
]
