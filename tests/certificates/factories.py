"""Certificates test data: people with Vietnamese names, courses and sessions they finished."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from certificates.models import CertificateRule
from courses import services as course_services
from courses.models import CoursePage, LessonPage
from people.models import Unit, User
from people.roles import Role
from tests.factories import DepartmentFactory, ProvinceFactory, make_course, make_person
from tests.training.factories import make_session
from training.models import Registration, RegistrationStatus, Session


def learner(
    name: str = "Nguyễn Thị Hồng Nhung", *, unit: Unit | None = None, **kwargs: Any
) -> User:
    return make_person(Role.LEARNER, unit=unit, full_name=name, **kwargs)


def department(name: str = "Quảng Trị") -> Unit:
    return DepartmentFactory(province=ProvinceFactory(name=name, code=f"p-{name.lower()[:20]}"))


def course_with_rule(**rule_fields: Any) -> tuple[CoursePage, CertificateRule]:
    course = make_course(title="Phân cấp, phân quyền trong lĩnh vực sở hữu trí tuệ", hours=12)
    rule = CertificateRule.objects.create(course=course, **rule_fields)
    return course, rule


def lessons(course: CoursePage) -> list[LessonPage]:
    return list(LessonPage.objects.live().descendant_of(course).order_by("path"))


def finish_course(person: User, course: CoursePage) -> None:
    course_services.enrol(person, course)
    for lesson in lessons(course):
        course_services.complete_lesson(person, lesson)


def held_session(**fields: Any) -> Session:
    """A session whose two parts took place yesterday."""
    start = timezone.now() - datetime.timedelta(days=1)
    return make_session(
        parts=2,
        start=start,
        minutes=180,
        title="Hội nghị tập huấn phân cấp lĩnh vực khoa học và công nghệ",
        **fields,
    )


def attend(session: Session, person: User, percent: int) -> Registration:
    return Registration.objects.create(
        session=session,
        user=person,
        status=RegistrationStatus.CONFIRMED,
        confirmed_at=timezone.now(),
        attendance_percent=percent,
    )
