"""Load the demo question bank and quiz (run after seed_demo loads the catalogue)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from quizzes.demo import load_demo_quiz


class Command(BaseCommand):
    help = "Load the demo question bank and the overview course's quiz (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        result = load_demo_quiz()
        self.stdout.write(
            f"Question bank: {result['questions']} demo questions; "
            + ("quiz page added." if result["quiz_created"] else "quiz page already there.")
        )
