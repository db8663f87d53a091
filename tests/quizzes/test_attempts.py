"""Starting, autosaving, submitting and grading attempts through quizzes.services."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from courses import services as course_services
from courses.models import Enrolment, LessonCompletion, LessonPage
from people.roles import Role
from quizzes import services
from quizzes.exceptions import (
    AttemptClosed,
    AttemptNotFound,
    InvalidAnswer,
    NoAttemptsLeft,
    NotYourAttempt,
    QuizHasNoQuestions,
    QuizNotOpen,
    QuizUnavailable,
    StaleAnswers,
    TimeUp,
    UnknownQuestion,
)
from quizzes.models import Attempt, AttemptState, QuestionKind, QuizResult
from quizzes.signals import attempt_submitted, quiz_passed
from tests.factories import make_course, make_person
from tests.quizzes.factories import make_question, make_quiz
from tests.quizzes.helpers import answers, right_answer

pytestmark = pytest.mark.django_db


def deadline_of(attempt: Attempt) -> datetime:
    assert attempt.deadline is not None
    return attempt.deadline


def _state(attempt: Attempt) -> tuple:
    attempt.refresh_from_db()
    return (
        attempt.state,
        attempt.score,
        attempt.percent,
        attempt.last_seq,
        [(i.response, i.score) for i in attempt.items.order_by("position")],
    )


class TestStart:
    def test_start_freezes_every_question(self, learner, quiz, questions):
        attempt = services.start_attempt(learner, quiz)
        items = list(attempt.items.select_related("version").order_by("position"))
        assert [i.version.question_id for i in items] == [q.pk for q in questions.values()]
        assert attempt.max_score == Decimal(len(questions))
        assert attempt.deadline == attempt.started_at + timedelta(minutes=20)
        assert attempt.state == AttemptState.IN_PROGRESS and attempt.number == 1

    def test_start_again_resumes_the_open_attempt(self, learner, quiz):
        first = services.start_attempt(learner, quiz)
        assert services.start_attempt(learner, quiz).pk == first.pk
        assert Attempt.objects.filter(user=learner).count() == 1

    def test_not_enrolled_learner_cannot_start(self, quiz):
        stranger = make_person(Role.LEARNER)
        with pytest.raises(QuizUnavailable):
            services.start_attempt(stranger, quiz)
        assert not Attempt.objects.exists()

    def test_unpublished_quiz_cannot_be_started(self, learner, quiz):
        quiz.unpublish()
        quiz.refresh_from_db()
        with pytest.raises(QuizUnavailable):
            services.start_attempt(learner, quiz)

    def test_before_opening_and_after_closing(self, learner, quiz):
        now = timezone.now()
        quiz.opens_at = now + timedelta(days=1)
        quiz.save()
        with pytest.raises(QuizNotOpen):
            services.start_attempt(learner, quiz, now=now)
        quiz.opens_at = now - timedelta(days=2)
        quiz.closes_at = now - timedelta(days=1)
        quiz.save()
        with pytest.raises(QuizNotOpen):
            services.start_attempt(learner, quiz, now=now)
        assert not Attempt.objects.exists()

    def test_deadline_is_capped_by_closing_time(self, learner, quiz):
        now = timezone.now()
        quiz.closes_at = now + timedelta(minutes=5)
        quiz.save()
        attempt = services.start_attempt(learner, quiz, now=now)
        assert attempt.deadline == quiz.closes_at

    def test_attempts_allowed(self, learner, quiz):
        quiz.attempts_allowed = 2
        quiz.save()
        for _ in range(2):
            attempt = services.start_attempt(learner, quiz)
            services.submit_attempt(learner, attempt.pk, {})
        with pytest.raises(NoAttemptsLeft):
            services.start_attempt(learner, quiz)
        assert Attempt.objects.filter(user=learner).count() == 2

    def test_quiz_without_questions(self, course, learner):
        quiz = make_quiz(course, [], slug="trong")
        with pytest.raises(QuizHasNoQuestions):
            services.start_attempt(learner, quiz)

    def test_answers_are_shuffled_per_learner_but_kept_on_resume(self, course, learner, quiz):
        quiz.shuffle_answers = True
        quiz.save()
        attempt = services.start_attempt(learner, quiz, rng=random.Random(3))
        orders = {i.pk: i.display_order for i in attempt.items.all()}
        assert services.start_attempt(learner, quiz).pk == attempt.pk
        assert {i.pk: i.display_order for i in attempt.items.all()} == orders
        single = attempt.items.get(version__data__kind="single")
        assert sorted(single.display_order) == sorted(
            o["id"] for o in single.version.data["options"]
        )

    def test_shuffle_questions(self, course, learner, quiz, questions):
        quiz.shuffle_questions = True
        quiz.save()
        attempt = services.start_attempt(learner, quiz, rng=random.Random(1))
        drawn = list(
            attempt.items.order_by("position").values_list("version__question_id", flat=True)
        )
        assert sorted(drawn) == sorted(q.pk for q in questions.values())
        assert drawn != [q.pk for q in questions.values()]


class TestRandomSlots:
    def test_draws_n_questions_of_the_category_with_all_tags(self, course, learner):
        category = make_question().category
        tagged = [
            make_question(category=category, name=f"Có thẻ {i}", tags=["phân cấp", "tỉnh"])
            for i in range(4)
        ]
        make_question(category=category, name="Chỉ một thẻ", tags=["phân cấp"])
        make_question(
            category=category, name="Không hoạt động", tags=["phân cấp", "tỉnh"], is_active=False
        )
        make_question(name="Danh mục khác", tags=["phân cấp", "tỉnh"])
        from taggit.models import Tag

        tags = list(Tag.objects.filter(name__in=["phân cấp", "tỉnh"]))
        quiz = make_quiz(course, random_slots=[{"category": category, "count": 3, "tags": tags}])
        attempt = services.start_attempt(learner, quiz)
        drawn = set(attempt.items.values_list("version__question_id", flat=True))
        assert len(drawn) == 3 and drawn <= {q.pk for q in tagged}

    def test_prefers_questions_the_learner_has_not_seen(self, course, learner):
        category = make_question().category
        pool = [make_question(category=category, name=f"Câu {i}") for i in range(3)]
        pool.append(category.questions.exclude(pk__in=[q.pk for q in pool]).get())
        quiz = make_quiz(course, random_slots=[{"category": category, "count": 2}])
        first = services.start_attempt(learner, quiz, rng=random.Random(0))
        services.submit_attempt(learner, first.pk, {})
        second = services.start_attempt(learner, quiz, rng=random.Random(0))
        seen = set(first.items.values_list("version__question_id", flat=True))
        drawn = set(second.items.values_list("version__question_id", flat=True))
        assert not seen & drawn and len(seen | drawn) == 4

    def test_fixed_question_is_not_drawn_again(self, course, learner):
        category = make_question().category
        fixed = category.questions.get()
        make_question(category=category, name="Câu khác")
        quiz = make_quiz(course, [fixed], random_slots=[{"category": category, "count": 2}])
        attempt = services.start_attempt(learner, quiz)
        drawn = list(attempt.items.values_list("version__question_id", flat=True))
        assert len(drawn) == 2 and len(set(drawn)) == 2

    def test_slot_mark_overrides_question_mark(self, course, learner):
        question = make_question(mark="1")
        quiz = make_quiz(
            course,
            random_slots=[{"category": question.category, "count": 1, "mark": Decimal("2.5")}],
        )
        attempt = services.start_attempt(learner, quiz)
        assert attempt.max_score == Decimal("2.5")


class TestVersions:
    def test_same_content_same_version(self, questions):
        question = questions[QuestionKind.SINGLE]
        assert services.record_version(question).pk == services.record_version(question).pk

    def test_editing_a_question_never_changes_a_taken_attempt(self, learner, quiz, questions):
        question = questions[QuestionKind.SINGLE]
        attempt = services.start_attempt(learner, quiz)
        item = attempt.items.get(version__question=question)
        chosen = right_answer(item)
        services.submit_attempt(learner, attempt.pk, {str(item.pk): chosen})
        before = _state(attempt)

        question.text = "Nội dung đã sửa"
        right, wrong = question.choices.all()[0], question.choices.all()[1]
        right.is_correct, wrong.is_correct = False, True
        right.save()
        wrong.save()
        question.save()
        new_version = services.record_version(question)

        item.refresh_from_db()
        assert item.version.number == 1 and new_version.number == 2
        assert item.version.data["text"] != "Nội dung đã sửa"
        assert _state(attempt) == before
        assert item.score == Decimal("1.00")

    def test_versions_never_change(self, questions):
        version = services.record_version(questions[QuestionKind.SHORT])
        version.data = {}
        with pytest.raises(ValueError):
            version.save()

    def test_option_ids_do_not_reveal_the_answer(self, questions):
        data = services.record_version(questions[QuestionKind.ORDERING]).data
        ids = [item["id"] for item in data["items"]]
        assert len(set(ids)) == len(ids) and all(len(i) == 8 for i in ids)


class TestAutosave:
    def test_saves_answers_with_growing_seq(self, learner, quiz):
        attempt = services.start_attempt(learner, quiz)
        given = answers(attempt)
        saved = services.save_answers(learner, attempt.pk, given, seq=1)
        assert saved.seq == 1 and saved.remaining_seconds is not None
        assert saved.remaining_seconds > 19 * 60
        stored = {str(i.pk): i.response for i in attempt.items.all()}
        assert stored[f"{attempt.items.get(position=4).pk}"] == "Phân cấp"
        assert all(value is not None for value in stored.values())

    def test_replayed_or_older_save_is_refused_and_changes_nothing(self, learner, quiz):
        attempt = services.start_attempt(learner, quiz)
        services.save_answers(learner, attempt.pk, answers(attempt), seq=2)
        before = _state(attempt)
        for seq in (2, 1):
            with pytest.raises(StaleAnswers):
                services.save_answers(learner, attempt.pk, answers(attempt, right=0), seq=seq)
        assert _state(attempt) == before

    def test_answer_to_a_question_not_in_the_attempt_is_refused(self, course, learner, quiz):
        attempt = services.start_attempt(learner, quiz)
        other_quiz = make_quiz(course, [make_question(name="Khác")], slug="khac")
        other = services.start_attempt(learner, other_quiz)
        foreign = other.items.get()
        before = _state(attempt)
        given = {**answers(attempt), str(foreign.pk): right_answer(foreign)}
        with pytest.raises(UnknownQuestion):
            services.save_answers(learner, attempt.pk, given, seq=1)
        with pytest.raises(UnknownQuestion):
            services.save_answers(learner, attempt.pk, {"999999": "x"}, seq=1)
        assert _state(attempt) == before

    def test_invalid_answer_is_refused_with_its_position(self, learner, quiz):
        attempt = services.start_attempt(learner, quiz)
        item = attempt.items.get(position=1)
        with pytest.raises(InvalidAnswer) as error:
            services.save_answers(learner, attempt.pk, {str(item.pk): "khong-co"}, seq=1)
        assert "1" in error.value.message
        item.refresh_from_db()
        assert item.response is None

    def test_another_users_attempt_is_refused(self, course, learner, quiz):
        attempt = services.start_attempt(learner, quiz)
        intruder = make_person(Role.LEARNER)
        before = _state(attempt)
        with pytest.raises(NotYourAttempt):
            services.save_answers(intruder, attempt.pk, answers(attempt), seq=5)
        with pytest.raises(NotYourAttempt):
            services.submit_attempt(intruder, attempt.pk, answers(attempt))
        assert _state(attempt) == before

    def test_unknown_attempt(self, learner):
        with pytest.raises(AttemptNotFound):
            services.save_answers(learner, 424242, {}, seq=1)

    def test_saving_after_the_deadline_is_refused_and_the_attempt_graded(self, learner, quiz):
        attempt = services.start_attempt(learner, quiz)
        services.save_answers(learner, attempt.pk, answers(attempt, right=2), seq=1)
        late = deadline_of(attempt) + services.GRACE + timedelta(seconds=1)
        with pytest.raises(TimeUp):
            services.save_answers(learner, attempt.pk, answers(attempt), seq=2, now=late)
        attempt.refresh_from_db()
        assert attempt.state == AttemptState.FINISHED and attempt.timed_out
        assert attempt.score == Decimal("2.00") and attempt.submitted_at == attempt.deadline

    def test_within_grace_period_still_saves(self, learner, quiz):
        attempt = services.start_attempt(learner, quiz)
        almost = deadline_of(attempt) + services.GRACE - timedelta(seconds=1)
        services.save_answers(learner, attempt.pk, answers(attempt), seq=1, now=almost)
        assert attempt.items.filter(response__isnull=True).count() == 0


class TestSubmit:
    def test_grades_every_type(self, learner, quiz):
        attempt = services.start_attempt(learner, quiz)
        result = services.submit_attempt(learner, attempt.pk, answers(attempt))
        assert result.state == AttemptState.FINISHED
        assert result.score == result.max_score == Decimal("6.00")
        assert result.percent == Decimal("100.00") and result.passed

    def test_partial_credit_adds_up(self, learner, quiz):
        attempt = services.start_attempt(learner, quiz)
        given = answers(attempt, right=0)
        multiple = attempt.items.select_related("version").get(version__data__kind="multiple")
        correct = [o["id"] for o in multiple.version.data["options"] if o["correct"]]
        given[str(multiple.pk)] = correct[:1]
        result = services.submit_attempt(learner, attempt.pk, given)
        assert result.score == Decimal("0.50")

    def test_double_submit_counts_once(self, learner, quiz, django_capture_on_commit_callbacks):
        attempt = services.start_attempt(learner, quiz)
        sent: list[int] = []

        def record(sender, attempt, **kwargs):
            sent.append(attempt.pk)

        attempt_submitted.connect(record)
        try:
            with django_capture_on_commit_callbacks(execute=True):
                services.submit_attempt(learner, attempt.pk, answers(attempt, right=3))
            before = _state(attempt)
            with pytest.raises(AttemptClosed):
                services.submit_attempt(learner, attempt.pk, answers(attempt))
            with pytest.raises(AttemptClosed), django_capture_on_commit_callbacks(execute=True):
                services.save_answers(learner, attempt.pk, answers(attempt), seq=99)
        finally:
            attempt_submitted.disconnect(record)
        assert _state(attempt) == before
        assert attempt.score == Decimal("3.00")
        assert sent == [attempt.pk]
        assert QuizResult.objects.get(user=learner, quiz=quiz).attempts == 1

    def test_late_submit_is_graded_as_at_the_deadline(self, learner, quiz):
        attempt = services.start_attempt(learner, quiz)
        services.save_answers(learner, attempt.pk, answers(attempt, right=1), seq=1)
        late = deadline_of(attempt) + timedelta(minutes=3)
        with pytest.raises(TimeUp):
            services.submit_attempt(learner, attempt.pk, answers(attempt), now=late)
        attempt.refresh_from_db()
        assert attempt.score == Decimal("1.00") and attempt.timed_out
        assert attempt.submitted_at == attempt.deadline
        with pytest.raises(TimeUp):
            services.submit_attempt(learner, attempt.pk, answers(attempt), now=late)
        attempt.refresh_from_db()
        assert attempt.score == Decimal("1.00")

    def test_overdue_attempts_are_finished(self, learner, quiz):
        attempt = services.start_attempt(learner, quiz)
        services.save_answers(learner, attempt.pk, answers(attempt), seq=1)
        assert services.finish_overdue_attempts(now=timezone.now()) == 0
        later = deadline_of(attempt) + timedelta(hours=1)
        assert services.finish_overdue_attempts(now=later) == 1
        attempt.refresh_from_db()
        assert attempt.state == AttemptState.FINISHED and attempt.percent == Decimal("100.00")

    def test_resume_after_deadline_starts_fresh_only_after_grading(self, learner, quiz):
        attempt = services.start_attempt(learner, quiz)
        later = deadline_of(attempt) + timedelta(hours=1)
        second = services.start_attempt(learner, quiz, now=later)
        attempt.refresh_from_db()
        assert attempt.state == AttemptState.FINISHED and second.number == 2


class TestPassing:
    def test_passing_completes_the_lesson_and_course(
        self, course, learner, quiz, django_capture_on_commit_callbacks
    ):
        passed: list = []

        def record(sender, user, quiz, **kwargs):
            passed.append((user.pk, quiz.pk))

        quiz_passed.connect(record)
        lesson = LessonPage.objects.live().descendant_of(course).exclude(pk=quiz.pk).get()
        course_services.complete_lesson(learner, lesson)
        try:
            with django_capture_on_commit_callbacks(execute=True):
                first = services.start_attempt(learner, quiz)
                services.submit_attempt(learner, first.pk, answers(first, right=2))
            assert not LessonCompletion.objects.filter(user=learner, lesson=quiz).exists()
            assert passed == []
            for _ in range(2):
                with django_capture_on_commit_callbacks(execute=True):
                    attempt = services.start_attempt(learner, quiz)
                    services.submit_attempt(learner, attempt.pk, answers(attempt))
        finally:
            quiz_passed.disconnect(record)
        assert LessonCompletion.objects.filter(user=learner, lesson=quiz).exists()
        enrolment = Enrolment.objects.get(user=learner, course=course)
        assert (enrolment.lessons_done, enrolment.lessons_total) == (2, 2)
        assert enrolment.completed_at is not None
        assert passed == [(learner.pk, quiz.pk)]

    @pytest.mark.parametrize(
        ("method", "grade", "passed"),
        [
            ("highest", "83.33", True),
            # A pass is kept once reached: "last" and "average" passed after the second attempt.
            ("last", "33.33", True),
            ("first", "50.00", False),
            ("average", "55.55", True),
        ],
    )
    def test_grading_method(self, learner, quiz, method, grade, passed):
        quiz.grading_method = method
        quiz.save()
        for right in (3, 5, 2):
            attempt = services.start_attempt(learner, quiz)
            services.submit_attempt(learner, attempt.pk, answers(attempt, right=right))
        result = QuizResult.objects.get(user=learner, quiz=quiz)
        assert result.percent == Decimal(grade) and result.attempts == 3
        assert (result.passed_at is not None) == passed
        assert LessonCompletion.objects.filter(user=learner, lesson=quiz).exists() == passed

    def test_quiz_counts_as_a_lesson(self, course, quiz):
        from courses import selectors

        assert quiz.pk in set(selectors.lessons_of(course).values_list("pk", flat=True))
        assert not quiz.manual_completion


def test_pass_without_enrolment_is_recorded(course, quiz):
    learner = make_person(Role.LEARNER)
    course_services.enrol(learner, course)
    attempt = services.start_attempt(learner, quiz)
    Enrolment.objects.filter(user=learner).delete()
    services.submit_attempt(learner, attempt.pk, answers(attempt))
    assert QuizResult.objects.get(user=learner).passed_at is not None
    assert not LessonCompletion.objects.filter(user=learner).exists()


def test_another_course_quiz_needs_its_own_enrolment(learner):
    other = make_course(title="Khóa khác", modules=1, lessons_per_module=0)
    quiz = make_quiz(other, [make_question()], slug="khac")
    with pytest.raises(QuizUnavailable):
        services.start_attempt(learner, quiz)


def test_overdue_task_grades_open_attempts(learner, quiz):
    from quizzes.tasks import finish_overdue_attempts

    attempt = services.start_attempt(learner, quiz)
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - timedelta(minutes=1))
    assert finish_overdue_attempts.delay().get() == 1
    attempt.refresh_from_db()
    assert attempt.state == AttemptState.FINISHED and attempt.timed_out


def _submit_queries(learner, course, questions: int, slug: str) -> int:
    quiz = make_quiz(course, [make_question() for _ in range(questions)], slug=slug)
    attempt = services.start_attempt(learner, quiz)
    # As on the attempt page: the answers are autosaved, then submitted.
    services.save_answers(learner, attempt.pk, answers(attempt), seq=1)
    with CaptureQueriesContext(connection) as queries:
        services.submit_attempt(learner, attempt.pk, answers(attempt))
    assert Attempt.objects.get(pk=attempt.pk).score == questions
    return len(queries)


def test_submit_grades_every_question_in_one_update(learner, course):
    # The submit path under load (make loadtest): grading must not cost a query per question.
    assert _submit_queries(learner, course, 2, "hai-cau") == _submit_queries(
        learner, course, 8, "tam-cau"
    )
