"""Exports: XLSX and CSV (UTF-8 with BOM) of every table; large ones through a worker."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from reports.models import ExportJob
from reports.services import exports as export_services

pytestmark = pytest.mark.django_db


def _xlsx_rows(content: bytes) -> list[list[object]]:
    sheet = load_workbook(io.BytesIO(content), read_only=True).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def _csv_rows(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def test_the_matrix_as_xlsx_has_every_visible_province(client, nation):
    client.force_login(nation.admin)
    response = client.post(reverse("reports:export"), {"report": "matrix", "format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="tinh-linh-vuc-')
    rows = _xlsx_rows(response.content)
    provinces = [row[0] for row in rows[1:]]
    assert "Quảng Trị" in provinces and "Hà Nội" in provinces and provinces[-1] == "Tổng cộng"


def test_the_learners_csv_streams_with_a_bom_and_intact_diacritics(client, nation):
    client.force_login(nation.manager)
    response = client.post(reverse("reports:export"), {"report": "learners", "format": "csv"})
    assert response.streaming
    rows = _csv_rows(b"".join(response.streaming_content))
    names = {row[0] for row in rows[1:]}
    assert names == {"Nguyễn Thị Hồng Nhung", "Trần Văn Đức"}
    assert all(row[4] == "Quảng Trị" for row in rows[1:])


def test_filters_travel_with_the_export(client, nation):
    client.force_login(nation.admin)
    response = client.post(
        reverse("reports:export"),
        {"report": "learners", "format": "xlsx", "course": nation.radio_course.pk},
    )
    rows = _xlsx_rows(response.content)
    assert [(row[0], row[5]) for row in rows[1:]] == [("Lê Thị Hòa", "Quản lý tần số")]


def test_formulas_in_names_are_neutralised(client, nation):
    profile = nation.nhung.profile
    profile.full_name = '=HYPERLINK("http://x")'
    profile.save()
    client.force_login(nation.manager)
    response = client.post(reverse("reports:export"), {"report": "learners", "format": "csv"})
    rows = _csv_rows(b"".join(response.streaming_content))
    assert any(row[0].startswith("'=") for row in rows[1:])


def test_a_large_export_runs_in_a_worker_with_progress_and_a_download(
    client, nation, settings, django_capture_on_commit_callbacks
):
    settings.REPORTS_EXPORT_SYNC_MAX_ROWS = 2
    client.force_login(nation.admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:export"), {"report": "learners", "format": "xlsx"})
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "reports:export_job", args=[job.pk]
    )
    assert (job.status, job.total_rows, job.rows_written) == (ExportJob.Status.DONE, 4, 4)
    page = client.get(response.url)
    assert reverse("reports:export_download", args=[job.pk]) in page.content.decode()
    status = client.get(reverse("reports:export_status", args=[job.pk])).json()
    assert status["percent"] == 100 and status["active"] is False
    download = client.get(reverse("reports:export_download", args=[job.pk]))
    rows = _xlsx_rows(b"".join(download.streaming_content))
    assert len(rows) == 5 and {row[0] for row in rows[1:]} >= {"Lê Thị Hòa", "Trần Văn Đức"}


def test_a_failed_export_leaves_no_file_and_runs_again(nation, monkeypatch, settings):
    job = ExportJob.objects.create(owner=nation.admin, report="learners", format="csv")

    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise OSError("disk full")
        yield b""

    monkeypatch.setattr(export_services, "csv_lines", broken)
    export_services.run_export(str(job.pk))
    job.refresh_from_db()
    assert job.status == ExportJob.Status.FAILED and not job.file
    assert job.error
    monkeypatch.undo()
    export_services.restart_export(job)
    export_services.run_export(str(job.pk))
    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE and job.rows_written == 4
    assert ExportJob.objects.count() == 1


def test_an_export_the_owner_may_no_longer_see_fails_cleanly(nation):
    job = ExportJob.objects.create(
        owner=nation.manager,
        report="province",
        format="csv",
        params={"province": str(nation.ha_noi.province_id)},
    )
    export_services.run_export(str(job.pk))
    job.refresh_from_db()
    assert job.status == ExportJob.Status.FAILED and not job.file


def test_unknown_report_or_format_is_404(client, nation):
    client.force_login(nation.admin)
    assert (
        client.post(reverse("reports:export"), {"report": "nope", "format": "csv"}).status_code
        == 404
    )
    assert (
        client.post(reverse("reports:export"), {"report": "matrix", "format": "pdf"}).status_code
        == 404
    )
    assert client.get(reverse("reports:export")).status_code == 405
