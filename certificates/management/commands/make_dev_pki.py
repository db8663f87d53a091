"""Create the development PKI that signs the demo's certificate PDFs (idempotent)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from certificates.pki import DEV_PASSPHRASE, make_dev_pki


class Command(BaseCommand):
    help = (
        "Make a root CA, an issuing CA, a signer certificate for the organisation with its "
        "PKCS#12 file, a timestamp authority certificate and a CRL, for development only. "
        "Files that exist and are still valid are kept."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dir", default=str(settings.DEV_PKI_DIR), help="output folder")

    def handle(self, *args: Any, **options: Any) -> None:
        directory = Path(options["dir"])
        pki, changed = make_dev_pki(directory, passphrase=DEV_PASSPHRASE)
        verb = "Made" if changed else "Kept"
        self.stdout.write(
            f"{verb} the development PKI in {directory}: trust root {pki.root.name}, "
            f"signer {pki.pkcs12.name}, CRL {pki.crl.name}."
        )
