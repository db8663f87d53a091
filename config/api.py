"""The JSON API under /api/v1/, authenticated by the browser session."""

from ninja import NinjaAPI
from ninja.security import django_auth

from courses.api import router as courses_router

api = NinjaAPI(
    title="Tập huấn KH&CN API",
    version="1",
    urls_namespace="api",
    auth=django_auth,
)
api.add_router("/me/", courses_router)
