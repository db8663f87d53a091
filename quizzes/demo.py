"""A demo question bank and quiz for a development site (needs the demo catalogue).

Six questions, one of each type, on the overview course's content, and a quiz page at the end
of that course. Idempotent: the category, questions and page are found by name before anything
is created.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction

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
from quizzes.services import record_version

CATEGORY = "Phân cấp, phân quyền: kiến thức chung"
QUIZ_SLUG = "kiem-tra-tong-quan"
QUIZ_TITLE = "Kiểm tra: tổng quan về phân cấp, phân quyền"


@dataclass(frozen=True)
class DemoQuestion:
    kind: str
    name: str
    text: str
    choices: list[tuple[str, bool, str]] = field(default_factory=list)
    accepted: list[str] = field(default_factory=list)
    pairs: list[tuple[str, str]] = field(default_factory=list)
    items: list[str] = field(default_factory=list)
    feedback: str = ""
    statement_true: bool = True
    tags: tuple[str, ...] = ()


QUESTIONS = [
    DemoQuestion(
        QuestionKind.SINGLE,
        "Số nhiệm vụ theo Nghị định 133",
        "Nghị định 133/2025/NĐ-CP chuyển bao nhiêu nhiệm vụ về chính quyền cấp tỉnh?",
        choices=[
            ("78 nhiệm vụ", True, "Đúng: 16 nhiệm vụ phân quyền và 62 nhiệm vụ phân cấp."),
            ("117 nhiệm vụ", False, "117 là tổng số nhiệm vụ được đề xuất phân cấp (78 + 39)."),
            ("229 nhiệm vụ", False, "229 là số nhiệm vụ được rà soát để làm rõ thẩm quyền."),
            ("39 nhiệm vụ", False, "39 nhiệm vụ sẽ được phân cấp qua các văn bản ban hành sau."),
        ],
        tags=("Nghị định 133",),
    ),
    DemoQuestion(
        QuestionKind.MULTIPLE,
        "Việc lần đầu giao cho cấp xã",
        "Nghị định 132/2025/NĐ-CP lần đầu giao cho cấp xã những nhóm việc nào?",
        choices=[
            ("Đo lường", True, ""),
            ("Chất lượng sản phẩm, hàng hóa", True, ""),
            ("Công nghệ thông tin", True, ""),
            ("Cung cấp thông tin trên môi trường mạng", True, ""),
            (
                "Cấp giấy phép sử dụng tần số cho đài vô tuyến điện nghiệp dư",
                False,
                "Việc này do Ủy ban nhân dân cấp tỉnh thực hiện theo Nghị định 133.",
            ),
        ],
        tags=("Nghị định 132", "cấp xã"),
    ),
    DemoQuestion(
        QuestionKind.TRUE_FALSE,
        "Mô hình chính quyền hai cấp",
        "Từ ngày 01/7/2025, chính quyền địa phương vận hành theo mô hình hai cấp: cấp tỉnh và "
        "cấp xã.",
        feedback="Cấp huyện kết thúc hoạt động từ ngày 01/7/2025.",
    ),
    DemoQuestion(
        QuestionKind.SHORT,
        "Tên hình thức tự quyết định",
        "Hình thức nào cho phép địa phương tự quyết định, tự tổ chức thực hiện và chịu trách "
        "nhiệm đầy đủ? (trả lời bằng một cụm từ)",
        accepted=["Phân quyền"],
        feedback="Phân quyền khác phân cấp: với phân cấp, địa phương làm trong khuôn khổ hướng "
        "dẫn và giám sát của Bộ.",
    ),
    DemoQuestion(
        QuestionKind.MATCHING,
        "Ba khái niệm",
        "Ghép mỗi khái niệm với nội dung của nó.",
        pairs=[
            ("Phân quyền", "Địa phương tự quyết định, tự tổ chức thực hiện và tự chịu trách nhiệm"),
            ("Phân cấp", "Địa phương thực hiện trong khuôn khổ hướng dẫn, giám sát của Bộ"),
            (
                "Phân định thẩm quyền",
                "Pháp luật xác định thẳng thẩm quyền cho chính quyền địa phương",
            ),
        ],
    ),
    DemoQuestion(
        QuestionKind.ORDERING,
        "Thứ tự ban hành văn bản",
        "Sắp xếp các văn bản theo ngày ban hành, từ sớm nhất đến muộn nhất.",
        items=[
            "Nghị định 133/2025/NĐ-CP",
            "Thông tư 07/2025/TT-BKHCN",
            "Thông tư 10/2025/TT-BKHCN",
            "Quyết định 581/QĐ-SHTT",
        ],
        feedback="12/6/2025, 20/6/2025, 27/6/2025 và 31/8/2025.",
    ),
]


def _question(category: Category, spec: DemoQuestion) -> Question:
    existing = Question.objects.filter(category=category, name=spec.name).first()
    if existing is not None:
        return existing
    question = Question(
        category=category,
        kind=spec.kind,
        name=spec.name,
        text=spec.text,
        default_mark=Decimal(1),
        general_feedback=spec.feedback,
        true_is_correct=spec.statement_true,
        ignore_diacritics=spec.kind == QuestionKind.SHORT,
    )
    for order, (text, correct, feedback) in enumerate(spec.choices):
        question.choices.add(
            Choice(text=text, is_correct=correct, feedback=feedback, sort_order=order)
        )
    for order, text in enumerate(spec.accepted):
        question.accepted_answers.add(AcceptedAnswer(text=text, sort_order=order))
    for order, (prompt, match) in enumerate(spec.pairs):
        question.pairs.add(MatchPair(prompt=prompt, match=match, sort_order=order))
    for order, text in enumerate(spec.items):
        question.order_items.add(OrderItem(text=text, sort_order=order))
    question.save()
    if spec.tags:
        question.tags.add(*spec.tags)
    record_version(question)
    return question


def demo_bank() -> list[Question]:
    """The six demo questions, created the first time (idempotent)."""
    category, _ = Category.objects.get_or_create(field=None, name=CATEGORY)
    return [_question(category, spec) for spec in QUESTIONS]


@transaction.atomic
def load_demo_quiz() -> dict[str, int | bool]:
    """Create the demo bank and quiz once; report how many questions and whether a page was
    added."""
    questions = demo_bank()
    overview = CoursePage.objects.filter(field__isnull=True).order_by("path").first()
    created = False
    if overview is not None and not QuizPage.objects.filter(slug=QUIZ_SLUG).exists():
        module = ModulePage.objects.child_of(overview).order_by("path").last()
        if module is not None:
            quiz = QuizPage(
                title=QUIZ_TITLE,
                slug=QUIZ_SLUG,
                minutes=10,
                time_limit_minutes=15,
                attempts_allowed=3,
                pass_mark=70,
                shuffle_answers=True,
                body=[
                    (
                        "paragraph",
                        "<p>Sáu câu hỏi ôn tập nội dung khóa học. Đạt từ 70% trở lên để "
                        "hoàn thành bài này.</p>",
                    )
                ],
            )
            for order, question in enumerate(questions):
                quiz.slots.add(QuizSlot(kind=SlotKind.FIXED, question=question, sort_order=order))
            module.add_child(instance=quiz)
            quiz.save_revision().publish()
            created = True
    return {"questions": len(questions), "quiz_created": created}
