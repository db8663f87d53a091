"""Training pages: who may open them, and that each one calls its service."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from people.roles import Role
from tests.factories import DepartmentFactory, FieldFactory, MinistryUnitFactory, make_person
from tests.training.factories import confirm, make_session
from training import codes
from training.models import (
    Attendance,
    ParticipantImport,
    Question,
    QuestionStatus,
    Registration,
    RegistrationStatus,
    SessionStatus,
    WalkIn,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    start = timezone.now() - datetime.timedelta(minutes=5)
    department = DepartmentFactory()
    session = make_session(parts=2, start=start, minutes=60, capacity=1)
    session.registration_deadline = timezone.now() + datetime.timedelta(hours=1)
    session.save()
    part = session.parts.order_by("starts_at").first()
    return {
        "session": session,
        "part": part,
        "learner": make_person(unit=department),
        "trainer": make_person(Role.TRAINER),
        "manager": make_person(Role.PROVINCE_MANAGER, unit=department),
        "admin": make_person(Role.MINISTRY_ADMIN),
    }


def test_pages_for_learners_render(client, world):
    session = world["session"]
    client.force_login(world["learner"])
    for url in (
        reverse("training:session_list"),
        reverse("training:session_detail", args=[session.pk]),
        reverse("training:check_in"),
        reverse("training:questions", args=[session.pk]),
        reverse("training:faq"),
    ):
        assert client.get(url).status_code == 200, url
    card = client.get(reverse("training:learner_card"))
    assert card.status_code == 200
    assert b"<svg" in card.content
    assert codes.learner_card_value(world["learner"].pk).encode() in card.content


def test_sign_in_is_needed_except_for_the_faq(client, world):
    assert client.get(reverse("training:faq")).status_code == 200
    for url in (reverse("training:session_list"), reverse("training:learner_card")):
        assert client.get(url).status_code == 302


def test_trainer_pages_are_closed_to_learners_and_managers(client, world):
    session, part = world["session"], world["part"]
    urls = [
        reverse("training:run", args=[session.pk]),
        reverse("training:code", args=[part.pk]),
        reverse("training:code_json", args=[part.pk]),
        reverse("training:scanner", args=[part.pk]),
        reverse("training:roster", args=[part.pk]),
        reverse("training:participant_import", args=[part.pk]),
        reverse("training:walk_ins", args=[session.pk]),
        reverse("training:host", args=[session.pk]),
        reverse("training:host_json", args=[session.pk]),
    ]
    for who in ("learner", "manager"):
        client.force_login(world[who])
        for url in urls:
            assert client.get(url).status_code == 403, (who, url)
    client.force_login(world["trainer"])
    for url in urls:
        assert client.get(url).status_code == 200, url


def test_drafts_are_hidden_from_learners(client, world):
    session = world["session"]
    session.status = SessionStatus.DRAFT
    session.save()
    client.force_login(world["learner"])
    assert client.get(reverse("training:session_detail", args=[session.pk])).status_code == 404
    client.force_login(world["trainer"])
    assert client.get(reverse("training:session_detail", args=[session.pk])).status_code == 200


def test_register_then_cancel_through_the_pages(client, world):
    session, learner = world["session"], world["learner"]
    client.force_login(learner)
    client.post(reverse("training:register", args=[session.pk]))
    registration = Registration.objects.get(user=learner)
    assert registration.status == RegistrationStatus.CONFIRMED
    page = client.get(reverse("training:session_detail", args=[session.pk]))
    assert b'data-status="da_xac_nhan"' in page.content
    client.post(reverse("training:cancel", args=[session.pk]))
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED


def test_code_json_and_check_in_page(client, world):
    session, part, learner = world["session"], world["part"], world["learner"]
    confirm(session, learner)
    client.force_login(world["trainer"])
    data = client.get(reverse("training:code_json", args=[part.pk])).json()
    assert len(data["code"]) == 6 and data["window_open"] is True
    client.force_login(learner)
    bad = client.post(reverse("training:check_in"), {"code": "12"})
    assert bad.status_code == 200 and b'role="alert"' in bad.content
    assert not Attendance.objects.exists()
    good = client.post(reverse("training:check_in"), {"code": data["code"]})
    assert good.status_code == 302
    assert Attendance.objects.get().user == learner


def test_scanner_answers_json_for_the_script(client, world):
    session, part, learner = world["session"], world["part"], world["learner"]
    confirm(session, learner)
    client.force_login(world["trainer"])
    url = reverse("training:scanner", args=[part.pk])
    forged = client.post(url, {"value": "u1:forged"}, HTTP_ACCEPT="application/json")
    assert forged.status_code == 422 and forged.json()["ok"] is False
    ok = client.post(
        url, {"value": codes.learner_card_value(learner.pk)}, HTTP_ACCEPT="application/json"
    )
    assert ok.json()["ok"] is True
    assert ok.json()["name"] == learner.get_full_name()
    again = client.post(url, {"value": codes.learner_card_value(learner.pk)})
    assert again.status_code == 200 and b"scan-warning" in again.content


def test_roster_post_saves_marks(client, world):
    session, part, learner = world["session"], world["part"], world["learner"]
    confirm(session, learner)
    client.force_login(world["trainer"])
    url = reverse("training:roster", args=[part.pk])
    client.post(url, {f"status-{learner.pk}": "vang_co_phep"})
    assert Attendance.objects.get(user=learner).status == "vang_co_phep"
    page = client.get(url)
    assert f'data-user="{learner.pk}" data-status="vang_co_phep"'.encode() in page.content


def test_participant_report_upload_preview_and_confirm(client, world):
    session, part = world["session"], world["part"]
    learner = world["learner"]
    confirm(session, learner)
    client.force_login(world["trainer"])
    report = (
        "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes)\n"
        f"Học viên,{learner.email.upper()},,,60\n"
        "Khách,khach@example.vn,,,60\n"
    ).encode()
    upload = SimpleUploadedFile("zoom.csv", report, content_type="text/csv")
    response = client.post(
        reverse("training:participant_import", args=[part.pk]),
        {"file": upload, "min_minutes": 30},
    )
    job = ParticipantImport.objects.get()
    assert response.status_code == 302
    preview = client.get(response["Location"])
    assert b"khach@example.vn" in preview.content and b"unmatched-row" in preview.content
    assert not Attendance.objects.exists()
    client.post(response["Location"])
    job.refresh_from_db()
    assert job.status == ParticipantImport.Status.APPLIED
    assert Attendance.objects.get().user == learner
    bad = client.post(
        reverse("training:participant_import", args=[part.pk]),
        {"file": SimpleUploadedFile("x.csv", b"a,b\n1,2\n")},
    )
    assert bad.status_code == 200 and ParticipantImport.objects.count() == 1


def test_walk_ins_are_recorded_and_linked_from_the_page(client, world):
    session, part = world["session"], world["part"]
    client.force_login(world["trainer"])
    url = reverse("training:walk_ins", args=[session.pk])
    client.post(url, {"full_name": "Đỗ Thị Lan", "unit_name": "UBND xã Cồn Cỏ", "parts": [part.pk]})
    walk_in = WalkIn.objects.get()
    assert walk_in.attendances.count() == 1
    refused = client.post(url, {"full_name": "Không đơn vị", "parts": [part.pk]})
    assert refused.status_code == 200 and WalkIn.objects.count() == 1
    person = world["learner"]
    client.post(
        reverse("training:link_walk_in", args=[session.pk, walk_in.pk]),
        {"account": person.email.upper()},
    )
    walk_in.refresh_from_db()
    assert walk_in.linked_user == person


def test_managers_register_staff_approve_and_read_the_report(client, world):
    session, learner, manager = world["session"], world["learner"], world["manager"]
    client.force_login(manager)
    page = client.get(reverse("training:bulk_register", args=[session.pk]))
    assert learner.profile.full_name.encode() in page.content
    url = reverse("training:bulk_register", args=[session.pk])
    preview = client.post(url, {"people": [learner.pk]})
    assert preview.status_code == 200 and not Registration.objects.exists()
    page = preview.content.decode()
    assert "Sẽ đăng ký 1 người" in page and learner.profile.unit.name in page
    assert 'name="confirmed" value="1"' in page
    client.post(url, {"people": [learner.pk], "confirmed": "1"})
    assert Registration.objects.get(user=learner).status == RegistrationStatus.CONFIRMED
    batch = Registration.objects.get(user=learner).batch
    undo_url = reverse("training:undo_bulk_register", args=[session.pk, batch.pk])
    assert undo_url in client.get(url).content.decode()
    assert client.get(reverse("training:approvals", args=[session.pk])).status_code == 200
    report = client.get(reverse("training:report", args=[session.pk]))
    assert report.status_code == 200 and b"province-row" in report.content
    xlsx = client.get(reverse("training:report_xlsx", args=[session.pk]))
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    for who in ("learner", "trainer"):
        client.force_login(world[who])
        assert client.get(reverse("training:report", args=[session.pk])).status_code == 403
        assert client.get(reverse("training:bulk_register", args=[session.pk])).status_code == 403


def test_questions_flow_through_the_pages(client, world):
    session = world["session"]
    field = FieldFactory()
    unit = MinistryUnitFactory()
    client.force_login(world["learner"])
    client.post(
        reverse("training:questions", args=[session.pk]),
        {"field": field.pk, "text": "Hồ sơ công bố hợp quy nộp ở đâu sau 1/7?"},
    )
    question = Question.objects.get()
    client.force_login(world["manager"])
    client.post(reverse("training:vote", args=[question.pk]))
    question.refresh_from_db()
    assert question.vote_count == 1
    assert client.post(reverse("training:moderate", args=[question.pk])).status_code == 403
    client.force_login(world["trainer"])
    client.post(reverse("training:moderate", args=[question.pk]), {"unit": unit.pk})
    question.refresh_from_db()
    assert question.assigned_unit == unit
    host = client.get(reverse("training:host_json", args=[session.pk])).json()
    assert host["questions"][0]["votes"] == 1
    assert client.get(reverse("training:answer", args=[question.pk])).status_code == 403
    client.force_login(world["admin"])
    client.post(
        reverse("training:answer", args=[question.pk]),
        {"answer": "Nộp tại Trung tâm Phục vụ hành chính công tỉnh."},
    )
    question.refresh_from_db()
    assert question.status == QuestionStatus.ANSWERED
    faq = client.get(reverse("training:faq"), {"q": "trung tam phuc vu"})
    assert "Trung tâm Phục vụ".encode() in faq.content


def test_trainers_manage_sessions_in_the_wagtail_admin(client, world):
    client.force_login(world["trainer"])
    assert client.get("/admin/snippets/training/session/").status_code == 200
    assert client.get("/admin/snippets/training/session/add/").status_code == 200
    client.force_login(world["learner"])
    assert client.get("/admin/snippets/training/session/").status_code == 302


def test_the_main_qa_page_takes_questions_with_or_without_a_session(client, world):
    from training.models import Question

    session = world["session"]
    session.status = SessionStatus.OPEN
    session.save()
    field = FieldFactory(name="Tần số vô tuyến điện")
    url = reverse("training:faq")
    assert b"question-form" not in client.get(url).content
    assert client.post(url, {"field": field.pk, "text": "Câu hỏi đủ dài đây"}).status_code == 302
    assert not Question.objects.exists()

    client.force_login(world["learner"])
    page = client.get(url).content.decode()
    assert "question-form" in page and f'value="{session.pk}"' in page
    short = client.post(url, {"field": field.pk, "text": "ngắn"})
    assert short.status_code == 400 and not Question.objects.exists()
    done = client.post(
        url, {"field": field.pk, "text": "Ai cấp giấy phép tần số cho đài nghiệp dư?"}
    )
    assert done.status_code == 302 and done.url == url
    asked = Question.objects.get()
    assert (asked.session, asked.status, asked.author) == (
        None,
        QuestionStatus.OPEN,
        world["learner"],
    )
    tied = client.post(
        url, {"field": field.pk, "session": session.pk, "text": "Câu hỏi gắn với hội nghị này?"}
    )
    assert tied.url.startswith(reverse("training:questions", args=[session.pk]))

    client.force_login(world["admin"])
    page = client.get(url).content.decode()
    assert (
        "Ai cấp giấy phép tần số" in page and reverse("training:moderate", args=[asked.pk]) in page
    )
