"""Demo sessions for a development site (needs the organisation, catalogue and demo accounts).

One finished conference in the style of 13/11/2025 — a morning of talks per field, an
afternoon of questions answered by the ministry units — in which `hocvien` registered,
attended every part and passed the quizzes app's demo quiz; one upcoming session open
for registration; and answered questions that form the FAQ. Idempotent: sessions and questions
are found by title and text before anything is created.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from courses.models import CoursePage, Field
from courses.services import CourseNotAvailable, enrol
from people.models import Province, Unit, User
from quizzes import services as quiz_services
from quizzes.demo import load_demo_quiz
from quizzes.exceptions import QuizError
from quizzes.models import AttemptQuestion, QuizPage, QuizResult
from training import services
from training.models import (
    AttendanceStatus,
    Part,
    Question,
    Registration,
    RegistrationStatus,
    Session,
    SessionMode,
    SessionStatus,
)

FINISHED_TITLE = "Hội nghị tập huấn phân cấp, phân quyền trong lĩnh vực khoa học và công nghệ"
UPCOMING_TITLE = "Tập huấn chuyên sâu: thủ tục X-quang y tế và an toàn bức xạ ở cấp tỉnh"
VENUE = "Trụ sở Bộ Khoa học và Công nghệ, Hà Nội"
# Clearly fictional meeting links: the real ones are set per event in the admin.
ONLINE_URL = "https://hop-truc-tuyen.example.vn/tap-huan-13-11-2025"
UPCOMING_URL = "https://hop-truc-tuyen.example.vn/tap-huan-buc-xa"

# (start, end, title, field slug or None) on 13/11/2025, Vietnam time.
CONFERENCE_PARTS: list[tuple[str, str, str, str | None]] = [
    ("08:00", "08:30", "Khai mạc và báo cáo tổng quan về phân cấp, phân quyền", None),
    (
        "08:30",
        "09:10",
        "Chuyên đề: Tiêu chuẩn – đo lường – chất lượng",
        "tieu-chuan-do-luong-chat-luong",
    ),
    ("09:10", "09:50", "Chuyên đề: Sở hữu trí tuệ", "so-huu-tri-tue"),
    ("09:50", "10:30", "Chuyên đề: An toàn bức xạ và hạt nhân", "an-toan-buc-xa-hat-nhan"),
    ("10:30", "11:10", "Chuyên đề: Tần số vô tuyến điện", "tan-so-vo-tuyen-dien"),
    ("11:10", "11:50", "Chuyên đề: Bưu chính, viễn thông", "buu-chinh-vien-thong"),
    ("14:00", "16:30", "Thảo luận, hỏi đáp với lãnh đạo các Cục, Vụ", None),
]


@dataclass(frozen=True)
class DemoQuestion:
    field: str
    unit: str
    text: str
    answer: str
    asker: str


FAQ: list[DemoQuestion] = [
    DemoQuestion(
        "tieu-chuan-do-luong-chat-luong",
        "Ủy ban Tiêu chuẩn Đo lường Chất lượng Quốc gia",
        "Từ ngày 01/7/2025, việc chứng nhận chuẩn đo lường do Sở KH&CN thực hiện hay vẫn phải "
        "gửi hồ sơ ra cơ quan trung ương?",
        "Sở KH&CN thực hiện. Thông tư 07/2025/TT-BKHCN, có hiệu lực từ 01/7/2025, chuyển việc "
        "chứng nhận chuẩn đo lường về cấp tỉnh. Hồ sơ đã tiếp nhận trước ngày 01/7/2025 được "
        "giải quyết tiếp theo quy định cũ; giấy tờ đã cấp trước ngày đó vẫn có giá trị đến khi "
        "hết hạn hoặc được thay thế.",
        "hocvien",
    ),
    DemoQuestion(
        "tieu-chuan-do-luong-chat-luong",
        "Ủy ban Tiêu chuẩn Đo lường Chất lượng Quốc gia",
        "Ủy ban nhân dân cấp xã được giao những việc gì về đo lường và chất lượng hàng hóa?",
        "Theo Nghị định 132/2025/NĐ-CP, Ủy ban nhân dân cấp xã trực tiếp kiểm tra nhà nước về "
        "đo lường trên địa bàn (phép đo, phương tiện đo, lượng của hàng đóng gói sẵn đang lưu "
        "thông), tham gia kiểm tra chất lượng hàng hóa trên thị trường, phổ biến pháp luật và "
        "xử lý vi phạm trong phạm vi thẩm quyền. Xã có thể lập đoàn kiểm tra và giải quyết "
        "khiếu nại, tố cáo về chất lượng hàng hóa tại địa phương.",
        "dangthimai",
    ),
    DemoQuestion(
        "so-huu-tri-tue",
        "Cục Sở hữu trí tuệ",
        "Sở KH&CN phối hợp với Cục Sở hữu trí tuệ theo hướng dẫn nào khi giải quyết các thủ "
        "tục được phân cấp theo Nghị định 133?",
        "Theo Quyết định 581/QĐ-SHTT ngày 31/8/2025 của Cục Sở hữu trí tuệ. Hướng dẫn yêu cầu "
        "việc giải quyết hồ sơ không bị gián đoạn, tạo thuận lợi tối đa cho người dân và doanh "
        "nghiệp, chia sẻ dữ liệu đầy đủ, kịp thời, an toàn và trao đổi hồ sơ qua hệ thống công "
        "nghệ thông tin, đồng thời bồi dưỡng năng lực cho công chức địa phương.",
        "vuquocbao",
    ),
    DemoQuestion(
        "an-toan-buc-xa-hat-nhan",
        "Cục An toàn bức xạ và hạt nhân",
        "Cơ sở y tế khai báo thiết bị X-quang chẩn đoán thì nộp hồ sơ ở đâu?",
        "Ở cấp tỉnh: Sở KH&CN thực hiện thủ tục khai báo thiết bị X-quang chẩn đoán trong y tế, "
        "hồ sơ thường được tiếp nhận tại Trung tâm Phục vụ hành chính công tỉnh. Các thủ tục "
        "này được cập nhật theo Luật Năng lượng nguyên tử số 94/2025/QH15; hãy đối chiếu danh "
        "mục thủ tục hành chính do Ủy ban nhân dân tỉnh công bố.",
        "phamvanlong",
    ),
    DemoQuestion(
        "tan-so-vo-tuyen-dien",
        "Cục Tần số vô tuyến điện",
        "Giấy phép sử dụng tần số cho đài vô tuyến điện nghiệp dư nay do cơ quan nào cấp?",
        "Ủy ban nhân dân cấp tỉnh. Theo Điều 29 Nghị định 133/2025/NĐ-CP, tỉnh cấp, gia hạn, "
        "sửa đổi, bổ sung và thu hồi giấy phép sử dụng tần số và thiết bị vô tuyến điện cho "
        "đài nghiệp dư. Từ ngày 01/7/2025, người dân nộp hồ sơ ở cấp tỉnh thay vì gửi về Bộ.",
        "hocvien",
    ),
    DemoQuestion(
        "buu-chinh-vien-thong",
        "Cục Viễn thông",
        "Doanh nghiệp cung cấp dịch vụ viễn thông cố định mặt đất xin giấy phép ở đâu?",
        "Tại Ủy ban nhân dân cấp tỉnh nơi doanh nghiệp đặt trụ sở chính. Theo Nghị định "
        "133/2025/NĐ-CP, tỉnh cấp, sửa đổi, cấp lại, gia hạn và thu hồi giấy phép cung cấp "
        "dịch vụ viễn thông không có hạ tầng mạng và dịch vụ viễn thông cố định mặt đất; trước "
        "đây các hồ sơ này đều nộp tại Bộ.",
        "trinhngocanh",
    ),
]

OPEN_QUESTION = (
    "an-toan-buc-xa-hat-nhan",
    "Khi gia hạn giấy phép tiến hành công việc bức xạ cho cơ sở X-quang, Sở cần kiểm tra "
    "thực tế tại cơ sở trong trường hợp nào?",
)


def _at(day: datetime.date, hhmm: str) -> datetime.datetime:
    hour, minute = (int(x) for x in hhmm.split(":"))
    return datetime.datetime.combine(
        day, datetime.time(hour, minute), tzinfo=ZoneInfo(settings.TIME_ZONE)
    )


def _unit(name: str) -> Unit:
    return Unit.objects.filter(name=name, kind=Unit.Kind.MINISTRY_UNIT).get()


def _correct_response(data: dict[str, Any]) -> Any:
    """The right answer to a question snapshot, so the demo learner can pass the quiz."""
    kind = data.get("kind")
    if kind in ("single", "truefalse"):
        return next(o["id"] for o in data["options"] if o["correct"])
    if kind == "multiple":
        return [o["id"] for o in data["options"] if o["correct"]]
    if kind == "short":
        return data["accepted"][0]["text"] if data.get("accepted") else ""
    if kind == "matching":
        return {p["id"]: p["match"] for p in data["prompts"]}
    if kind == "ordering":
        return [item["id"] for item in data["items"]]
    return None


def _pass_quiz(user: User, quiz: QuizPage) -> bool:
    """Take the quiz through quizzes.services with the right answers; True once passed."""
    if QuizResult.objects.filter(quiz=quiz, user=user, passed_at__isnull=False).exists():
        return True
    try:
        course = CoursePage.objects.ancestor_of(quiz).get()
        enrol(user, course)
        attempt = quiz_services.start_attempt(user, quiz)
        answers = {
            str(item.pk): _correct_response(item.version.data)
            for item in AttemptQuestion.objects.filter(attempt=attempt).select_related("version")
        }
        quiz_services.submit_attempt(user, attempt.pk, answers)
    except (QuizError, CourseNotAvailable):
        return False
    return QuizResult.objects.filter(quiz=quiz, user=user, passed_at__isnull=False).exists()


def _demo_quiz() -> QuizPage | None:
    overview = CoursePage.objects.live().filter(field__isnull=True).order_by("path").first()
    quizzes = QuizPage.objects.live().order_by("path")
    if overview is not None:
        in_overview = quizzes.descendant_of(overview).first()
        if in_overview is not None:
            return in_overview
    return quizzes.first()


def _finished_session(trainer: User) -> Session:
    session = Session.objects.filter(title=FINISHED_TITLE).first()
    if session is not None:
        return session
    day = datetime.date(2025, 11, 13)
    fields = {f.slug: f for f in Field.objects.all()}
    session = Session(
        title=FINISHED_TITLE,
        summary=(
            "Buổi sáng: báo cáo tổng quan và các chuyên đề theo từng lĩnh vực. Buổi chiều: "
            "thảo luận, giải đáp vướng mắc của địa phương với lãnh đạo các Cục, Vụ. Tổ chức "
            "trực tiếp tại Bộ và trực tuyến tới Sở KH&CN, các xã, phường, đặc khu của 34 tỉnh, "
            "thành phố."
        ),
        course=CoursePage.objects.live().filter(field__isnull=True).order_by("path").first(),
        organiser=Unit.objects.get(name="Vụ Pháp chế", kind=Unit.Kind.MINISTRY_UNIT),
        mode=SessionMode.HYBRID,
        registration_deadline=_at(datetime.date(2025, 11, 11), "17:00"),
        status=SessionStatus.HELD,
        attendance_threshold=80,
    )
    session.save()
    session.fields.set([fields[slug] for _, _, _, slug in CONFERENCE_PARTS if slug in fields])
    session.invited_provinces.set(Province.objects.all())
    session.save()
    for order, (start, end, title, slug) in enumerate(CONFERENCE_PARTS):
        Part.objects.create(
            session=session,
            sort_order=order,
            title=title,
            field=fields.get(slug) if slug else None,
            starts_at=_at(day, start),
            ends_at=_at(day, end),
            venue=VENUE,
            online_url=ONLINE_URL,
        )
    return session


def _register_directly(session: Session, user: User, by: User) -> Registration:
    """The conference is over: record the registration as it stood then."""
    registration, _ = Registration.objects.get_or_create(
        session=session,
        user=user,
        defaults={
            "status": RegistrationStatus.CONFIRMED,
            "registered_by": by,
            "confirmed_at": session.registration_deadline - datetime.timedelta(days=3),
        },
    )
    return registration


def _attendance(session: Session, trainer: User, people: dict[str, User]) -> None:
    parts = list(session.parts.order_by("starts_at"))
    morning = [p for p in parts if timezone.localtime(p.starts_at).hour < 12]
    plan = {
        "hocvien": parts,
        "vuquocbao": parts,
        "trinhngocanh": parts,
        "phamvanlong": morning,
        "dangthimai": [],
    }
    for username, attended in plan.items():
        if username not in people:
            continue
        user = people[username]
        _register_directly(session, user, trainer)
        for part in attended:
            # Marked as the trainer did on the day of the conference.
            services.mark_roster(
                trainer, part, {user.pk: AttendanceStatus.PRESENT}, now=part.starts_at
            )


def _questions(session: Session, admin: User, people: dict[str, User]) -> int:
    fields = {f.slug: f for f in Field.objects.all()}
    created = 0
    for item in FAQ:
        if item.field not in fields or Question.objects.filter(text=item.text).exists():
            continue
        asker = people.get(item.asker, admin)
        question = services.ask_question(asker, session, field=fields[item.field], text=item.text)
        for voter in people.values():
            if voter != asker:
                services.upvote(voter, question)
        services.assign_question(admin, question, _unit(item.unit))
        services.answer_question(admin, question, item.answer)
        created += 1
    return created


def _upcoming_session(admin: User, people: dict[str, User]) -> Session:
    session = Session.objects.filter(title=UPCOMING_TITLE).first()
    if session is None:
        start_day = timezone.localdate() + datetime.timedelta(days=21)
        field = Field.objects.filter(slug="an-toan-buc-xa-hat-nhan").first()
        session = Session.objects.create(
            title=UPCOMING_TITLE,
            summary=(
                "Dành cho công chức Sở KH&CN phụ trách an toàn bức xạ: khai báo thiết bị "
                "X-quang chẩn đoán, cấp và gia hạn giấy phép, chứng chỉ nhân viên bức xạ."
            ),
            course=CoursePage.objects.live().filter(field=field).first() if field else None,
            organiser=_unit("Cục An toàn bức xạ và hạt nhân"),
            mode=SessionMode.ONLINE,
            capacity=200,
            registration_deadline=_at(start_day - datetime.timedelta(days=3), "17:00"),
            status=SessionStatus.OPEN,
            attendance_threshold=80,
        )
        if field is not None:
            session.fields.set([field])
        session.invited_provinces.set(Province.objects.all())
        session.save()
        for order, (start, end, title) in enumerate(
            [
                ("08:30", "11:30", "Khai báo và cấp phép X-quang chẩn đoán y tế"),
                ("13:30", "16:00", "Chứng chỉ nhân viên bức xạ; hỏi đáp"),
            ]
        ):
            Part.objects.create(
                session=session,
                sort_order=order,
                title=title,
                field=field,
                starts_at=_at(start_day, start),
                ends_at=_at(start_day, end),
                online_url=UPCOMING_URL,
            )
    field_slug, text = OPEN_QUESTION
    field = Field.objects.filter(slug=field_slug).first()
    asker = people.get("buixuanhieu")
    if field and asker and not Question.objects.filter(text=text).exists():
        question = services.ask_question(asker, session, field=field, text=text)
        services.assign_question(admin, question, _unit("Cục An toàn bức xạ và hạt nhân"))
    return session


@transaction.atomic
def load_demo_sessions() -> dict[str, Any]:
    """Create the demo sessions; returns what was done and what could not be (no quiz yet)."""
    people = {
        u.username: u
        for u in User.objects.filter(
            username__in=[
                "hocvien",
                "phamvanlong",
                "dangthimai",
                "vuquocbao",
                "buixuanhieu",
                "trinhngocanh",
            ]
        )
    }
    trainer = User.objects.get(username="giangvien")
    admin = User.objects.get(username="admin")
    # The quizzes app's own demo quiz (idempotent), so the conference has its post-session quiz.
    load_demo_quiz()
    finished = _finished_session(trainer)
    quiz = finished.quiz or _demo_quiz()
    if quiz is not None and finished.quiz_id is None:
        finished.quiz = quiz
    finished.save()
    _attendance(finished, trainer, people)
    questions = _questions(finished, admin, people)
    upcoming = _upcoming_session(admin, people)
    passed = quiz is not None and _pass_quiz(people["hocvien"], quiz)
    return {
        "finished": finished,
        "upcoming": upcoming,
        "questions": questions,
        "quiz": quiz,
        "quiz_passed": passed,
    }
