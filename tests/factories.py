"""Factories for test data; every name carries Vietnamese diacritics on purpose."""

from __future__ import annotations

from typing import Any

import factory
from factory.django import DjangoModelFactory

from courses.models import CourseIndexPage, CoursePage, Field, LessonPage, ModulePage
from people.models import Province, StaffProfile, Unit, User
from people.roles import Role
from people.services import grant_role


class ProvinceFactory(DjangoModelFactory):
    class Meta:
        model = Province
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"tinh-{n}")
    name = factory.Sequence(lambda n: f"Tỉnh Thử Nghiệm Số {n}")


class DepartmentFactory(DjangoModelFactory):
    """A provincial Sở KH&CN."""

    class Meta:
        model = Unit
        django_get_or_create = ("code",)

    province = factory.SubFactory(ProvinceFactory)
    code = factory.LazyAttribute(lambda o: f"so-khcn-{o.province.code}")
    name = factory.LazyAttribute(lambda o: f"Sở Khoa học và Công nghệ {o.province.name}")
    kind = Unit.Kind.DEPARTMENT


class CommuneFactory(DjangoModelFactory):
    class Meta:
        model = Unit

    province = factory.SubFactory(ProvinceFactory)
    parent = factory.LazyAttribute(lambda o: DepartmentFactory(province=o.province))
    code = factory.Sequence(lambda n: f"xa-{n}")
    name = factory.Sequence(lambda n: f"Xã Đồng Tâm {n}")
    kind = Unit.Kind.COMMUNE


class MinistryUnitFactory(DjangoModelFactory):
    class Meta:
        model = Unit
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"vu-{n}")
    name = factory.Sequence(lambda n: f"Vụ Pháp chế {n}")
    kind = Unit.Kind.MINISTRY_UNIT
    province = None


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"nguoidung{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.vn")
    password = factory.PostGenerationMethodCall("set_password", "demo12345")

    @factory.post_generation
    def save_password(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            self.save()


class StaffProfileFactory(DjangoModelFactory):
    class Meta:
        model = StaffProfile

    user = factory.SubFactory(UserFactory)
    full_name = factory.Sequence(lambda n: f"Nguyễn Thị Hồng Nhung {n}")
    unit = factory.SubFactory(DepartmentFactory)
    position = "Chuyên viên"
    staff_code = factory.Sequence(lambda n: f"CB{n:05d}")


def make_person(role: Role = Role.LEARNER, *, unit: Unit | None = None, **kwargs: Any) -> User:
    """A user with a staff profile in `unit` (a new province's Sở by default) holding `role`."""
    profile = StaffProfileFactory(unit=unit or DepartmentFactory(), **kwargs)
    grant_role(profile.user, Role.LEARNER)
    if role is not Role.LEARNER:
        grant_role(profile.user, role)
    return profile.user


class FieldFactory(DjangoModelFactory):
    class Meta:
        model = Field
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Sở hữu trí tuệ {n}")
    slug = factory.Sequence(lambda n: f"so-huu-tri-tue-{n}")


def make_course(
    *,
    title: str = "Phân cấp trong lĩnh vực sở hữu trí tuệ",
    modules: int = 2,
    lessons_per_module: int = 2,
    field: Field | None = None,
    publish: bool = True,
    summary: str = "Khóa học thử nghiệm dành cho công chức.",
    **fields: Any,
) -> CoursePage:
    """A course under the catalogue with `modules` × `lessons_per_module` published lessons."""
    catalogue = CourseIndexPage.objects.get()
    course = catalogue.add_child(
        instance=CoursePage(
            title=title,
            summary=summary,
            field=field or FieldFactory(),
            live=publish,
            **fields,
        )
    )
    for m in range(1, modules + 1):
        module = course.add_child(instance=ModulePage(title=f"Học phần {m}", slug=f"hoc-phan-{m}"))
        for n in range(1, lessons_per_module + 1):
            module.add_child(
                instance=LessonPage(
                    title=f"Bài {m}.{n}: Thẩm quyền cấp tỉnh",
                    slug=f"bai-{m}-{n}",
                    body=[("paragraph", "<p>Nội dung bài học về phân cấp.</p>")],
                )
            )
    return course
