"""State changes for learning: enrolment, lesson completion and stored progress."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from courses import selectors
from courses.models import (
    CompletionRule,
    CoursePage,
    Enrolment,
    EnrolmentBatch,
    LessonCompletion,
    LessonPage,
)
from courses.signals import course_completed, enrolled, lesson_completed, progress_changed
from lib.percent import rounded_percent
from people.models import Province, StaffProfile, Unit, User
from people.roles import Role, has_role
from people.scope import Reach, scope_of, scope_to


class CourseNotAvailable(Exception):
    """The course or lesson is not published, or the learner is not enrolled in it."""


class NotAllowed(Exception):
    """The acting user may not do this for these people."""


class UndoRefused(Exception):
    """A bulk enrolment can be undone only by its manager, on the day, and once."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _is_satisfied(course: CoursePage, done: int, total: int) -> bool:
    if total == 0:
        return False
    if course.completion_rule == CompletionRule.PERCENT:
        return done * 100 >= course.completion_percent * total
    return done >= total


def _apply_progress(enrolment: Enrolment, done: int, total: int) -> bool:
    """Write counts and % onto `enrolment`; return True when it has just become complete."""
    enrolment.lessons_done = min(done, total)
    enrolment.lessons_total = total
    enrolment.progress_percent = rounded_percent(enrolment.lessons_done, total)
    if enrolment.completed_at is None and _is_satisfied(enrolment.course, done, total):
        enrolment.completed_at = timezone.now()
        return True
    return False


def _progress_changed(course_id: int, user_ids: list[int]) -> None:
    if user_ids:
        progress_changed.send(sender=Enrolment, course_id=course_id, user_ids=user_ids)


def recompute_progress(enrolment: Enrolment) -> Enrolment:
    """Recount the learner's done lessons in the course and store progress (idempotent)."""
    lessons = selectors.lessons_of(enrolment.course)
    total = lessons.count()
    done = LessonCompletion.objects.filter(
        user=enrolment.user, lesson__in=lessons.values("pk")
    ).count()
    just_completed = _apply_progress(enrolment, done, total)
    enrolment.save(
        update_fields=["lessons_done", "lessons_total", "progress_percent", "completed_at"]
    )
    _progress_changed(enrolment.course_id, [enrolment.user_id])
    if just_completed:
        transaction.on_commit(
            lambda: course_completed.send(
                sender=Enrolment, user=enrolment.user, course=enrolment.course, enrolment=enrolment
            )
        )
    return enrolment


@transaction.atomic
def enrol(user: User, course: CoursePage, *, by: User | None = None) -> Enrolment:
    """Enrol `user` in a published course; enrolling twice returns the first enrolment."""
    if not course.live:
        raise CourseNotAvailable
    enrolment, created = Enrolment.objects.get_or_create(
        user=user,
        course=course,
        defaults={
            "source": Enrolment.Source.BULK if by and by != user else Enrolment.Source.SELF,
            "enrolled_by": by or user,
        },
    )
    if created:
        recompute_progress(enrolment)
        transaction.on_commit(
            lambda: enrolled.send(sender=Enrolment, enrolment=enrolment, created=True)
        )
    return enrolment


@dataclass(frozen=True)
class GroupEnrolment:
    matched: int
    created: int
    batch: EnrolmentBatch | None = None

    @property
    def already(self) -> int:
        return self.matched - self.created


def staff_for_group(
    actor: User,
    *,
    province: Province | None = None,
    unit: Unit | None = None,
    role: Role | None = None,
) -> list[int]:
    """Ids of the users in the chosen group that `actor` may act for."""
    profiles = scope_to(
        actor,
        StaffProfile.objects.filter(user__is_active=True),
        province="unit__province",
        person="user",
    )
    if province is not None:
        profiles = profiles.filter(unit__province=province)
    if unit is not None:
        profiles = profiles.filter(Q(unit=unit) | Q(unit__parent=unit))
    if role is not None:
        group = Group.objects.filter(name=role.value).first()
        profiles = profiles.filter(user__groups=group) if group else profiles.none()
    return list(profiles.values_list("user_id", flat=True).distinct())


@dataclass(frozen=True)
class UnitCount:
    name: str
    is_commune: bool
    people: int


@dataclass(frozen=True)
class GroupPreview:
    """What a bulk enrolment would do, before anything is written."""

    matched: int
    new: int
    units: list[UnitCount] = field(default_factory=list)

    @property
    def already(self) -> int:
        return self.matched - self.new

    @property
    def communes(self) -> int:
        return sum(1 for unit in self.units if unit.is_commune)


def _check_group_enrolment(actor: User, course: CoursePage) -> None:
    reach = scope_of(actor).reach
    if reach not in (Reach.ALL, Reach.PROVINCE) or not (
        has_role(actor, Role.MINISTRY_ADMIN) or has_role(actor, Role.PROVINCE_MANAGER)
    ):
        raise NotAllowed
    if not course.live:
        raise CourseNotAvailable


def preview_group_enrolment(
    actor: User,
    course: CoursePage,
    *,
    province: Province | None = None,
    unit: Unit | None = None,
    role: Role | None = None,
) -> GroupPreview:
    """How many people `enrol_group` would enrol, in which units (communes marked); no write."""
    _check_group_enrolment(actor, course)
    user_ids = staff_for_group(actor, province=province, unit=unit, role=role)
    existing = set(
        Enrolment.objects.filter(course=course, user_id__in=user_ids).values_list(
            "user_id", flat=True
        )
    )
    new_ids = [uid for uid in user_ids if uid not in existing]
    rows = (
        StaffProfile.objects.filter(user_id__in=new_ids)
        .values("unit__name", "unit__kind")
        .annotate(people=Count("user_id", distinct=True))
        .order_by("unit__name")
    )
    units = [
        UnitCount(row["unit__name"], row["unit__kind"] == Unit.Kind.COMMUNE, row["people"])
        for row in rows
    ]
    return GroupPreview(matched=len(user_ids), new=len(new_ids), units=units)


def enrol_group(
    actor: User,
    course: CoursePage,
    *,
    province: Province | None = None,
    unit: Unit | None = None,
    role: Role | None = None,
) -> GroupEnrolment:
    """Enrol everyone in a province, unit (and its communes) or role, within the actor's scope.

    Running it again enrols only those not yet enrolled. The enrolments made are kept as one
    batch, which `undo_group_enrolment` can remove on the same day.
    """
    _check_group_enrolment(actor, course)
    user_ids = staff_for_group(actor, province=province, unit=unit, role=role)
    total = selectors.lessons_of(course).count()
    with transaction.atomic():
        existing = set(
            Enrolment.objects.filter(course=course, user_id__in=user_ids).values_list(
                "user_id", flat=True
            )
        )
        new_ids = [uid for uid in user_ids if uid not in existing]
        batch = EnrolmentBatch.objects.create(course=course, actor=actor)
        Enrolment.objects.bulk_create(
            [
                Enrolment(
                    user_id=uid,
                    course=course,
                    source=Enrolment.Source.BULK,
                    enrolled_by=actor,
                    lessons_total=total,
                    batch=batch,
                )
                for uid in new_ids
            ],
            batch_size=1000,
            ignore_conflicts=True,
        )
        # Someone may have done lessons before an earlier enrolment was removed.
        with_history = set(
            LessonCompletion.objects.filter(
                user_id__in=new_ids, lesson__in=selectors.lessons_of(course).values("pk")
            ).values_list("user_id", flat=True)
        )
        for enrolment in Enrolment.objects.filter(course=course, user_id__in=with_history):
            recompute_progress(enrolment)
        _progress_changed(course.pk, [uid for uid in new_ids if uid not in with_history])
        batch.created_count = batch.enrolments.count()
        batch.save(update_fields=["created_count"])
    return GroupEnrolment(matched=len(user_ids), created=len(new_ids), batch=batch)


@dataclass(frozen=True)
class UndoneBatch:
    removed: int
    kept: int


def undo_group_enrolment(
    actor: User, batch: EnrolmentBatch, *, now: datetime.datetime | None = None
) -> UndoneBatch:
    """Remove the enrolments `batch` created that show no progress yet; keep the others.

    Only the manager who made the batch may undo it, on the same day, once.
    """
    now = now or timezone.now()
    with transaction.atomic():
        batch = EnrolmentBatch.objects.select_for_update().get(pk=batch.pk)
        if batch.actor_id != actor.pk:
            raise UndoRefused(_("Only the manager who made this bulk enrolment can undo it."))
        if batch.undone_at is not None:
            raise UndoRefused(_("This bulk enrolment has already been undone."))
        if not batch.can_be_undone_by(actor.pk, now):
            raise UndoRefused(_("A bulk enrolment can only be undone on the day it was made."))
        made = batch.enrolments.all()
        started = LessonCompletion.objects.filter(
            lesson__in=selectors.lessons_of(batch.course).values("pk")
        ).values("user_id")
        untouched = made.filter(
            lessons_done=0, completed_at__isnull=True, last_activity_at__isnull=True
        ).exclude(user_id__in=started)
        removed = untouched.count()
        kept = made.count() - removed
        untouched.delete()
        batch.mark_undone(removed, now)
    return UndoneBatch(removed=removed, kept=kept)


@transaction.atomic
def complete_lesson(user: User, lesson: LessonPage) -> Enrolment:
    """Mark a lesson done for an enrolled learner and update course progress (idempotent)."""
    if not lesson.live:
        raise CourseNotAvailable
    course = selectors.course_of(lesson)
    enrolment = Enrolment.objects.select_for_update().filter(user=user, course=course).first()
    if enrolment is None or not course.live:
        raise CourseNotAvailable
    _, created = LessonCompletion.objects.get_or_create(user=user, lesson=lesson)
    enrolment.last_activity_at = timezone.now()
    enrolment.save(update_fields=["last_activity_at"])
    recompute_progress(enrolment)
    if created:
        transaction.on_commit(
            lambda: lesson_completed.send(
                sender=LessonCompletion, user=user, lesson=lesson, enrolment=enrolment
            )
        )
    return enrolment


RECOMPUTE_CHUNK = 2000
_PROGRESS_FIELDS = ["lessons_done", "lessons_total", "progress_percent", "completed_at"]


def recompute_course(course_id: int, *, chunk: int = RECOMPUTE_CHUNK) -> int:
    """Recompute stored progress of every enrolment in a course, e.g. after a lesson is
    published or withdrawn. Returns the number of enrolments updated.

    Set-based, a chunk of enrolments per transaction (a handful of queries each, whatever
    the chunk's size), so a course with a hundred thousand learners is a few dozen chunks;
    only the enrolments that change are written, and run again it writes nothing."""
    course = CoursePage.objects.get(pk=course_id)
    lesson_ids = list(selectors.lessons_of(course).values_list("pk", flat=True))
    total = len(lesson_ids)
    updated = 0
    after = 0
    while True:
        with transaction.atomic():
            enrolments = list(
                Enrolment.objects.filter(course=course, pk__gt=after)
                .order_by("pk")
                .only("pk", "user", "course", *_PROGRESS_FIELDS)[:chunk]
            )
            if not enrolments:
                return updated
            after = enrolments[-1].pk
            done_by_user = dict(
                LessonCompletion.objects.filter(
                    lesson_id__in=lesson_ids, user_id__in=[e.user_id for e in enrolments]
                )
                .values("user_id")
                .annotate(n=Count("pk"))
                .values_list("user_id", "n")
                .order_by()
            )
            changed, completed = _recount(course, enrolments, done_by_user, total)
            Enrolment.objects.bulk_update(changed, _PROGRESS_FIELDS, batch_size=chunk)
            _progress_changed(course.pk, [e.user_id for e in changed])
            for enrolment in completed:
                course_completed.send(
                    sender=Enrolment, user=enrolment.user, course=course, enrolment=enrolment
                )
            updated += len(enrolments)


def _recount(
    course: CoursePage, enrolments: list[Enrolment], done_by_user: dict[int, int], total: int
) -> tuple[list[Enrolment], list[Enrolment]]:
    """The enrolments whose stored progress changes, and those that have just completed."""
    changed, completed = [], []
    for enrolment in enrolments:
        enrolment.course = course  # the rule is the course's: no query per enrolment
        before = [getattr(enrolment, name) for name in _PROGRESS_FIELDS]
        if _apply_progress(enrolment, done_by_user.get(enrolment.user_id, 0), total):
            completed.append(enrolment)
        if [getattr(enrolment, name) for name in _PROGRESS_FIELDS] != before:
            changed.append(enrolment)
    return changed, completed
