"""Create what every installation needs, production included: no demo data, no accounts."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from certificates.defaults import ensure_default_template
from courses.setup import ensure_structure, sync_site_address
from courses.taskcatalogue import load_task_catalogue
from people.organisation import load_organisation
from quizzes.h5p.permissions import ensure_permissions as grant_h5p_permissions
from quizzes.setup import grant_bank_permissions
from reports.setup import grant_report_permissions
from training.setup import grant_session_permissions


class Command(BaseCommand):
    help = (
        "Create the organisation (provinces, units), the fields and the catalogue of "
        "decentralised tasks, the site, the role groups and the approval workflow (idempotent)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        counts = load_organisation()
        self.stdout.write(
            f"Organisation: {counts['provinces']} provinces, {counts['units']} units."
        )
        catalogue = load_task_catalogue()
        self.stdout.write(
            f"Task catalogue: {catalogue['fields']} fields, {catalogue['tasks']} task cards."
        )
        # Also run after every migrate; repeated here so that bootstrap alone is enough.
        ensure_structure()
        grant_bank_permissions()
        grant_h5p_permissions()
        grant_session_permissions()
        grant_report_permissions()
        ensure_default_template()
        self.stdout.write("Role groups, permissions and approval workflow: ready.")
        site = sync_site_address()
        if site is not None:
            self.stdout.write(f"Wagtail site: {site.root_url} (from SITE_URL).")
