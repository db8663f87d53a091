"""API endpoints about the signed-in learner's training sessions."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from django.urls import reverse
from ninja import Router, Schema

from training import selectors
from training.models import Part, Registration

router = Router(tags=["training"])


class MyPartOut(Schema):
    part_id: int
    title: str
    starts_at: datetime
    ends_at: datetime
    venue: str
    online_url: str
    attendance: str | None


class MySessionOut(Schema):
    registration_id: int
    session_id: int
    title: str
    url: str
    mode: str
    session_status: str
    registration_status: str
    starts_at: datetime | None
    ends_at: datetime | None
    attendance_percent: int
    attendance_threshold: int
    attendance_met: bool
    parts: list[MyPartOut]


def _row(registration: Registration, parts: list[Part], marks: dict[int, str]) -> MySessionOut:
    session = registration.session
    return MySessionOut(
        registration_id=registration.pk,
        session_id=session.pk,
        title=session.title,
        url=reverse("training:session_detail", args=[session.pk]),
        mode=session.mode,
        session_status=session.status,
        registration_status=registration.status,
        starts_at=parts[0].starts_at if parts else None,
        ends_at=max(p.ends_at for p in parts) if parts else None,
        attendance_percent=registration.attendance_percent,
        attendance_threshold=session.attendance_threshold,
        attendance_met=registration.attendance_met,
        parts=[
            MyPartOut(
                part_id=p.pk,
                title=p.title,
                starts_at=p.starts_at,
                ends_at=p.ends_at,
                venue=p.venue,
                online_url=p.online_url,
                attendance=marks.get(p.pk),
            )
            for p in parts
        ],
    )


@router.get("/sessions/", response=list[MySessionOut], url_name="me_sessions")
def my_sessions(request: HttpRequest) -> list[MySessionOut]:
    """The learner's registrations with their stored attendance percentage."""
    registrations = list(selectors.my_registrations(request.user))  # type: ignore[arg-type]
    session_ids = [r.session_id for r in registrations]
    parts: dict[int, list[Part]] = {}
    for part in Part.objects.filter(session_id__in=session_ids).order_by("starts_at"):
        parts.setdefault(part.session_id, []).append(part)
    marks = dict(
        request.user.training_attendances.filter(  # type: ignore[union-attr]
            part__session_id__in=session_ids
        ).values_list("part_id", "status")
    )
    return [_row(r, parts.get(r.session_id, []), marks) for r in registrations]
