"""Rebuilding every completion fact from source (`manage.py rebuild_facts`): one
`INSERT … SELECT` per fact table, computed by the database, on PostgreSQL and SQLite alike.

The statements compute what `compute_course_facts` and `compute_session_facts` compute for a
few people (the incremental path); a test keeps the two equal on a varied dataset, on both
databases. What they rely on, besides the sources' columns:
- a person has at most one valid certificate per course and per session (the certificates'
  unique constraints), so a plain join finds it;
- a person has at most one result per quiz (the quiz results' unique constraint);
- courses do not nest (a course's parent is the catalogue), so a quiz is in one course;
- months are local months, extracted by the database in the current time zone
  (`connection.ops.datetime_extract_sql`, which SQLite answers through Django's own function).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone
from wagtail.models import Page

from certificates.models import Certificate, CertificateStatus
from courses.models import CoursePage, Enrolment
from people.models import StaffProfile, Unit
from quizzes.models import QuizPage, QuizResult
from reports.models import CourseFact, SessionFact
from reports.services.placements import LEVEL_OF_KIND
from reports.services.staff_counts import recount_staff
from training.models import Registration, Session


@dataclass(frozen=True)
class Rebuilt:
    course_facts: int
    session_facts: int


class _Sql:
    """A statement and its parameters, written in order."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.params: list[Any] = []

    def add(self, sql: str, *params: Any) -> _Sql:
        self.parts.append(sql)
        self.params.extend(params)
        return self

    def run(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(" ".join(self.parts), self.params)


def _table(model: type[Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _month(sql: _Sql, column: str) -> None:
    """The local month of a timestamp column as 202611 (NULL stays NULL), as `month_of`."""
    tzname = timezone.get_current_timezone_name() if settings.USE_TZ else None
    year, year_params = connection.ops.datetime_extract_sql("year", column, (), tzname)
    month, month_params = connection.ops.datetime_extract_sql("month", column, (), tzname)
    sql.add(f"CAST({year} * 100 + {month} AS INTEGER)", *year_params, *month_params)


def _level(sql: _Sql, kind: str) -> None:
    """The level of a unit kind, as `placements` maps it ('' for no unit)."""
    sql.add("CASE")
    for unit_kind, level in LEVEL_OF_KIND.items():
        sql.add(f"WHEN {kind} = %s THEN %s", str(unit_kind), str(level))
    sql.add("ELSE %s END", "")


def _placement_joins(sql: _Sql, user: str) -> None:
    sql.add(
        f"LEFT JOIN {_table(StaffProfile)} profile ON profile.user_id = {user} "
        f"LEFT JOIN {_table(Unit)} unit ON unit.id = profile.unit_id"
    )


def _insert_course_facts(now: Any) -> None:
    columns = (
        "user_id, course_id, field_id, province_id, unit_id, level, assigned, enrolled_at, "
        "lessons_done, lessons_total, progress_percent, last_activity_at, completed_at, "
        "best_score, passed, sessions_attended, certificate_id, certified_at, "
        "enrolled_month, completed_month, certified_month, updated_at"
    )
    sql = _Sql()
    # The live quizzes of each course: pages below the course's path.
    sql.add(
        f"WITH course_quiz AS ("
        f"SELECT course.page_ptr_id AS course_id, quiz.lessonpage_ptr_id AS quiz_id "
        f"FROM {_table(CoursePage)} course "
        f"JOIN {_table(Page)} course_page ON course_page.id = course.page_ptr_id "
        f"JOIN {_table(Page)} quiz_page ON quiz_page.path LIKE (course_page.path || %s) "
        f"AND quiz_page.live = %s "
        f"JOIN {_table(QuizPage)} quiz ON quiz.lessonpage_ptr_id = quiz_page.id)",
        "%",
        True,
    )
    sql.add(f"INSERT INTO {_table(CourseFact)} ({columns}) SELECT")
    sql.add(
        "e.user_id, e.course_id, course.field_id, unit.province_id, profile.unit_id,",
    )
    _level(sql, "unit.kind")
    sql.add(
        ", e.source = %s, e.enrolled_at, e.lessons_done, e.lessons_total, e.progress_percent, "
        "e.last_activity_at, e.completed_at, scores.best_score, "
        "CASE WHEN quizzes.n IS NULL THEN NULL ELSE COALESCE(scores.passed, 0) >= quizzes.n END, "
        "COALESCE(attended.n, 0), certificate.id, certificate.issued_at,",
        str(Enrolment.Source.BULK),
    )
    _month(sql, "e.enrolled_at")
    sql.add(",")
    _month(sql, "e.completed_at")
    sql.add(",")
    _month(sql, "certificate.issued_at")
    sql.add(", %s", now)
    sql.add(
        f"FROM {_table(Enrolment)} e "
        f"JOIN {_table(CoursePage)} course ON course.page_ptr_id = e.course_id"
    )
    _placement_joins(sql, "e.user_id")
    sql.add(
        "LEFT JOIN (SELECT course_id, COUNT(*) AS n FROM course_quiz GROUP BY course_id) quizzes "
        "ON quizzes.course_id = e.course_id"
    )
    sql.add(
        f"LEFT JOIN (SELECT result.user_id, course_quiz.course_id, "
        f"MAX(result.percent) AS best_score, "
        f"SUM(CASE WHEN result.passed_at IS NULL THEN 0 ELSE 1 END) AS passed "
        f"FROM {_table(QuizResult)} result "
        f"JOIN course_quiz ON course_quiz.quiz_id = result.quiz_id "
        f"GROUP BY result.user_id, course_quiz.course_id) scores "
        f"ON scores.user_id = e.user_id AND scores.course_id = e.course_id"
    )
    # Attended sessions of the course: the exact share, never the rounded percent.
    sql.add(
        f"LEFT JOIN (SELECT r.user_id, s.course_id, COUNT(*) AS n "
        f"FROM {_table(Registration)} r JOIN {_table(Session)} s ON s.id = r.session_id "
        f"WHERE r.attended_minutes > 0 AND ("
        f"(r.session_minutes = 0 AND r.attendance_percent >= s.attendance_threshold) OR "
        f"(r.session_minutes > 0 "
        f"AND r.attended_minutes * 100 >= s.attendance_threshold * r.session_minutes)) "
        f"GROUP BY r.user_id, s.course_id) attended "
        f"ON attended.user_id = e.user_id AND attended.course_id = e.course_id"
    )
    sql.add(
        f"LEFT JOIN {_table(Certificate)} certificate ON certificate.person_id = e.user_id "
        f"AND certificate.course_id = e.course_id AND certificate.status = %s",
        str(CertificateStatus.VALID),
    )
    sql.run()


def _insert_session_facts(now: Any) -> None:
    columns = (
        "user_id, session_id, course_id, province_id, unit_id, level, status, registered_at, "
        "attendance_percent, attended, certificate_id, certified_at, updated_at"
    )
    sql = _Sql()
    sql.add(f"INSERT INTO {_table(SessionFact)} ({columns}) SELECT")
    sql.add("r.user_id, r.session_id, s.course_id, unit.province_id, profile.unit_id,")
    _level(sql, "unit.kind")
    sql.add(
        ", r.status, r.created_at, r.attendance_percent, "
        "r.attended_minutes > 0 AND CASE WHEN r.session_minutes > 0 "
        "THEN r.attended_minutes * 100 >= s.attendance_threshold * r.session_minutes "
        "ELSE r.attendance_percent >= s.attendance_threshold END, "
        "certificate.id, certificate.issued_at, %s",
        now,
    )
    sql.add(
        f"FROM {_table(Registration)} r JOIN {_table(Session)} s ON s.id = r.session_id",
    )
    _placement_joins(sql, "r.user_id")
    sql.add(
        f"LEFT JOIN {_table(Certificate)} certificate ON certificate.person_id = r.user_id "
        f"AND certificate.session_id = r.session_id AND certificate.status = %s",
        str(CertificateStatus.VALID),
    )
    sql.run()


def rebuild_facts() -> Rebuilt:
    """Recompute every fact from source: empty both tables and refill each with one
    `INSERT … SELECT`, in one transaction.

    Readers keep seeing the old facts until it commits (PostgreSQL's snapshots), and an
    incremental refresh that runs meanwhile waits for it, then updates the new row: safe to
    run while the site is in use, and a failure leaves the old facts untouched. Facts of
    people with no enrolment or registration any more are gone with the rest."""
    now = timezone.now()
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # Commit without waiting for the WAL of every rewritten row to reach the disk: a
            # crash in that instant loses the rebuild as a whole (the old facts stay, intact),
            # which running it again repairs.
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit = off")
        # Nothing refers to facts and nothing must hear of their deletion, so one plain
        # DELETE each: the ORM's delete() would fetch every row first (some receiver listens
        # to every model's deletions) and delete them a hundred at a time.
        with connection.cursor() as cursor:
            for model in (CourseFact, SessionFact):
                cursor.execute(f"DELETE FROM {_table(model)}")
        _insert_course_facts(now)
        _insert_session_facts(now)
        recount_staff()
        return Rebuilt(CourseFact.objects.count(), SessionFact.objects.count())
