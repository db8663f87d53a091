"""Create the peer's course, H5P lesson and activity and N enrolled, signed-in learners, and write
the load plan for lib/loadgen.py: the same statements our benchmark sends, one per request
(the peer's endpoint takes one statement per POST), to /lms/h5p-xapi/<activity_id>/.

Usage (in the peer's project folder, with its virtualenv): python prepare.py URL LEARNERS PLAN.json
"""

import io
import json
import os
import string
import sys
import zipfile
from importlib import import_module

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "settings")
django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import (  # noqa: E402
    BACKEND_SESSION_KEY,
    HASH_SESSION_KEY,
    SESSION_KEY,
    get_user_model,
)
from django.core.files.base import ContentFile  # noqa: E402
from django.utils.crypto import get_random_string  # noqa: E402
from wagtail.models import Page  # noqa: E402
from wagtail_lms.models import (  # noqa: E402
    CourseEnrollment,
    CoursePage,
    H5PActivity,
    H5PLessonPage,
)


def package() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        h5p = {
            "title": "Bench",
            "mainLibrary": "H5P.TapHuanTestQuiz",
            "language": "vi",
            "embedTypes": ["iframe"],
            "preloadedDependencies": [
                {"machineName": "H5P.TapHuanTestQuiz", "majorVersion": 1, "minorVersion": 1}
            ],
        }
        archive.writestr("h5p.json", json.dumps(h5p))
        archive.writestr("content/content.json", json.dumps({"question": "?"}))
        # A library folder, so that the peer accepts the package as self-contained.
        library = {
            "machineName": "H5P.TapHuanTestQuiz",
            "majorVersion": 1,
            "minorVersion": 1,
            "patchVersion": 0,
            "runnable": 1,
            "preloadedJs": [{"path": "quiz.js"}],
        }
        archive.writestr("H5P.TapHuanTestQuiz-1.1/library.json", json.dumps(library))
        archive.writestr("H5P.TapHuanTestQuiz-1.1/quiz.js", "H5P.TapHuanTestQuiz = function () {};")
    return buffer.getvalue()


def activity_and_course() -> tuple[H5PActivity, CoursePage]:
    course = CoursePage.objects.filter(slug="peer-bench").first()
    if course is None:
        root = Page.get_first_root_node()
        course = root.add_child(instance=CoursePage(title="Peer bench", slug="peer-bench"))
    activity = H5PActivity.objects.filter(title="Peer bench").first()
    if activity is None:
        activity = H5PActivity(title="Peer bench")
        activity.package_file.save("peer-bench.h5p", ContentFile(package()), save=False)
        activity.save()
    if not H5PLessonPage.objects.child_of(course).exists():
        course.add_child(
            instance=H5PLessonPage(
                title="Lesson", slug="lesson", body=[("h5p_activity", {"activity": activity})]
            )
        )
    return activity, course


def signed_in(user) -> dict[str, str]:
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    csrf = get_random_string(32, string.ascii_letters + string.digits)
    return {
        "Cookie": f"{settings.SESSION_COOKIE_NAME}={session.session_key}; "
        f"{settings.CSRF_COOKIE_NAME}={csrf}",
        "X-CSRFToken": csrf,
    }


def interaction(user_id: int, iri: str, number: int) -> list[dict]:
    """The same three statements per answered question as our benchmark sends."""
    actor = {
        "name": "Học viên",
        "mbox": f"mailto:learner-{user_id}@peer.invalid",
        "objectType": "Agent",
    }
    category = [{"id": "http://h5p.org/libraries/H5P.TapHuanTestQuiz-1.1"}]
    extensions = {"http://h5p.org/x-api/h5p-local-content-id": 1}
    score = number % 5

    def one(verb: str, *, sub: bool, result: dict) -> dict:
        context: dict = {"category": category}
        if sub:
            context["parent"] = [{"id": iri, "objectType": "Activity"}]
        return {
            "actor": actor,
            "verb": {"id": f"http://adlnet.gov/expapi/verbs/{verb}", "display": {"en-US": verb}},
            "object": {
                "id": f"{iri}?subContentId=q{number}" if sub else iri,
                "objectType": "Activity",
                "definition": {"extensions": extensions, "name": {"vi-VN": "Câu hỏi"}},
            },
            "context": {"contextActivities": context},
            "result": result,
        }

    scored = {
        "score": {"min": 0, "max": 4, "raw": score, "scaled": score / 4},
        "success": score >= 3,
        "completion": True,
    }
    return [
        one("progressed", sub=True, result={"completion": False, "duration": "PT0.4S"}),
        one("answered", sub=False, result={**scored, "response": "1", "duration": "PT0.8S"}),
        one("completed", sub=False, result={**scored, "duration": "PT0.9S"}),
    ]


def main(base_url: str, learners: int, out: str) -> None:
    activity, course = activity_and_course()
    url = f"{base_url.rstrip('/')}/lms/h5p-xapi/{activity.pk}/"
    iri = f"{base_url.rstrip('/')}/lms/h5p-activity/{activity.pk}"
    specs = []
    for index in range(learners):
        user, _ = get_user_model().objects.get_or_create(username=f"peer-bench-{index + 1}")
        CourseEnrollment.objects.get_or_create(user=user, course=course)
        bodies = [s for n in range(5) for s in interaction(user.pk, iri, n + index)]
        specs.append({"url": url, "headers": signed_in(user), "bodies": bodies})
    with open(out, "w", encoding="utf-8") as plan:
        json.dump({"learners": specs}, plan)
    print(f"Prepared {learners} learners for {url}")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), sys.argv[3])
