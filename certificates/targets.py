"""What a certificate is for (a course or a training session) and the data printed on it."""

from __future__ import annotations

import datetime
import hashlib
import json
import secrets
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Max, Min, Q
from django.urls import reverse
from django.utils import timezone

from certificates.models import CertificateRule, CertificateTemplate
from courses.models import CoursePage, Enrolment
from lib.dates import document_date, short_date
from lib.text import clean_text
from people.models import StaffProfile, User
from quizzes.models import QuizPage, QuizResult
from training.models import ACTIVE_STATUSES, Registration, Session


@dataclass(frozen=True)
class Target:
    """A course or a training session: exactly one of the two."""

    course: CoursePage | None = None
    session: Session | None = None

    def __post_init__(self) -> None:
        if (self.course is None) == (self.session is None):
            raise ValueError("a certificate is for a course or for a session")

    @classmethod
    def of(cls, *, course: CoursePage | None = None, session: Session | None = None) -> Target:
        return cls(course=course, session=session)

    @classmethod
    def from_ids(cls, kind: str, pk: int) -> Target:
        if kind == "course":
            return cls(course=CoursePage.objects.get(pk=pk))
        return cls(session=Session.objects.get(pk=pk))

    @property
    def kind(self) -> str:
        return "course" if self.course is not None else "session"

    @property
    def pk(self) -> int:
        obj = self.course or self.session
        assert obj is not None
        return int(obj.pk)

    @property
    def title(self) -> str:
        return str(self.course.title if self.course else self.session.title)  # type: ignore[union-attr]

    def lookup(self, prefix: str = "") -> dict[str, Any]:
        """Filter keyword arguments naming this target, e.g. {"course": course}."""
        return {f"{prefix}{self.kind}": self.course or self.session}

    def quiz(self, rule: CertificateRule | None) -> QuizPage | None:
        if rule is not None and rule.quiz_id:
            return rule.quiz
        if self.session is not None and self.session.quiz_id:
            return self.session.quiz
        return None

    def threshold(self, rule: CertificateRule | None) -> int | None:
        if self.session is None:
            return None
        if rule is not None and rule.min_attendance is not None:
            return int(rule.min_attendance)
        return int(self.session.attendance_threshold)


def rule_for(target: Target, *, create: bool = False) -> CertificateRule | None:
    """The target's rule. A session always has one (created on demand with the session's own
    threshold and quiz); a course has one only when an editor made it."""
    rule = CertificateRule.objects.filter(**target.lookup()).first()
    if rule is None and (create or target.session is not None):
        rule, _created = CertificateRule.objects.get_or_create(
            **target.lookup(), defaults={"require_course_completion": target.course is not None}
        )
    return rule


def template_for(rule: CertificateRule | None) -> CertificateTemplate:
    from certificates.defaults import ensure_default_template

    if rule is not None and rule.template_id:
        return rule.template  # type: ignore[return-value]
    return ensure_default_template()


# ---------------------------------------------------------------------------------------
# The data a certificate freezes.


def vn_number(value: Decimal | float | int) -> str:
    """12 → "12", 1.5 → "1,5", 85.50 → "85,5" (Vietnamese decimal comma)."""
    text = f"{Decimal(str(value)).normalize():f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


def identity_hash(email: str, salt: str) -> str:
    """OB 3.0 IdentityObject hash: sha256$ + hex SHA-256 of the address followed by the salt."""
    digest = hashlib.sha256((email.strip().lower() + salt).encode()).hexdigest()
    return f"sha256${digest}"


def snapshot_sha256(data: dict[str, Any]) -> str:
    encoded = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(encoded.encode()).hexdigest()


def _period(start: datetime.date | None, end: datetime.date | None) -> str:
    if start is None and end is None:
        return ""
    start = start or end
    end = end or start
    assert start is not None and end is not None
    if start == end:
        return f"ngày {short_date(start)}"
    return f"từ ngày {short_date(start)} đến ngày {short_date(end)}"


def _local_date(value: datetime.datetime | None) -> datetime.date | None:
    return timezone.localtime(value).date() if value is not None else None


@dataclass
class Facts:
    """Per-person facts read in bulk for a target: progress, quiz result, attendance."""

    enrolments: dict[int, Enrolment]
    registrations: dict[int, Registration]
    quiz_results: dict[int, QuizResult]
    session_start: datetime.date | None = None
    session_end: datetime.date | None = None
    session_hours: Decimal | None = None


def read_facts(target: Target, person_ids: list[int], rule: CertificateRule | None) -> Facts:
    enrolments: dict[int, Enrolment] = {}
    registrations: dict[int, Registration] = {}
    if target.course is not None:
        enrolments = {
            e.user_id: e
            for e in Enrolment.objects.filter(course=target.course, user_id__in=person_ids)
        }
    facts = Facts(enrolments=enrolments, registrations=registrations, quiz_results={})
    if target.session is not None:
        facts.registrations = {
            r.user_id: r
            for r in Registration.objects.filter(session=target.session, user_id__in=person_ids)
        }
        span = target.session.parts.aggregate(start=Min("starts_at"), end=Max("ends_at"))
        facts.session_start = _local_date(span["start"])
        facts.session_end = _local_date(span["end"])
        minutes = sum(part.minutes for part in target.session.parts.all())
        facts.session_hours = (Decimal(minutes) / 60).quantize(Decimal("0.1"))
    quiz = target.quiz(rule)
    if quiz is not None:
        facts.quiz_results = {
            r.user_id: r for r in QuizResult.objects.filter(quiz=quiz, user_id__in=person_ids)
        }
    return facts


def profiles_of(person_ids: list[int]) -> dict[int, StaffProfile]:
    return {
        p.user_id: p
        for p in StaffProfile.objects.filter(user_id__in=person_ids).select_related(
            "unit__province"
        )
    }


def person_data(
    person: User,
    profile: StaffProfile | None,
    target: Target,
    rule: CertificateRule | None,
    facts: Facts,
) -> dict[str, Any]:
    """What the certificate says about the person and what they did (no serial yet)."""
    unit = profile.unit if profile else None
    province = unit.province if unit else None
    email = (person.email or "").strip().lower()
    salt = secrets.token_hex(8)
    if email:
        identity = {"type": "emailAddress", "hash": identity_hash(email, salt), "salt": salt}
    else:
        identity = {
            "type": "sourcedId",
            "hash": identity_hash(f"{settings.SITE_URL}/people/{person.pk}", salt),
            "salt": salt,
        }
    data: dict[str, Any] = {
        "schema": 1,
        "person_id": person.pk,
        "holder_name": clean_text(profile.full_name if profile else person.get_full_name()),
        "holder_position": clean_text(profile.position) if profile else "",
        "staff_code": profile.staff_code if profile else "",
        "unit_name": unit.name if unit else "",
        "province_name": province.full_name if province else "",
        "identity": identity,
        "achievement_type": target.kind,
        "achievement_id": target.pk,
        "achievement_title": clean_text(target.title),
        "achievement_kind": clean_text(rule.achievement_kind if rule else "khóa tập huấn"),
        "score": "",
        "attendance": "",
    }
    start: datetime.date | None = None
    end: datetime.date | None = None
    if target.course is not None:
        course = target.course
        enrolment = facts.enrolments.get(person.pk)
        data["achievement_version"] = course.latest_revision_id
        data["hours"] = vn_number(course.hours)
        if enrolment is not None:
            start = _local_date(enrolment.enrolled_at)
            end = _local_date(enrolment.completed_at) or timezone.localdate()
    else:
        session = target.session
        assert session is not None
        registration = facts.registrations.get(person.pk)
        data["achievement_version"] = session.updated_at.isoformat()
        data["hours"] = vn_number(facts.session_hours) if facts.session_hours else ""
        start, end = facts.session_start, facts.session_end
        if registration is not None:
            data["attendance"] = f"{registration.attendance_percent}%"
    result = facts.quiz_results.get(person.pk)
    if result is not None:
        data["score"] = f"{vn_number(result.percent)}%"
    data["start_date"] = start.isoformat() if start else ""
    data["end_date"] = end.isoformat() if end else ""
    data["period"] = _period(start, end)
    return data


def stamp(
    data: dict[str, Any],
    template: CertificateTemplate,
    *,
    serial: str,
    code: str,
    issued_at: datetime.datetime,
    valid_until: datetime.date | None,
) -> dict[str, Any]:
    """Complete the data with the number, the dates and the template's printed texts."""
    issued_on = timezone.localtime(issued_at).date()
    stamped = dict(data)
    stamped.update(
        serial=serial,
        code=code,
        verify_url=verify_url(code),
        issued_at=issued_at.isoformat(),
        issued_date=issued_on.isoformat(),
        place=template.place,
        date_line=f"{template.place}, {document_date(issued_on)}",
        valid_until=valid_until.isoformat() if valid_until else "",
        valid_until_text=(
            f"Giấy chứng nhận có giá trị đến hết ngày {short_date(valid_until)}."
            if valid_until
            else ""
        ),
        issuer_name=template.issuer_name,
        issuer_unit=template.issuer_unit,
        title=template.title,
        signer_authority=template.signer_authority,
        signer_title=template.signer_title,
        signer_name=template.signer_name,
        template_id=template.pk,
        template_sha256=template.fingerprint,
    )
    return stamped


def verify_url(code: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("certificates:verify", args=[code])


def valid_until_for(rule: CertificateRule | None, issued_on: datetime.date) -> datetime.date | None:
    if rule is None or not rule.valid_months:
        return None
    months = issued_on.month - 1 + int(rule.valid_months)
    year, month = issued_on.year + months // 12, months % 12 + 1
    day = min(issued_on.day, _days_in_month(year, month))
    return datetime.date(year, month, day)


def _days_in_month(year: int, month: int) -> int:
    following = datetime.date(year + month // 12, month % 12 + 1, 1)
    return (following - datetime.timedelta(days=1)).day


def candidates(target: Target) -> Q:
    """People who can be considered for the target: enrolled, or registered and not out."""
    if target.course is not None:
        return Q(enrolments__course=target.course)
    return Q(
        training_registrations__session=target.session,
        training_registrations__status__in=ACTIVE_STATUSES,
    )
