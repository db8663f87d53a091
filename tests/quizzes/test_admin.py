"""The question bank in the Wagtail admin: who may use it, type checks, versions, quiz pages."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from people.roles import Role
from quizzes.models import Question, QuestionKind, QuizPage, QuizSlot, SlotKind
from tests.factories import MinistryUnitFactory, make_person
from tests.quizzes.factories import CategoryFactory, first_module, make_question

pytestmark = pytest.mark.django_db

ADD_URL = "wagtailsnippets_quizzes_question:add"


@pytest.fixture
def trainer():
    return make_person(Role.TRAINER, unit=MinistryUnitFactory())


def question_form(category, kind: str, *, choices=(), accepted=(), name="Câu hỏi mới") -> dict:
    return nested_form_data(
        {
            "category": str(category.pk),
            "kind": kind,
            "name": name,
            "text": "Thẩm quyền   cấp phép thuộc về ai?",
            "difficulty": "medium",
            "default_mark": "1",
            "task": "",
            "tags": "phân cấp, cấp tỉnh",
            "general_feedback": "",
            "is_active": "on",
            "partial_credit": "net",
            "true_is_correct": "on",
            "true_feedback": "",
            "false_feedback": "",
            "ignore_case": "on",
            "choices": inline_formset(
                [
                    {"text": text, "is_correct": "on" if ok else "", "feedback": ""}
                    for text, ok in choices
                ]
            ),
            "accepted_answers": inline_formset([{"text": t, "feedback": ""} for t in accepted]),
            "pairs": inline_formset([]),
            "order_items": inline_formset([]),
        }
    )


def test_trainers_and_admins_hold_bank_permissions():
    for role in (Role.TRAINER, Role.MINISTRY_ADMIN):
        codenames = set(
            Group.objects.get(name=role.value).permissions.values_list("codename", flat=True)
        )
        assert {"add_question", "change_question", "add_category", "view_question"} <= codenames
    learner_codes = Group.objects.get(name=Role.LEARNER.value).permissions.values_list(
        "codename", flat=True
    )
    assert "add_question" not in learner_codes


def test_trainer_creates_a_question_and_a_version_is_recorded(client, trainer):
    category = CategoryFactory()
    client.force_login(trainer)
    assert client.get(reverse("wagtailsnippets_quizzes_question:list")).status_code == 200
    response = client.post(
        reverse(ADD_URL),
        question_form(
            category, QuestionKind.SINGLE, choices=[("Sở KH&CN", True), ("Bộ Nội vụ", False)]
        ),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    question = Question.objects.get()
    assert question.text == "Thẩm quyền cấp phép thuộc về ai?"
    assert sorted(question.tags.names()) == ["cấp tỉnh", "phân cấp"]
    assert [c.text for c in question.choices.all()] == ["Sở KH&CN", "Bộ Nội vụ"]
    version = question.versions.get()
    assert version.number == 1 and version.data["options"][0]["correct"] is True


def test_editing_records_a_new_version(client, trainer):
    question = make_question(QuestionKind.SHORT, accepted=["Phân cấp"])
    client.force_login(trainer)
    from quizzes import services

    services.record_version(question)
    url = reverse("wagtailsnippets_quizzes_question:edit", args=[question.pk])
    data = question_form(question.category, QuestionKind.SHORT, accepted=["Phân cấp", "Phan cap"])
    data["accepted_answers-INITIAL_FORMS"] = "0"
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert question.versions.count() == 2


@pytest.mark.parametrize(
    ("kind", "choices", "accepted"),
    [
        (QuestionKind.SINGLE, [("A", True), ("B", True)], []),
        (QuestionKind.SINGLE, [("A", True)], []),
        (QuestionKind.MULTIPLE, [("A", False), ("B", False)], []),
        (QuestionKind.SHORT, [], []),
        (QuestionKind.MATCHING, [], []),
        (QuestionKind.ORDERING, [], []),
    ],
)
def test_question_that_cannot_be_graded_is_refused(client, trainer, kind, choices, accepted):
    category = CategoryFactory()
    client.force_login(trainer)
    response = client.post(
        reverse(ADD_URL), question_form(category, kind, choices=choices, accepted=accepted)
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert not Question.objects.exists()


def test_learner_cannot_reach_the_bank(client):
    client.force_login(make_person(Role.LEARNER))
    response = client.get(reverse("wagtailsnippets_quizzes_question:list"))
    assert response.status_code in (302, 403)


def test_quiz_page_can_be_added_under_a_module(course, trainer):
    module = first_module(course)
    assert QuizPage in module.specific_class.allowed_subpage_models()
    assert QuizPage.can_create_at(module)
    assert not QuizPage.can_create_at(course)


def test_admin_opens_the_quiz_editor(client, quiz):
    client.force_login(make_person(Role.MINISTRY_ADMIN, unit=MinistryUnitFactory()))
    response = client.get(reverse("wagtailadmin_pages:edit", args=[quiz.pk]))
    assert response.status_code == 200
    assert b"slots-TOTAL_FORMS" in response.content


@pytest.mark.parametrize(
    ("kind", "field"), [(SlotKind.FIXED, "question"), (SlotKind.RANDOM, "category")]
)
def test_slot_needs_its_question_or_category(kind, field):
    with pytest.raises(ValidationError) as error:
        QuizSlot(kind=kind, count=1).clean()
    assert field in error.value.message_dict


def test_quiz_must_close_after_it_opens(quiz):
    quiz.opens_at = timezone.now()
    quiz.closes_at = quiz.opens_at - timedelta(hours=1)
    with pytest.raises(ValidationError):
        quiz.full_clean()


def test_quiz_page_is_built_in_the_page_editor(client, course):
    from taggit.models import Tag
    from wagtail.test.utils.form_data import querydict_from_html

    fixed = make_question(name="Câu cố định")
    make_question(category=fixed.category, name="Câu ngẫu nhiên", tags=["cấp xã"])
    tag = Tag.objects.get(name="cấp xã")
    module = first_module(course)
    client.force_login(make_person(Role.MINISTRY_ADMIN, unit=MinistryUnitFactory()))
    url = reverse("wagtailadmin_pages:add", args=["quizzes", "quizpage", module.pk])
    data = querydict_from_html(client.get(url).content.decode(), form_id="page-edit-form")
    data.update(
        {
            "title": "Kiểm tra cuối học phần",
            "body-count": "0",
            "slug": "kiem-tra-cuoi",
            "time_limit_minutes": "15",
            "pass_mark": "80",
            "slots-TOTAL_FORMS": "2",
            "slots-0-kind": "fixed",
            "slots-0-question": str(fixed.pk),
            "slots-1-kind": "random",
            "slots-1-category": str(fixed.category.pk),
            "slots-1-count": "1",
            "slots-1-ORDER": "2",
            "slots-1-DELETE": "",
            "slots-1-id": "",
            "slots-1-mark": "",
            "slots-1-question": "",
            "action-publish": "action-publish",
        }
    )
    data.setlist("slots-1-tags", [str(tag.pk)])
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    quiz = QuizPage.objects.get(slug="kiem-tra-cuoi")
    assert quiz.live and quiz.time_limit_minutes == 15 and quiz.pass_mark == 80
    slots = list(quiz.slots.order_by("sort_order"))
    assert [s.kind for s in slots] == [SlotKind.FIXED, SlotKind.RANDOM]
    assert list(slots[1].tags.all()) == [tag]


def test_page_editor_refuses_a_fixed_slot_without_question(client, course):
    from wagtail.test.utils.form_data import querydict_from_html

    module = first_module(course)
    client.force_login(make_person(Role.MINISTRY_ADMIN, unit=MinistryUnitFactory()))
    url = reverse("wagtailadmin_pages:add", args=["quizzes", "quizpage", module.pk])
    data = querydict_from_html(client.get(url).content.decode(), form_id="page-edit-form")
    data.update(
        {
            "title": "Kiểm tra lỗi",
            "slug": "kiem-tra-loi",
            "body-count": "0",
            "slots-0-kind": "fixed",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 200
    assert not QuizPage.objects.filter(slug="kiem-tra-loi").exists()
