"""Celery tasks for certificates: thin wrappers around services, taking ids, safe to retry."""

from __future__ import annotations

from celery import shared_task

from certificates import delivery, services


@shared_task(acks_late=True)
def check_and_issue(rule_id: int, person_id: int) -> str:
    """Issue the rule's certificate to the person if they have become eligible."""
    certificate = services.check_and_issue(rule_id, person_id)
    return certificate.serial if certificate else ""


@shared_task(acks_late=True)
def run_job(job_id: int) -> None:
    """Start or restart a bulk job (issue, ZIP or merged PDF)."""
    services.run_job(job_id)


@shared_task(acks_late=True)
def run_issue_chunk(job_id: int, start: int, end: int) -> None:
    """Issue to one slice of a bulk job's people."""
    services.run_issue_chunk(job_id, start, end)


@shared_task(acks_late=True)
def email_certificate(certificate_id: int) -> bool:
    """E-mail the holder their new certificate (once)."""
    return delivery.email_certificate(certificate_id)
