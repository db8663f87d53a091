"""/tro-ly/: cited, highlighted answers; bad input answered in Vietnamese; a rate limit;
escalation into the Q&A flow with the guessed field, task and unit; the JSON API."""

from __future__ import annotations

import pytest
from django.urls import reverse

from assistant.indexing import rebuild_index
from assistant.models import AskedQuestion, Passage
from people.roles import Role
from tests.assistant.factories import answered_question, make_field, make_lesson, make_task
from tests.factories import MinistryUnitFactory, make_course, make_person
from training import selectors as training_selectors
from training import services as training_services
from training.errors import QuestionRefused
from training.models import Question, QuestionStatus

pytestmark = pytest.mark.django_db

URL = "/tro-ly/"


@pytest.fixture
def content():
    field = make_field()
    unit = MinistryUnitFactory(name="Cục Tần số vô tuyến điện")
    make_course(title="Tần số cho cấp tỉnh", field=field, owner_unit=unit, modules=0)
    task = make_task(field)
    lesson = make_lesson()
    rebuild_index()
    return field, unit, task, lesson


def test_the_answer_quotes_its_source_and_marks_the_answering_sentence(client, content):
    _field, _unit, task, lesson = content
    response = client.get(URL, {"q": "Ai chứng nhận chuẩn đo lường từ 01/7/2025?"})
    html = response.content.decode()
    assert response.status_code == 200
    assert (
        "<mark>Từ 01/7/2025, Sở KH&amp;CN chứng nhận chuẩn đo lường dùng để kiểm định "
        "phương tiện đo.</mark>" in html
    )
    assert f'href="{lesson.url}#ai-chung-nhan-chuan"' in html
    assert "Ai chứng nhận chuẩn?" in html
    assert "Gửi câu hỏi cho đơn vị phụ trách" in html
    task_page = client.get(URL, {"q": "giay phep dai nghiep du"}).content.decode()
    assert f'href="{task.get_absolute_url()}"' in task_page
    assert "Nghị định 133/2025/NĐ-CP (Điều 29)" in task_page


def test_a_question_without_diacritics_finds_the_same_source(client, content):
    with_marks = client.get(URL, {"q": "Ai cấp giấy phép đài nghiệp dư?"}).context["result"]
    plain = client.get(URL, {"q": "ai cap giay phep dai nghiep du"}).context["result"]
    assert [a.passage.pk for a in with_marks.answers] == [a.passage.pk for a in plain.answers]
    assert with_marks.answered and plain.answered


def test_the_field_filter_keeps_other_fields_out(client, content):
    field, *_ = content
    result = client.get(URL, {"q": "chung nhan chuan do luong", "linh-vuc": field.slug}).context[
        "result"
    ]
    assert {a.passage.field_id for a in result.answers} <= {field.pk}


def test_nothing_good_says_so_and_offers_escalation(client, content):
    response = client.get(URL, {"q": "Thủ tục cấp hộ chiếu phổ thông mất bao lâu?"})
    html = response.content.decode()
    assert not response.context["result"].answered
    assert "Tôi không tìm thấy nội dung trả lời tốt câu hỏi này" in html
    assert reverse("assistant:escalate") in html
    assert AskedQuestion.objects.get().answered is False


@pytest.mark.parametrize(
    ("question", "message"),
    [
        ("", "Hãy gõ câu hỏi"),
        ("   ", "Hãy gõ câu hỏi"),
        ("\x00\x00", "Hãy gõ câu hỏi"),
        ("😀😀😀", "Hãy gõ câu hỏi"),
        ("x" * 2000, "Câu hỏi không được dài quá 500 ký tự."),
    ],
)
def test_bad_questions_get_a_vietnamese_message(client, content, question, message):
    response = client.get(URL, {"q": question})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not AskedQuestion.objects.exists()


@pytest.mark.parametrize(
    "question",
    [
        "'; DROP TABLE assistant_passage; --",
        "' OR 1=1 --",
        '"; DROP TABLE assistant_passage; --',
        "1; SELECT * FROM people_user WHERE '1'='1",
    ],
)
def test_sql_like_questions_are_plain_text(client, content, question):
    passages = Passage.objects.count()
    response = client.get(URL, {"q": question})
    assert response.status_code == 200
    assert not response.context["result"].answered
    client.force_login(make_person())
    body = client.get("/api/v1/assistant/", {"q": question})
    assert body.status_code == 200
    assert body.json()["answered"] is False
    assert Passage.objects.count() == passages
    assert client.get(URL, {"q": "giay phep dai nghiep du"}).context["result"].answers


def test_a_2000_character_question_is_refused_in_the_api_too(client, content):
    client.force_login(make_person())
    long_question = ("Ai cấp giấy phép đài nghiệp dư? " * 70)[:2000]
    response = client.get("/api/v1/assistant/", {"q": long_question})
    assert response.status_code == 400
    assert response.json()["detail"] == "Câu hỏi không được dài quá 500 ký tự."
    assert client.get(URL, {"q": long_question}).status_code == 400
    assert not AskedQuestion.objects.exists()


def test_the_endpoint_is_rate_limited(client, content, settings):
    settings.ASSISTANT_RATE = (2, 60)
    client.force_login(make_person())
    assert client.get(URL, {"q": "giay phep"}).status_code == 200
    assert client.get(URL, {"q": "giay phep"}).status_code == 200
    response = client.get(URL, {"q": "giay phep"})
    assert response.status_code == 429
    assert "Bạn đã hỏi nhiều câu trong thời gian ngắn" in response.content.decode()
    # Another person has their own allowance.
    client.force_login(make_person())
    assert client.get(URL, {"q": "giay phep"}).status_code == 200


def test_the_questions_are_logged_with_province_and_field(client, content):
    field, *_ = content
    asker = make_person()
    client.force_login(asker)
    client.get(URL, {"q": "Ai cấp giấy phép đài nghiệp dư?"})
    logged = AskedQuestion.objects.get()
    assert logged.asker == asker
    assert logged.province_id == asker.profile.unit.province_id
    assert logged.field == field
    assert logged.answered and logged.top_score > 0
    assert logged.folded == "ai cap giay phep dai nghiep du?"


def test_escalation_needs_a_login(client, content):
    response = client.get(reverse("assistant:escalate"), {"q": "giay phep dai nghiep du"})
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_escalation_prefills_and_sends_the_question_for_a_moderator(client, content):
    field, unit, task, _lesson = content
    asker = make_person()
    client.force_login(asker)
    client.get(URL, {"q": "Đài nghiệp dư chuyển tỉnh có phải xin lại giấy phép?"})
    log = AskedQuestion.objects.get()
    form = client.get(
        reverse("assistant:escalate"),
        {"q": "Đài nghiệp dư chuyển tỉnh có phải xin lại giấy phép?", "log": log.pk},
    ).context["form"]
    assert form.initial["field"] == field
    assert form.initial["task"] == task
    assert form.initial["log"] == log.pk
    response = client.post(
        reverse("assistant:escalate"),
        {"text": form.initial["text"], "field": field.pk, "task": task.pk, "log": log.pk},
    )
    assert response.status_code == 302
    question = Question.objects.get()
    assert (question.author, question.field, question.task) == (asker, field, task)
    assert question.status == QuestionStatus.OPEN
    assert question.assigned_unit == unit  # preselected for the moderator
    assert list(training_selectors.questions_to_moderate()) == [question]
    log.refresh_from_db()
    assert log.escalated
    # The unit answers only once a moderator has confirmed it.
    with pytest.raises(QuestionRefused):
        training_services.answer_question(
            make_person(Role.TRAINER, unit=unit), question, "Có, nộp hồ sơ tại tỉnh mới."
        )


def test_an_escalated_question_joins_the_answers_once_answered(
    client, content, django_capture_on_commit_callbacks
):
    field, _unit, *_ = content
    with django_capture_on_commit_callbacks(execute=True):
        question = answered_question(
            field,
            "Đài nghiệp dư chuyển sang tỉnh khác có phải xin lại giấy phép không?",
            "Có. Giấy phép do tỉnh nơi đặt đài cấp; chuyển tỉnh thì nộp hồ sơ ở tỉnh mới.",
        )
    result = client.get(URL, {"q": "dai nghiep du chuyen sang tinh khac"}).context["result"]
    assert result.answers[0].passage.source_id == question.pk


def test_an_escalation_with_a_bad_text_is_refused_in_vietnamese(client, content):
    field, *_ = content
    client.force_login(make_person())
    response = client.post(reverse("assistant:escalate"), {"text": "ngắn", "field": field.pk})
    assert response.status_code == 400
    assert "Hãy viết câu hỏi dài ít nhất 10 ký tự." in response.content.decode()
    assert not Question.objects.exists()


def test_the_api_answers_signed_in_users(client, content):
    _field, _unit, task, lesson = content
    assert client.get("/api/v1/assistant/", {"q": "giay phep"}).status_code == 401
    client.force_login(make_person())
    body = client.get("/api/v1/assistant/", {"q": "giay phep dai nghiep du"}).json()
    assert body["answered"] is True
    assert body["answers"][0]["kind"] == "task"
    assert body["answers"][0]["code"] == task.code
    lessons = client.get("/api/v1/assistant/", {"q": "ai chung nhan chuan do luong"}).json()
    assert lessons["answers"][0]["slug"] == lesson.slug
    assert client.get("/api/v1/assistant/", {"q": ""}).status_code == 400


def test_every_lesson_the_catalogue_and_the_qa_page_link_to_the_assistant(client, content):
    *_, lesson = content
    for url in (lesson.url, reverse("courses:task_list"), reverse("training:faq")):
        assert f'href="{URL}"' in client.get(url).content.decode()
