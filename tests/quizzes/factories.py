"""Quiz test data: categories, questions of every type, quiz pages and their slots."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import factory
from factory.django import DjangoModelFactory

from courses.models import CoursePage, ModulePage
from quizzes.models import (
    AcceptedAnswer,
    Category,
    Choice,
    MatchPair,
    OrderItem,
    Question,
    QuestionKind,
    QuizPage,
    QuizSlot,
    SlotKind,
)
from tests.factories import FieldFactory


class CategoryFactory(DjangoModelFactory):
    class Meta:
        model = Category

    field = factory.SubFactory(FieldFactory)
    name = factory.Sequence(lambda n: f"Chuyển giao công nghệ {n}")


def make_question(
    kind: str = QuestionKind.SINGLE,
    *,
    category: Category | None = None,
    text: str = "Cơ quan nào cấp giấy chứng nhận đăng ký chuyển giao công nghệ?",
    choices: list[tuple[str, bool]] | None = None,
    accepted: list[str] | None = None,
    pairs: list[tuple[str, str]] | None = None,
    items: list[str] | None = None,
    tags: list[str] | None = None,
    mark: Decimal | str = "1",
    **fields: Any,
) -> Question:
    """A saved question of `kind` with sensible Vietnamese answers unless given."""
    question = Question(
        category=category or CategoryFactory(),
        kind=kind,
        name=fields.pop("name", f"Câu hỏi {kind}"),
        text=text,
        default_mark=Decimal(mark),
        **fields,
    )
    if kind == QuestionKind.SINGLE:
        choices = choices or [
            ("Sở Khoa học và Công nghệ", True),
            ("Bộ Tài chính", False),
            ("Ủy ban nhân dân xã", False),
        ]
    if kind == QuestionKind.MULTIPLE:
        choices = choices or [
            ("Phân quyền", True),
            ("Phân cấp", True),
            ("Ủy quyền vô thời hạn", False),
            ("Tập trung hóa", False),
        ]
    for position, (text_, correct) in enumerate(choices or []):
        question.choices.add(Choice(text=text_, is_correct=correct, sort_order=position))
    if kind == QuestionKind.SHORT:
        for position, text_ in enumerate(accepted or ["Phân cấp"]):
            question.accepted_answers.add(AcceptedAnswer(text=text_, sort_order=position))
    if kind == QuestionKind.MATCHING:
        for position, (prompt, match) in enumerate(
            pairs
            or [
                ("Sáng chế", "Cục Sở hữu trí tuệ"),
                ("Tiêu chuẩn", "Ủy ban Tiêu chuẩn Đo lường Chất lượng"),
                ("Năng lượng nguyên tử", "Cục An toàn bức xạ và hạt nhân"),
            ]
        ):
            question.pairs.add(MatchPair(prompt=prompt, match=match, sort_order=position))
    if kind == QuestionKind.ORDERING:
        for position, text_ in enumerate(
            items or ["Tiếp nhận hồ sơ", "Thẩm định", "Cấp giấy chứng nhận", "Công bố"]
        ):
            question.order_items.add(OrderItem(text=text_, sort_order=position))
    question.save()
    if tags:
        question.tags.add(*tags)
        question.save()
    return question


def first_module(course: CoursePage) -> ModulePage:
    return ModulePage.objects.child_of(course).order_by("path").first()


def make_quiz(
    course: CoursePage,
    questions: list[Question] | None = None,
    *,
    random_slots: list[dict[str, Any]] | None = None,
    title: str = "Kiểm tra: phân cấp chuyển giao công nghệ",
    slug: str = "kiem-tra",
    **settings: Any,
) -> QuizPage:
    """A published quiz in the course's first module with fixed and random slots."""
    quiz = QuizPage(title=title, slug=slug, **settings)
    order = 0
    for question in questions or []:
        quiz.slots.add(QuizSlot(kind=SlotKind.FIXED, question=question, sort_order=order))
        order += 1
    for spec in random_slots or []:
        spec = dict(spec)
        tags = spec.pop("tags", [])
        slot = QuizSlot(kind=SlotKind.RANDOM, sort_order=order, **spec)
        if tags:
            slot.tags = tags
        quiz.slots.add(slot)
        order += 1
    first_module(course).add_child(instance=quiz)
    quiz.save_revision().publish()
    return QuizPage.objects.get(pk=quiz.pk)
