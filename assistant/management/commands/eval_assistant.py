from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from assistant.evaluation import QUESTIONS_FILE, evaluate, load_questions


class Command(BaseCommand):
    help = "Ask the assistant a fixed set of staff questions; print how often it cites well."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", default=str(QUESTIONS_FILE))

    def handle(self, *args: Any, **options: Any) -> None:
        report = evaluate(load_questions(Path(options["file"])))
        for question, gold, got in report.misses:
            self.stdout.write(
                f"MISS {question} | expected {', '.join(gold)} | got {', '.join(got)}"
            )
        self.stdout.write(report.line())
