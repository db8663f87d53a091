import re

from django.conf import settings
from django.urls import URLPattern, URLResolver, path, re_path

from scorm import store, views

app_name = "scorm"

urlpatterns: list[URLPattern | URLResolver] = [
    path("scorm/chay/<str:token>/", views.launch, name="launch"),
    path("scorm/tep/<str:token>/<path:path>", views.package_file, name="file"),
    path("scorm/hoat-dong/<id:page_id>/luu/", views.commit, name="commit"),
    path("scorm/ket-qua/", views.my_results, name="results"),
]

if settings.MEDIA_URL.startswith("/"):
    # Package files live in media storage; served from there (the development media view) they
    # would run as the platform. They are served only through the grant URLs above.
    stored = f"{settings.MEDIA_URL.lstrip('/')}{store.ROOT}/"
    urlpatterns.append(re_path(rf"^{re.escape(stored)}", views.not_served))
