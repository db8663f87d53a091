"""The demo certificate: `hocvien` holds one for the finished demo session (or course)."""

from __future__ import annotations

from certificates.eligibility import standing
from certificates.errors import CertificateError
from certificates.models import HOLDING_STATUSES, Certificate
from certificates.services import issue_certificate
from certificates.targets import Target, rule_for
from courses.models import Enrolment
from people.models import User
from training.models import Registration, RegistrationStatus


def _demo_target(learner: User) -> Target | None:
    """hocvien's finished session if there is one, else a course they completed."""
    registration = (
        Registration.objects.filter(user=learner, status=RegistrationStatus.CONFIRMED)
        .select_related("session")
        .order_by("-attendance_percent", "pk")
        .first()
    )
    if registration is not None and registration.attendance_percent > 0:
        return Target(session=registration.session)
    enrolment = (
        Enrolment.objects.filter(user=learner, completed_at__isnull=False)
        .select_related("course")
        .first()
    )
    return Target(course=enrolment.course) if enrolment else None


def issue_demo_certificates() -> str:
    """Issue hocvien's certificate if they are eligible and hold none; say what happened."""
    learner = User.objects.filter(username="hocvien").first()
    if learner is None:
        return "no demo learner"
    target = _demo_target(learner)
    if target is None:
        return "hocvien has finished no session or course yet"
    held = Certificate.objects.filter(
        **target.lookup(), person=learner, status__in=HOLDING_STATUSES
    ).first()
    if held is None:
        rule = rule_for(target, create=True)
        assert rule is not None
        current = standing(rule, learner)
        if not current.eligible:
            return "hocvien is not eligible for “{}”: {}".format(
                target.title,
                "; ".join(current.missing),
            )
        try:
            held = issue_certificate(
                learner,
                course=target.course,
                session=target.session,
                rule=rule,
                notify=False,
            )
        except CertificateError as exc:
            return f"hocvien's certificate could not be issued: {exc.message}"
    return f"hocvien holds certificate {held.serial} for “{target.title}” (code {held.code})"
