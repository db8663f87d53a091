"""Automatic issuance: when a person may have become eligible, check and issue."""

from __future__ import annotations

from certificates.eligibility import standing, target_of
from certificates.errors import AlreadyIssued, MissingGlyph
from certificates.models import Certificate, CertificateRule
from certificates.services.issue import issue_certificate
from certificates.targets import Target, rule_for
from jobs.dispatch import enqueue
from people.models import User


def schedule_check(rule: CertificateRule, person_id: int) -> None:
    """Check the person against the rule in a Celery task once the transaction commits."""
    from certificates.tasks import check_and_issue

    enqueue(check_and_issue, rule.pk, person_id)


def schedule_for_target(target: Target, person_id: int) -> None:
    rule = rule_for(target)
    if rule is not None and rule.auto_issue:
        schedule_check(rule, person_id)


def check_and_issue(rule_id: int, person_id: int) -> Certificate | None:
    """Issue the rule's certificate to the person if they are eligible and hold none.

    Safe to run twice: a person who holds one is left as they are.
    """
    rule = CertificateRule.objects.select_related("course", "session").filter(pk=rule_id).first()
    person = User.objects.filter(pk=person_id, is_active=True).first()
    if rule is None or person is None or not rule.auto_issue:
        return None
    current = standing(rule, person)
    if current.holds_certificate or not current.eligible:
        return None
    target = target_of(rule)
    try:
        return issue_certificate(person, course=target.course, session=target.session, rule=rule)
    except AlreadyIssued:
        return None
    except MissingGlyph:
        # Recorded as an ISSUE_FAILED event for the managers; retrying would not help.
        return None
