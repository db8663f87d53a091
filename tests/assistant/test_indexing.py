"""The passages follow the content: lessons cut at headings, only public content, kept current
after commit when a page is published or unpublished, a task changes or an answer is published."""

from __future__ import annotations

import pytest
from wagtail.models import PageViewRestriction

from assistant import services
from assistant.indexing import rebuild_index
from assistant.models import Passage, PassageKind
from tests.assistant.factories import answered_question, make_field, make_lesson, make_task
from tests.factories import DepartmentFactory, ProvinceFactory, make_person
from tests.training.factories import make_session

pytestmark = pytest.mark.django_db


def _found(question: str) -> list[tuple[str, int]]:
    answers, _ = services.find_answers(question)
    return [(a.passage.kind, a.passage.source_id) for a in answers]


def test_a_lesson_is_cut_at_its_headings_with_anchors_the_page_carries(client):
    lesson = make_lesson()
    rebuild_index()
    passages = list(Passage.objects.filter(kind=PassageKind.LESSON, source_id=lesson.pk))
    assert [(p.heading, p.anchor) for p in passages] == [
        ("Chuẩn đo lường là gì?", "chuan-do-luong-la-gi"),
        ("Ai chứng nhận chuẩn?", "ai-chung-nhan-chuan"),
    ]
    assert passages[1].url == f"{lesson.url}#ai-chung-nhan-chuan"
    assert passages[1].code == "chung-nhan-chuan"
    html = client.get(lesson.url).content.decode()
    assert '<h2 id="ai-chung-nhan-chuan">Ai chứng nhận chuẩn?</h2>' in html


def test_unpublishing_a_lesson_takes_it_out_after_the_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        lesson = make_lesson()
    assert ("lesson", lesson.pk) in _found("ai chung nhan chuan do luong")
    with django_capture_on_commit_callbacks(execute=True):
        lesson.unpublish()
    assert _found("ai chung nhan chuan do luong") == []
    assert not Passage.objects.filter(source_id=lesson.pk, published=True).exists()


def test_drafts_and_restricted_lessons_are_never_quoted(django_capture_on_commit_callbacks):
    lesson = make_lesson()
    rebuild_index()
    # A view restriction added without a publish: the stale passage is still filtered out.
    PageViewRestriction.objects.create(page=lesson, restriction_type="login")
    assert _found("ai chung nhan chuan do luong") == []
    rebuild_index()
    assert not Passage.objects.filter(kind=PassageKind.LESSON).exists()
    draft = make_lesson(title="Bản nháp chứng nhận chuẩn", publish=True)
    draft.live = False
    draft.save()
    rebuild_index()
    assert not Passage.objects.filter(source_id=draft.pk).exists()


def test_a_changed_task_card_is_indexed_again(django_capture_on_commit_callbacks):
    field = make_field()
    with django_capture_on_commit_callbacks(execute=True):
        task = make_task(field)
    assert _found("giay phep dai nghiep du")[0] == ("task", task.pk)
    with django_capture_on_commit_callbacks(execute=True):
        task.name = "Thu hồi giấy phép đài tàu biển"
        task.description = "Ủy ban nhân dân tỉnh thu hồi giấy phép đài tàu biển."
        task.save()
    assert _found("thu hoi giay phep dai tau bien")[0] == ("task", task.pk)
    with django_capture_on_commit_callbacks(execute=True):
        task.delete()
    assert not Passage.objects.exists()


def test_an_answer_enters_the_index_once_published(django_capture_on_commit_callbacks):
    field = make_field()
    with django_capture_on_commit_callbacks(execute=True):
        question = answered_question(
            field,
            "Đài nghiệp dư di chuyển sang tỉnh khác có phải xin lại giấy phép không?",
            "Có. Giấy phép do tỉnh nơi đặt đài cấp, nên chuyển tỉnh thì nộp hồ sơ mới.",
        )
    found = services.find_answers("chuyen dai nghiep du sang tinh khac")[0]
    assert (found[0].passage.kind, found[0].passage.source_id) == ("faq", question.pk)
    assert found[0].passage.citation == "Cục Tần số vô tuyến điện"
    assert found[0].passage.url.endswith(f"#q-{question.pk}")


def test_another_provinces_session_answers_are_never_quoted():
    field = make_field()
    here, elsewhere = ProvinceFactory(), ProvinceFactory()
    asker = make_person(unit=DepartmentFactory(province=here))
    private = make_session()
    private.invited_provinces.add(elsewhere)
    private.save()
    open_to_all = make_session()
    for session, text in [
        (private, "Đài nghiệp dư ở đảo có được miễn lệ phí giấy phép không?"),
        (open_to_all, "Đài nghiệp dư trên tàu cá xin giấy phép ở đâu?"),
    ]:
        answered_question(field, text, "Theo hướng dẫn của Cục, nộp hồ sơ tại tỉnh.", session)
    rebuild_index()
    quoted = set(Passage.objects.filter(kind=PassageKind.FAQ).values_list("title", flat=True))
    assert quoted == {"Đài nghiệp dư trên tàu cá xin giấy phép ở đâu?"}
    result = services.ask(asker, "dai nghiep du o dao mien le phi giay phep")
    assert all(
        a.passage.title != "Đài nghiệp dư ở đảo có được miễn lệ phí giấy phép không?"
        for a in result.answers
    )
