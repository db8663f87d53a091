"""The demo certificate: `hocvien` holds one for the finished demo session (or course), from
the default template with a fictional signature and seal."""

from __future__ import annotations

import io

from django.core.files.images import ImageFile
from wagtail.images import get_image_model

from certificates.defaults import DEFAULT_NAME, ensure_default_template, signer_matches_issuer
from certificates.demo_marks import seal_png, signature_png
from certificates.eligibility import standing
from certificates.errors import CertificateError
from certificates.models import HOLDING_STATUSES, Certificate, CertificateTemplate
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


def _demo_image(title: str, file_name: str, content: bytes) -> object:
    return get_image_model().objects.create(
        title=title, file=ImageFile(io.BytesIO(content), name=file_name)
    )


def add_demo_marks(template: CertificateTemplate) -> CertificateTemplate:
    """Give the shipped default template the fictional signature and seal it lacks, and an
    issuer block its signer signs for.

    A default template someone renamed, or whose images were chosen, is left as it is.
    """
    if template.name != DEFAULT_NAME:
        return template
    changed = []
    if template.issuer_unit == "VỤ PHÁP CHẾ" and not signer_matches_issuer(template):
        # Shipped before issue 11: a Vụ above a Deputy Minister signing for the Minister.
        template.issuer_unit = ""
        changed.append("issuer_unit")
    if template.signature_image_id is None:
        template.signature_image = _demo_image(  # type: ignore[assignment]
            "Chữ ký mẫu (minh họa, không có giá trị)", "chu-ky-mau.png", signature_png()
        )
        changed.append("signature_image")
    if template.seal_image_id is None:
        template.seal_image = _demo_image(  # type: ignore[assignment]
            "Con dấu mẫu (minh họa, không có giá trị)", "con-dau-mau.png", seal_png()
        )
        changed.append("seal_image")
    if changed:
        template.save(update_fields=[*changed, "updated_at"])
    return template


def issue_demo_certificates() -> str:
    """Issue hocvien's certificate if they are eligible and hold none; say what happened."""
    add_demo_marks(ensure_default_template())
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
