"""A synthetic learner population for the reports benchmark.

Written with bulk_create, so no signal keeps facts current while it is built: the command
rebuilds them afterwards.
"""

from __future__ import annotations

import datetime
import hashlib
import random
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import Group
from django.db.models import (
    DateField,
    Model,
)
from django.utils import timezone

from certificates.codes import ALPHABET, CODE_LENGTH, format_serial
from certificates.models import Certificate, CertificateStatus, SerialCounter
from certificates.targets import snapshot_sha256
from courses.models import (
    CourseIndexPage,
    CoursePage,
    Enrolment,
    LessonCompletion,
    LessonPage,
    ModulePage,
)
from courses.setup import ensure_site
from courses.taskcatalogue import load_fields
from lib.text import fold
from people.models import Province, StaffProfile, Unit, User
from people.organisation import load_organisation
from people.roles import Role
from quizzes.models import QuizPage, QuizResult
from reports.demo import fictional_name

BATCH = 5000
LESSONS = 5
COMMUNES_PER_PROVINCE = 10
DEPARTMENT_SHARE = 0.7
CERTIFIED_SHARE = 0.6
PASS_MARK = 70

COMMUNE_NAMES = ["Tân Lập", "Hòa Bình", "Đồng Tâm", "Quang Trung", "Thống Nhất",
                 "Phú Thịnh", "Xuân Phong", "Hưng Đạo", "Trường Sơn", "An Phú", "Kim Liên",
                 "Yên Thế"]  # fmt: skip
# Learners enrolled in 1, 2, 3 or 4 courses.
COURSES_PER_LEARNER = ([1, 2, 3, 4], [40, 30, 20, 10])


@dataclass(frozen=True)
class Population:
    learners: int
    enrolments: int
    completions: int
    certificates: int


@dataclass(frozen=True)
class BenchCourse:
    pk: int
    title: str
    lesson_ids: list[int]  # reading order; the last one is the quiz


@contextmanager
def _dates_as_given(*fields: tuple[type[Model], str]) -> Iterator[None]:
    """Let bulk_create keep the dates we set on auto_now_add fields (history is synthetic)."""
    switched = []
    for model, name in fields:
        field = model._meta.get_field(name)
        assert isinstance(field, DateField) and field.auto_now_add
        field.auto_now_add = False
        switched.append(field)
    try:
        yield
    finally:
        for field in switched:
            field.auto_now_add = True


def _insert(model: type[Model], rows: Iterable[Model]) -> int:
    """bulk_create `rows` in batches without holding them all in memory."""
    batch: list[Model] = []
    count = 0
    for row in rows:
        batch.append(row)
        if len(batch) == BATCH:
            model._default_manager.bulk_create(batch, batch_size=BATCH)
            count += len(batch)
            batch = []
    if batch:
        model._default_manager.bulk_create(batch, batch_size=BATCH)
        count += len(batch)
    return count


def _organisation(rng: random.Random) -> list[tuple[Province, Unit, list[Unit]]]:
    """The 34 provinces, each with its Department and about ten synthetic communes."""
    load_organisation()
    communes = []
    for province in Province.objects.order_by("pk"):
        department = Unit.objects.get(province=province, kind=Unit.Kind.DEPARTMENT)
        for n, word in enumerate(rng.sample(COMMUNE_NAMES, COMMUNES_PER_PROVINCE), start=1):
            name = f"Xã {word} {n}"
            communes.append(
                Unit(
                    code=f"{province.code}-bench-xa-{n}",
                    name=name,
                    folded_name=fold(name),
                    kind=Unit.Kind.COMMUNE,
                    province=province,
                    parent=department,
                )
            )
    Unit.objects.bulk_create(communes, ignore_conflicts=True)
    return [
        (
            province,
            Unit.objects.get(province=province, kind=Unit.Kind.DEPARTMENT),
            list(Unit.objects.filter(province=province, kind=Unit.Kind.COMMUNE).order_by("pk")),
        )
        for province in Province.objects.order_by("pk")
    ]


def _courses() -> list[BenchCourse]:
    """One course per field, one module of five lessons each, the last lesson a quiz."""
    ensure_site()
    catalogue = CourseIndexPage.objects.get()
    courses = []
    for field in load_fields().values():
        course = catalogue.add_child(
            instance=CoursePage(
                title=f"Phân cấp trong lĩnh vực {field.name}",
                slug=f"bench-{field.slug}",
                summary="Khóa học dùng để đo hiệu năng báo cáo.",
                field=field,
            )
        )
        module = course.add_child(instance=ModulePage(title="Học phần 1", slug="hoc-phan-1"))
        lesson_ids = []
        for n in range(1, LESSONS):
            lesson = module.add_child(
                instance=LessonPage(title=f"Bài {n}: Thẩm quyền cấp tỉnh", slug=f"bai-{n}")
            )
            lesson_ids.append(lesson.pk)
        quiz = module.add_child(
            instance=QuizPage(title="Bài kiểm tra cuối khóa", slug="kiem-tra", pass_mark=PASS_MARK)
        )
        lesson_ids.append(quiz.pk)
        courses.append(BenchCourse(course.pk, course.title, lesson_ids))
    return courses


def _people(
    rng: random.Random, learners: int, places: list[tuple[Province, Unit, list[Unit]]]
) -> list[tuple[int, str, int]]:
    """`learners` users with staff profiles; returns (user id, full name, province id)."""
    # Big cities have more staff; every province gets its own spread.
    weights = [
        (3.0 if province.name in ("Hà Nội", "Hồ Chí Minh") else 1.6 if province.is_city else 1.0)
        * rng.uniform(0.7, 1.3)
        for province, _, _ in places
    ]
    homes = rng.choices(range(len(places)), weights=weights, k=learners)
    names = [fictional_name(rng) for _ in range(learners)]
    _insert(
        User,
        (
            User(username=f"bench.{n:07d}", email=f"bench.{n:07d}@example.vn", password="!")
            for n in range(learners)
        ),
    )
    ids = dict(User.objects.filter(username__startswith="bench.").values_list("username", "pk"))
    user_ids = [ids[f"bench.{n:07d}"] for n in range(learners)]

    def profiles() -> Iterator[StaffProfile]:
        for n, (user_id, home) in enumerate(zip(user_ids, homes, strict=True)):
            _, department, communes = places[home]
            at_commune = bool(communes) and rng.random() >= DEPARTMENT_SHARE
            yield StaffProfile(
                user_id=user_id,
                full_name=names[n],
                folded_name=fold(names[n]),
                unit=rng.choice(communes) if at_commune else department,
                position="Chuyên viên",
                staff_code=f"BENCH{n:07d}",
            )

    _insert(StaffProfile, profiles())
    learner_group = Group.objects.get_or_create(name=Role.LEARNER.value)[0]
    membership = User.groups.through
    _insert(
        membership,
        (membership(user_id=user_id, group_id=learner_group.pk) for user_id in user_ids),
    )
    return [(user_id, names[n], places[homes[n]][0].pk) for n, user_id in enumerate(user_ids)]


def _code(rng: random.Random) -> str:
    return "".join(rng.choices(ALPHABET, k=CODE_LENGTH))


def build_population(learners: int, *, seed: int = 42) -> Population:
    """Create `learners` learners across the 34 provinces, 8 courses of 5 lessons, and their
    enrolments, lesson completions, quiz results and certificates (about 40 % complete)."""
    rng = random.Random(seed)
    now = timezone.now()
    places = _organisation(rng)
    courses = _courses()
    people = _people(rng, learners, places)
    # How keen each province is, so the heat map has contrast; averages about 0.4.
    keenness = {province.pk: rng.uniform(0.25, 0.55) for province, _, _ in places}

    enrolments: list[Model] = []
    completions: list[Model] = []
    results: list[Model] = []
    certificates: list[Model] = []
    serials: Counter[int] = Counter()
    totals = Counter[str]()

    def flush(final: bool = False) -> None:
        pending: list[tuple[type[Model], list[Model]]] = [
            (Enrolment, enrolments),
            (LessonCompletion, completions),
            (QuizResult, results),
            (Certificate, certificates),
        ]
        for model, rows in pending:
            if rows and (final or len(rows) >= BATCH):
                model._default_manager.bulk_create(rows, batch_size=BATCH)
                totals[model.__name__] += len(rows)
                rows.clear()

    with _dates_as_given((Enrolment, "enrolled_at"), (LessonCompletion, "completed_at")):
        for user_id, full_name, province_id in people:
            k = rng.choices(*COURSES_PER_LEARNER)[0]
            for course in rng.sample(courses, k):
                draw = rng.random()
                if draw < keenness[province_id]:
                    done = LESSONS
                elif draw < keenness[province_id] + 0.25:
                    done = 0
                else:
                    done = rng.randint(1, LESSONS - 1)
                completed_at = None
                if done == LESSONS:
                    completed_at = now - datetime.timedelta(seconds=rng.uniform(0, 365 * 86400))
                    enrolled_at = completed_at - datetime.timedelta(days=rng.uniform(3, 90))
                    last_activity_at: datetime.datetime | None = completed_at
                else:
                    enrolled_at = now - datetime.timedelta(days=rng.uniform(0, 395))
                    last_activity_at = (
                        min(now, enrolled_at + datetime.timedelta(days=rng.uniform(0, 60)))
                        if done
                        else None
                    )
                enrolments.append(
                    Enrolment(
                        user_id=user_id,
                        course_id=course.pk,
                        source=Enrolment.Source.BULK if rng.random() < 0.5 else "self",
                        enrolled_at=enrolled_at,
                        lessons_done=done,
                        lessons_total=LESSONS,
                        progress_percent=done * 100 // LESSONS,
                        last_activity_at=last_activity_at,
                        completed_at=completed_at,
                    )
                )
                completions.extend(
                    LessonCompletion(
                        user_id=user_id, lesson_id=lesson_id, completed_at=last_activity_at or now
                    )
                    for lesson_id in course.lesson_ids[:done]
                )
                quiz_id = course.lesson_ids[-1]
                if done == LESSONS:
                    results.append(
                        QuizResult(
                            quiz_id=quiz_id,
                            user_id=user_id,
                            percent=Decimal(rng.randint(PASS_MARK * 10, 1000)) / 10,
                            attempts=rng.randint(1, 3),
                            passed_at=completed_at,
                        )
                    )
                elif done == LESSONS - 1 and rng.random() < 0.6:
                    results.append(
                        QuizResult(
                            quiz_id=quiz_id,
                            user_id=user_id,
                            percent=Decimal(rng.randint(100, PASS_MARK * 10 - 1)) / 10,
                            attempts=rng.randint(1, 3),
                        )
                    )
                if completed_at is not None and rng.random() < CERTIFIED_SHARE:
                    issued_at = min(now, completed_at + datetime.timedelta(days=rng.uniform(0, 10)))
                    year = timezone.localtime(issued_at).year
                    serials[year] += 1
                    certificates.append(
                        _certificate(rng, user_id, full_name, course, issued_at, serials[year])
                    )
            flush()
        flush(final=True)
    SerialCounter.objects.bulk_create(
        [SerialCounter(year=year, last=last) for year, last in serials.items()],
        update_conflicts=True,
        unique_fields=["year"],
        update_fields=["last"],
    )
    return Population(
        learners=len(people),
        enrolments=totals["Enrolment"],
        completions=totals["LessonCompletion"],
        certificates=totals["Certificate"],
    )


def _certificate(
    rng: random.Random,
    user_id: int,
    full_name: str,
    course: BenchCourse,
    issued_at: datetime.datetime,
    seq: int,
) -> Certificate:
    year = timezone.localtime(issued_at).year
    serial = format_serial(seq, year)
    code = _code(rng)
    data = {
        "holder_name": full_name,
        "achievement_title": course.title,
        "serial": serial,
        "code": code,
        "issued_on": timezone.localtime(issued_at).date().isoformat(),
    }
    return Certificate(
        person_id=user_id,
        course_id=course.pk,
        serial=serial,
        year=year,
        seq=seq,
        code=code,
        status=CertificateStatus.VALID,
        issued_at=issued_at,
        snapshot=data,
        snapshot_sha256=snapshot_sha256(data),
        pdf_sha256=hashlib.sha256(f"bench:{code}".encode()).hexdigest(),
    )


def make_admin() -> User:
    """A ministry admin (role group, no staff profile) who sees every province."""
    admin = User.objects.create(username="bench.admin", password="!")
    admin.groups.add(Group.objects.get_or_create(name=Role.MINISTRY_ADMIN.value)[0])
    return admin
