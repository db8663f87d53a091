"""Online attendance from Zoom, Teams and Meet participant reports: preview, then confirm."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest

from people.roles import Role
from tests.factories import make_person
from tests.training.factories import confirm, make_session
from training import services
from training.errors import ImportRefused, NotAllowed
from training.models import Attendance, AttendanceStatus, ParticipantImport, Registration
from training.participants import minutes_in_part, parse_minutes, parse_time, read_report

pytestmark = pytest.mark.django_db

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
START = datetime.datetime(2025, 11, 13, 8, 0, tzinfo=HCM)


@pytest.fixture
def online():
    session = make_session(parts=1, start=START, minutes=120)
    part = session.parts.get()
    trainer = make_person(Role.TRAINER)
    full = make_person(user__email="huong.nt@quangtri.gov.vn")
    short = make_person(user__email="long.pv@quangtri.gov.vn")
    for person in (full, short):
        confirm(session, person)
    return session, part, trainer, full, short


ZOOM = (
    "Meeting ID,Topic,Start Time,End Time,User Email,Duration (Minutes),Participants\n"
    "812 3456 7890,Hội nghị tập huấn,11/13/2025 07:55:00 AM,11/13/2025 10:05:00 AM,"
    "host@most.gov.vn,130,3\n"
    "\n"
    "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest\n"
    "Nguyễn Thị Hương,Huong.NT@QuangTri.gov.vn,11/13/2025 07:58:00 AM,"
    "11/13/2025 09:00:00 AM,62,No\n"
    "Nguyễn Thị Hương (điện thoại),huong.nt@quangtri.gov.vn,11/13/2025 08:30:00 AM,"
    "11/13/2025 10:10:00 AM,100,No\n"
    "Phạm Văn Long,long.pv@quangtri.gov.vn,11/13/2025 08:00:00 AM,"
    "11/13/2025 08:40:00 AM,40,No\n"
    "Khách không rõ,,11/13/2025 08:00:00 AM,11/13/2025 09:00:00 AM,60,Yes\n"
    "Người lạ,nguoi.la@example.vn,11/13/2025 08:00:00 AM,11/13/2025 10:00:00 AM,120,No\n"
)

TEAMS = (
    "1. Summary\n"
    "Meeting title\tHội nghị tập huấn\n"
    "Attended participants\t3\n"
    "\n"
    "2. Participants\n"
    "Name\tFirst Join\tLast Leave\tIn-Meeting Duration\tEmail\tParticipant ID (UPN)\tRole\n"
    "Nguyễn Thị Hương\t11/13/25, 8:01:00 AM\t11/13/25, 9:59:00 AM\t1h 58m\t"
    "huong.nt@quangtri.gov.vn\thuong.nt@quangtri.gov.vn\tAttendee\n"
    "Phạm Văn Long\t11/13/25, 9:30:00 AM\t11/13/25, 9:50:00 AM\t20m\t"
    "long.pv@quangtri.gov.vn\tlong.pv@quangtri.gov.vn\tAttendee\n"
    "\n"
    "3. In-Meeting Activities\n"
    "Name\tJoin Time\tLeave Time\tDuration\tEmail\tRole\n"
    "Nguyễn Thị Hương\t11/13/25, 8:01:00 AM\t11/13/25, 9:59:00 AM\t1h 58m\t"
    "huong.nt@quangtri.gov.vn\tAttendee\n"
)

MEET = (
    "First name,Last name,Email,Duration,Time joined,Time exited\n"
    "Thị Hương,Nguyễn,HUONG.NT@quangtri.gov.vn,1 hr 50 min,8:05 AM,9:55 AM\n"
    "Văn Long,Phạm,long.pv@quangtri.gov.vn,30 min,8:00 AM,8:30 AM\n"
)


def _preview(part, trainer, text, **kwargs):
    data = text.encode("utf-16") if kwargs.pop("utf16", False) else text.encode("utf-8-sig")
    return services.preview_participant_report(
        trainer, part, file_name="report.csv", data=data, **kwargs
    )


def test_zoom_report_sums_each_persons_minutes_and_lists_unmatched_rows(online):
    _, part, trainer, full, short = online
    job = _preview(part, trainer, ZOOM)
    assert job.layout == "zoom"
    assert job.min_minutes == 90
    people = {p["user_id"]: p for p in job.result["people"]}
    # 08:00–10:00 clipped from 07:58–09:00 ∪ 08:30–10:10: the second device is not counted twice.
    assert people[full.pk]["minutes"] == 120
    assert people[full.pk]["rows"] == 2
    assert people[full.pk]["present"] is True
    assert people[short.pk]["minutes"] == 40
    assert people[short.pk]["present"] is False
    reasons = {row["name"]: row["reason"] for row in job.result["unmatched"]}
    assert reasons == {"Khách không rõ": "no_email", "Người lạ": "unknown_email"}
    assert not Attendance.objects.exists()


def test_nothing_is_written_until_the_preview_is_confirmed(online):
    _, part, trainer, full, short = online
    job = _preview(part, trainer, ZOOM)
    assert not Attendance.objects.exists()
    assert services.apply_participant_report(trainer, job) == 1
    marks = dict(Attendance.objects.values_list("user_id", "status"))
    assert marks == {full.pk: AttendanceStatus.PRESENT, short.pk: AttendanceStatus.ABSENT}
    assert Attendance.objects.get(user=short).online_minutes == 40
    assert Registration.objects.get(user=full).attendance_percent == 100
    with pytest.raises(ImportRefused):
        services.apply_participant_report(trainer, job)
    assert ParticipantImport.objects.get().status == ParticipantImport.Status.APPLIED


def test_teams_report_in_utf16_with_tabs_is_read_from_its_participants_section(online):
    _, part, trainer, full, short = online
    job = _preview(part, trainer, TEAMS, utf16=True)
    assert job.layout == "teams"
    minutes = {p["user_id"]: p["minutes"] for p in job.result["people"]}
    assert minutes == {full.pk: 118, short.pk: 20}
    assert job.result["unmatched"] == []


def test_meet_report_matches_upper_case_e_mails(online):
    _, part, trainer, full, short = online
    job = _preview(part, trainer, MEET, min_minutes=30)
    assert job.layout == "meet"
    people = {p["user_id"]: p for p in job.result["people"]}
    assert people[full.pk]["minutes"] == 110
    assert people[full.pk]["name"] == full.get_full_name()
    assert people[short.pk]["present"] is True


def test_a_person_registered_elsewhere_is_listed_as_not_registered(online):
    _, part, trainer, _, _ = online
    outsider = make_person(user__email="outsider@quangtri.gov.vn")
    text = "Email,Duration\noutsider@quangtri.gov.vn,100\n"
    job = _preview(part, trainer, text)
    assert job.layout == "other"
    [row] = job.result["unmatched"]
    assert row["reason"] == "not_registered"
    assert outsider.get_full_name() in services.unmatched_reason(row)


def test_an_unknown_layout_is_refused_with_the_columns_found(online):
    _, part, trainer, _, _ = online
    with pytest.raises(ImportRefused) as refused:
        _preview(part, trainer, "Họ tên,Số điện thoại\nAn,0912\n")
    assert "Họ tên" in refused.value.message
    with pytest.raises(ImportRefused):
        _preview(part, trainer, "")
    with pytest.raises(ImportRefused):
        _preview(part, trainer, "Email,Duration\n")
    assert not ParticipantImport.objects.exists()


def test_a_file_too_large_is_refused(online, settings):
    _, part, trainer, _, _ = online
    settings.TRAINING_PARTICIPANT_REPORT_MAX_BYTES = 100
    with pytest.raises(ImportRefused):
        _preview(part, trainer, ZOOM)


def test_only_trainers_import_reports(online):
    _, part, _, full, _ = online
    with pytest.raises(NotAllowed):
        _preview(part, full, ZOOM)


def test_an_import_never_downgrades_a_mark_made_by_the_trainer(online):
    _, part, trainer, _, short = online
    services.mark_roster(trainer, part, {short.pk: AttendanceStatus.PRESENT}, now=part.starts_at)
    services.apply_participant_report(trainer, _preview(part, trainer, ZOOM))
    attendance = Attendance.objects.get(user=short)
    assert attendance.status == AttendanceStatus.PRESENT
    assert attendance.online_minutes == 40


def test_a_registration_cancelled_after_the_preview_is_skipped(online):
    _, part, trainer, full, _ = online
    job = _preview(part, trainer, ZOOM)
    Registration.objects.filter(user=full).update(status="da_huy")
    services.apply_participant_report(trainer, job)
    assert not Attendance.objects.filter(user=full).exists()


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("75", 75),
        ("75,5", 75.5),
        ("1:15:00", 75),
        ("1h 15m 30s", 75.5),
        ("1 hr 15 min", 75),
        ("45 phút", 45),
        ("", None),
        ("không rõ", None),
    ],
)
def test_durations_in_every_layout(text, minutes):
    assert parse_minutes(text) == minutes


def test_times_are_read_on_the_parts_day_in_vietnam_time():
    day = START.date()
    assert parse_time("11/13/2025 08:01:02 PM", day, HCM) == datetime.datetime(
        2025, 11, 13, 20, 1, 2, tzinfo=HCM
    )
    assert parse_time("13/11/2025 08:01", day, HCM).hour == 8
    assert parse_time("2025-11-13 07:30:00", day, HCM).minute == 30
    assert parse_time("8:05 AM", day, HCM).date() == day
    assert parse_time("12/11/2025 08:00", day, HCM).date() != day
    assert parse_time("không rõ", day, HCM) is None


def test_minutes_outside_the_part_do_not_count():
    report = read_report(
        b"Email,Join Time,Leave Time\na@b.vn,11/12/2025 08:00 AM,11/12/2025 10:00 AM\n",
        day=START.date(),
        tz=HCM,
    )
    assert minutes_in_part(report.rows, START, START + datetime.timedelta(hours=2)) == 0
