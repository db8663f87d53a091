import pytest

from courses import selectors, services
from courses.models import CompletionRule, Enrolment, LessonCompletion, LessonPage
from courses.signals import course_completed, lesson_completed
from people.roles import Role
from tests.factories import DepartmentFactory, ProvinceFactory, make_course, make_person

pytestmark = pytest.mark.django_db


def lessons(course):
    return list(LessonPage.objects.live().descendant_of(course).order_by("path"))


def test_enrol_is_idempotent():
    learner = make_person()
    course = make_course()
    first = services.enrol(learner, course)
    second = services.enrol(learner, course)
    assert first.pk == second.pk
    assert Enrolment.objects.count() == 1
    assert first.lessons_total == 4
    assert first.progress_percent == 0


def test_enrol_in_unpublished_course_is_refused():
    course = make_course(publish=False)
    with pytest.raises(services.CourseNotAvailable):
        services.enrol(make_person(), course)
    assert not Enrolment.objects.exists()


def test_completing_lessons_updates_stored_progress(django_capture_on_commit_callbacks):
    learner = make_person()
    course = make_course()
    services.enrol(learner, course)
    all_lessons = lessons(course)
    received = []
    course_completed.connect(
        lambda **kw: received.append(kw["course"]), weak=False, dispatch_uid="t"
    )
    try:
        with django_capture_on_commit_callbacks(execute=True):
            enrolment = services.complete_lesson(learner, all_lessons[0])
        assert (enrolment.lessons_done, enrolment.progress_percent) == (1, 25)
        for lesson in all_lessons[1:]:
            with django_capture_on_commit_callbacks(execute=True):
                enrolment = services.complete_lesson(learner, lesson)
    finally:
        course_completed.disconnect(dispatch_uid="t")
    enrolment.refresh_from_db()
    assert enrolment.progress_percent == 100
    assert enrolment.completed_at is not None
    assert received == [course]


def test_completing_the_same_lesson_twice_counts_once(django_capture_on_commit_callbacks):
    learner = make_person()
    course = make_course()
    services.enrol(learner, course)
    lesson = lessons(course)[0]
    sent = []
    lesson_completed.connect(lambda **kw: sent.append(kw["lesson"]), weak=False, dispatch_uid="t2")
    try:
        with django_capture_on_commit_callbacks(execute=True):
            services.complete_lesson(learner, lesson)
        with django_capture_on_commit_callbacks(execute=True):
            enrolment = services.complete_lesson(learner, lesson)
    finally:
        lesson_completed.disconnect(dispatch_uid="t2")
    assert LessonCompletion.objects.count() == 1
    assert enrolment.lessons_done == 1
    assert len(sent) == 1


def test_completing_a_lesson_without_enrolment_is_refused():
    course = make_course()
    with pytest.raises(services.CourseNotAvailable):
        services.complete_lesson(make_person(), lessons(course)[0])
    assert not LessonCompletion.objects.exists()


def test_percent_rule_completes_at_the_threshold():
    learner = make_person()
    course = make_course(completion_rule=CompletionRule.PERCENT, completion_percent=50)
    services.enrol(learner, course)
    first, second, *_ = lessons(course)
    assert services.complete_lesson(learner, first).completed_at is None
    assert services.complete_lesson(learner, second).completed_at is not None


def test_next_lesson_resumes_after_the_last_done():
    learner = make_person()
    course = make_course()
    services.enrol(learner, course)
    all_lessons = lessons(course)
    assert selectors.next_lesson(learner, course) == all_lessons[0]
    services.complete_lesson(learner, all_lessons[0])
    services.complete_lesson(learner, all_lessons[1])
    assert selectors.next_lesson(learner, course) == all_lessons[2]


def test_publishing_a_new_lesson_recomputes_progress(django_capture_on_commit_callbacks):
    learner = make_person()
    course = make_course(modules=1, lessons_per_module=2)
    services.enrol(learner, course)
    for lesson in lessons(course):
        services.complete_lesson(learner, lesson)
    module = lessons(course)[0].get_parent()
    new = module.add_child(instance=LessonPage(title="Bài bổ sung", slug="bai-bo-sung", live=False))
    with django_capture_on_commit_callbacks(execute=True):
        new.save_revision().publish()
    enrolment = Enrolment.objects.get()
    assert (enrolment.lessons_done, enrolment.lessons_total, enrolment.progress_percent) == (
        2,
        3,
        67,
    )
    assert enrolment.completed_at is not None, "a completed course stays completed"


def test_recompute_course_matches_incremental_progress():
    course = make_course()
    people = [make_person() for _ in range(3)]
    for n, person in enumerate(people):
        services.enrol(person, course)
        for lesson in lessons(course)[: n + 1]:
            services.complete_lesson(person, lesson)
    before = list(Enrolment.objects.order_by("pk").values_list("lessons_done", "progress_percent"))
    Enrolment.objects.update(lessons_done=0, progress_percent=0)
    assert services.recompute_course(course.pk) == 3
    after = list(Enrolment.objects.order_by("pk").values_list("lessons_done", "progress_percent"))
    assert before == after == [(1, 25), (2, 50), (3, 75)]


class TestGroupEnrolment:
    def test_manager_enrols_own_province_only(self):
        home = DepartmentFactory(province=ProvinceFactory(code="quang-tri", name="Quảng Trị"))
        other = DepartmentFactory(province=ProvinceFactory(code="ha-noi", name="Hà Nội"))
        manager = make_person(Role.PROVINCE_MANAGER, unit=home)
        mine = [make_person(unit=home) for _ in range(3)]
        theirs = make_person(unit=other)
        course = make_course()

        result = services.enrol_group(manager, course, province=other.province)
        assert result.created == 0
        assert not Enrolment.objects.filter(user=theirs).exists()

        result = services.enrol_group(manager, course, province=home.province)
        assert result.created == 4  # the three learners and the manager
        assert set(Enrolment.objects.values_list("user_id", flat=True)) == {
            manager.pk,
            *(p.pk for p in mine),
        }

    def test_running_it_again_creates_no_duplicates(self):
        unit = DepartmentFactory()
        admin = make_person(Role.MINISTRY_ADMIN)
        for _ in range(2):
            make_person(unit=unit)
        course = make_course()
        assert services.enrol_group(admin, course, unit=unit).created == 2
        again = services.enrol_group(admin, course, unit=unit)
        assert (again.created, again.already) == (0, 2)
        assert Enrolment.objects.count() == 2
        assert set(Enrolment.objects.values_list("lessons_total", flat=True)) == {4}

    def test_by_role_enrols_only_that_role(self):
        admin = make_person(Role.MINISTRY_ADMIN)
        trainer = make_person(Role.TRAINER)
        make_person()
        course = make_course()
        services.enrol_group(admin, course, role=Role.TRAINER)
        assert list(Enrolment.objects.values_list("user_id", flat=True)) == [trainer.pk]

    def test_learner_may_not_enrol_a_group(self):
        with pytest.raises(services.NotAllowed):
            services.enrol_group(make_person(), make_course(), role=Role.LEARNER)


def test_progress_is_rounded_not_truncated():
    learner = make_person()
    course = make_course(modules=1, lessons_per_module=3)
    services.enrol(learner, course)
    first, second, _ = lessons(course)
    assert services.complete_lesson(learner, first).progress_percent == 33
    assert services.complete_lesson(learner, second).progress_percent == 67
