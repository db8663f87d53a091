"""A fictional learner population in every province, so the managers' reports have a shape.

Only loaded with the demo accounts (development sites). Names are made up from common
Vietnamese family, middle and given names; progress and dates are drawn from a fixed seed,
so every demo site shows the same picture.
"""

from __future__ import annotations

import datetime
import random

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from courses import services as course_services
from courses.models import CoursePage, Enrolment, LessonCompletion, LessonPage
from people.models import Province, StaffProfile, Unit, User
from people.roles import Role
from people.services import grant_role

PER_PROVINCE = 6
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ"]
MIDDLE = ["Văn", "Thị", "Hữu", "Minh", "Thanh", "Quốc", "Ngọc", "Đức", "Thu", "Xuân"]
GIVEN = ["An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hiếu", "Hòa", "Khánh",
         "Lan", "Linh", "Long", "Mai", "Nam", "Nga", "Phúc", "Quyên", "Sơn", "Tâm", "Thảo",
         "Trang", "Tuấn", "Vân", "Yến"]  # fmt: skip


def fictional_name(rng: random.Random) -> str:
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


@transaction.atomic
def load_demo_population(seed: int = 2025) -> int:
    """Create the population once (idempotent); return the number of demo learners."""
    existing = User.objects.filter(username__startswith="demo.").count()
    if existing:
        return existing
    rng = random.Random(seed)
    courses = list(CoursePage.objects.live().filter(field__isnull=False).order_by("path"))
    lessons = {
        course.pk: list(LessonPage.objects.live().descendant_of(course).order_by("path"))
        for course in courses
    }
    admin = User.objects.filter(username="admin").first()
    people: list[User] = []
    for province in Province.objects.order_by("name"):
        department = Unit.objects.filter(province=province, kind=Unit.Kind.DEPARTMENT).first()
        if department is None:
            continue
        communes = list(Unit.objects.filter(province=province, kind=Unit.Kind.COMMUNE))
        for n in range(1, PER_PROVINCE + 1):
            unit = rng.choice(communes) if communes and n > PER_PROVINCE - 2 else department
            user = User.objects.create(
                username=f"demo.{province.code}.{n}",
                email=f"demo.{province.code}.{n}@example.vn",
                password=make_password(None),
            )
            StaffProfile.objects.create(
                user=user,
                full_name=fictional_name(rng),
                unit=unit,
                position="Chuyên viên",
                staff_code=f"DEMO-{province.pk:02d}-{n:02d}",
            )
            grant_role(user, Role.LEARNER)
            people.append(user)
    now = timezone.now()
    for user in people:
        # Provinces differ in how far along they are, so the heat map has contrast.
        keen = rng.random()
        for course in rng.sample(courses, k=min(len(courses), rng.randint(1, 3))):
            enrolment = Enrolment.objects.create(
                user=user, course=course, source=Enrolment.Source.BULK, enrolled_by=admin
            )
            course_lessons = lessons[course.pk]
            share = min(1.0, max(0.0, rng.gauss(keen, 0.35)))
            done = [
                lesson for lesson in course_lessons[: round(share * len(course_lessons))]
                if lesson.specific_class is LessonPage
            ]  # fmt: skip
            LessonCompletion.objects.bulk_create(
                [LessonCompletion(user=user, lesson=lesson) for lesson in done]
            )
            course_services.recompute_progress(enrolment)
            enrolled_at = now - datetime.timedelta(days=rng.randint(20, 330))
            finished = enrolment.completed_at and enrolled_at + datetime.timedelta(
                days=rng.randint(5, 60)
            )
            Enrolment.objects.filter(pk=enrolment.pk).update(
                enrolled_at=enrolled_at,
                completed_at=min(finished, now) if finished else None,
                last_activity_at=enrolled_at if done else None,
            )
    return len(people)
