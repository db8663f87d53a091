"""Learner pages and the attempt API: start, resume, autosave, submit, review, tampering."""

from __future__ import annotations

import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from people.roles import Role
from quizzes import services
from quizzes.models import Attempt, AttemptState, QuestionKind
from tests.factories import make_person
from tests.quizzes.factories import make_question, make_quiz
from tests.quizzes.helpers import answers, right_answer

pytestmark = pytest.mark.django_db

SECRET_ANSWER = "Ủy quyền có thời hạn"
SECRET_FEEDBACK = "Giải thích riêng cho phương án đúng"


@pytest.fixture
def secret_quiz(course):
    """A quiz whose right answers and feedback are distinctive strings."""
    single = make_question(
        name="Một lựa chọn",
        choices=[("Phương án A", True), ("Phương án B", False)],
        general_feedback="Nhận xét chung bí mật",
    )
    single.choices.all()[0].feedback = SECRET_FEEDBACK
    single.choices.all()[0].save()
    short = make_question(QuestionKind.SHORT, name="Trả lời ngắn", accepted=[SECRET_ANSWER])
    return make_quiz(course, [single, short], slug="bi-mat", time_limit_minutes=15)


def attempt_url(quiz, attempt, route="attempt"):
    return quiz.url + quiz.reverse_subpage(route, args=[attempt.pk])


def start(client: Client, quiz) -> Attempt:
    response = client.post(quiz.url + "lam-bai/")
    assert response.status_code == 302
    return Attempt.objects.filter(quiz=quiz).latest("pk")


def api(attempt, action=""):
    names = {
        "": "api:quizzes_attempt",
        "answers": "api:quizzes_save",
        "submit": "api:quizzes_submit",
    }
    return reverse(names[action], args=[attempt.pk])


class TestQuizPage:
    def test_anonymous_sees_the_quiz_but_no_start_button(self, client, quiz):
        response = client.get(quiz.url)
        assert response.status_code == 200
        assert b"quiz-start" not in response.content

    def test_enrolled_learner_can_start(self, client, learner, quiz):
        client.force_login(learner)
        response = client.get(quiz.url)
        assert b"quiz-start" in response.content
        attempt = start(client, quiz)
        assert attempt.user == learner
        page = client.get(quiz.url)
        assert b"quiz-continue" in page.content

    def test_not_enrolled_learner_is_told_why(self, client, quiz):
        client.force_login(make_person(Role.LEARNER))
        response = client.post(quiz.url + "lam-bai/", follow=True)
        assert not Attempt.objects.exists()
        assert response.context["messages"]
        assert b"quiz-refusal" in response.content

    def test_start_needs_post(self, client, learner, quiz):
        client.force_login(learner)
        assert client.get(quiz.url + "lam-bai/").status_code == 405


class TestAnswersStaySecret:
    def test_attempt_page_has_no_correct_answers_or_feedback(self, client, learner, secret_quiz):
        client.force_login(learner)
        attempt = start(client, secret_quiz)
        html = client.get(attempt_url(secret_quiz, attempt)).content.decode()
        assert "Phương án A" in html and "Phương án B" in html
        for secret in (SECRET_ANSWER, SECRET_FEEDBACK, "Nhận xét chung bí mật", "correct"):
            assert secret not in html

    def test_api_has_no_correct_answers_or_feedback(self, client, learner, secret_quiz, quiz):
        client.force_login(learner)
        for each in (secret_quiz, quiz):
            attempt = start(client, each)
            body = client.get(api(attempt)).content.decode()
            for secret in (SECRET_ANSWER, SECRET_FEEDBACK, '"correct"', '"feedback"', '"match"'):
                assert secret not in body
            data = json.loads(body)
            assert data["questions"] and data["remaining_seconds"] > 0

    def test_review_follows_review_options(self, client, learner, secret_quiz):
        secret_quiz.review_correct_after_submit = False
        secret_quiz.review_feedback_after_submit = False
        secret_quiz.closes_at = timezone.now() + timedelta(days=1)
        secret_quiz.save()
        client.force_login(learner)
        attempt = start(client, secret_quiz)
        services.submit_attempt(learner, attempt.pk, {})
        html = client.get(attempt_url(secret_quiz, attempt, "review")).content.decode()
        assert SECRET_ANSWER not in html and SECRET_FEEDBACK not in html
        assert "quiz-score" in html

        secret_quiz.closes_at = timezone.now() - timedelta(minutes=1)
        secret_quiz.save()
        html = client.get(attempt_url(secret_quiz, attempt, "review")).content.decode()
        assert SECRET_ANSWER in html and "Nhận xét chung bí mật" in html

    def test_marks_can_be_hidden(self, client, learner, secret_quiz):
        secret_quiz.review_marks_after_submit = False
        secret_quiz.save()
        client.force_login(learner)
        attempt = start(client, secret_quiz)
        services.submit_attempt(learner, attempt.pk, {})
        html = client.get(attempt_url(secret_quiz, attempt, "review")).content.decode()
        assert "quiz-score" not in html and "review-mark" not in html


class TestResume:
    def test_reload_shows_saved_answers_and_server_time(self, client, learner, quiz):
        client.force_login(learner)
        attempt = start(client, quiz)
        given = answers(attempt)
        services.save_answers(learner, attempt.pk, given, seq=3)
        single = attempt.items.get(position=1)
        short = attempt.items.get(position=4)
        html = client.get(attempt_url(quiz, attempt)).content.decode()
        assert f'value="{given[str(single.pk)]}" checked' in html
        assert f'name="q-{short.pk}" maxlength="300" autocomplete="off" value="Phân cấp"' in html
        assert 'data-seq="3"' in html
        remaining = int(html.split('data-remaining="')[1].split('"')[0])
        assert 0 < remaining <= 20 * 60

    def test_open_attempt_past_its_deadline_is_graded_on_return(self, client, learner, quiz):
        client.force_login(learner)
        attempt = start(client, quiz)
        services.save_answers(learner, attempt.pk, answers(attempt, right=3), seq=1)
        Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - timedelta(minutes=5))
        response = client.get(attempt_url(quiz, attempt))
        assert response.status_code == 302 and response.url.endswith(f"ket-qua/{attempt.pk}/")
        attempt.refresh_from_db()
        assert attempt.state == AttemptState.FINISHED and attempt.score == Decimal("3.00")


class TestSubmitForm:
    def _post_data(self, attempt) -> dict:
        data: dict = {}
        for key, value in answers(attempt).items():
            item = attempt.items.get(pk=key)
            if isinstance(value, dict):
                for prompt, match in value.items():
                    data[f"q-{key}-{prompt}"] = match
            else:
                data[f"q-{key}"] = value
            assert item
        return data

    def test_submit_grades_and_shows_review(self, client, learner, quiz):
        client.force_login(learner)
        attempt = start(client, quiz)
        response = client.post(attempt_url(quiz, attempt, "submit"), self._post_data(attempt))
        assert response.status_code == 302 and "ket-qua" in response.url
        attempt.refresh_from_db()
        assert attempt.percent == Decimal("100.00")
        review = client.get(response.url)
        assert review.status_code == 200
        assert review.content.decode().count("review-correct") == 6

    def test_submit_with_blank_questions_asks_first_and_keeps_the_answers(
        self, client, learner, quiz
    ):
        client.force_login(learner)
        attempt = start(client, quiz)
        first = attempt.items.get(position=1)
        data = {k: v for k, v in self._post_data(attempt).items() if k == f"q-{first.pk}"}
        response = client.post(attempt_url(quiz, attempt, "submit"), data)
        assert response.status_code == 200
        html = response.content.decode()
        assert '<span class="unanswered-count">5</span>/6' in html
        assert 'id="submit-confirm"' in html and 'id="submit-confirm" hidden' not in html
        attempt.refresh_from_db()
        assert attempt.state == AttemptState.IN_PROGRESS
        assert attempt.items.exclude(response=None).get() == first
        confirmed = client.post(attempt_url(quiz, attempt, "submit"), {**data, "confirm": "1"})
        assert confirmed.status_code == 302 and "ket-qua" in confirmed.url
        attempt.refresh_from_db()
        assert attempt.state == AttemptState.FINISHED

    def test_a_full_submit_needs_no_confirmation_and_the_page_hides_the_question(
        self, client, learner, quiz
    ):
        client.force_login(learner)
        attempt = start(client, quiz)
        page = client.get(attempt_url(quiz, attempt)).content.decode()
        assert 'id="submit-confirm" hidden' in page
        assert services.needs_confirmation(attempt, answers(attempt)) == 0
        assert services.needs_confirmation(attempt, {}) == 6
        attempt.deadline = timezone.now() - timedelta(seconds=1)
        assert services.needs_confirmation(attempt, {}) == 0

    def test_double_submit_counts_once(self, client, learner, quiz):
        client.force_login(learner)
        attempt = start(client, quiz)
        data = self._post_data(attempt)
        client.post(attempt_url(quiz, attempt, "submit"), data)
        attempt.refresh_from_db()
        score = attempt.score
        again = client.post(attempt_url(quiz, attempt, "submit"), {}, follow=True)
        attempt.refresh_from_db()
        assert attempt.score == score
        assert [str(m) for m in again.context["messages"]]
        assert Attempt.objects.filter(user=learner).count() == 1

    def test_field_for_a_foreign_question_is_refused(self, client, learner, quiz):
        client.force_login(learner)
        attempt = start(client, quiz)
        data = {**self._post_data(attempt), "q-999999": "x"}
        response = client.post(attempt_url(quiz, attempt, "submit"), data, follow=True)
        attempt.refresh_from_db()
        assert attempt.state == AttemptState.IN_PROGRESS
        assert not attempt.items.exclude(response=None).exists()
        assert [str(m) for m in response.context["messages"]]

    def test_another_learners_attempt_cannot_be_seen_or_submitted(
        self, client, learner, quiz, course
    ):
        from courses import services as course_services

        attempt = services.start_attempt(learner, quiz)
        intruder = make_person(Role.LEARNER)
        course_services.enrol(intruder, course)
        client.force_login(intruder)
        for route in ("attempt", "review"):
            response = client.get(attempt_url(quiz, attempt, route))
            assert response.status_code == 302 and response.url == quiz.url
        client.post(attempt_url(quiz, attempt, "submit"), self._post_data(attempt))
        attempt.refresh_from_db()
        assert attempt.state == AttemptState.IN_PROGRESS
        assert not attempt.items.exclude(response=None).exists()

    def test_unknown_attempt_is_404(self, client, learner, quiz):
        client.force_login(learner)
        assert client.get(quiz.url + "luot/987654/").status_code == 404


class TestAutosaveApi:
    def test_needs_csrf_token(self, learner, quiz):
        client = Client(enforce_csrf_checks=True)
        client.force_login(learner)
        attempt = services.start_attempt(learner, quiz)
        payload = json.dumps({"seq": 1, "answers": answers(attempt)})
        refused = client.post(api(attempt, "answers"), payload, content_type="application/json")
        assert refused.status_code == 403
        assert not attempt.items.exclude(response=None).exists()
        page = client.get(attempt_url(quiz, attempt))
        token = page.cookies["csrftoken"].value
        saved = client.post(
            api(attempt, "answers"),
            payload,
            content_type="application/json",
            HTTP_X_CSRFTOKEN=token,
        )
        assert saved.status_code == 200 and saved.json()["seq"] == 1

    def test_needs_login(self, client, learner, quiz):
        attempt = services.start_attempt(learner, quiz)
        response = client.post(
            api(attempt, "answers"), {"seq": 1, "answers": {}}, content_type="application/json"
        )
        assert response.status_code == 401

    @pytest.mark.parametrize(
        "case", ["other_user", "unknown_question", "replay", "late", "invalid"]
    )
    def test_tampered_saves_are_refused_and_change_nothing(self, client, learner, quiz, case):
        attempt = services.start_attempt(learner, quiz)
        services.save_answers(learner, attempt.pk, answers(attempt, right=2), seq=5)
        before = [(i.response, i.answered_at) for i in attempt.items.order_by("position")]
        actor = learner
        given = answers(attempt)
        seq = 6
        if case == "other_user":
            actor = make_person(Role.LEARNER)
        elif case == "unknown_question":
            given["123456"] = "x"
        elif case == "replay":
            seq = 5
        elif case == "late":
            Attempt.objects.filter(pk=attempt.pk).update(
                deadline=timezone.now() - timedelta(minutes=1)
            )
        elif case == "invalid":
            given[str(attempt.items.get(position=1).pk)] = ["không", "hợp lệ"]
        client.force_login(actor)
        response = client.post(
            api(attempt, "answers"), {"seq": seq, "answers": given}, content_type="application/json"
        )
        expected = {
            "other_user": (403, "NotYourAttempt"),
            "unknown_question": (400, "UnknownQuestion"),
            "replay": (409, "StaleAnswers"),
            "late": (409, "TimeUp"),
            "invalid": (400, "InvalidAnswer"),
        }[case]
        assert (response.status_code, response.json()["code"]) == expected
        assert response.json()["detail"]
        assert [(i.response, i.answered_at) for i in attempt.items.order_by("position")] == before
        attempt.refresh_from_db()
        if case == "late":
            assert attempt.state == AttemptState.FINISHED and attempt.score == Decimal("2.00")
        else:
            assert attempt.state == AttemptState.IN_PROGRESS and attempt.last_seq == 5

    def test_submit_api_counts_once(self, client, learner, quiz):
        attempt = services.start_attempt(learner, quiz)
        client.force_login(learner)
        first = client.post(
            api(attempt, "submit"), {"answers": answers(attempt)}, content_type="application/json"
        )
        assert first.status_code == 200 and first.json()["review_url"].endswith(
            f"ket-qua/{attempt.pk}/"
        )
        second = client.post(
            api(attempt, "submit"),
            {"answers": answers(attempt, right=0)},
            content_type="application/json",
        )
        assert second.status_code == 409 and second.json()["code"] == "AttemptClosed"
        attempt.refresh_from_db()
        assert attempt.percent == Decimal("100.00")

    def test_negative_seq_is_refused(self, client, learner, quiz):
        attempt = services.start_attempt(learner, quiz)
        client.force_login(learner)
        response = client.post(
            api(attempt, "answers"), {"seq": -1, "answers": {}}, content_type="application/json"
        )
        assert response.status_code == 422


def test_right_answer_helper_matches_grading(learner, quiz):
    attempt = services.start_attempt(learner, quiz)
    for item in attempt.items.select_related("version"):
        from quizzes import grading

        response = grading.normalise_response(item.version.data, right_answer(item))
        assert grading.grade(item.version.data, response).is_correct
