import pytest
from django.urls import reverse

from courses import services
from courses.models import LessonPage
from tests.factories import make_course, make_person

pytestmark = pytest.mark.django_db


def test_healthz_reports_database_and_broker(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["ok"] is True
    assert body["broker"]["ok"] is True


def test_healthz_is_503_when_the_broker_is_down(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["broker"]["ok"] is False


def test_openapi_schema_lists_my_courses(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/me/courses/" in schema["paths"]


def test_my_courses_api_requires_a_session(client):
    assert client.get("/api/v1/me/courses/").status_code == 401


def test_my_courses_api_returns_only_own_enrolments_with_progress(client):
    learner, other = make_person(), make_person()
    course = make_course(title="Tổng quan về phân cấp")
    services.enrol(learner, course)
    services.enrol(other, make_course(title="Khóa học của người khác"))
    lesson = LessonPage.objects.live().descendant_of(course).order_by("path").first()
    services.complete_lesson(learner, lesson)
    client.force_login(learner)
    rows = client.get("/api/v1/me/courses/").json()
    assert len(rows) == 1
    assert rows[0]["title"] == "Tổng quan về phân cấp"
    assert rows[0]["progress_percent"] == 25
    assert rows[0]["resume_url"].endswith("/bai-1-2/")


def test_api_url_is_under_v1():
    assert reverse("api:me_courses") == "/api/v1/me/courses/"
