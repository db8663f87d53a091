import time
from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from reports.services import rebuild_facts


class Command(BaseCommand):
    help = "Recompute every completion fact from enrolments, results, attendance and certificates."

    def handle(self, *args: Any, **options: Any) -> None:
        start = time.perf_counter()
        rebuilt = rebuild_facts()
        self.stdout.write(
            _("%(courses)d course facts and %(sessions)d session facts rebuilt in %(seconds).1f s.")
            % {
                "courses": rebuilt.course_facts,
                "sessions": rebuilt.session_facts,
                "seconds": time.perf_counter() - start,
            }
        )
