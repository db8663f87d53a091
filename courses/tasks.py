"""Celery tasks for courses: thin wrappers around services, safe to retry."""

from celery import shared_task

from courses import services


@shared_task(acks_late=True)
def recompute_course_progress(course_id: int) -> int:
    """Recompute every enrolment's progress in one course."""
    return services.recompute_course(course_id)
