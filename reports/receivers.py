"""Keep completion facts current: lower apps announce what changed, inside the same
transaction, and the facts of exactly those people are recomputed from source."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from certificates.models import CertificateEvent
from courses.models import CoursePage, Enrolment, LessonPage
from courses.signals import progress_changed
from people.models import StaffProfile, User
from people.signals import staff_moved
from quizzes.signals import result_changed
from reports import services
from training.models import Registration, Session
from training.signals import participation_changed


@receiver(progress_changed)
def progress_moved(sender: type, course_id: int, user_ids: list[int], **kwargs: Any) -> None:
    services.refresh_course_facts(user_ids, [course_id])


@receiver(result_changed)
def quiz_result_moved(sender: type, quiz_id: int, user_id: int, **kwargs: Any) -> None:
    quiz = LessonPage.objects.filter(pk=quiz_id).first()
    course = CoursePage.objects.ancestor_of(quiz).first() if quiz else None
    if course is not None:
        services.refresh_course_facts([user_id], [course.pk])


@receiver(participation_changed)
def participation_moved(sender: type, session_id: int, user_id: int, **kwargs: Any) -> None:
    services.refresh_session_facts([user_id], [session_id])
    course_id = Session.objects.filter(pk=session_id).values_list("course_id", flat=True).first()
    if course_id is not None:
        services.refresh_course_facts([user_id], [course_id])


@receiver(post_save, sender=CertificateEvent)
def certificate_moved(
    sender: type, instance: CertificateEvent, created: bool, **kwargs: Any
) -> None:
    certificate = instance.certificate
    if not created or certificate is None:
        return
    if certificate.course_id is not None:
        services.refresh_course_facts([certificate.person_id], [certificate.course_id])
    if certificate.session_id is not None:
        services.refresh_session_facts([certificate.person_id], [certificate.session_id])


@receiver(post_delete, sender=Enrolment)
def enrolment_removed(sender: type, instance: Enrolment, **kwargs: Any) -> None:
    services.refresh_course_facts([instance.user_id], [instance.course_id])


@receiver(post_delete, sender=Registration)
def registration_removed(sender: type, instance: Registration, **kwargs: Any) -> None:
    services.refresh_session_facts([instance.user_id], [instance.session_id])


@receiver(pre_save, sender=StaffProfile)
def remember_unit(sender: type, instance: StaffProfile, **kwargs: Any) -> None:
    previous = StaffProfile.objects.filter(pk=instance.pk).values_list("unit_id", flat=True)
    instance._previous_unit_id = previous.first() if instance.pk else None  # type: ignore[attr-defined]


@receiver(post_save, sender=StaffProfile)
def person_moved(sender: type, instance: StaffProfile, created: bool, **kwargs: Any) -> None:
    previous = getattr(instance, "_previous_unit_id", None)
    if not created and previous == instance.unit_id:
        return  # a new phone number or position changes no fact
    services.move_person(instance.user_id)
    services.recount_staff({unit for unit in (instance.unit_id, previous) if unit is not None})


@receiver(staff_moved)
def people_moved(sender: type, user_ids: list[int], unit_ids: set[int], **kwargs: Any) -> None:
    services.move_people(user_ids)
    services.recount_staff(unit_ids)


@receiver(post_delete, sender=StaffProfile)
def person_removed(sender: type, instance: StaffProfile, **kwargs: Any) -> None:
    services.recount_staff([instance.unit_id])


@receiver(post_save, sender=User)
def account_changed(
    sender: type, instance: User, update_fields: frozenset[str] | None = None, **kwargs: Any
) -> None:
    # Deactivating an account takes the person out of their unit's staff count; a sign-in
    # (which saves only last_login) does not touch it.
    if update_fields is not None and "is_active" not in update_fields:
        return
    unit_id = StaffProfile.objects.filter(user=instance).values_list("unit_id", flat=True).first()
    if unit_id is not None:
        services.recount_staff([unit_id])


@receiver(post_save, sender=CoursePage)
def course_saved(sender: type, instance: CoursePage, **kwargs: Any) -> None:
    services.recategorise_course(instance.pk, instance.field_id)
