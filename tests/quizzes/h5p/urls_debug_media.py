"""The site's URLs as DEBUG serves them: uploaded media straight from MEDIA_ROOT."""

from django.conf import settings
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.urls import re_path
from django.views.static import serve

from config.urls import urlpatterns as site_patterns


def _media(request: HttpRequest, path: str) -> HttpResponseBase:
    return serve(request, path, document_root=settings.MEDIA_ROOT)


# Like django.conf.urls.static.static(): after the apps' URLs, before Wagtail's catch-all.
urlpatterns = [*site_patterns[:-1], re_path(r"^media/(?P<path>.*)$", _media), site_patterns[-1]]
