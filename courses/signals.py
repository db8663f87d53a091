"""Signals that tell higher apps (quizzes, certificates, reports) about learning events."""

from django.dispatch import Signal

# Sent with: user, lesson, enrolment. Sent once per user and lesson.
lesson_completed = Signal()
# Sent with: user, course, enrolment. Sent once, when the course first becomes complete.
course_completed = Signal()
# Sent with: enrolment, created (bool).
enrolled = Signal()
