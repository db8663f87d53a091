"""A learner takes a quiz in Chromium: answers autosave, survive a reload and a dropped
connection, the server's timer keeps running, and the review appears after submitting."""

from __future__ import annotations

import re
import time

import pytest
from django.test import Client

from courses import services as course_services
from courses.models import LessonCompletion
from people.roles import Role
from quizzes.models import Attempt, AttemptState, QuestionKind
from tests.factories import make_course, make_person
from tests.quizzes.factories import make_question, make_quiz
from tests.quizzes.helpers import right_answer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _seconds(text: str) -> int:
    parts = [int(p) for p in text.strip().split(":")]
    return (
        parts[0] * 60 + parts[1] if len(parts) == 2 else parts[0] * 3600 + parts[1] * 60 + parts[2]
    )


def _log_in(page, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def test_learner_answers_reloads_and_sees_the_review(page, live_server):
    course = make_course(modules=1, lessons_per_module=1)
    learner = make_person(Role.LEARNER)
    course_services.enrol(learner, course)
    questions = [
        make_question(QuestionKind.SINGLE, name="Cơ quan cấp phép"),
        make_question(QuestionKind.MULTIPLE, name="Hình thức chuyển giao"),
        make_question(
            QuestionKind.SHORT, name="Thuật ngữ", accepted=["Phân cấp"], ignore_diacritics=True
        ),
        make_question(QuestionKind.ORDERING, name="Trình tự"),
    ]
    quiz = make_quiz(course, questions, time_limit_minutes=10, pass_mark=50)
    _log_in(page, live_server, learner)

    page.goto(quiz.url)
    page.locator("button.quiz-start").click()
    page.wait_for_url(re.compile(r"/luot/\d+/$"))
    attempt = Attempt.objects.get(user=learner, quiz=quiz)
    items = {i.position: i for i in attempt.items.select_related("version")}

    single_id = right_answer(items[1])
    page.locator(f"input[name='q-{items[1].pk}'][value='{single_id}']").check()
    for option_id in right_answer(items[2]):
        page.locator(f"input[name='q-{items[2].pk}'][value='{option_id}']").check()
    page.locator(f"input[name='q-{items[3].pk}']").fill("phan cap")
    page.locator(".save-status.save-ok").wait_for()
    before = _seconds(page.locator(".quiz-timer").inner_text())
    assert 0 < before <= 600

    time.sleep(2.5)
    page.reload()
    assert page.locator(f"input[name='q-{items[1].pk}'][value='{single_id}']").is_checked()
    for option_id in right_answer(items[2]):
        assert page.locator(f"input[name='q-{items[2].pk}'][value='{option_id}']").is_checked()
    assert page.locator(f"input[name='q-{items[3].pk}']").input_value() == "phan cap"
    after = _seconds(page.locator(".quiz-timer").inner_text())
    assert 0 < after < before <= 600, (before, after)

    # The connection drops while the learner puts the steps in order; nothing is lost.
    page.context.set_offline(True)
    wanted = right_answer(items[4])
    ordering = page.locator(f"fieldset[data-item='{items[4].pk}']")
    for position, item_id in enumerate(wanted):
        row = ordering.locator("li", has=page.locator(f"input[value='{item_id}']"))
        current = [
            v for v in ordering.locator("input").evaluate_all("els => els.map(e => e.value)")
        ]
        for _ in range(current.index(item_id) - position):
            row.locator("button.move-up").click()
    page.locator(".save-status.save-offline").wait_for()
    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    page.locator(".save-status.save-ok").wait_for()
    assert attempt.items.get(position=4).response == wanted

    page.locator("button.quiz-submit").click()
    page.wait_for_url(re.compile(r"/ket-qua/\d+/$"))
    assert page.locator(".quiz-score .percent").inner_text() == "100%"
    assert page.locator(".review-row.review-correct").count() == 4

    attempt.refresh_from_db()
    assert attempt.state == AttemptState.FINISHED and attempt.passed
    assert LessonCompletion.objects.filter(user=learner, lesson=quiz).exists()


def test_submitting_with_blank_questions_asks_first_on_a_phone(page, live_server):
    course = make_course(modules=1, lessons_per_module=1)
    learner = make_person(Role.LEARNER)
    course_services.enrol(learner, course)
    questions = [make_question(QuestionKind.SINGLE, name=f"Câu {n}") for n in range(3)]
    quiz = make_quiz(course, questions, attempts_allowed=2)
    _log_in(page, live_server, learner)
    page.set_viewport_size({"width": 360, "height": 740})

    page.goto(quiz.url)
    page.locator("button.quiz-start").click()
    page.wait_for_url(re.compile(r"/luot/\d+/$"))
    confirm = page.locator("#submit-confirm")
    assert not confirm.is_visible()

    page.locator("button.quiz-submit").click()
    confirm.wait_for(state="visible")
    text = confirm.inner_text()
    assert "Còn 3/3 câu chưa trả lời" in text, text
    assert "còn lại sau lượt này: 1" in text, text
    box = confirm.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= 360
    attempt = Attempt.objects.get(user=learner, quiz=quiz)
    assert attempt.state == AttemptState.IN_PROGRESS

    page.locator("#submit-confirm .confirm-back").click()
    assert not confirm.is_visible()
    attempt.refresh_from_db()
    assert attempt.state == AttemptState.IN_PROGRESS

    item = attempt.items.get(position=1)
    page.locator(f"input[name='q-{item.pk}'][value='{right_answer(item)}']").check()
    page.locator("button.quiz-submit").click()
    confirm.wait_for(state="visible")
    assert "Còn 2/3 câu" in confirm.inner_text()
    page.locator("#submit-confirm .confirm-submit").click()
    page.wait_for_url(re.compile(r"/ket-qua/\d+/$"))
    attempt.refresh_from_db()
    assert attempt.state == AttemptState.FINISHED
