"""What the dashboard does beyond its matrix stays small: its queries do not grow with the
country, and "last updated" is one query, within scope."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from courses import services as course_services
from reports.models import CourseFact, SessionFact
from reports.selectors import last_updated
from reports.services import refresh_session_facts
from tests.factories import DepartmentFactory, FieldFactory, make_course, make_person
from tests.training.factories import confirm, make_session

pytestmark = pytest.mark.django_db


def dashboard_queries(client, viewer) -> int:  # type: ignore[no-untyped-def]
    client.force_login(viewer)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("reports:dashboard"))
    assert response.status_code == 200
    return len(queries)


def test_dashboard_queries_do_not_grow_with_provinces_courses_or_learners(client, nation):
    before = {who: dashboard_queries(client, who) for who in (nation.admin, nation.manager)}
    for n in range(3):
        department = DepartmentFactory(province__name=f"Tỉnh {n}", province__code=f"tinh-{n}")
        course = make_course(
            title=f"Khóa {n}", field=FieldFactory(name=f"Lĩnh vực {n}", slug=f"linh-vuc-{n}")
        )
        for person in (make_person(unit=department), make_person(unit=nation.quang_tri)):
            course_services.enrol(person, course)
            confirm(make_session(course=course, title=f"Hội nghị {n}"), person)
    after = {who: dashboard_queries(client, who) for who in (nation.admin, nation.manager)}
    assert after == before


def test_last_updated_is_one_query_over_both_tables_within_scope(nation):
    session = make_session(course=nation.ip_course)
    for person in (nation.nhung, nation.hoa):
        confirm(session, person)
    refresh_session_facts([nation.nhung.pk, nation.hoa.pk])
    now = timezone.now()
    CourseFact.objects.update(updated_at=now - datetime.timedelta(hours=2))
    SessionFact.objects.filter(user=nation.nhung).update(
        updated_at=now - datetime.timedelta(hours=1)
    )
    # Hà Nội's session fact is the newest change of all; Quảng Trị's manager must not see it.
    SessionFact.objects.filter(user=nation.hoa).update(updated_at=now)
    last_updated(nation.admin)  # the viewer's scope, read once per request
    with CaptureQueriesContext(connection) as queries:
        assert last_updated(nation.admin) == now
    assert len(queries) == 1
    assert last_updated(nation.manager) == now - datetime.timedelta(hours=1)
    CourseFact.objects.filter(user=nation.nhung).update(
        updated_at=now + datetime.timedelta(hours=1)
    )
    assert last_updated(nation.manager) == now + datetime.timedelta(hours=1)
    # Without any course fact, the session facts still tell.
    CourseFact.objects.all().delete()
    assert last_updated(nation.admin) == now
    SessionFact.objects.all().delete()
    assert last_updated(nation.admin) is None
