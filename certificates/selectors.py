"""Read queries shared by pages, the API and exports; scope is applied here."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.http import Http404

from certificates.codes import normalise_code
from certificates.models import (
    Certificate,
    CertificateEvent,
    CertificateJob,
    CertificateRule,
    CertificateStatus,
)
from lib.text import fold
from people.models import User
from people.scope import Reach, scope_of, scope_to

PUBLIC_STATUSES = (
    CertificateStatus.VALID,
    CertificateStatus.REVOKED,
    CertificateStatus.SUPERSEDED,
)


def public_certificate(raw_code: str) -> Certificate:
    """The issued certificate with this verification code, or 404 (also for a malformed code)."""
    code = normalise_code(raw_code)
    if code is None:
        raise Http404
    certificate = (
        Certificate.objects.select_related("superseded_by")
        .filter(code=code, status__in=PUBLIC_STATUSES)
        .first()
    )
    if certificate is None:
        raise Http404
    return certificate


def by_pdf_hash(digest: str) -> Certificate | None:
    return (
        Certificate.objects.filter(pdf_sha256=digest, status__in=PUBLIC_STATUSES)
        .select_related("superseded_by")
        .first()
    )


def my_certificates(user: User) -> QuerySet[Certificate]:
    """The learner's issued certificates, newest first."""
    return Certificate.objects.filter(person=user, status__in=PUBLIC_STATUSES).select_related(
        "superseded_by"
    )


def visible_certificates(viewer: User | AnonymousUser) -> QuerySet[Certificate]:
    """Certificates the viewer may see: their own, their province's, or all."""
    return scope_to(
        viewer,
        Certificate.objects.filter(status__in=PUBLIC_STATUSES).select_related(
            "person__profile__unit__province", "superseded_by"
        ),
        province="person__profile__unit__province",
        person="person",
    )


def search_certificates(viewer: User | AnonymousUser, query: str) -> QuerySet[Certificate]:
    found = visible_certificates(viewer)
    query = query.strip()[:100]
    if not query:
        return found
    code = normalise_code(query)
    words = fold(query).split()
    condition = Q(serial__iexact=query)
    if code:
        condition |= Q(code=code)
    name = Q()
    for word in words:
        name &= Q(person__profile__folded_name__contains=word)
    return found.filter(condition | name) if words else found.filter(condition)


def manageable_certificate(viewer: User | AnonymousUser, code: str) -> Certificate:
    clean = normalise_code(code)
    certificate = visible_certificates(viewer).filter(code=clean).first() if clean else None
    if certificate is None or scope_of(viewer).reach is Reach.SELF:
        raise Http404
    return certificate


def events_of(certificate: Certificate) -> QuerySet[CertificateEvent]:
    return CertificateEvent.objects.filter(
        Q(certificate=certificate) | Q(certificate__replacement=certificate)
    ).select_related("actor")


def rules() -> QuerySet[CertificateRule]:
    return CertificateRule.objects.select_related("course", "session", "template").order_by(
        "-updated_at"
    )


def visible_jobs(viewer: User | AnonymousUser) -> QuerySet[CertificateJob]:
    """Jobs the viewer started, or all of them for a ministry admin."""
    jobs = CertificateJob.objects.select_related("rule", "course", "session", "province")
    scope = scope_of(viewer)
    if scope.reach is Reach.ALL:
        return jobs
    if scope.reach is Reach.PROVINCE:
        return jobs.filter(created_by_id=scope.user_id)
    return jobs.none()
