"""The JSON API under /api/v1/, authenticated by the browser session."""

from ninja import NinjaAPI
from ninja.security import django_auth

from assistant.api import router as assistant_router
from certificates.api import router as certificates_router
from courses.api import router as courses_router
from quizzes.api import router as quizzes_router
from quizzes.h5p.api import router as h5p_router
from reports.api import router as reports_router
from training.api import router as training_router

api = NinjaAPI(
    title="Tập huấn KH&CN API",
    version="1",
    urls_namespace="api",
    auth=django_auth,
)
api.add_router("/me/", courses_router)
api.add_router("/me/", training_router)
api.add_router("/me/", certificates_router)
api.add_router("/quizzes/", quizzes_router)
api.add_router("/h5p/", h5p_router)
api.add_router("/reports/", reports_router)
api.add_router("/assistant/", assistant_router)
