from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from assistant.evaluation import QUESTIONS_FILE, bench, evaluate, load_questions


class Command(BaseCommand):
    help = "Ask the assistant a fixed set of staff questions; print how often it cites well."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", default=str(QUESTIONS_FILE))
        parser.add_argument(
            "--bench",
            type=int,
            metavar="N",
            help="Also time the ranking over N passages made from the stored ones.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        data = load_questions(Path(options["file"]))
        if options["bench"]:
            self.stdout.write(bench(data, options["bench"]))
        report = evaluate(data)
        for question, gold, got in report.misses:
            self.stdout.write(
                f"MISS {question} | expected {', '.join(gold)} | got {', '.join(got)}"
            )
        self.stdout.write(report.line())
