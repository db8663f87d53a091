import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from courses import services
from courses.models import CourseIndexPage, DecentralisedTask, Enrolment, LessonPage
from people.roles import Role
from tests.factories import (
    DepartmentFactory,
    FieldFactory,
    ProvinceFactory,
    make_course,
    make_person,
)

pytestmark = pytest.mark.django_db


def first_lesson(course):
    return LessonPage.objects.live().descendant_of(course).order_by("path").first()


class TestCatalogue:
    def test_search_ignores_diacritics(self, client):
        make_course(title="Phân cấp quản lý tần số tại Quảng Trị")
        make_course(title="Sở hữu công nghiệp")
        for query in ("phan cap", "quang tri", "QUẢNG TRỊ", "tan so"):
            page = client.get("/khoa-hoc/", {"q": query})
            assert "Phân cấp quản lý tần số tại Quảng Trị" in page.content.decode()
            assert "Sở hữu công nghiệp" not in page.content.decode(), query

    def test_filter_by_field(self, client):
        ip = FieldFactory(name="Sở hữu trí tuệ", slug="so-huu-tri-tue")
        make_course(title="Khóa học về sáng chế", field=ip)
        make_course(title="Khóa học về tần số")
        html = client.get("/khoa-hoc/", {"linh-vuc": "so-huu-tri-tue"}).content.decode()
        assert "Khóa học về sáng chế" in html
        assert "Khóa học về tần số" not in html

    def test_unpublished_course_is_not_listed(self, client):
        make_course(title="Bản nháp chưa duyệt", publish=False)
        assert "Bản nháp chưa duyệt" not in client.get("/khoa-hoc/").content.decode()

    def test_interface_is_vietnamese_even_for_an_english_browser(self, client):
        html = client.get("/khoa-hoc/", HTTP_ACCEPT_LANGUAGE="en-US,en").content.decode()
        assert "Đăng nhập" in html
        assert 'lang="vi"' in html

    def test_language_switcher_gives_english(self, client):
        client.post(reverse("set_language"), {"language": "en", "next": "/khoa-hoc/"})
        html = client.get("/khoa-hoc/").content.decode()
        assert 'lang="en"' in html
        assert "Log in" in html


class TestEnrolAndComplete:
    def test_learner_enrols_by_post_and_lands_on_first_lesson(self, client):
        learner = make_person()
        course = make_course()
        client.force_login(learner)
        response = client.post(course.url + "ghi-danh/")
        assert response.status_code == 302
        assert response.url == first_lesson(course).url
        assert Enrolment.objects.filter(user=learner, course=course).exists()

    def test_enrol_by_get_is_not_allowed(self, client):
        client.force_login(make_person())
        course = make_course()
        assert client.get(course.url + "ghi-danh/").status_code == 405
        assert not Enrolment.objects.exists()

    def test_enrol_in_unpublished_course_is_404(self, client):
        client.force_login(make_person())
        course = make_course(publish=False)
        # An unpublished page is not served at all.
        assert client.post(f"/khoa-hoc/{course.slug}/ghi-danh/").status_code == 404
        assert client.post("/khoa-hoc/khong-ton-tai/ghi-danh/").status_code == 404
        assert not Enrolment.objects.exists()

    def test_anonymous_enrol_goes_to_login(self, client):
        course = make_course()
        response = client.post(course.url + "ghi-danh/")
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))

    def test_mark_done_advances_to_next_lesson(self, client):
        learner = make_person()
        course = make_course()
        services.enrol(learner, course)
        client.force_login(learner)
        lesson = first_lesson(course)
        response = client.post(lesson.url + "hoan-thanh/", follow=True)
        assert response.redirect_chain[-1][0].endswith("/bai-1-2/")
        assert "25%" in response.content.decode()

    def test_mark_done_without_enrolment_is_404(self, client):
        client.force_login(make_person())
        course = make_course()
        assert client.post(first_lesson(course).url + "hoan-thanh/").status_code == 404


class TestMyCourses:
    def test_shows_progress_and_resume_link(self, client):
        learner = make_person()
        course = make_course(title="Tổng quan phân cấp")
        services.enrol(learner, course)
        services.complete_lesson(learner, first_lesson(course))
        client.force_login(learner)
        html = client.get(reverse("courses:my_courses")).content.decode()
        assert "Tổng quan phân cấp" in html
        assert "Tiếp tục học" in html
        assert "/bai-1-2/" in html
        assert "25%" in html

    def test_requires_login(self, client):
        response = client.get(reverse("courses:my_courses"))
        assert response.status_code == 302

    def test_another_learners_progress_is_404(self, client):
        course = make_course()
        owner = make_person()
        enrolment = services.enrol(owner, course)
        client.force_login(make_person())
        url = reverse("courses:enrolment_progress", args=[enrolment.pk])
        assert client.get(url).status_code == 404
        client.force_login(owner)
        assert client.get(url).status_code == 200

    def test_province_manager_sees_own_province_progress_only(self, client):
        home = DepartmentFactory(province=ProvinceFactory(code="quang-tri", name="Quảng Trị"))
        away = DepartmentFactory(province=ProvinceFactory(code="ha-noi", name="Hà Nội"))
        course = make_course()
        mine = services.enrol(make_person(unit=home), course)
        theirs = services.enrol(make_person(unit=away), course)
        client.force_login(make_person(Role.PROVINCE_MANAGER, unit=home))
        assert client.get(reverse("courses:enrolment_progress", args=[mine.pk])).status_code == 200
        assert (
            client.get(reverse("courses:enrolment_progress", args=[theirs.pk])).status_code == 404
        )


class TestBulkEnrolPage:
    def test_learner_is_refused(self, client):
        client.force_login(make_person())
        assert client.get(reverse("courses:bulk_enrol")).status_code == 403

    def test_manager_cannot_pick_another_province(self, client):
        home = DepartmentFactory(province=ProvinceFactory(code="quang-tri", name="Quảng Trị"))
        away = DepartmentFactory(province=ProvinceFactory(code="ha-noi", name="Hà Nội"))
        make_person(unit=away)
        course = make_course()
        client.force_login(make_person(Role.PROVINCE_MANAGER, unit=home))
        page = client.get(reverse("courses:bulk_enrol")).content.decode()
        assert "Quảng Trị" in page and "Hà Nội" not in page
        response = client.post(
            reverse("courses:bulk_enrol"), {"course": course.pk, "province": away.province.pk}
        )
        assert response.status_code == 200
        assert (
            "Lựa chọn không hợp lệ" in response.content.decode()
            or "hợp lệ" in response.content.decode()
        )
        assert not Enrolment.objects.exists()

    def test_manager_enrols_a_unit(self, client):
        home = DepartmentFactory(province=ProvinceFactory(code="quang-tri", name="Quảng Trị"))
        learners = [make_person(unit=home) for _ in range(2)]
        course = make_course()
        client.force_login(make_person(Role.PROVINCE_MANAGER, unit=home))
        data = {"course": course.pk, "unit": home.pk}
        preview = client.post(reverse("courses:bulk_enrol"), data)
        assert preview.status_code == 200 and not Enrolment.objects.exists()
        assert "Sẽ ghi danh 3 người" in preview.content.decode()
        response = client.post(
            reverse("courses:bulk_enrol"), {**data, "confirmed": "1"}, follow=True
        )
        assert response.status_code == 200
        assert Enrolment.objects.filter(user__in=learners).count() == 2
        assert "3 người đã được ghi danh" in response.content.decode()


class TestTaskCatalogue:
    def test_list_search_and_detail(self, client):
        field = FieldFactory(name="Tần số vô tuyến điện", slug="tan-so")
        DecentralisedTask.objects.create(
            code="TS-01",
            name="Cấp giấy phép đài vô tuyến điện nghiệp dư",
            field=field,
            legal_basis="Nghị định 133/2025/NĐ-CP",
            to_level="tinh",
            kind="phan_cap",
        )
        html = client.get(reverse("courses:task_list"), {"q": "nghiep du"}).content.decode()
        assert "Cấp giấy phép đài vô tuyến điện nghiệp dư" in html
        detail = client.get(reverse("courses:task_detail", args=["ts-01"]))
        assert detail.status_code == 200
        assert "Nghị định 133/2025/NĐ-CP" in detail.content.decode()
        assert client.get(reverse("courses:task_detail", args=["KHONG-CO"])).status_code == 404


def test_catalogue_exists_at_khoa_hoc():
    assert CourseIndexPage.objects.get().url == "/khoa-hoc/"


class TestBulkEnrolPreviewAndUndo:
    def test_the_preview_names_units_and_communes_and_writes_nothing(self, client):
        from tests.factories import CommuneFactory

        home = DepartmentFactory(province=ProvinceFactory(code="quang-tri", name="Quảng Trị"))
        commune = CommuneFactory(parent=home, province=home.province, name="Xã Gio Linh")
        make_person(unit=home)
        make_person(unit=commune)
        make_person(unit=commune)
        course = make_course()
        client.force_login(make_person(Role.MINISTRY_ADMIN))
        page = client.post(
            reverse("courses:bulk_enrol"), {"course": course.pk, "unit": home.pk}
        ).content.decode()
        assert "Sẽ ghi danh 3 người" in page
        assert "Thuộc 2 đơn vị, trong đó 1 xã" in page
        assert "Xã Gio Linh" in page and 'name="confirmed" value="1"' in page
        assert not Enrolment.objects.exists()

    def test_the_manager_undoes_a_batch_the_same_day_keeping_people_who_started(self, client):
        home = DepartmentFactory()
        idle, keen = make_person(unit=home), make_person(unit=home)
        admin = make_person(Role.MINISTRY_ADMIN)
        course = make_course()
        services.enrol(make_person(unit=home), course)  # enrolled before, not by the batch
        batch = services.enrol_group(admin, course, unit=home).batch
        assert batch is not None and batch.created_count == 2
        first = LessonPage.objects.live().descendant_of(course).order_by("path").first()
        services.complete_lesson(keen, first)

        other_admin = make_person(Role.MINISTRY_ADMIN)
        with pytest.raises(services.UndoRefused):
            services.undo_group_enrolment(other_admin, batch)

        client.force_login(admin)
        page = client.get(reverse("courses:bulk_enrol")).content.decode()
        undo_url = reverse("courses:undo_bulk_enrol", args=[batch.pk])
        assert undo_url in page
        response = client.post(undo_url, follow=True)
        assert "Đã xóa 1 lượt ghi danh; giữ lại 1" in response.content.decode()
        assert not Enrolment.objects.filter(user=idle).exists()
        assert Enrolment.objects.filter(user=keen).exists()
        assert Enrolment.objects.count() == 2
        with pytest.raises(services.UndoRefused):
            services.undo_group_enrolment(admin, batch)

    def test_a_batch_cannot_be_undone_the_next_day(self):
        home = DepartmentFactory()
        make_person(unit=home)
        admin = make_person(Role.MINISTRY_ADMIN)
        batch = services.enrol_group(admin, make_course(), unit=home).batch
        assert batch is not None
        tomorrow = timezone.now() + datetime.timedelta(days=1)
        with pytest.raises(services.UndoRefused):
            services.undo_group_enrolment(admin, batch, now=tomorrow)
        assert Enrolment.objects.count() == 1
