"""Who meets a certificate rule now, and what each of the others is missing."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from certificates.models import (
    HOLDING_STATUSES,
    Certificate,
    CertificateRule,
    EligibilityOverride,
    LessonsMode,
    OverrideDecision,
)
from certificates.targets import Facts, Target, candidates, read_facts
from courses.models import LessonCompletion
from people.models import User
from people.scope import scope_to
from training.models import RegistrationStatus


@dataclass
class Standing:
    """One person's position under a rule."""

    person: User
    meets_conditions: bool
    missing: list[str] = field(default_factory=list)
    override: EligibilityOverride | None = None
    certificate: Certificate | None = None

    @property
    def eligible(self) -> bool:
        if self.override is not None:
            return self.override.decision == OverrideDecision.GRANT
        return self.meets_conditions

    @property
    def holds_certificate(self) -> bool:
        return self.certificate is not None

    @property
    def state(self) -> str:
        """held, eligible, blocked or missing (for the preview's grouping and CSS)."""
        if self.certificate is not None:
            return "held"
        if self.override is not None and self.override.decision == OverrideDecision.BLOCK:
            return "blocked"
        return "eligible" if self.eligible else "missing"


def target_of(rule: CertificateRule) -> Target:
    return Target(course=rule.course, session=rule.session)


def _missing_for(
    person_id: int,
    target: Target,
    rule: CertificateRule,
    facts: Facts,
    required_lessons: dict[int, str],
    done: dict[int, set[int]],
) -> list[str]:
    missing: list[str] = []
    if target.course is not None and rule.require_course_completion:
        enrolment = facts.enrolments.get(person_id)
        if enrolment is None:
            missing.append(_("Not enrolled in the course"))
        elif enrolment.completed_at is None:
            missing.append(
                _("Course not completed (%(percent)s%% of lessons done)")
                % {"percent": enrolment.progress_percent}
            )
    if target.session is not None:
        registration = facts.registrations.get(person_id)
        threshold = target.threshold(rule) or 0
        if registration is None:
            missing.append(_("Not registered for the session"))
        elif registration.status != RegistrationStatus.CONFIRMED:
            missing.append(_("Registration not confirmed"))
        elif not registration.reaches(threshold):
            missing.append(
                _("Attendance %(percent)s%% is below the required %(threshold)s%%")
                % {"percent": registration.attendance_percent, "threshold": threshold}
            )
    if required_lessons:
        person_done = done.get(person_id, set())
        not_done = [title for pk, title in required_lessons.items() if pk not in person_done]
        if rule.lessons_mode == LessonsMode.ANY:
            if len(not_done) == len(required_lessons):
                missing.append(_("None of the required lessons is done"))
        elif not_done:
            missing.append(
                _("Required lessons not done: %(lessons)s") % {"lessons": "; ".join(not_done)}
            )
    quiz = target.quiz(rule)
    if quiz is not None:
        result = facts.quiz_results.get(person_id)
        if result is None or not result.attempts:
            missing.append(_("Quiz “%(quiz)s” not taken") % {"quiz": quiz.title})
        elif result.passed_at is None:
            missing.append(
                _("Quiz “%(quiz)s” not passed (grade %(percent)s%%)")
                % {"quiz": quiz.title, "percent": result.percent}
            )
    return missing


def standings(rule: CertificateRule, people: list[User]) -> list[Standing]:
    """Evaluate `rule` for `people` with a fixed number of queries."""
    target = target_of(rule)
    ids = [p.pk for p in people]
    facts = read_facts(target, ids, rule)
    required_lessons = {lesson.pk: lesson.title for lesson in rule.lessons.all()}
    done: dict[int, set[int]] = {}
    if required_lessons:
        for user_id, lesson_id in LessonCompletion.objects.filter(
            user_id__in=ids, lesson_id__in=list(required_lessons)
        ).values_list("user_id", "lesson_id"):
            done.setdefault(user_id, set()).add(lesson_id)
    overrides = {
        o.person_id: o for o in EligibilityOverride.objects.filter(rule=rule, person_id__in=ids)
    }
    held = {
        c.person_id: c
        for c in Certificate.objects.filter(
            **target.lookup(), person_id__in=ids, status__in=HOLDING_STATUSES
        )
    }
    result = []
    for person in people:
        missing = _missing_for(person.pk, target, rule, facts, required_lessons, done)
        result.append(
            Standing(
                person=person,
                meets_conditions=not missing,
                missing=missing,
                override=overrides.get(person.pk),
                certificate=held.get(person.pk),
            )
        )
    return result


def standing(rule: CertificateRule, person: User) -> Standing:
    return standings(rule, [person])[0]


def people_for(rule: CertificateRule, viewer: User | AnonymousUser | None = None) -> QuerySet[User]:
    """Everyone who can be considered under the rule (enrolled or registered, or granted by
    hand), narrowed to what `viewer` may see."""
    target = target_of(rule)
    granted = EligibilityOverride.objects.filter(rule=rule).values("person_id")
    people = (
        User.objects.filter(candidates(target) | Q(pk__in=granted))
        .distinct()
        .select_related("profile__unit__province")
        .order_by("profile__folded_name", "pk")
    )
    if viewer is None:
        return people
    return scope_to(viewer, people, province="profile__unit__province", person="profile__user")
