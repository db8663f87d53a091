"""`manage.py bench_import --rows 20000`: time applying a large staff import.

In a throwaway database (unless --in-place) with the 34 provinces: a CSV of `rows` new people
spread over the provinces' Departments is previewed, confirmed and applied, then applied
again as a second import of the same file (every row an update). The last lines printed are
the load average and `RESULT rows=<n> seconds=<first apply>`. Set CELERY_BROKER_URL to time the
apply as a worker runs it: without a broker the new accounts' invitations are e-mailed inline.
"""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from lib.benchdb import load_average, throwaway_database
from people.imports import apply_import, confirm_import, create_import
from people.models import Province, StaffImport
from people.organisation import load_organisation

HEADERS = "Họ và tên,Email,Mã cán bộ,Tỉnh/Thành phố,Đơn vị,Chức vụ,Số điện thoại"
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ"]
GIVEN = ["Văn An", "Thị Bình", "Minh Châu", "Quốc Dũng", "Thu Hà", "Đức Huy", "Ngọc Lan"]


def staff_csv(rows: int, provinces: list[str]) -> bytes:
    lines = [HEADERS]
    for n in range(rows):
        name = f"{SURNAMES[n % len(SURNAMES)]} {GIVEN[n % len(GIVEN)]}"
        province = provinces[n % len(provinces)]
        lines.append(f"{name},bench{n:06d}@example.vn,BI{n:06d},{province},,Chuyên viên,09{n:08d}")
    return ("\r\n".join(lines) + "\r\n").encode()


class Command(BaseCommand):
    help = "Time previewing and applying a large synthetic staff import, in a throwaway database."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--rows", type=int, default=20_000)
        parser.add_argument(
            "--in-place",
            action="store_true",
            help="use the current database instead of a throwaway one (tests only)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        rows: int = options["rows"]
        if rows < 1:
            raise CommandError("--rows must be at least 1")
        if options["in_place"]:
            seconds = self.run(rows)
        else:
            with throwaway_database("bench_import", self.stdout.write):
                seconds = self.run(rows)
        self.stdout.write(load_average())
        self.stdout.write(f"RESULT rows={rows} seconds={seconds:.1f}")

    def run(self, rows: int) -> float:
        if settings.CELERY_TASK_ALWAYS_EAGER:
            # Without a broker every task runs inline: the invitations of the created accounts
            # are e-mailed inside apply_import, which then times a worker's job as well.
            self.stdout.write(
                "no broker (CELERY_BROKER_URL unset): invitation e-mails are sent inline and "
                "counted in the first apply"
            )
        load_organisation()
        content = staff_csv(
            rows, list(Province.objects.order_by("pk").values_list("name", flat=True))
        )
        created = self.apply(content, rows, "created")
        self.apply(content, rows, "updated")
        return created

    def apply(self, content: bytes, rows: int, expect: str) -> float:
        start = time.perf_counter()
        job = create_import(file_name="bench.csv", content=content, uploader=None)
        confirm_import(job.pk, None, enqueue=False)
        previewed = time.perf_counter() - start
        if job.valid_rows != rows:
            raise CommandError(f"{rows - job.valid_rows} rows refused by the preview")
        start = time.perf_counter()
        job = apply_import(job.pk)
        seconds = time.perf_counter() - start
        done = job.created_rows if expect == "created" else job.updated_rows
        if job.status != StaffImport.Status.DONE or done != rows:
            raise CommandError(
                f"import ended {job.status}: {job.created_rows} created, "
                f"{job.updated_rows} updated, {job.failed_rows} failed {job.error}"
            )
        self.stdout.write(f"{rows} rows {expect}: preview {previewed:.1f} s, apply {seconds:.1f} s")
        return seconds
