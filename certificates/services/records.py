"""Changes to issued records and to eligibility by hand, each with a reason and audited."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from certificates.errors import InvalidState, NotAllowed, ReasonRequired
from certificates.models import (
    Certificate,
    CertificateEvent,
    CertificateRule,
    CertificateStatus,
    EligibilityOverride,
    EventKind,
    OverrideDecision,
)
from certificates.services.issue import issue_certificate
from lib.text import clean_text
from people.models import StaffProfile, User
from people.roles import Role, has_role
from people.scope import Reach, scope_of

MAX_REASON = 1000


def can_manage(actor: User | AnonymousUser) -> bool:
    """Ministry admins and province managers manage certificates (within their scope)."""
    return has_role(actor, Role.MINISTRY_ADMIN) or has_role(actor, Role.PROVINCE_MANAGER)


def may_act_for(actor: User | AnonymousUser, person: User) -> bool:
    """Whether `actor` may issue, revoke or decide for `person`."""
    if not can_manage(actor):
        return False
    scope = scope_of(actor)
    if scope.reach is Reach.ALL:
        return True
    if scope.reach is Reach.PROVINCE:
        province_id = (
            StaffProfile.objects.filter(user=person)
            .values_list("unit__province_id", flat=True)
            .first()
        )
        return province_id is not None and province_id == scope.province_id
    return False


def _require(actor: User, person: User) -> None:
    if not may_act_for(actor, person):
        raise NotAllowed(_("You may not manage certificates for this person."))


def _reason(text: str) -> str:
    reason = clean_text(text)[:MAX_REASON]
    if not reason:
        raise ReasonRequired(_("Write the reason."))
    return reason


def revoke_certificate(certificate: Certificate, *, by: User, reason: str) -> Certificate:
    """Revoke a valid certificate. Its record and PDF are kept; it verifies as revoked."""
    _require(by, certificate.person)
    reason = _reason(reason)
    with transaction.atomic():
        locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if locked.status != CertificateStatus.VALID:
            raise InvalidState(_("Only a valid certificate can be revoked."))
        locked.status = CertificateStatus.REVOKED
        locked.revoked_at = timezone.now()
        locked.revoked_by = by
        locked.revocation_reason = reason
        locked.save(update_fields=["status", "revoked_at", "revoked_by", "revocation_reason"])
        CertificateEvent.objects.create(
            kind=EventKind.REVOKED,
            certificate=locked,
            rule=locked.rule,
            person=locked.person,
            actor=by,
            reason=reason,
        )
    return locked


def reissue_certificate(certificate: Certificate, *, by: User, reason: str) -> Certificate:
    """Issue a new certificate from today's data (e.g. a corrected name) that supersedes this
    one. The old record stays, marked superseded and linked to the new one."""
    _require(by, certificate.person)
    reason = _reason(reason)
    if certificate.status != CertificateStatus.VALID:
        raise InvalidState(_("Only a valid certificate can be re-issued."))
    with transaction.atomic():
        locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if locked.status != CertificateStatus.VALID:
            raise InvalidState(_("Only a valid certificate can be re-issued."))
        # Leave the "valid" state first: one valid certificate per person and target.
        locked.status = CertificateStatus.SUPERSEDED
        locked.save(update_fields=["status"])
        new = issue_certificate(
            locked.person,
            course=locked.course,
            session=locked.session,
            rule=locked.rule,
            by=by,
            replaces=locked,
        )
        locked.superseded_by = new
        locked.save(update_fields=["superseded_by"])
        CertificateEvent.objects.create(
            kind=EventKind.REISSUED,
            certificate=locked,
            rule=locked.rule,
            person=locked.person,
            actor=by,
            reason=reason,
            details={"new_serial": new.serial, "new_code": new.code},
        )
    return new


def decide(
    rule: CertificateRule, person: User, *, decision: str, by: User, reason: str
) -> EligibilityOverride:
    """Grant or block a certificate for one person by hand, with a written reason."""
    _require(by, person)
    reason = _reason(reason)
    if decision not in OverrideDecision.values:
        raise InvalidState(_("Choose to grant or to block."))
    with transaction.atomic():
        override, _created = EligibilityOverride.objects.update_or_create(
            rule=rule,
            person=person,
            defaults={"decision": decision, "reason": reason, "decided_by": by},
        )
        CertificateEvent.objects.create(
            kind=EventKind.GRANTED if decision == OverrideDecision.GRANT else EventKind.BLOCKED,
            rule=rule,
            person=person,
            actor=by,
            reason=reason,
        )
    if decision == OverrideDecision.GRANT and rule.auto_issue:
        from certificates.services.auto import schedule_check

        schedule_check(rule, person.pk)
    return override


def withdraw_decision(rule: CertificateRule, person: User, *, by: User, reason: str) -> None:
    """Remove a manual grant or block; the rule's conditions apply again."""
    _require(by, person)
    reason = _reason(reason)
    with transaction.atomic():
        deleted, _rows = EligibilityOverride.objects.filter(rule=rule, person=person).delete()
        if not deleted:
            raise InvalidState(_("There is no manual decision to withdraw."))
        CertificateEvent.objects.create(
            kind=EventKind.OVERRIDE_REMOVED, rule=rule, person=person, actor=by, reason=reason
        )
