"""The session report by province (scoped, XLSX) and GET /api/v1/me/sessions/."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from people.roles import Role
from tests.factories import DepartmentFactory, ProvinceFactory, make_person
from tests.training.factories import confirm, make_quiz, make_session, pass_quiz
from training import services
from training.models import AttendanceStatus, Registration
from training.report import report_workbook, session_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def held():
    quang_tri = ProvinceFactory(name="Quảng Trị", code="quang-tri")
    thanh_hoa = ProvinceFactory(name="Thanh Hóa", code="thanh-hoa")
    qt, th = DepartmentFactory(province=quang_tri), DepartmentFactory(province=thanh_hoa)
    session = make_session(parts=2, quiz=make_quiz(), attendance_threshold=80)
    session.invited_provinces.add(quang_tri, thanh_hoa)
    session.save()
    trainer = make_person(Role.TRAINER)
    qt_people = [make_person(unit=qt, full_name=f"Hồ Văn Quảng {n}") for n in range(3)]
    th_people = [make_person(unit=th, full_name=f"Lê Thị Thanh {n}") for n in range(2)]
    make_person(unit=th)  # invited, never registered
    for person in [*qt_people, *th_people]:
        confirm(session, person)
    for part in session.parts.all():
        services.mark_roster(
            trainer,
            part,
            {p.pk: AttendanceStatus.PRESENT for p in (qt_people[0], qt_people[1], th_people[0])},
            now=part.starts_at,
        )
    pass_quiz(session.quiz, qt_people[0])
    pass_quiz(session.quiz, th_people[0])
    manager = make_person(Role.PROVINCE_MANAGER, unit=qt)
    admin = make_person(Role.MINISTRY_ADMIN)
    return session, manager, admin, qt_people, th_people


def test_the_admin_sees_every_province(held):
    session, _, admin, *_ = held
    report = session_report(admin, session)
    rows = {r.name: (r.invited, r.registered, r.attended, r.passed) for r in report.rows}
    # The manager also works at the Quảng Trị department, hence four invited there.
    assert rows["Quảng Trị"] == (4, 3, 2, 1)
    assert rows["Thanh Hóa"] == (3, 2, 1, 1)
    assert (report.total.registered, report.total.attended, report.total.passed) == (5, 3, 2)
    assert len(report.people) == 5


def test_a_province_manager_sees_only_their_province(held):
    session, manager, *_ = held
    report = session_report(manager, session)
    assert [r.name for r in report.rows] == ["Quảng Trị"]
    assert {p.province for p in report.people} == {"Quảng Trị"}
    assert report.total.registered == 3


def test_the_xlsx_export_has_both_sheets(held):
    session, _, admin, *_ = held
    book = load_workbook(io.BytesIO(report_workbook(session_report(admin, session))))
    summary, people = book.worksheets
    values = [[c for c in row] for row in summary.iter_rows(values_only=True)]
    assert values[0][0] == session.title
    assert ["Quảng Trị", 4, 3, 2, 1] in [list(v) for v in values]
    names = [row[0] for row in people.iter_rows(min_row=2, values_only=True)]
    registered = Registration.objects.filter(session=session).values_list(
        "user__profile__full_name", flat=True
    )
    assert sorted(names) == sorted(registered)


def test_the_api_lists_my_sessions_with_attendance(held, client):
    session, _, _, qt_people, _ = held
    learner = qt_people[0]
    client.force_login(learner)
    response = client.get("/api/v1/me/sessions/")
    assert response.status_code == 200
    [row] = response.json()
    assert row["session_id"] == session.pk
    assert row["attendance_percent"] == 100
    assert row["attendance_met"] is True
    assert row["registration_status"] == "da_xac_nhan"
    assert [p["attendance"] for p in row["parts"]] == ["co_mat", "co_mat"]
    client.logout()
    assert client.get("/api/v1/me/sessions/").status_code == 401


def test_the_api_shows_only_my_own_registrations(held, client):
    _, _, _, _, th_people = held
    client.force_login(th_people[1])
    [row] = client.get("/api/v1/me/sessions/").json()
    assert row["attendance_percent"] == 0
    assert row["attendance_met"] is False
