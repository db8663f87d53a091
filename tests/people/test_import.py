"""The staff import services: reading, previewing, applying and resuming."""

from __future__ import annotations

import os
import unicodedata
from unittest import mock

import pytest
from django.contrib.auth.models import Group
from django.utils import translation

from people.imports import (
    Action,
    ImportFileError,
    ImportNotAllowed,
    apply_import,
    confirm_import,
    create_import,
    preview_file,
    read_table,
    resume_import,
)
from people.imports import apply as apply_module
from people.imports.bulk import apply_rows as real_apply_rows
from people.models import StaffImport, StaffProfile, User
from people.roles import Role
from tests.factories import StaffProfileFactory, make_person
from tests.people.factories_import import (
    EN_HEADERS,
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


def codes(row) -> list[str]:
    return [error.code for error in row.errors]


def run(name: str, content: bytes, viewer: User | None = None, **kwargs) -> StaffImport:
    """Upload, confirm and apply a file as the system (or `viewer`) would."""
    job = create_import(file_name=name, content=content, uploader=viewer)
    confirm_import(job.pk, viewer, enqueue=False)
    return apply_import(job.pk, **kwargs)


def people_count() -> tuple[int, int]:
    return User.objects.count(), StaffProfile.objects.count()


class TestReading:
    @pytest.mark.parametrize("bom", [True, False])
    def test_utf8_csv_with_or_without_bom(self, org, bom):
        content = csv_bytes([staff_row()], bom=bom)
        assert content.startswith(b"\xef\xbb\xbf") is bom
        preview = preview_file("can-bo.csv", content, None)
        [row] = preview.rows
        assert row.action is Action.CREATE, row.messages
        assert row.values["full_name"] == "Nguyễn Văn An"
        assert row.unit_id == org.so_quang_tri.pk

    def test_semicolon_csv(self, org):
        content = csv_bytes([staff_row(unit="Sở KH&CN, Quảng Trị")], delimiter=";")
        table = read_table("can-bo.csv", content)
        assert table.rows[0].values["unit"] == "Sở KH&CN, Quảng Trị"
        [row] = preview_file("can-bo.csv", content, None).rows
        assert row.action is Action.CREATE

    def test_xlsx_with_a_title_above_the_headers_and_numeric_cells(self, org):
        content = xlsx_bytes(
            [
                [
                    "Trần Thị Bình",
                    "binh@example.vn",
                    12345,
                    "Quảng Trị",
                    "",
                    "Chuyên viên",
                    912345678,
                ]
            ],
            title="DANH SÁCH CÁN BỘ THAM GIA TẬP HUẤN",
        )
        [row] = preview_file("danh-sach.xlsx", content, None).rows
        assert row.number == 4
        assert row.values["staff_code"] == "12345"
        # Excel dropped the phone's leading 0; the preview gives it back and says so.
        assert row.values["phone"] == "0912345678"
        assert sorted(w.code for w in row.warnings) == ["code_was_number", "phone_lost_zero"]
        assert row.action is Action.CREATE

    def test_english_and_nfd_headers_are_accepted(self, org):
        english = preview_file("a.csv", csv_bytes([staff_row()], headers=EN_HEADERS), None)
        assert english.rows[0].action is Action.CREATE
        nfd = [unicodedata.normalize("NFD", header) for header in ["Họ tên", "Thư điện tử", "Tỉnh"]]
        table = read_table("b.csv", csv_bytes([["An", "an@example.vn", "Quảng Trị"]], headers=nfd))
        assert table.columns == ("full_name", "email", "province")

    def test_row_numbers_follow_the_file(self, org):
        content = csv_bytes([staff_row(), ["", "", "", "", "", "", ""], staff_row(code="QT-2")])
        assert [row.number for row in read_table("a.csv", content).rows] == [2, 4]


class TestMalformedFiles:
    @pytest.mark.parametrize(
        ("name", "content"),
        [
            ("random.xlsx", os.urandom(2048)),
            ("zip-but-not-xlsx.xlsx", b"PK\x03\x04" + os.urandom(512)),
            ("empty.csv", b""),
            ("empty.xlsx", b""),
            ("latin1.csv", "Họ và tên,Email\nAn,an@x.vn\n".encode("utf-16")),
            ("binary.csv", b"\x00\x01\x02Ho va ten,Email\n"),
            ("old-excel.xls", b"\xd0\xcf\x11\xe0" + os.urandom(64)),
            ("only-headers.csv", csv_bytes([])),
        ],
    )
    def test_unreadable_file_is_refused_with_one_error(self, org, name, content):
        with pytest.raises(ImportFileError) as refused:
            preview_file(name, content, None)
        assert str(refused.value)

    def test_missing_columns_are_named(self, org):
        content = csv_bytes([["An", "Chuyên viên"]], headers=["Họ và tên", "Chức vụ"])
        with translation.override("en"), pytest.raises(ImportFileError) as refused:
            read_table("a.csv", content)
        message = str(refused.value)
        assert "Tỉnh/Thành phố" in message
        assert "Mã cán bộ" in message
        assert "Họ và tên" not in message

    def test_missing_name_column(self, org):
        with pytest.raises(ImportFileError):
            read_table("a.csv", csv_bytes([["a@x.vn", "Quảng Trị"]], headers=["Email", "Tỉnh"]))

    def test_too_large_file(self, org, settings):
        settings.STAFF_IMPORT_MAX_BYTES = 100
        with pytest.raises(ImportFileError):
            read_table("a.csv", csv_bytes([staff_row()] * 10))

    def test_too_many_rows(self, org, settings):
        settings.STAFF_IMPORT_MAX_ROWS = 3
        rows = [staff_row(code=f"QT-{n}", email=f"a{n}@x.vn") for n in range(4)]
        with pytest.raises(ImportFileError):
            read_table("a.csv", csv_bytes(rows))
        with pytest.raises(ImportFileError):
            read_table("a.xlsx", xlsx_bytes(rows))
        assert len(read_table("a.csv", csv_bytes(rows[:3])).rows) == 3

    def test_refused_file_stores_nothing(self, org, settings):
        with pytest.raises(ImportFileError):
            create_import(file_name="x.xlsx", content=os.urandom(300), uploader=None)
        assert not StaffImport.objects.exists()
        assert not any(files for _, _, files in os.walk(settings.MEDIA_ROOT))


class TestRowChecks:
    def preview(self, *rows, viewer=None):
        return preview_file("a.csv", csv_bytes(rows), viewer).rows

    def test_nfd_and_padded_names_are_stored_as_nfc(self, org):
        nfd = unicodedata.normalize("NFD", "  Nguyễn   Thị  Hồng Nhung ")
        job = run("a.csv", csv_bytes([staff_row(name=nfd, position=" Phó  Giám đốc ")]))
        profile = StaffProfile.objects.get(staff_code="QT-0001")
        assert job.created_rows == 1
        assert profile.full_name == "Nguyễn Thị Hồng Nhung"
        assert unicodedata.is_normalized("NFC", profile.full_name)
        assert profile.position == "Phó Giám đốc"

    def test_unknown_province(self, org):
        [row] = self.preview(staff_row(province="Hà Tây"))
        assert row.action is Action.ERROR
        assert codes(row) == ["unknown_province"]

    @pytest.mark.parametrize(
        "province", ["Tỉnh Quảng Trị", "quang tri", "QUẢNG TRỊ", "quang-tri", "  Quảng  Trị "]
    )
    def test_province_by_name_prefix_or_code(self, org, province):
        [row] = self.preview(staff_row(province=province))
        assert row.unit_id == org.so_quang_tri.pk, row.messages

    @pytest.mark.parametrize("province", ["Thành phố Hà Nội", "TP. Hà Nội", "TP Hà Nội", "ha noi"])
    def test_city_prefixes(self, org, province):
        [row] = self.preview(staff_row(province=province))
        assert row.unit_id == org.so_ha_noi.pk, row.messages

    def test_unit_by_folded_name_within_the_province(self, org):
        rows = self.preview(
            staff_row(unit="dac khu con co"),
            staff_row(code="QT-2", email="b@x.vn", unit="Sở KH&CN"),
            staff_row(code="QT-3", email="c@x.vn", unit="Sở Khoa học và Công nghệ tỉnh Quảng Trị"),
        )
        assert [row.unit_id for row in rows] == [
            org.con_co.pk,
            org.so_quang_tri.pk,
            org.so_quang_tri.pk,
        ]

    def test_unknown_unit(self, org):
        [row] = self.preview(staff_row(unit="Đặc khu Côn Đảo"))
        assert codes(row) == ["unknown_unit"]

    def test_a_unit_of_another_province_is_unknown_there(self, org):
        [row] = self.preview(staff_row(province="Hà Nội", unit="Đặc khu Cồn Cỏ"))
        assert codes(row) == ["unknown_unit"]

    def test_ministry_unit_when_the_province_is_empty(self, org):
        [row] = self.preview(staff_row(province="", unit="vu phap che"))
        assert row.unit_id == org.vu_phap_che.pk
        [row] = self.preview(staff_row(province="", unit="Cục Không Có"))
        assert codes(row) == ["unknown_unit_anywhere"]

    def test_province_or_unit_is_required(self, org):
        [row] = self.preview(staff_row(province="", unit=""))
        assert codes(row) == ["missing_place"]

    def test_missing_name(self, org):
        [row] = self.preview(staff_row(name="   "))
        assert codes(row) == ["missing_name"]

    def test_staff_code_or_email_is_required(self, org):
        [row] = self.preview(staff_row(code="", email=""))
        assert codes(row) == ["missing_identity"]

    @pytest.mark.parametrize("email", ["an@", "an.example.vn", "an @example.vn", "an@@x.vn"])
    def test_bad_email(self, org, email):
        [row] = self.preview(staff_row(email=email))
        assert codes(row) == ["bad_email"]

    def test_duplicate_staff_code_in_the_file_is_an_error_on_the_later_row(self, org):
        first, second = self.preview(
            staff_row(code="qt-0001"), staff_row(code="QT-0001", email="other@x.vn")
        )
        assert first.action is Action.CREATE
        assert codes(second) == ["duplicate_code"]
        assert second.errors[0].params["row"] == first.number

    def test_duplicate_email_in_the_file_ignores_case(self, org):
        first, second = self.preview(staff_row(), staff_row(code="QT-2", email="AN@example.vn"))
        assert first.action is Action.CREATE
        assert codes(second) == ["duplicate_email"]

    def test_email_of_another_person_than_the_staff_codes(self, org):
        StaffProfileFactory(staff_code="QT-0001", unit=org.so_quang_tri)
        StaffProfileFactory(user__email="an@example.vn", staff_code="QT-9", unit=org.so_quang_tri)
        [row] = self.preview(staff_row())
        assert codes(row) == ["email_taken"]

    def test_email_of_an_account_without_a_profile(self, org):
        make_person()
        User.objects.create(username="khach", email="an@example.vn")
        [row] = self.preview(staff_row(code=""))
        assert codes(row) == ["email_taken"]

    def test_existing_person_is_an_update(self, org):
        StaffProfileFactory(staff_code="QT-0001", unit=org.so_quang_tri)
        StaffProfileFactory(user__email="binh@example.vn", staff_code="", unit=org.so_quang_tri)
        rows = self.preview(staff_row(), staff_row(code="", email="binh@example.vn"))
        assert [row.action for row in rows] == [Action.UPDATE, Action.UPDATE]

    def test_email_of_a_person_with_another_staff_code(self, org):
        StaffProfileFactory(user__email="an@example.vn", staff_code="QT-9", unit=org.so_quang_tri)
        [row] = self.preview(staff_row())
        assert codes(row) == ["code_mismatch"]

    def test_messages_are_translated_strings(self, org):
        [row] = self.preview(staff_row(province="Hà Tây"))
        with translation.override("en"):
            assert row.messages == ["Unknown province “Hà Tây”."]


class TestApplying:
    def test_dry_run_writes_nothing(self, org):
        before = people_count()
        preview = preview_file("a.csv", csv_bytes([staff_row(), staff_row(code="QT-2")]), None)
        assert preview.total == 2
        assert people_count() == before
        assert not StaffImport.objects.exists()

    def test_upload_writes_no_staff_until_confirmed(self, org, settings):
        before = people_count()
        job = create_import(
            file_name="Danh sách.csv", content=csv_bytes([staff_row()]), uploader=None
        )
        assert people_count() == before
        assert job.status == StaffImport.Status.PREVIEWED
        assert (job.total_rows, job.valid_rows) == (1, 1)
        assert job.original_name == "Danh sách.csv"
        assert job.file.name.startswith("imports/")
        assert os.path.exists(job.file.path)

    def test_only_valid_rows_are_applied(self, org):
        job = run(
            "a.csv",
            csv_bytes([staff_row(), staff_row(code="QT-2", email="b@x.vn", province="Hà Tây")]),
        )
        assert job.status == StaffImport.Status.DONE
        assert (job.created_rows, job.updated_rows, job.rows_applied) == (1, 0, 1)
        profile = StaffProfile.objects.select_related("user").get(staff_code="QT-0001")
        assert profile.user.email == "an@example.vn"
        assert profile.unit == org.so_quang_tri
        assert profile.user.groups.filter(name=Role.LEARNER.value).exists()
        assert not StaffProfile.objects.filter(staff_code="QT-2").exists()

    def test_reimporting_the_same_file_updates_instead_of_duplicating(self, org):
        rows = [staff_row(), staff_row(name="Lê Thị Bình", code="QT-2", email="binh@x.vn")]
        first = run("a.csv", csv_bytes(rows))
        before = people_count()
        rows[0][5] = "Trưởng phòng"
        second = run("a.xlsx", xlsx_bytes(rows))
        assert (first.created_rows, second.created_rows, second.updated_rows) == (2, 0, 2)
        assert people_count() == before
        assert StaffProfile.objects.get(staff_code="QT-0001").position == "Trưởng phòng"

    def test_confirming_enqueues_after_commit(self, org, django_capture_on_commit_callbacks):
        job = create_import(file_name="a.csv", content=csv_bytes([staff_row()]), uploader=None)
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            confirm_import(job.pk, None)
            confirm_import(job.pk, None)
        # The import is queued once; applying it queues the new account's invitation.
        assert [callback.args[1] for callback in callbacks] == [
            "people.tasks.apply_staff_import",
            "people.tasks.send_staff_invitations",
        ]
        job.refresh_from_db()
        assert job.status == StaffImport.Status.DONE
        assert StaffProfile.objects.filter(staff_code="QT-0001").exists()

    def test_resume_after_a_crash_mid_apply_yields_no_duplicates(self, org):
        rows = [staff_row(code=f"QT-{n}", email=f"nguoi{n}@x.vn") for n in range(7)]
        job = create_import(file_name="a.csv", content=csv_bytes(rows), uploader=None)
        confirm_import(job.pk, None, enqueue=False)
        calls = {"n": 0}

        def crash_in_second_chunk(rows, *args):
            calls["n"] += 1
            outcomes = real_apply_rows(rows, *args)
            if calls["n"] == 2:  # after writing some of its rows
                raise RuntimeError("database went away")
            return outcomes

        with mock.patch.object(apply_module, "apply_rows", crash_in_second_chunk):
            job = apply_import(job.pk, chunk_size=3)
        assert job.status == StaffImport.Status.FAILED
        assert "database went away" in job.error
        # The first chunk committed with its mark; the second rolled back entirely.
        assert (job.rows_applied, job.created_rows) == (3, 3)
        assert StaffProfile.objects.filter(staff_code__startswith="QT-").count() == 3

        resume_import(job.pk, None, enqueue=False)
        job = apply_import(job.pk, chunk_size=3)
        assert job.status == StaffImport.Status.DONE
        assert (job.rows_applied, job.created_rows, job.updated_rows) == (7, 7, 0)
        assert StaffProfile.objects.filter(staff_code__startswith="QT-").count() == 7
        assert User.objects.filter(email__endswith="@x.vn").count() == 7

    def test_a_killed_worker_is_continued_by_the_redelivered_task(self, org):
        rows = [staff_row(code=f"QT-{n}", email=f"nguoi{n}@x.vn") for n in range(5)]
        job = create_import(file_name="a.csv", content=csv_bytes(rows), uploader=None)
        confirm_import(job.pk, None, enqueue=False)

        class Killed(BaseException):
            pass

        calls = {"n": 0}

        def killed_in_second_chunk(rows, *args):
            calls["n"] += 1
            outcomes = real_apply_rows(rows, *args)
            if calls["n"] == 2:
                raise Killed
            return outcomes

        with (
            mock.patch.object(apply_module, "apply_rows", killed_in_second_chunk),
            pytest.raises(Killed),
        ):
            apply_import(job.pk, chunk_size=2)
        job.refresh_from_db()
        assert (job.status, job.rows_applied) == (StaffImport.Status.RUNNING, 2)

        job = apply_import(job.pk, chunk_size=2)
        assert (job.status, job.created_rows) == (StaffImport.Status.DONE, 5)
        assert StaffProfile.objects.filter(staff_code__startswith="QT-").count() == 5

    def test_running_a_finished_job_again_changes_nothing(self, org):
        job = run("a.csv", csv_bytes([staff_row()]))
        again = apply_import(job.pk)
        assert (again.created_rows, again.updated_rows) == (1, 0)
        assert StaffProfile.objects.filter(staff_code="QT-0001").count() == 1

    def test_a_person_created_meanwhile_is_updated_not_duplicated(self, org):
        job = create_import(file_name="a.csv", content=csv_bytes([staff_row()]), uploader=None)
        StaffProfileFactory(staff_code="QT-0001", unit=org.so_quang_tri)
        confirm_import(job.pk, None, enqueue=False)
        job = apply_import(job.pk)
        assert (job.created_rows, job.updated_rows) == (0, 1)
        assert StaffProfile.objects.filter(staff_code="QT-0001").count() == 1


class TestScope:
    def manager(self, org):
        return make_person(Role.PROVINCE_MANAGER, unit=org.so_quang_tri)

    def test_a_province_manager_imports_only_their_province(self, org):
        rows = preview_file(
            "a.csv",
            csv_bytes(
                [
                    staff_row(),
                    staff_row(code="HN-1", email="hn@x.vn", province="Hà Nội"),
                    staff_row(code="BO-1", email="bo@x.vn", province="", unit="Vụ Pháp chế"),
                    staff_row(code="QT-3", email="c@x.vn", province="", unit="Đặc khu Cồn Cỏ"),
                    staff_row(code="QT-4", email="d@x.vn", province="", unit=""),
                ]
            ),
            self.manager(org),
        ).rows
        assert [codes(row) for row in rows] == [
            [],
            ["outside_province"],
            ["outside_province"],
            [],
            [],
        ]
        with translation.override("en"):
            assert "outside your province" in rows[1].messages[0]
        assert rows[4].unit_id == org.so_quang_tri.pk

    def test_a_province_manager_cannot_move_a_person_of_another_province(self, org):
        StaffProfileFactory(staff_code="HN-7", unit=org.so_ha_noi)
        [row] = preview_file("a.csv", csv_bytes([staff_row(code="HN-7")]), self.manager(org)).rows
        assert codes(row) == ["person_outside_province"]

    def test_the_scope_is_enforced_again_when_applying(self, org):
        manager = self.manager(org)
        job = create_import(file_name="a.csv", content=csv_bytes([staff_row()]), uploader=manager)
        StaffProfileFactory(staff_code="QT-0001", unit=org.so_ha_noi)
        confirm_import(job.pk, manager, enqueue=False)
        job = apply_import(job.pk)
        assert (job.failed_rows, job.apply_errors[0]["code"]) == (1, "person_outside_province")
        assert StaffProfile.objects.get(staff_code="QT-0001").unit == org.so_ha_noi

    def test_a_ministry_admin_imports_anywhere(self, org):
        admin = make_person(Role.MINISTRY_ADMIN, unit=org.vu_phap_che)
        rows = preview_file(
            "a.csv",
            csv_bytes([staff_row(), staff_row(code="HN-1", email="hn@x.vn", province="Hà Nội")]),
            admin,
        ).rows
        assert all(row.action is Action.CREATE for row in rows)

    @pytest.mark.parametrize("role", [Role.LEARNER, Role.TRAINER])
    def test_others_may_not_import(self, org, role):
        person = make_person(role, unit=org.so_quang_tri)
        with pytest.raises(ImportNotAllowed):
            preview_file("a.csv", csv_bytes([staff_row()]), person)
        with pytest.raises(ImportNotAllowed):
            create_import(file_name="a.csv", content=csv_bytes([staff_row()]), uploader=person)
        assert not StaffImport.objects.exists()

    def test_a_manager_without_a_province_may_not_import(self, org):
        user = User.objects.create(username="quanly")
        user.groups.add(Group.objects.get(name=Role.PROVINCE_MANAGER.value))
        with pytest.raises(ImportNotAllowed):
            preview_file("a.csv", csv_bytes([staff_row()]), user)
