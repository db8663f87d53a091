"""API endpoints about the signed-in learner's courses."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import Router, Schema

from courses import selectors

router = Router(tags=["courses"])


class MyCourseOut(Schema):
    enrolment_id: int
    course_id: int
    title: str
    field: str | None
    url: str
    progress_percent: int
    lessons_done: int
    lessons_total: int
    enrolled_at: datetime
    completed_at: datetime | None
    resume_url: str | None


@router.get("/courses/", response=list[MyCourseOut], url_name="me_courses")
def my_courses(request: HttpRequest) -> list[MyCourseOut]:
    """The learner's enrolments with stored progress and where to resume."""
    return [
        MyCourseOut(
            enrolment_id=row.enrolment.pk,
            course_id=row.enrolment.course_id,
            title=row.enrolment.course.title,
            field=row.enrolment.course.field.name if row.enrolment.course.field else None,
            url=row.enrolment.course.url,
            progress_percent=row.enrolment.progress_percent,
            lessons_done=row.enrolment.lessons_done,
            lessons_total=row.enrolment.lessons_total,
            enrolled_at=row.enrolment.enrolled_at,
            completed_at=row.enrolment.completed_at,
            resume_url=row.resume_lesson.url if row.resume_lesson else None,
        )
        for row in selectors.my_enrolments(request.user)  # type: ignore[arg-type]
    ]
