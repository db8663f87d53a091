"""Content for the assistant's tests: task cards, lessons with headings, answered questions."""

from __future__ import annotations

from typing import Any

from assistant.indexing import rebuild_index
from courses.models import DecentralisedTask, Field, LessonPage, ModulePage
from people.roles import Role
from tests.factories import FieldFactory, MinistryUnitFactory, make_course, make_person
from training import services as training_services
from training.models import Question, Session


def make_field(name: str = "Tần số vô tuyến điện", slug: str = "tan-so-vo-tuyen-dien") -> Field:
    return FieldFactory(name=name, slug=slug)


def make_task(field: Field, code: str = "TSVTD-01", **fields: Any) -> DecentralisedTask:
    values = {
        "name": "Cấp giấy phép sử dụng tần số cho đài vô tuyến điện nghiệp dư",
        "legal_basis": "Nghị định 133/2025/NĐ-CP (Điều 29)",
        "to_level": "tinh",
        "kind": "phan_cap",
        "description": (
            "Từ 01/7/2025, Ủy ban nhân dân cấp tỉnh cấp giấy phép cho đài nghiệp dư. "
            "Hồ sơ nộp tại Trung tâm Phục vụ hành chính công của tỉnh."
        ),
    }
    values.update(fields)
    return DecentralisedTask.objects.create(code=code, field=field, **values)


LESSON_BODY = [
    ("heading", "Chuẩn đo lường là gì?"),
    ("paragraph", "<p>Chuẩn đo lường là mốc để kiểm định cân và đồng hồ nước.</p>"),
    ("heading", "Ai chứng nhận chuẩn?"),
    (
        "paragraph",
        "<p>Trước đây Tổng cục chứng nhận chuẩn. Từ 01/7/2025, Sở KH&amp;CN chứng nhận "
        "chuẩn đo lường dùng để kiểm định phương tiện đo. "
        "Hồ sơ cũ giải quyết theo quy định cũ.</p>",
    ),
]


def make_lesson(
    *, field: Field | None = None, title: str = "Chứng nhận chuẩn đo lường", **course: Any
) -> LessonPage:
    """A published lesson with two headed sections, in a new course."""
    built = make_course(modules=1, lessons_per_module=0, field=field, **course)
    module = ModulePage.objects.child_of(built).get()
    lesson = module.add_child(
        instance=LessonPage(title=title, slug="chung-nhan-chuan", body=LESSON_BODY)
    )
    lesson.save_revision().publish()
    return lesson


def answered_question(
    field: Field, text: str, answer: str, session: Session | None = None
) -> Question:
    """A question asked (in `session`, if given), assigned and answered through the Q&A
    services."""
    unit = MinistryUnitFactory(name="Cục Tần số vô tuyến điện")
    question = training_services.ask_question(make_person(), session, field=field, text=text)
    training_services.assign_question(make_person(Role.MINISTRY_ADMIN), question, unit)
    return training_services.answer_question(make_person(Role.TRAINER, unit=unit), question, answer)


def indexed() -> None:
    rebuild_index()
