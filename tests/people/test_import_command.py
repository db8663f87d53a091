"""`manage.py import_staff`: the same import from a shell."""

from __future__ import annotations

import io
import os

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from people.models import StaffImport, StaffProfile, User
from people.roles import Role
from tests.factories import make_person
from tests.people.factories_import import (
    Organisation,
    csv_bytes,
    make_organisation,
    staff_row,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def org(db: None) -> Organisation:
    return make_organisation()


ROWS = [
    staff_row(),
    staff_row(name="Lê Thị Bình", code="HN-1", email="binh@x.vn", province="Hà Nội"),
    staff_row(name="Phạm Văn Cường", code="QT-2", email="cuong@", province="Quảng Trị"),
]


def import_staff(*args: str) -> str:
    out = io.StringIO()
    with translation.override("en"):
        call_command("import_staff", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def staff_file(tmp_path):
    path = tmp_path / "danh-sach.csv"
    path.write_bytes(csv_bytes(ROWS))
    return path


def test_dry_run_prints_the_preview_and_writes_nothing(org, staff_file):
    users = User.objects.count()
    output = import_staff(str(staff_file), "--dry-run")
    lines = output.strip().splitlines()
    assert lines[0] == "Row 4 (Phạm Văn Cường): “cuong@” is not a valid e-mail address."
    assert "3 rows: 2 to create, 0 to update, 1 with errors." in output
    assert "Dry run" in output
    assert User.objects.count() == users
    assert not StaffImport.objects.exists()


def test_import_applies_the_valid_rows_and_a_rerun_updates(org, staff_file):
    output = import_staff(str(staff_file))
    assert "2 created, 0 updated" in output
    assert StaffProfile.objects.get(staff_code="HN-1").unit.province == org.ha_noi
    assert not StaffProfile.objects.filter(staff_code="QT-2").exists()
    job = StaffImport.objects.get()
    assert (job.status, job.uploaded_by) == (StaffImport.Status.DONE, None)

    xlsx = staff_file.with_suffix(".xlsx")
    xlsx.write_bytes(xlsx_bytes(ROWS))
    output = import_staff(str(xlsx))
    assert "0 created, 2 updated" in output
    assert StaffProfile.objects.filter(staff_code__in=["QT-0001", "HN-1"]).count() == 2


@pytest.mark.parametrize("content", [b"", os.urandom(1000)])
def test_unreadable_file_fails(org, tmp_path, content):
    path = tmp_path / "hong.xlsx"
    path.write_bytes(content)
    with pytest.raises(CommandError):
        import_staff(str(path))
    assert not StaffImport.objects.exists()


def test_missing_file_fails(org, tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        import_staff(str(tmp_path / "khong-co.csv"))


def test_as_a_province_manager_limits_the_rows(org, staff_file):
    manager = make_person(Role.PROVINCE_MANAGER, unit=org.so_quang_tri)
    output = import_staff(str(staff_file), "--as", manager.username)
    assert "Row 3 (Lê Thị Bình): “Thành phố Hà Nội” is outside your province." in output
    assert "1 created" in output
    assert not StaffProfile.objects.filter(staff_code="HN-1").exists()
    assert StaffImport.objects.get().uploaded_by == manager


def test_as_someone_who_may_not_import_fails(org, staff_file):
    learner = make_person(unit=org.so_quang_tri)
    with pytest.raises(CommandError, match="may not import"):
        import_staff(str(staff_file), "--as", learner.username)
    with pytest.raises(CommandError, match="No user"):
        import_staff(str(staff_file), "--as", "nobody")
    assert StaffProfile.objects.count() == 1
