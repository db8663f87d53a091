"""Two provinces with staff at both levels, courses in two fields, and learners in each."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from courses import services as course_services
from courses.models import CoursePage
from people.models import Unit, User
from people.roles import Role
from tests.certificates.factories import lessons
from tests.factories import (
    CommuneFactory,
    DepartmentFactory,
    FieldFactory,
    make_course,
    make_person,
)


@dataclass
class Nation:
    quang_tri: Unit
    huong_hoa: Unit
    ha_noi: Unit
    admin: User
    manager: User
    other_manager: User
    nhung: User
    duc: User
    hoa: User
    ip_course: CoursePage
    radio_course: CoursePage


@pytest.fixture
def nation(db) -> Nation:  # type: ignore[no-untyped-def]
    quang_tri = DepartmentFactory(
        name="Sở Khoa học và Công nghệ Quảng Trị",
        province__name="Quảng Trị",
        province__code="quang-tri",
    )
    huong_hoa = CommuneFactory(parent=quang_tri, province=quang_tri.province, name="Xã Hướng Hóa")
    ha_noi = DepartmentFactory(
        name="Sở Khoa học và Công nghệ Hà Nội", province__name="Hà Nội", province__code="ha-noi"
    )
    ip = FieldFactory(name="Sở hữu trí tuệ", slug="so-huu-tri-tue")
    radio = FieldFactory(name="Tần số vô tuyến điện", slug="tan-so")
    ip_course = make_course(
        title="Phân cấp sở hữu trí tuệ", field=ip, modules=1, lessons_per_module=2
    )
    radio_course = make_course(title="Quản lý tần số", field=radio, modules=1, lessons_per_module=2)
    world = Nation(
        quang_tri=quang_tri,
        huong_hoa=huong_hoa,
        ha_noi=ha_noi,
        admin=make_person(Role.MINISTRY_ADMIN, unit=ha_noi, full_name="Quản trị Bộ"),
        manager=make_person(Role.PROVINCE_MANAGER, unit=quang_tri, full_name="Hồ Văn Quản"),
        other_manager=make_person(Role.PROVINCE_MANAGER, unit=ha_noi, full_name="Phạm Thị Lý"),
        nhung=make_person(unit=quang_tri, full_name="Nguyễn Thị Hồng Nhung"),
        duc=make_person(unit=huong_hoa, full_name="Trần Văn Đức"),
        hoa=make_person(unit=ha_noi, full_name="Lê Thị Hòa"),
        ip_course=ip_course,
        radio_course=radio_course,
    )
    for person in (world.nhung, world.duc, world.hoa):
        course_services.enrol(person, ip_course)
    for lesson in lessons(ip_course):
        course_services.complete_lesson(world.nhung, lesson)
        course_services.complete_lesson(world.hoa, lesson)
    course_services.enrol(world.hoa, radio_course)
    return world
