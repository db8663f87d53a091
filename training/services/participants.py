"""Online attendance from a participant report: preview first, write only when confirmed."""

from __future__ import annotations

from collections import defaultdict

from django.conf import settings
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from people.models import User
from training.access import can_run_sessions
from training.errors import ImportRefused, NotAllowed
from training.models import (
    Attendance,
    AttendanceMethod,
    AttendanceStatus,
    Part,
    ParticipantImport,
    Registration,
    RegistrationStatus,
)
from training.participants import ReportFormatError, ReportRow, minutes_in_part, read_report
from training.services.attendance import recompute_attendance

UNMATCHED_REASONS = {
    "no_email": gettext_lazy("No e-mail in this row"),
    "unknown_email": gettext_lazy("No account has this e-mail"),
    "not_registered": gettext_lazy("%(name)s is not a confirmed participant of this session"),
}

FORMAT_ERRORS = {
    "empty": gettext_lazy("The file is empty."),
    "columns": gettext_lazy(
        "No participant table was found. Expected an e-mail column and either a duration "
        "column or join and leave times (as exported by Zoom, Microsoft Teams or Google Meet). "
        "First line read: %(found)s"
    ),
    "no_rows": gettext_lazy("The participant table has no rows."),
    "too_many_rows": gettext_lazy("The file has more than %(limit)s rows."),
}

LAYOUT_LABELS = {
    "zoom": "Zoom",
    "teams": "Microsoft Teams",
    "meet": "Google Meet",
    "other": gettext_lazy("Other layout"),
}


def unmatched_reason(row: dict[str, object]) -> str:
    """Why a report row was not matched, in the active language."""
    return str(UNMATCHED_REASONS[str(row["reason"])]) % {"name": row.get("person", "")}


def preview_participant_report(
    actor: User,
    part: Part,
    *,
    file_name: str,
    data: bytes,
    min_minutes: int | None = None,
) -> ParticipantImport:
    """Read the report, match people by e-mail and store a preview; no attendance is written."""
    if not can_run_sessions(actor):
        raise NotAllowed(_("Only trainers and ministry admins import participant reports."))
    if len(data) > settings.TRAINING_PARTICIPANT_REPORT_MAX_BYTES:
        raise ImportRefused(
            _("The file is larger than %(size)s MB.")
            % {"size": f"{settings.TRAINING_PARTICIPANT_REPORT_MAX_BYTES / 1048576:g}"}
        )
    start_local = timezone.localtime(part.starts_at)
    try:
        report = read_report(
            data,
            day=start_local.date(),
            tz=start_local.tzinfo or timezone.get_current_timezone(),
            max_rows=settings.TRAINING_PARTICIPANT_REPORT_MAX_ROWS,
        )
    except ReportFormatError as exc:
        raise ImportRefused(str(FORMAT_ERRORS[exc.code]) % exc.params) from exc
    by_email: dict[str, list[ReportRow]] = defaultdict(list)
    unmatched: list[dict[str, object]] = []
    for row in report.rows:
        if not row.email or "@" not in row.email:
            unmatched.append(
                {"line": row.line, "name": row.name, "email": "", "reason": "no_email"}
            )
        else:
            by_email[row.email].append(row)
    # Case-insensitive on both sides; Lower(email) is the index behind the unique constraint.
    users = {
        user.email.lower(): user
        for user in User.objects.annotate(email_lower=Lower("email"))
        .filter(email_lower__in=list(by_email), is_active=True)
        .select_related("profile")
    }
    confirmed = set(
        Registration.objects.filter(
            session_id=part.session_id, status=RegistrationStatus.CONFIRMED
        ).values_list("user_id", flat=True)
    )
    minimum = min_minutes if min_minutes is not None else part.online_minimum
    people = []
    for email, rows in sorted(by_email.items()):
        user = users.get(email)
        if user is None or user.pk not in confirmed:
            for row in rows:
                unmatched.append(
                    {
                        "line": row.line,
                        "name": row.name,
                        "email": email,
                        "reason": "unknown_email" if user is None else "not_registered",
                        "person": user.get_full_name() if user else "",
                    }
                )
            continue
        minutes = minutes_in_part(rows, part.starts_at, part.ends_at)
        people.append(
            {
                "user_id": user.pk,
                "name": user.get_full_name(),
                "email": email,
                "minutes": minutes,
                "rows": len(rows),
                "present": minutes >= minimum,
            }
        )
    unmatched.sort(key=lambda row: int(str(row["line"])))
    return ParticipantImport.objects.create(
        part=part,
        original_name=file_name[:255],
        layout=report.layout,
        min_minutes=minimum,
        result={"people": people, "unmatched": unmatched, "rows": len(report.rows)},
        uploaded_by=actor,
    )


def apply_participant_report(actor: User, job: ParticipantImport) -> int:
    """Write the previewed minutes: present at or above the minimum.

    A person below the minimum is recorded absent with their minutes, unless the trainer had
    already marked them. Returns how many people were marked present.
    """
    if not can_run_sessions(actor):
        raise NotAllowed(_("Only trainers and ministry admins import participant reports."))
    present = 0
    with transaction.atomic():
        job = ParticipantImport.objects.select_for_update().select_related("part").get(pk=job.pk)
        if job.status == ParticipantImport.Status.APPLIED:
            raise ImportRefused(_("This participant report was already applied."))
        part = job.part
        now = timezone.now()
        people = job.result.get("people", [])
        registrations = {
            r.user_id: r
            for r in Registration.objects.select_for_update()
            .filter(
                session_id=part.session_id,
                user_id__in=[p["user_id"] for p in people],
                status=RegistrationStatus.CONFIRMED,
            )
            .select_related("session", "user")
        }
        for person in people:
            registration = registrations.get(person["user_id"])
            if registration is None:
                continue  # cancelled between preview and confirmation
            attendance = Attendance.objects.filter(part=part, user_id=person["user_id"]).first()
            reached = person["minutes"] >= job.min_minutes
            if attendance is None:
                attendance = Attendance(part=part, user_id=person["user_id"])
            elif not reached:
                attendance.online_minutes = person["minutes"]
                attendance.save(update_fields=["online_minutes", "updated_at"])
                continue
            attendance.online_minutes = person["minutes"]
            if reached and not attendance.attended:
                attendance.status = AttendanceStatus.PRESENT
                attendance.method = AttendanceMethod.ONLINE
                attendance.checked_in_at = attendance.checked_in_at or part.starts_at
                attendance.recorded_by = actor
            elif not reached:
                attendance.status = AttendanceStatus.ABSENT
                attendance.method = AttendanceMethod.ONLINE
                attendance.recorded_by = actor
            attendance.save()
            if reached:
                present += 1
            recompute_attendance(registration)
        job.status = ParticipantImport.Status.APPLIED
        job.applied_at = now
        job.save(update_fields=["status", "applied_at"])
    return present
