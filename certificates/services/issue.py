"""Issuing: number and freeze the data (pending), then render and store the PDF (valid).

Numbering happens under the year's counter lock, together with the check that the person
does not already hold a certificate for the course or session, so neither a number nor a
certificate is ever given twice. Rendering happens outside the lock. A certificate whose PDF
was not stored (a worker killed mid-batch) stays pending with its number and data, and the
next run finishes it with the same number. Each PDF is signed (PAdES) before it is stored and
hashed; the signer is opened before anything is numbered, so a key that cannot be used stops
the issue with nothing written.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from certificates import codes, signing
from certificates.errors import AlreadyIssued, MissingGlyph
from certificates.models import (
    HOLDING_STATUSES,
    Certificate,
    CertificateEvent,
    CertificateJob,
    CertificateRule,
    CertificateStatus,
    CertificateTemplate,
    EventKind,
)
from certificates.rendering import check_data, render_pdfs, render_single
from certificates.targets import (
    Target,
    person_data,
    profiles_of,
    read_facts,
    rule_for,
    snapshot_sha256,
    stamp,
    template_for,
    valid_until_for,
)
from jobs.dispatch import enqueue
from people.models import User

logger = logging.getLogger(__name__)

# Called after each stored PDF; tests use it to stop a batch half-way as a killed worker would.
after_store: Callable[[Certificate], None] | None = None


@dataclass
class Prepared:
    person: User
    data: dict[str, Any]


@dataclass
class Refused:
    person: User
    error: MissingGlyph

    @property
    def message(self) -> str:
        return self.error.message


def prepare(
    target: Target, people: Sequence[User], rule: CertificateRule | None
) -> tuple[list[Prepared], list[Refused]]:
    """Read and check the data of each person; a name the font cannot print is refused."""
    ids = [p.pk for p in people]
    facts = read_facts(target, ids, rule)
    profiles = profiles_of(ids)
    ready: list[Prepared] = []
    refused: list[Refused] = []
    for person in people:
        data = person_data(person, profiles.get(person.pk), target, rule, facts)
        try:
            check_data(data)
        except MissingGlyph as exc:
            refused.append(Refused(person, exc))
            continue
        ready.append(Prepared(person, data))
    return ready, refused


def reserve(
    target: Target,
    prepared: Sequence[Prepared],
    *,
    rule: CertificateRule | None,
    template: CertificateTemplate,
    by: User | None = None,
    job: CertificateJob | None = None,
    replaces: Certificate | None = None,
) -> list[Certificate]:
    """Number and freeze a certificate for each prepared person who holds none yet.

    Returns the new pending certificates. People who already hold one are skipped.
    """
    if not prepared:
        return []
    now = timezone.now()
    issued_on = timezone.localtime(now).date()
    valid_until = valid_until_for(rule, issued_on)
    with transaction.atomic():
        counter = codes.lock_counter(issued_on.year)
        holders = set(
            Certificate.objects.filter(
                **target.lookup(),
                person_id__in=[p.person.pk for p in prepared],
                status__in=HOLDING_STATUSES,
            ).values_list("person_id", flat=True)
        )
        to_issue = [p for p in prepared if p.person.pk not in holders]
        if not to_issue:
            return []
        numbers = codes.take_serials(counter, len(to_issue))
        created = []
        for item, (seq, serial) in zip(to_issue, numbers, strict=True):
            code = codes.new_code()
            data = stamp(
                item.data,
                template,
                serial=serial,
                code=code,
                issued_at=now,
                valid_until=valid_until,
            )
            created.append(
                Certificate(
                    person=item.person,
                    **target.lookup(),
                    template=template,
                    rule=rule,
                    job=job,
                    serial=serial,
                    year=issued_on.year,
                    seq=seq,
                    code=code,
                    status=CertificateStatus.PENDING,
                    issued_at=now,
                    valid_until=valid_until,
                    issued_by=by,
                    snapshot=data,
                    snapshot_sha256=snapshot_sha256(data),
                    replaces=replaces,
                )
            )
        return Certificate.objects.bulk_create(created)


def _pdf_name(certificate: Certificate) -> str:
    return f"certificates/{certificate.year}/{certificate.code}.pdf"


def store_pdfs(
    certificates: Sequence[Certificate],
    template: CertificateTemplate,
    *,
    notify: bool = True,
    on_stored: Callable[[Certificate], None] | None = None,
    signer: signing.LoadedSigner | None = None,
) -> list[Certificate]:
    """Render pending certificates as one document, store one signed PDF each and mark them
    valid. Without `signer`, the configured one is opened for this call (when signing is on)."""
    pending = [c for c in certificates if c.status == CertificateStatus.PENDING]
    if not pending:
        return []
    if signer is None and signing.signing_enabled():
        with signing.open_signer() as opened:
            return store_pdfs(pending, template, notify=notify, on_stored=on_stored, signer=opened)
    if len(pending) == 1:
        pdfs = [render_single(pending[0].snapshot, template)]
    else:
        pdfs = render_pdfs([c.snapshot for c in pending], template)
    stored = []
    signed_by = signer.name if signer is not None else ""
    for certificate, rendered in zip(pending, pdfs, strict=True):
        pdf = signing.sign_pdf(rendered, signer) if signer is not None else rendered
        # Never overwrite: a file of this name may already belong to a finished certificate
        # (another worker finished it first); the storage picks a free name instead.
        saved_name = default_storage.save(_pdf_name(certificate), ContentFile(pdf))
        digest = hashlib.sha256(pdf).hexdigest()
        with transaction.atomic():
            updated = Certificate.objects.filter(
                pk=certificate.pk, status=CertificateStatus.PENDING
            ).update(
                status=CertificateStatus.VALID,
                pdf=saved_name,
                pdf_sha256=digest,
                pdf_signed_by=signed_by,
            )
            if not updated:
                transaction.on_commit(partial(default_storage.delete, saved_name))
                continue
            certificate.status = CertificateStatus.VALID
            certificate.pdf.name = saved_name
            certificate.pdf_sha256 = digest
            certificate.pdf_signed_by = signed_by
            CertificateEvent.objects.create(
                kind=EventKind.ISSUED,
                certificate=certificate,
                rule=certificate.rule,
                person=certificate.person,
                actor=certificate.issued_by,
                details={"serial": certificate.serial, "job": certificate.job_id},
            )
            if notify:
                _email_on_commit(certificate.pk)
        stored.append(certificate)
        if on_stored is not None:
            on_stored(certificate)
        if after_store is not None:
            after_store(certificate)
    return stored


def _email_on_commit(certificate_id: int) -> None:
    enqueue("certificates.tasks.email_certificate", certificate_id)


def finish_pending(
    certificates: Sequence[Certificate],
    *,
    notify: bool = True,
    signer: signing.LoadedSigner | None = None,
) -> int:
    """Render, sign and store the PDFs of pending certificates, grouped by template."""
    by_template: dict[int | None, list[Certificate]] = {}
    for certificate in certificates:
        by_template.setdefault(certificate.template_id, []).append(certificate)
    done = 0
    for template_id, group in by_template.items():
        template = (
            CertificateTemplate.objects.filter(pk=template_id).first() if template_id else None
        ) or template_for(group[0].rule)
        done += len(store_pdfs(group, template, notify=notify, signer=signer))
    return done


def issue_certificate(
    person: User,
    *,
    course: Any = None,
    session: Any = None,
    rule: CertificateRule | None = None,
    template: CertificateTemplate | None = None,
    by: User | None = None,
    notify: bool = True,
    replaces: Certificate | None = None,
) -> Certificate:
    """Issue one certificate now (eligibility is the caller's business).

    Raises AlreadyIssued if the person holds a valid one, MissingGlyph if their data cannot be
    printed, SigningUnavailable if the organisation's key cannot be used (nothing is issued
    then). A pending one left by an interrupted run is finished.
    """
    with signing.open_signer() as signer:
        return _issue_one(
            person,
            Target(course=course, session=session),
            rule=rule,
            template=template,
            by=by,
            notify=notify,
            replaces=replaces,
            signer=signer,
        )


def _issue_one(
    person: User,
    target: Target,
    *,
    rule: CertificateRule | None,
    template: CertificateTemplate | None,
    by: User | None,
    notify: bool,
    replaces: Certificate | None,
    signer: signing.LoadedSigner | None,
) -> Certificate:
    rule = rule or rule_for(target)
    template = template or template_for(rule)
    held = Certificate.objects.filter(
        **target.lookup(), person=person, status__in=HOLDING_STATUSES
    ).first()
    if held is not None and held.status == CertificateStatus.VALID:
        raise AlreadyIssued(
            _("%(name)s already holds certificate %(serial)s for this course or session.")
            % {"name": held.holder_name, "serial": held.serial}
        )
    if held is None:
        ready, refused = prepare(target, [person], rule)
        if refused:
            record_failure(person, rule, refused[0].message, by=by)
            raise refused[0].error
        created = reserve(target, ready, rule=rule, template=template, by=by, replaces=replaces)
        if not created:
            return _issue_one(
                person,
                target,
                rule=rule,
                template=template,
                by=by,
                notify=True,
                replaces=None,
                signer=signer,
            )
        held = created[0]
    finish_pending([held], notify=notify, signer=signer)
    held.refresh_from_db()
    return held


def record_failure(
    person: User, rule: CertificateRule | None, message: str, *, by: User | None
) -> None:
    CertificateEvent.objects.create(
        kind=EventKind.ISSUE_FAILED, rule=rule, person=person, actor=by, reason=message
    )
    logger.warning("certificate not issued to user %s: %s", person.pk, message)
