"""The service's routes, plus one that fails, to see the 500 page (tests/test_error_pages.py)."""

from django.urls import path

from config.urls import handler400
from config.urls import urlpatterns as service_urlpatterns

__all__ = ["handler400", "urlpatterns"]


def _fails(request):
    raise RuntimeError("Amelia Clarke 2011-04-02 secret detail")


urlpatterns = [path("boom/", _fails), *service_urlpatterns]
