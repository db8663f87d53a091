"""Render and sign N certificates one document each (naive) and through the batch pipeline;
with --end-to-end, also issue N certificates (records and stored, signed PDFs) through the bulk
issue job that managers start, on real Celery workers when a broker is configured."""

from __future__ import annotations

import hashlib
import itertools
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from certificates import codes, signing
from certificates.bench import EndToEnd, add_end_to_end_arguments
from certificates.defaults import DEFAULT_FIELDS
from certificates.models import CertificateTemplate
from certificates.pki import DEV_PASSPHRASE, make_dev_pki
from certificates.rendering import render_pdfs, render_single, sample_data
from certificates.targets import verify_url
from lib.dates import document_date

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi"]
MIDDLE = ["Thị", "Văn", "Hữu", "Đức", "Minh", "Thị Thu", "Ngọc", "Quốc", "Thanh", "Xuân"]
GIVEN = ["Hồng Nhung", "Ánh Tuyết", "Dũng", "Hương", "Quỳnh", "Thắng", "Trâm", "Đạt", "Yến"]
UNITS = [
    "Sở Khoa học và Công nghệ Quảng Trị",
    "Sở Khoa học và Công nghệ Thừa Thiên Huế",
    "Ủy ban nhân dân xã Đồng Tâm",
    "Sở Khoa học và Công nghệ Đắk Lắk",
]


def sample_items(count: int, template: CertificateTemplate) -> list[dict[str, Any]]:
    """`count` distinct certificates' data, as issuing would freeze them."""
    base = sample_data(template)
    names = itertools.cycle(itertools.product(FAMILY, MIDDLE, GIVEN))
    items = []
    for index in range(count):
        family, middle, given = next(names)
        code = codes.new_code()
        items.append(
            {
                **base,
                "holder_name": f"{family} {middle} {given}",
                "unit_name": UNITS[index % len(UNITS)],
                "serial": codes.format_serial(index + 1, 2025),
                "code": code,
                "verify_url": verify_url(code),
            }
        )
    return items


@contextmanager
def bench_signer() -> Iterator[signing.LoadedSigner]:
    """The configured signer, or one from a throwaway PKI when signing is off here."""
    if signing.signing_enabled():
        with signing.open_signer() as signer:
            assert signer is not None
            yield signer
        return
    with tempfile.TemporaryDirectory() as folder:
        pki, _ = make_dev_pki(Path(folder))
        conf = {
            **settings.CERTIFICATE_PDF_SIGNING,
            "ENABLED": True,
            "PKCS12_PATH": str(pki.pkcs12),
            "PKCS12_PASSPHRASE": DEV_PASSPHRASE,
            "PKCS11_MODULE": "",
        }
        saved = settings.CERTIFICATE_PDF_SIGNING
        settings.CERTIFICATE_PDF_SIGNING = conf
        try:
            with signing.open_signer() as signer:
                assert signer is not None
                yield signer
        finally:
            settings.CERTIFICATE_PDF_SIGNING = saved


class Command(BaseCommand):
    help = (
        "Render and sign N certificates one WeasyPrint document each and through the batch "
        "pipeline (one document per batch, split into one PDF per certificate with pypdf, "
        "each signed PAdES and hashed); print milliseconds per certificate both ways."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--count", type=int, default=1000, help="certificates to render")
        parser.add_argument(
            "--naive-sample",
            type=int,
            default=40,
            help="time the naive way on this many certificates (0: all of them)",
        )
        parser.add_argument("--batch", type=int, default=settings.CERTIFICATE_BATCH_SIZE)

        parser.add_argument(
            "--render-count",
            type=int,
            default=0,
            help="time the rendering on this many certificates (0: --count)",
        )
        add_end_to_end_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        count = int(options["count"])
        batch = int(options["batch"])
        if count < 1 or batch < 1 or options["render_count"] < 0:
            raise CommandError("--count and --batch must be at least 1")
        with bench_signer() as signer:
            naive, pipeline = self._bench(options["render_count"] or count, batch, options, signer)
            if options["end_to_end"]:
                EndToEnd(self.stdout.write, options).run(count, naive, pipeline)

    def _bench(
        self, count: int, batch: int, options: dict[str, Any], signer: signing.LoadedSigner
    ) -> tuple[float, float]:
        template = CertificateTemplate(name="bench", **DEFAULT_FIELDS)
        items = sample_items(count, template)
        sample = count if options["naive_sample"] <= 0 else min(count, options["naive_sample"])
        self.stdout.write(
            f"Template: default ({template.page_size} {template.orientation}, built-in border "
            f"at 300 dpi); data of {count} people; "
            f"date line e.g. “Hà Nội, {document_date(__import__('datetime').date(2025, 11, 13))}”."
        )
        timestamp = " and timestamped (B-T)" if signing.config().get("TSA_URL") else " (B-B)"
        self.stdout.write(f"Signing: PAdES by {signer.name}{timestamp}, one signer for the run.")
        # Warm up both paths (font files, style sheets, image loading) before timing.
        signing.sign_pdf(render_single(items[0], template), signer)
        render_pdfs(items[:2], template)

        started = time.perf_counter()
        for data in items[:sample]:
            pdf = signing.sign_pdf(render_single(data, template), signer)
            hashlib.sha256(pdf).hexdigest()
        naive = (time.perf_counter() - started) * 1000 / sample
        self.stdout.write(
            f"Naive: one WeasyPrint document per certificate, signed, timed on {sample} of {count} "
            f"certificates: {naive:.1f} ms per certificate."
        )

        started = time.perf_counter()
        produced = 0
        size = 0
        for offset in range(0, count, batch):
            for rendered in render_pdfs(items[offset : offset + batch], template):
                pdf = signing.sign_pdf(rendered, signer)
                hashlib.sha256(pdf).hexdigest()
                produced += 1
                size += len(pdf)
        pipeline = (time.perf_counter() - started) * 1000 / count
        if produced != count:
            raise CommandError(f"the pipeline produced {produced} PDFs for {count} certificates")
        self.stdout.write(
            f"Pipeline: batches of {batch} rendered as one document, split into {produced} PDFs "
            f"(average {size // produced // 1024} KiB each), signed and hashed: "
            f"{pipeline:.1f} ms per certificate."
        )
        self.stdout.write(
            f"RESULT naive_ms_per_cert={naive:.1f} pipeline_ms_per_cert={pipeline:.1f} "
            f"speedup={naive / pipeline:.2f}"
        )
        return naive, pipeline
