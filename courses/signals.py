"""Signals that tell higher apps (quizzes, certificates, reports) about learning events."""

from django.dispatch import Signal

# Sent with: user, lesson, enrolment. Sent once per user and lesson.
lesson_completed = Signal()
# Sent with: user, course, enrolment. Sent once, when the course first becomes complete.
course_completed = Signal()
# Sent with: enrolment, created (bool).
enrolled = Signal()
# Sent with: course_id, user_ids. Sent inside the transaction that changed the stored
# progress of these people's enrolments in the course (or created them), so that
# derived records stay in step with it.
progress_changed = Signal()
