from typing import Any

from django.core.management.base import BaseCommand

from assistant.indexing import rebuild_index


class Command(BaseCommand):
    help = "Cut every published task card, lesson and FAQ answer into the assistant's passages."

    def handle(self, *args: Any, **options: Any) -> None:
        counts = rebuild_index()
        self.stdout.write(
            "Passages: "
            + ", ".join(f"{kind}={count}" for kind, count in counts.items())
            + f", total={sum(counts.values())}"
        )
