"""The managers' dashboard, drill-down, per-course and per-session pages, scoped."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import make_person
from tests.training.factories import make_session
from training import services as training_services

pytestmark = pytest.mark.django_db


def test_the_ministry_admin_sees_every_province_in_the_matrix(client, nation):
    client.force_login(nation.admin)
    response = client.get(reverse("reports:dashboard"))
    assert response.status_code == 200
    matrix = response.context["matrix"]
    names = [row.province.name for row in matrix.rows]
    assert "Quảng Trị" in names and "Hà Nội" in names
    quang_tri = next(row for row in matrix.rows if row.province.name == "Quảng Trị")
    assert (quang_tri.staff, quang_tri.total.enrolled, quang_tri.total.completed) == (3, 2, 1)
    assert quang_tri.total.percent == 50
    ha_noi = next(row for row in matrix.rows if row.province.name == "Hà Nội")
    assert ha_noi.total.enrolled == 1 and ha_noi.cells[0].enrolled + ha_noi.cells[1].enrolled == 2
    html = response.content.decode()
    assert "Nguyễn Thị Hồng Nhung" not in html  # names only appear in drill-downs
    assert "Quảng Trị" in html and "Hà Nội" in html


def test_the_province_manager_sees_only_their_province(client, nation):
    client.force_login(nation.manager)
    response = client.get(reverse("reports:dashboard"))
    assert [row.province.name for row in response.context["matrix"].rows] == ["Quảng Trị"]
    assert "Hà Nội" not in response.content.decode()


def test_drill_down_from_province_to_unit_to_person(client, nation):
    client.force_login(nation.admin)
    province = client.get(reverse("reports:province", args=[nation.quang_tri.province_id]))
    units = {row.unit.name: row for row in province.context["units"]}
    assert units["Xã Hướng Hóa"].cell.enrolled == 1
    unit = client.get(reverse("reports:unit", args=[nation.quang_tri.pk]))
    assert "Nguyễn Thị Hồng Nhung" in unit.content.decode()
    assert "Trần Văn Đức" not in unit.content.decode()
    person = client.get(reverse("reports:person", args=[nation.nhung.pk]))
    assert person.status_code == 200
    assert "Phân cấp sở hữu trí tuệ" in person.content.decode()


def test_level_filter_keeps_communes_apart(client, nation):
    client.force_login(nation.admin)
    response = client.get(reverse("reports:dashboard"), {"level": "xa"})
    quang_tri = next(r for r in response.context["matrix"].rows if r.province.name == "Quảng Trị")
    assert (quang_tri.staff, quang_tri.total.enrolled, quang_tri.total.completed) == (1, 1, 0)


def test_course_and_session_views(client, nation):
    session = make_session(course=nation.ip_course, title="Hội nghị tập huấn sở hữu trí tuệ")
    training_services.register(nation.nhung, session)
    training_services.register(nation.hoa, session)
    client.force_login(nation.manager)
    course = client.get(reverse("reports:course", args=[nation.ip_course.pk]))
    rows = {row.province.name: row for row in course.context["rows"]}
    assert set(rows) == {"Quảng Trị"} and rows["Quảng Trị"].completed == 1
    page = client.get(reverse("reports:session", args=[session.pk]))
    html = page.content.decode()
    assert "Nguyễn Thị Hồng Nhung" in html and "Lê Thị Hòa" not in html


def test_learners_and_trainers_are_refused(client, nation):
    from people.roles import Role

    client.force_login(nation.nhung)
    assert client.get(reverse("reports:dashboard")).status_code == 403
    client.force_login(make_person(Role.TRAINER))
    assert client.get(reverse("reports:dashboard")).status_code == 403
    client.logout()
    assert client.get(reverse("reports:dashboard")).status_code == 302


def test_bad_filters_show_nothing_and_say_why(client, nation):
    client.force_login(nation.admin)
    for params in (
        {"field": "999999"},
        {"from": "31/02/2026"},
        {"course": "abc"},
        {"from": "2026-05-01", "to": "2026-01-01"},
        {"field": "99999999999999999999"},
    ):
        response = client.get(reverse("reports:dashboard"), params)
        assert response.status_code == 200, params
        assert "matrix" not in response.context, params


def test_the_period_filter_counts_enrolments_in_the_period(client, nation):
    from courses.models import Enrolment
    from reports.services import rebuild_facts

    Enrolment.objects.filter(user=nation.hoa).update(enrolled_at="2026-01-15T09:00:00+07:00")
    rebuild_facts()
    client.force_login(nation.admin)
    response = client.get(reverse("reports:dashboard"), {"from": "2026-01-01", "to": "31/01/2026"})
    html = response.content.decode()
    assert 'name="from"' in html and 'value="2026-01-01"' in html
    rows = {row.province.name: row for row in response.context["matrix"].rows}
    assert rows["Hà Nội"].total.enrolled == 1
    assert rows["Quảng Trị"].total.enrolled == 0


def test_completion_over_time_counts_each_month(nation):
    import datetime

    from django.utils import timezone

    from courses.models import Enrolment
    from reports.filters import ReportFilters
    from reports.selectors import completion_over_time
    from reports.services import rebuild_facts

    this_month = timezone.localdate().replace(day=1)
    last_month = (this_month - datetime.timedelta(days=1)).replace(day=1)
    long_ago = timezone.make_aware(datetime.datetime(2020, 1, 1))
    at = timezone.make_aware(datetime.datetime.combine(last_month, datetime.time(0, 0)))
    Enrolment.objects.update(enrolled_at=long_ago)
    Enrolment.objects.filter(user=nation.hoa).update(enrolled_at=at, completed_at=None)
    Enrolment.objects.filter(user=nation.nhung).update(completed_at=at)
    rebuild_facts()
    months = completion_over_time(nation.admin, ReportFilters())
    assert len(months) == 12 and months[-1].month == this_month
    assert (months[-2].month, months[-2].enrolled, months[-2].completed) == (last_month, 2, 1)
    assert sum(m.enrolled for m in months) == 2 and months[-1].completed == 0
    scoped = completion_over_time(nation.manager, ReportFilters())
    assert (scoped[-2].enrolled, scoped[-2].completed) == (0, 1)


def test_the_session_filter_offers_the_latest_sessions_and_keeps_older_ones_valid(client, nation):
    from reports.filters import SESSION_OPTIONS

    sessions = [make_session(title=f"Hội nghị số {n}") for n in range(SESSION_OPTIONS + 5)]
    oldest, newest = sessions[0], sessions[-1]
    client.force_login(nation.admin)

    page = client.get(reverse("reports:dashboard"))
    options = page.context["form"].fields["session"].widget.choices
    assert len(options) == SESSION_OPTIONS + 1  # "All sessions" and the latest ones
    assert (newest.pk, f"Hội nghị số {SESSION_OPTIONS + 4}") in options and oldest.pk not in dict(
        options
    )

    chosen = client.get(reverse("reports:dashboard"), {"session": oldest.pk})
    assert "matrix" in chosen.context  # an older session is still a valid filter
    assert f'<option value="{oldest.pk}" selected>Hội nghị số 0</option>' in chosen.text
