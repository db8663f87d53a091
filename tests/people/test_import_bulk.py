"""Applying a staff import is set-based: its queries do not grow with the rows of a chunk, and
what bulk writes skip (post_save receivers) still reaches the report facts and staff counts."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses import services as course_services
from people.imports import apply_import, confirm_import, create_import
from people.models import StaffImport, StaffProfile, User
from people.roles import Role, has_role
from reports.models import CourseFact, UnitStaff
from tests.factories import make_course
from tests.people.factories_import import Organisation, csv_bytes, make_organisation, staff_row

pytestmark = pytest.mark.django_db


@pytest.fixture
def org() -> Organisation:
    return make_organisation()


def rows(n: int, prefix: str) -> list[list[str]]:
    return [
        staff_row(name=f"Trần Thị Hoa {i}", email=f"{prefix}{i}@x.vn", code=f"{prefix}-{i}")
        for i in range(n)
    ]


def queries_to_apply(content: bytes) -> int:
    job = create_import(file_name="a.csv", content=content, uploader=None)
    confirm_import(job.pk, None, enqueue=False)
    with CaptureQueriesContext(connection) as queries:
        job = apply_import(job.pk, chunk_size=1000)
    assert job.status == StaffImport.Status.DONE
    return len(queries)


def test_queries_do_not_grow_with_the_rows_of_a_chunk(org: Organisation) -> None:
    # New people, then the same people again (updates). Sixty rows stay within one batch of
    # SQLite's 999 query parameters, so the count shows the rows, not the backend's limit.
    ten_new, sixty_new = (
        queries_to_apply(csv_bytes(rows(10, "a"))),
        queries_to_apply(csv_bytes(rows(60, "b"))),
    )
    ten_again = queries_to_apply(csv_bytes(rows(10, "a")))
    sixty_again = queries_to_apply(csv_bytes(rows(60, "b")))
    assert (ten_new, ten_again) == (sixty_new, sixty_again)
    assert StaffProfile.objects.count() == 70
    learner = User.objects.get(email="b59@x.vn")
    assert has_role(learner, Role.LEARNER)
    assert learner.profile.folded_name == "tran thi hoa 59"
    assert not learner.has_usable_password()


def test_a_person_moved_by_an_import_carries_their_facts_and_staff_counts(
    org: Organisation,
) -> None:
    job = create_import(
        file_name="a.csv", content=csv_bytes([staff_row(code="QT-1")]), uploader=None
    )
    confirm_import(job.pk, None, enqueue=False)
    apply_import(job.pk)
    person = User.objects.get(profile__staff_code="QT-1")
    course_services.enrol(person, make_course())
    assert CourseFact.objects.get(user=person).province_id == org.quang_tri.pk
    assert UnitStaff.objects.get(unit=org.so_quang_tri).staff == 1

    moved = staff_row(code="QT-1", province="Hà Nội")
    job = create_import(file_name="b.csv", content=csv_bytes([moved]), uploader=None)
    confirm_import(job.pk, None, enqueue=False)
    assert apply_import(job.pk).updated_rows == 1

    fact = CourseFact.objects.get(user=person)
    assert (fact.province_id, fact.unit_id) == (org.ha_noi.pk, org.so_ha_noi.pk)
    assert not UnitStaff.objects.filter(unit=org.so_quang_tri).exists()
    assert UnitStaff.objects.get(unit=org.so_ha_noi).staff == 1
