"""Factories for training sessions; names carry Vietnamese diacritics on purpose."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from courses.models import DecentralisedTask, ModulePage
from quizzes.models import QuizPage, QuizResult
from tests.factories import MinistryUnitFactory, make_course
from training.models import Part, Registration, RegistrationStatus, Session, SessionStatus


class SessionFactory(DjangoModelFactory):
    class Meta:
        model = Session
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Hội nghị tập huấn phân cấp số {n}")
    organiser = factory.SubFactory(MinistryUnitFactory)
    status = SessionStatus.OPEN
    registration_deadline = factory.LazyFunction(
        lambda: timezone.now() + datetime.timedelta(days=2)
    )


class PartFactory(DjangoModelFactory):
    class Meta:
        model = Part

    session = factory.SubFactory(SessionFactory)
    title = factory.Sequence(lambda n: f"Phần {n}: Sở hữu trí tuệ")
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=3))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=1))
    venue = "Trụ sở Bộ Khoa học và Công nghệ, 113 Trần Duy Hưng, Hà Nội"


def make_session(
    *,
    parts: int = 1,
    start: datetime.datetime | None = None,
    minutes: int = 60,
    gap_minutes: int = 0,
    **fields: Any,
) -> Session:
    """A session with `parts` consecutive parts of `minutes` each, from `start`."""
    session = SessionFactory(**fields)
    begin = start or timezone.now() + datetime.timedelta(days=3)
    for n in range(parts):
        starts = begin + datetime.timedelta(minutes=n * (minutes + gap_minutes))
        PartFactory(
            session=session,
            title=f"Phần {n + 1}: Lĩnh vực {n + 1}",
            starts_at=starts,
            ends_at=starts + datetime.timedelta(minutes=minutes),
            sort_order=n,
        )
    return session


def confirm(session: Session, user: Any) -> Registration:
    """A confirmed registration written directly, for tests about attendance."""
    return Registration.objects.create(
        session=session,
        user=user,
        status=RegistrationStatus.CONFIRMED,
        confirmed_at=timezone.now(),
    )


def make_task(field: Any, code: str = "SHTT-01") -> DecentralisedTask:
    return DecentralisedTask.objects.create(
        code=code,
        name="Cấp giấy phép sử dụng tần số cho đài nghiệp dư",
        field=field,
        legal_basis="Nghị định 133/2025/NĐ-CP, Điều 29",
        to_level="tinh",
        kind="phan_cap",
    )


def make_quiz(title: str = "Kiểm tra sau hội nghị") -> QuizPage:
    """A published quiz page inside a new course."""
    course = make_course(modules=1, lessons_per_module=1)
    module = ModulePage.objects.child_of(course).get()
    return module.add_child(instance=QuizPage(title=title, slug="kiem-tra", pass_mark=70))


def pass_quiz(quiz: QuizPage, user: Any) -> QuizResult:
    """The stored result of someone who passed (as quizzes.services leaves it)."""
    return QuizResult.objects.create(
        quiz=quiz, user=user, percent=Decimal(90), attempts=1, passed_at=timezone.now()
    )
