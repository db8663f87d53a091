"""Load the Vietnamese demo on top of `bootstrap`: courses, a quiz and (in development) accounts,
sessions, certificates, an H5P activity and a SCORM 2004 activity."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from assistant.indexing import rebuild_index
from certificates.demo import issue_demo_certificates
from courses.demo.load import load_demo_catalogue
from courses.models import CoursePage, LessonPage
from courses.services import complete_lesson, enrol
from people.demo import ensure_demo_users
from people.models import User
from quizzes.demo import load_demo_quiz
from quizzes.h5p.demo import load_demo_h5p
from reports.demo import load_demo_population
from reports.services import rebuild_facts
from scorm.demo import load_demo_scorm
from training.demo import load_demo_sessions


class Command(BaseCommand):
    help = "Run bootstrap, then load the demo courses, quiz and accounts (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--force",
            action="store_true",
            help="Create the demo accounts even when DEBUG is off.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("bootstrap", stdout=self.stdout, verbosity=options["verbosity"])
        catalogue = load_demo_catalogue()
        self.stdout.write(f"Demo courses: {catalogue['pages_created']} new pages.")
        quiz = load_demo_quiz()
        self.stdout.write(f"Quiz bank: {quiz['questions']} questions in the demo quiz.")
        if not (settings.DEBUG or options["force"]):
            self.stdout.write("Demo accounts skipped: DEBUG is off (use --force).")
            self._index()
            return
        users = ensure_demo_users()
        self._start_learner(User.objects.get(username="hocvien"))
        activity = load_demo_h5p(approver=User.objects.get(username="admin"))
        if activity is not None:
            self.stdout.write(f"H5P activity: “{activity.title}” at {activity.url}.")
        scorm = load_demo_scorm()
        if scorm is not None:
            self.stdout.write(f"SCORM activity: “{scorm.title}” at {scorm.url}.")
        self.stdout.write(self.style.SUCCESS(f"Demo accounts: {len(users)} (password demo12345)."))
        self.stdout.write(f"Demo learners across the provinces: {load_demo_population()}.")
        sessions = load_demo_sessions()
        self.stdout.write(
            f"Training sessions: “{sessions['finished']}” (held) and “{sessions['upcoming']}” "
            f"(open); {sessions['questions']} new FAQ answers; "
            + ("hocvien passed the quiz." if sessions["quiz_passed"] else "no demo quiz passed.")
        )
        self.stdout.write(f"Certificates: {issue_demo_certificates()}.")
        # Demo records written outside the services (held sessions) reach the reports here.
        rebuilt = rebuild_facts()
        self.stdout.write(
            f"Report facts: {rebuilt.course_facts} course, {rebuilt.session_facts} session."
        )
        self._index()

    def _index(self) -> None:
        counts = rebuild_index()
        self.stdout.write(f"Assistant passages: {counts}.")

    def _start_learner(self, learner: User) -> None:
        """Enrol `hocvien` in the overview course with its first lesson done."""
        overview = CoursePage.objects.live().filter(field__isnull=True).order_by("path").first()
        if overview is None:
            return
        enrol(learner, overview)
        first = LessonPage.objects.live().descendant_of(overview).order_by("path").first()
        if first is not None:
            complete_lesson(learner, first)
