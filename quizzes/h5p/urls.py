import re

from django.conf import settings
from django.urls import URLPattern, URLResolver, path, re_path

from quizzes.h5p import store, views

app_name = "h5p"

urlpatterns: list[URLPattern | URLResolver] = [
    path("h5p/choi/<str:token>/", views.player, name="player"),
    path("h5p/tep/<str:token>/<path:path>", views.package_file, name="file"),
    path("h5p/ket-qua/", views.my_results, name="results"),
]

if settings.MEDIA_URL.startswith("/"):
    # Package files live in media storage; served from there (the development media view) they
    # would run as the platform. They are served only through the sandboxed grant URLs above.
    stored = f"{settings.MEDIA_URL.lstrip('/')}{store.ROOT}/"
    urlpatterns.append(re_path(rf"^{re.escape(stored)}", views.not_served))
